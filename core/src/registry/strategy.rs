//! Per-resource hooks of the lifecycle, as the apiserver's RESTCreateStrategy/RESTUpdateStrategy.

use crate::field::FieldError;
use crate::storage::Stored;

/// How deleting an object treats its dependents when the request does not say (DEL-03).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Propagation {
    Orphan,
    Background,
    Foreground,
}

/// The hooks a resource plugs into the one lifecycle.
pub trait Strategy<T> {
    /// The subresource this strategy writes (`""` or `"status"`).
    fn subresource(&self) -> &'static str {
        ""
    }
    /// Top-level fields this endpoint resets and never owns (`status` on the main resource).
    fn reset_fields(&self) -> &'static [&'static str] {
        &[]
    }
    /// Decode-time defaulting (runs on every write body).
    fn default(&self, obj: &mut T);
    /// Create-time normalisation after system metadata is set (selector generation, status reset).
    fn prepare_for_create(&self, obj: &mut T);
    fn validate(&self, obj: &T) -> Vec<FieldError>;
    fn warnings_on_create(&self, _obj: &T) -> Vec<String> {
        Vec::new()
    }
    /// Update-time normalisation: what of `old` survives, generation bumps.
    fn prepare_for_update(&self, new: &mut T, old: &T);
    fn validate_update(&self, new: &T, old: &T) -> Vec<FieldError>;
    fn warnings_on_update(&self, _new: &T, _old: &T) -> Vec<String> {
        Vec::new()
    }
    /// The propagation used when a delete request names none.
    fn default_propagation(&self) -> Propagation {
        Propagation::Background
    }
    /// For kinds deleted gracefully (running pods): the grace period in seconds, given the one
    /// the request asked for. `None`: deleted at once (every other kind). The stored object is
    /// decoded only if the strategy reads it.
    fn grace_period(&self, _old: &Stored<T>, _requested: Option<i64>) -> Option<i64> {
        None
    }
    /// A warning sent when a delete request names no propagation (batch/v1 Jobs, DEL-03).
    fn default_propagation_warning(&self) -> Option<&'static str> {
        None
    }
}
