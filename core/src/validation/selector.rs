//! `metav1.LabelSelector`: validation (`ValidateLabelSelector`) and matching (`LabelSelectorAsSelector` then
//! `Matches`), shared by controllers' selectors and pod affinity terms.

use super::labels::{validate_label_name, validate_labels};
use super::names::{label_value_errors, qualified_name_errors};
use crate::field::{FieldError, Path};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{LabelSelector, LabelSelectorRequirement};
use serde_json::json;
use std::collections::BTreeMap;

/// `ValidateLabelSelector`. `allow_invalid_label_value` skips the value check of match expressions (set on
/// update when the stored selector already had such values).
pub fn validate_label_selector(
    selector: &LabelSelector,
    allow_invalid_label_value: bool,
    path: &Path,
) -> Vec<FieldError> {
    let mut errs = validate_labels(selector.match_labels.as_ref(), &path.child("matchLabels"));
    let expressions_path = path.child("matchExpressions");
    for (i, requirement) in selector.match_expressions.iter().flatten().enumerate() {
        errs.extend(validate_requirement(requirement, allow_invalid_label_value, &expressions_path.index(i)));
    }
    errs
}

fn validate_requirement(
    req: &LabelSelectorRequirement,
    allow_invalid_label_value: bool,
    path: &Path,
) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let values = req.values.as_deref().unwrap_or(&[]);
    match req.operator.as_str() {
        "In" | "NotIn" if values.is_empty() => errs
            .push(FieldError::required(&path.child("values"), "must be specified when `operator` is 'In' or 'NotIn'")),
        "Exists" | "DoesNotExist" if !values.is_empty() => errs.push(FieldError::forbidden(
            &path.child("values"),
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        )),
        "In" | "NotIn" | "Exists" | "DoesNotExist" => {}
        other => {
            errs.push(FieldError::invalid(&path.child("operator"), &json!(other), "not a valid selector operator"))
        }
    }
    errs.extend(validate_label_name(&req.key, &path.child("key")));
    if !allow_invalid_label_value {
        let values_path = path.child("values");
        for (i, value) in values.iter().enumerate() {
            let value_path = values_path.index(i);
            errs.extend(label_value_errors(value).iter().map(|m| FieldError::invalid(&value_path, &json!(value), m)));
        }
    }
    errs
}

/// `LabelSelectorHasInvalidLabelValue`: whether a stored selector has a match-expression value that is not a
/// valid label value (such selectors stay updatable).
pub fn label_selector_has_invalid_label_value(selector: Option<&LabelSelector>) -> bool {
    selector
        .and_then(|s| s.match_expressions.as_ref())
        .into_iter()
        .flatten()
        .flat_map(|e| e.values.iter().flatten())
        .any(|v| !label_value_errors(v).is_empty())
}

/// One parsed requirement of a selector.
enum Requirement<'a> {
    Equals(&'a str, &'a str),
    In(&'a str, &'a [String]),
    NotIn(&'a str, &'a [String]),
    Exists(&'a str),
    DoesNotExist(&'a str),
}

impl Requirement<'_> {
    fn matches(&self, labels: &BTreeMap<String, String>) -> bool {
        match self {
            Requirement::Equals(k, v) => labels.get(*k).is_some_and(|actual| actual == v),
            Requirement::In(k, vs) => labels.get(*k).is_some_and(|actual| vs.contains(actual)),
            Requirement::NotIn(k, vs) => labels.get(*k).is_none_or(|actual| !vs.contains(actual)),
            Requirement::Exists(k) => labels.contains_key(*k),
            Requirement::DoesNotExist(k) => !labels.contains_key(*k),
        }
    }
}

fn key_and_values_valid(key: &str, values: &[String]) -> bool {
    qualified_name_errors(key).is_empty() && values.iter().all(|v| label_value_errors(v).is_empty())
}

impl Requirement<'_> {
    /// The key and values, checked as `LabelSelectorAsSelector` checks them.
    fn valid(&self) -> bool {
        match self {
            Requirement::Equals(k, v) => qualified_name_errors(k).is_empty() && label_value_errors(v).is_empty(),
            Requirement::In(k, vs) | Requirement::NotIn(k, vs) => key_and_values_valid(k, vs),
            Requirement::Exists(k) | Requirement::DoesNotExist(k) => key_and_values_valid(k, &[]),
        }
    }
}

/// The requirements of `selector`, `None` for an operator without the values it needs (or with
/// values it takes none of). Keys and values are checked by [`Requirement::valid`].
fn requirements(selector: &LabelSelector) -> Option<Vec<Requirement<'_>>> {
    let mut requirements: Vec<Requirement> =
        selector.match_labels.iter().flatten().map(|(k, v)| Requirement::Equals(k, v)).collect();
    for expr in selector.match_expressions.iter().flatten() {
        let values = expr.values.as_deref().unwrap_or(&[]);
        let key = expr.key.as_str();
        requirements.push(match expr.operator.as_str() {
            "In" if !values.is_empty() => Requirement::In(key, values),
            "NotIn" if !values.is_empty() => Requirement::NotIn(key, values),
            "Exists" if values.is_empty() => Requirement::Exists(key),
            "DoesNotExist" if values.is_empty() => Requirement::DoesNotExist(key),
            _ => return None,
        });
    }
    Some(requirements)
}

/// Whether `selector` does not select `labels`, as the API server decides it: an absent selector
/// selects nothing, an empty one everything, and a malformed one (bad operator, key or value) is
/// not held against the labels, as Go skips the check when `LabelSelectorAsSelector` fails. Keys
/// and values are only checked when the labels do not match, the one case where they decide.
pub fn selector_rejects(selector: Option<&LabelSelector>, labels: &BTreeMap<String, String>) -> bool {
    let Some(selector) = selector else {
        return true;
    };
    let Some(requirements) = requirements(selector) else {
        return false;
    };
    !requirements.iter().all(|r| r.matches(labels)) && requirements.iter().all(Requirement::valid)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn expr(key: &str, op: &str, values: &[&str]) -> LabelSelectorRequirement {
        LabelSelectorRequirement {
            key: key.into(),
            operator: op.into(),
            values: Some(values.iter().map(|v| v.to_string()).collect()),
        }
    }

    #[test]
    fn val_08_selector_semantics() {
        let l = labels(&[("app", "a"), ("tier", "web")]);
        assert!(selector_rejects(None, &l));
        assert!(!selector_rejects(Some(&LabelSelector::default()), &l));
        let sel = LabelSelector {
            match_labels: Some(labels(&[("app", "a")])),
            match_expressions: Some(vec![expr("tier", "In", &["web", "db"]), expr("x", "DoesNotExist", &[])]),
        };
        assert!(!selector_rejects(Some(&sel), &l));
        let sel =
            LabelSelector { match_expressions: Some(vec![expr("tier", "NotIn", &["web"])]), ..Default::default() };
        assert!(selector_rejects(Some(&sel), &l));
        // Malformed selectors are never held against the labels: a bad operator, a bad key, a bad value.
        let sel = LabelSelector { match_expressions: Some(vec![expr("tier", "Bogus", &[])]), ..Default::default() };
        assert!(!selector_rejects(Some(&sel), &l));
        let sel = LabelSelector { match_labels: Some(labels(&[("bad key!", "a")])), ..Default::default() };
        assert!(!selector_rejects(Some(&sel), &l));
        let sel =
            LabelSelector { match_expressions: Some(vec![expr("tier", "In", &["no good"])]), ..Default::default() };
        assert!(!selector_rejects(Some(&sel), &l));
        // A well-formed one that does not match is.
        let sel = LabelSelector { match_labels: Some(labels(&[("app", "b")])), ..Default::default() };
        assert!(selector_rejects(Some(&sel), &l));
    }

    #[test]
    fn val_08_malformed_selector_errors() {
        let sel = LabelSelector {
            match_labels: Some(labels(&[("app", "-bad")])),
            match_expressions: Some(vec![
                expr("a", "In", &[]),
                expr("b", "Exists", &["x"]),
                expr("c", "Like", &[]),
                expr("d", "In", &["ok", "not ok"]),
            ]),
        };
        let path = Path::new("spec.selector");
        let errs: Vec<String> = validate_label_selector(&sel, false, &path).iter().map(|e| e.to_string()).collect();
        assert!(errs[0].starts_with("spec.selector.matchLabels: Invalid value: \"-bad\": a valid label must be"));
        assert_eq!(errs[1], "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'");
        assert_eq!(errs[2], "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
        assert_eq!(
            errs[3],
            "spec.selector.matchExpressions[2].operator: Invalid value: \"Like\": not a valid selector operator"
        );
        assert!(errs[4]
            .starts_with("spec.selector.matchExpressions[3].values[1]: Invalid value: \"not ok\": a valid label"));
        assert_eq!(errs.len(), 5);
        assert!(validate_label_selector(&sel, true, &path).len() == 4);
        assert!(label_selector_has_invalid_label_value(Some(&sel)));
    }
}
