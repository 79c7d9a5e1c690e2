//! HTTP-shaped values, no I/O.

pub mod negotiate;
pub mod params;
pub mod request;
pub mod response;
pub mod status;
