//! What the Job's shape is, beyond what the typed structs say: wire key order (GEN-04), list types
//! and merge keys (for managedFields, strategic merge and apply), known fields (for unknown-field
//! checks). One table per concern, written once.

pub mod fields;
pub mod lists;
pub mod order;
pub mod span;
pub mod wire;
