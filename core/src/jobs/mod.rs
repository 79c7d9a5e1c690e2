//! The Job resource: its defaults, validation, registry strategies, selectable fields and table columns.

pub mod defaults;
pub mod strategy;
pub mod table;
pub mod validation;

pub use strategy::{JobStatusStrategy, JobStrategy};
