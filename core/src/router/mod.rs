//! Method + path → endpoint and verb (GEN-15 for what does not match).

pub mod endpoint;
pub use endpoint::{route, Kind, Route, Target, Verb};
