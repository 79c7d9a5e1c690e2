//! Semantic equality and immutability checks, as `apiequality.Semantic.DeepEqual` and `ValidateImmutableField`
//! judge them: an empty list or map equals an absent one.

use crate::field::{FieldError, Path};
use serde::Serialize;
use serde_json::Value;

/// `field is immutable`, the detail of every immutability error.
pub const FIELD_IMMUTABLE_ERROR_MSG: &str = "field is immutable";

/// The JSON form of a value with nulls, empty lists and empty maps removed (recursively), so that two values
/// differing only in "absent" versus "empty" compare equal.
fn normalized(value: Value) -> Option<Value> {
    match value {
        Value::Null => None,
        Value::Array(items) => {
            let items: Vec<Value> = items.into_iter().map(|v| normalized(v).unwrap_or(Value::Null)).collect();
            (!items.is_empty()).then_some(Value::Array(items))
        }
        Value::Object(map) => {
            let map: serde_json::Map<String, Value> =
                map.into_iter().filter_map(|(k, v)| normalized(v).map(|v| (k, v))).collect();
            (!map.is_empty()).then_some(Value::Object(map))
        }
        other => Some(other),
    }
}

/// The JSON value of `value`; `null` when it cannot be serialized (never the case for API types).
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Value {
    crate::managed::tree::to_value(value)
}

/// Whether two API values are semantically equal (absent == empty).
pub fn semantic_eq<T: Serialize + PartialEq + ?Sized>(a: &T, b: &T) -> bool {
    // Equal values are semantically equal: only a difference needs the normalized comparison.
    a == b || normalized(to_json(a)) == normalized(to_json(b))
}

/// `ValidateImmutableField`: `<path>: Invalid value: <new>: field is immutable` when the value changed.
pub fn validate_immutable<T: Serialize + PartialEq + ?Sized>(new: &T, old: &T, path: &Path) -> Vec<FieldError> {
    if semantic_eq(new, old) {
        return Vec::new();
    }
    vec![FieldError::invalid(path, &to_json(new), FIELD_IMMUTABLE_ERROR_MSG)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn val_18_empty_and_absent_are_equal_but_values_are_not() {
        assert!(semantic_eq(&json!({"a": [], "b": {}, "c": null}), &json!({})));
        assert!(!semantic_eq(&json!({"a": [1]}), &json!({})));
        let errs = validate_immutable(&Some(3), &Some(2), &Path::new("spec.completions"));
        assert_eq!(errs[0].to_string(), "spec.completions: Invalid value: 3: field is immutable");
        let errs = validate_immutable(&None::<i32>, &Some(2), &Path::new("spec.completions"));
        assert_eq!(errs[0].to_string(), "spec.completions: Invalid value: null: field is immutable");
    }
}
