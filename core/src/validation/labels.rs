//! Labels and annotations (VAL-23), as `ValidateLabels` / `ValidateAnnotations` report them: every error is on
//! the map's own path (`metadata.labels`), not on the entry.

use super::names::{label_value_errors, qualified_name_errors};
use crate::field::{FieldError, Path};
use serde_json::json;
use std::collections::BTreeMap;

/// Total size (keys plus values) allowed for one object's annotations.
pub const TOTAL_ANNOTATION_SIZE_LIMIT_BYTES: usize = 256 * 1024;

/// `ValidateLabelName`: a qualified name, errors on `path` with the key as value.
pub fn validate_label_name(key: &str, path: &Path) -> Vec<FieldError> {
    qualified_name_errors(key).iter().map(|msg| FieldError::invalid(path, &json!(key), msg)).collect()
}

/// `ValidateLabels`: every key a qualified name, every value a label value.
pub fn validate_labels(labels: Option<&BTreeMap<String, String>>, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (key, value) in labels.into_iter().flatten() {
        errs.extend(validate_label_name(key, path));
        errs.extend(label_value_errors(value).iter().map(|msg| FieldError::invalid(path, &json!(value), msg)));
    }
    errs
}

/// `ValidateAnnotations`: keys are qualified names (case-insensitively) and the whole map is at most 256 KiB.
pub fn validate_annotations(annotations: Option<&BTreeMap<String, String>>, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let Some(annotations) = annotations else {
        return errs;
    };
    for key in annotations.keys() {
        let lower = crate::field::go_lower(key);
        errs.extend(qualified_name_errors(&lower).iter().map(|msg| FieldError::invalid(path, &json!(key), msg)));
    }
    let total: usize = annotations.iter().map(|(k, v)| k.len().saturating_add(v.len())).sum();
    if total > TOTAL_ANNOTATION_SIZE_LIMIT_BYTES {
        errs.push(FieldError::too_long(path, TOTAL_ANNOTATION_SIZE_LIMIT_BYTES));
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn val_23_label_errors_are_reported_on_the_map_path() {
        let path = Path::new("metadata.labels");
        let labels = map(&[("app", "ok"), ("bad key", "x"), ("k", &"v".repeat(64))]);
        let errs: Vec<String> = validate_labels(Some(&labels), &path).iter().map(|e| e.to_string()).collect();
        assert_eq!(errs.len(), 2);
        assert!(errs[0].starts_with("metadata.labels: Invalid value: \"bad key\": name part must consist of"));
        assert_eq!(
            errs[1],
            format!("metadata.labels: Invalid value: \"{}\": must be no more than 63 characters", "v".repeat(64))
        );
    }

    #[test]
    fn val_23_annotation_keys_ignore_case_and_size_is_capped() {
        let path = Path::new("metadata.annotations");
        assert!(validate_annotations(Some(&map(&[("Example.COM/Key", "v")])), &path).is_empty());
        let big = map(&[("k", &"x".repeat(TOTAL_ANNOTATION_SIZE_LIMIT_BYTES))]);
        let errs = validate_annotations(Some(&big), &path);
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].to_string(), "metadata.annotations: Too long: may not be more than 262144 bytes");
    }
}
