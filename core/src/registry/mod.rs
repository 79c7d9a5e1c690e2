//! The generic apiserver lifecycle, written once for every resource: what a resource is
//! (`resource.rs`), the per-resource hooks (`strategy.rs`), and the verbs over storage (`store.rs`).

pub mod delete;
pub mod list;
pub mod marks;
pub mod resource;
pub mod store;
pub mod strategy;
pub mod table;
pub mod watch;

pub use resource::{Db, Resource};
pub use strategy::Strategy;
