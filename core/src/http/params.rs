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

/// The options of a list or watch request (`ListOptions`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListParams {
    pub label_selector: String,
    pub field_selector: String,
    pub limit: i64,
    pub continue_token: String,
    pub resource_version: String,
    pub resource_version_match: String,
    pub watch: bool,
    pub allow_watch_bookmarks: bool,
    pub send_initial_events: Option<bool>,
    pub timeout_seconds: Option<i64>,
}

/// Go's `strconv.ParseInt` error text (GEN-13).
fn parse_int(v: &str) -> Result<i64, Status> {
    v.parse::<i64>().map_err(|_| {
        Status::bad_request(format!("strconv.ParseInt: parsing {}: invalid syntax", crate::field::go_quote(v)))
    })
}

/// Parses and validates list/watch options (GEN-13, LST-12, LST-13, WAT-10).
pub fn list_params(q: &Query, watch: bool) -> Result<ListParams, Status> {
    let s = |k: &str| q.get(k).unwrap_or("").to_string();
    let p = ListParams {
        label_selector: s("labelSelector"),
        field_selector: s("fieldSelector"),
        limit: q.get("limit").filter(|v| !v.is_empty()).map(parse_int).transpose()?.unwrap_or(0),
        continue_token: s("continue"),
        resource_version: s("resourceVersion"),
        resource_version_match: s("resourceVersionMatch"),
        watch,
        allow_watch_bookmarks: q.flag("allowWatchBookmarks").unwrap_or(false),
        send_initial_events: q.flag("sendInitialEvents"),
        timeout_seconds: q.get("timeoutSeconds").filter(|v| !v.is_empty()).map(parse_int).transpose()?,
    };
    let errors = if watch { watch_errors(&p) } else { list_errors(&p) };
    if !errors.is_empty() {
        return Err(Status::invalid_options("ListOptions", &errors));
    }
    if !p.resource_version.is_empty() && p.resource_version.parse::<u64>().is_err() {
        return Err(Status::bad_request(format!(
            "invalid resource version: resourceVersion: Invalid value: {}: strconv.ParseUint: parsing {}: invalid syntax",
            crate::field::go_quote(&p.resource_version),
            crate::field::go_quote(&p.resource_version)
        )));
    }
    Ok(p)
}

fn list_errors(p: &ListParams) -> Vec<FieldError> {
    let path = Path::new("resourceVersionMatch");
    let mut errs = Vec::new();
    let m = p.resource_version_match.as_str();
    if !m.is_empty() {
        if p.resource_version.is_empty() {
            errs.push(FieldError::forbidden(
                &path,
                "resourceVersionMatch is forbidden unless resourceVersion is provided",
            ));
        }
        if !p.continue_token.is_empty() {
            errs.push(FieldError::forbidden(&path, "resourceVersionMatch is forbidden when continue is provided"));
        }
        if m != "Exact" && m != "NotOlderThan" {
            errs.push(FieldError::not_supported(&path, &Value::from(m), &["Exact", "NotOlderThan", ""]));
        }
        if m == "Exact" && p.resource_version == "0" {
            errs.push(FieldError::forbidden(
                &path,
                "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"",
            ));
        }
    }
    if p.send_initial_events.is_some() {
        errs.push(FieldError::forbidden(&Path::new("sendInitialEvents"), "sendInitialEvents is forbidden for list"));
    }
    errs
}

fn watch_errors(p: &ListParams) -> Vec<FieldError> {
    let path = Path::new("resourceVersionMatch");
    let mut errs = Vec::new();
    let m = p.resource_version_match.as_str();
    if p.send_initial_events.is_some() && m != "NotOlderThan" {
        errs.push(FieldError::forbidden(
            &path,
            "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan",
        ));
    }
    if !m.is_empty() {
        if p.send_initial_events.is_none() {
            errs.push(FieldError::forbidden(
                &path,
                "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided",
            ));
        }
        if m != "NotOlderThan" {
            errs.push(FieldError::not_supported(&path, &Value::from(m), &["NotOlderThan"]));
        }
        if !p.continue_token.is_empty() {
            errs.push(FieldError::forbidden(&path, "resourceVersionMatch is forbidden when continue is provided"));
        }
    }
    errs
}
