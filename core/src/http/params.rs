//! Typed query parameters of the write verbs, parsed and validated as the apiserver does
//! (DRY-01, FVL-01, CRE-09, PAT-08).

use super::request::Query;
use super::status::Status;
use crate::field::{FieldError, Path};
use serde_json::Value;

/// `fieldValidation` (FVL-*); `Warn` when absent or empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FieldValidation {
    Ignore,
    #[default]
    Warn,
    Strict,
}

/// The options of a create, update or patch request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WriteParams {
    pub dry_run: bool,
    pub field_validation: FieldValidation,
    pub field_manager: Option<String>,
    pub force: Option<bool>,
}

/// Parses and validates write options; `kind` is `CreateOptions`, `UpdateOptions` or `PatchOptions`.
pub fn write_params(q: &Query, kind: &str) -> Result<WriteParams, Status> {
    let mut errors = Vec::new();
    let dry = q.all("dryRun");
    if dry.iter().any(|d| *d != "All") {
        errors.push(FieldError::not_supported(&Path::new("dryRun"), &Value::from(dry.clone()), &["All"]));
    }
    let field_validation = match q.get("fieldValidation").unwrap_or("") {
        "" | "Warn" => FieldValidation::Warn,
        "Ignore" => FieldValidation::Ignore,
        "Strict" => FieldValidation::Strict,
        other => {
            errors.push(FieldError::not_supported(
                &Path::new("fieldValidation"),
                &Value::from(other),
                &["", "Ignore", "Strict", "Warn"],
            ));
            FieldValidation::Warn
        }
    };
    let field_manager = q.get("fieldManager").map(str::to_string);
    if let Some(m) = &field_manager {
        errors.extend(validate_field_manager(m));
    }
    if !errors.is_empty() {
        return Err(Status::invalid_options(kind, &errors));
    }
    Ok(WriteParams { dry_run: !dry.is_empty(), field_validation, field_manager, force: q.flag("force") })
}

/// CRE-09: at most 128 bytes, printable characters only.
fn validate_field_manager(m: &str) -> Vec<FieldError> {
    let path = Path::new("fieldManager");
    if m.len() > 128 {
        return vec![FieldError::too_long(&path, 128)];
    }
    if let Some((i, c)) = m.chars().enumerate().find(|(_, c)| c.is_control()) {
        return vec![FieldError::invalid(
            &path,
            &Value::from(m),
            &format!("invalid character U+{:04X} (at position {i})", c as u32),
        )];
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dry_01_only_all_is_accepted() {
        let err = write_params(&Query::parse("dryRun=foo"), "CreateOptions").unwrap_err();
        assert_eq!(err.code, 422);
        assert_eq!(err.message, "CreateOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: [\"foo\"]: supported values: \"All\"");
        assert!(write_params(&Query::parse("dryRun=All&dryRun=All"), "CreateOptions").unwrap().dry_run);
    }

    #[test]
    fn fvl_01_default_and_invalid_value() {
        assert_eq!(write_params(&Query::default(), "CreateOptions").unwrap().field_validation, FieldValidation::Warn);
        let err = write_params(&Query::parse("fieldValidation=Foo"), "CreateOptions").unwrap_err();
        assert_eq!(
            err.message,
            "CreateOptions.meta.k8s.io \"\" is invalid: fieldValidation: Unsupported value: \"Foo\": supported values: \"\", \"Ignore\", \"Strict\", \"Warn\""
        );
    }

    #[test]
    fn cre_09_field_manager_rules() {
        let long = format!("fieldManager={}", "a".repeat(129));
        let err = write_params(&Query::parse(&long), "CreateOptions").unwrap_err();
        assert_eq!(
            err.message,
            "CreateOptions.meta.k8s.io \"\" is invalid: fieldManager: Too long: may not be more than 128 bytes"
        );
        let details = err.details.unwrap();
        assert_eq!((details.kind.as_str(), details.group.as_str()), ("CreateOptions", "meta.k8s.io"));
        let err = write_params(&Query::parse("fieldManager=a%01b"), "CreateOptions").unwrap_err();
        assert!(
            err.message.ends_with("fieldManager: Invalid value: \"a\\x01b\": invalid character U+0001 (at position 1)"),
            "{}",
            err.message
        );
    }
}
