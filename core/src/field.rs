//! Field paths and field errors, rendered exactly as apimachinery's `field.ErrorList`
//! (VAL-01, VAL-02): validation collects these, `Status::invalid` turns them into a 422.

use serde_json::Value;
use std::fmt;

/// A field path such as `spec.template.spec.containers[0].name` or `metadata.labels[app]`.
///
/// A path is a chain of borrowed steps, written out only when an error names it: validation
/// builds a path for every field it visits and nearly all of them are never shown.
#[derive(Clone, Copy)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    step: Step<'a>,
}

#[derive(Clone, Copy)]
enum Step<'a> {
    Field(&'a str),
    Index(usize),
    Key(&'a str),
}

impl<'a> Path<'a> {
    /// A path starting at a top-level field (`metadata`, `spec`, `status`), or at a dotted
    /// path of fields (`spec.template.spec`).
    pub fn new(root: &'a str) -> Self {
        Path { parent: None, step: Step::Field(root) }
    }
    /// `parent.name`
    pub fn child<'b>(&'b self, name: &'b str) -> Path<'b> {
        Path { parent: Some(self), step: Step::Field(name) }
    }
    /// `parent[i]`
    pub fn index(&self, i: usize) -> Path<'_> {
        Path { parent: Some(self), step: Step::Index(i) }
    }
    /// `parent[key]` (map entries; the key is not quoted, as in Go).
    pub fn key<'b>(&'b self, key: &'b str) -> Path<'b> {
        Path { parent: Some(self), step: Step::Key(key) }
    }
    fn write(&self, out: &mut String) {
        if let Some(parent) = self.parent {
            parent.write(out);
        }
        match self.step {
            Step::Field(name) => {
                if !out.is_empty() && !name.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            Step::Index(i) => {
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
            Step::Key(key) => {
                out.push('[');
                out.push_str(key);
                out.push(']');
            }
        }
    }
}

impl Default for Path<'_> {
    /// The empty path: errors that name no field.
    fn default() -> Self {
        Path::new("")
    }
}

impl fmt::Debug for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_string(), f)
    }
}

impl PartialEq for Path<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.to_string() == other.to_string()
    }
}

impl Eq for Path<'_> {}

/// Appends `.segment` (or `segment` to an empty path) to a dotted path kept in one buffer by a
/// walk; returns the length to cut back to.
pub fn push_segment(path: &mut String, segment: &str) -> usize {
    let len = path.len();
    if len > 0 {
        path.push('.');
    }
    path.push_str(segment);
    len
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        self.write(&mut out);
        f.write_str(&out)
    }
}

/// The `reason` of a cause in `details.causes`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorType {
    Required,
    Invalid,
    NotSupported,
    Forbidden,
    Duplicate,
    TooLong,
    TooMany,
    NotFound,
}

impl ErrorType {
    pub fn reason(self) -> &'static str {
        match self {
            ErrorType::Required => "FieldValueRequired",
            ErrorType::Invalid => "FieldValueInvalid",
            ErrorType::NotSupported => "FieldValueNotSupported",
            ErrorType::Forbidden => "FieldValueForbidden",
            ErrorType::Duplicate => "FieldValueDuplicate",
            ErrorType::TooLong => "FieldValueTooLong",
            ErrorType::TooMany => "FieldValueTooMany",
            ErrorType::NotFound => "FieldValueNotFound",
        }
    }
}

/// One validation error: `field` plus the `body` that follows `"<field>: "` in the message.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    pub kind: ErrorType,
    pub field: String,
    pub body: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.body)
        } else {
            write!(f, "{}: {}", self.field, self.body)
        }
    }
}

fn with_detail(head: &str, detail: &str) -> String {
    if detail.is_empty() {
        head.to_string()
    } else {
        format!("{head}: {detail}")
    }
}

impl FieldError {
    /// `Required value` or `Required value: <detail>`.
    pub fn required(path: &Path, detail: &str) -> Self {
        FieldError { kind: ErrorType::Required, field: path.to_string(), body: with_detail("Required value", detail) }
    }
    /// `Invalid value: <value>: <detail>` with the value rendered as Go does (VAL-02).
    pub fn invalid(path: &Path, value: &Value, detail: &str) -> Self {
        FieldError {
            kind: ErrorType::Invalid,
            field: path.to_string(),
            body: with_detail(&format!("Invalid value: {}", render_value(value)), detail),
        }
    }
    /// `Invalid value: <detail>` — the value is omitted from the text (Go's `field.OmitValueType`).
    pub fn invalid_omit_value(path: &Path, detail: &str) -> Self {
        FieldError { kind: ErrorType::Invalid, field: path.to_string(), body: with_detail("Invalid value", detail) }
    }
    /// `Unsupported value: <value>: supported values: "a", "b"`.
    pub fn not_supported(path: &Path, value: &Value, supported: &[&str]) -> Self {
        let list = supported.iter().map(|s| go_quote(s)).collect::<Vec<_>>().join(", ");
        let body = if supported.is_empty() {
            format!("Unsupported value: {}", render_value(value))
        } else {
            format!("Unsupported value: {}: supported values: {}", render_value(value), list)
        };
        FieldError { kind: ErrorType::NotSupported, field: path.to_string(), body }
    }
    /// `Forbidden: <detail>`.
    pub fn forbidden(path: &Path, detail: &str) -> Self {
        FieldError { kind: ErrorType::Forbidden, field: path.to_string(), body: with_detail("Forbidden", detail) }
    }
    /// `Duplicate value: <value>`.
    pub fn duplicate(path: &Path, value: &Value) -> Self {
        FieldError {
            kind: ErrorType::Duplicate,
            field: path.to_string(),
            body: format!("Duplicate value: {}", render_value(value)),
        }
    }
    /// `Not found: <value>`.
    pub fn not_found(path: &Path, value: &Value) -> Self {
        FieldError {
            kind: ErrorType::NotFound,
            field: path.to_string(),
            body: format!("Not found: {}", render_value(value)),
        }
    }
    /// `Too long: may not be more than <max> bytes`.
    pub fn too_long(path: &Path, max: usize) -> Self {
        FieldError {
            kind: ErrorType::TooLong,
            field: path.to_string(),
            body: format!("Too long: may not be more than {max} bytes"),
        }
    }
    /// `Too many: <actual>: must have at most <max> items`.
    pub fn too_many(path: &Path, actual: usize, max: usize) -> Self {
        FieldError {
            kind: ErrorType::TooMany,
            field: path.to_string(),
            body: format!("Too many: {actual}: must have at most {max} items"),
        }
    }
}

/// Renders a value the way apimachinery's field errors do: strings quoted with Go's `%q`,
/// numbers and booleans bare, anything else as compact JSON.
pub fn render_value(v: &Value) -> String {
    match v {
        Value::String(s) => go_quote(s),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_string(),
        other => serde_json::to_string(other).unwrap_or_default(),
    }
}

/// `s` lower-cased as `str::to_lowercase` does it (where the apiserver calls `strings.ToLower`).
/// ASCII text, nearly all of it, is lowered without Unicode's tables: in wasm a function is
/// compiled on its first call, and `str::to_lowercase` is a large one.
pub fn go_lower(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() {
        if s.bytes().any(|b| b.is_ascii_uppercase()) {
            s.to_ascii_lowercase().into()
        } else {
            s.into()
        }
    } else {
        s.to_lowercase().into()
    }
}

/// Go's `strconv.Quote`: double quotes, backslash escapes, `\u` for non-printable runes.
pub fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if c.is_control() => {
                if (c as u32) < 0x10000 {
                    out.push_str(&format!("\\u{:04x}", c as u32))
                } else {
                    out.push_str(&format!("\\U{:08x}", c as u32))
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn go_lower_is_to_lowercase_with_an_ascii_shortcut() {
        for s in ["", "busybox", "Registry.Example:5000", "ÄBC", "İstanbul", "ΣΑΣ", "mixed-Ä-x", "ǅ"] {
            assert_eq!(go_lower(s), s.to_lowercase(), "{s}");
        }
        assert!(matches!(go_lower("already-lower"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn val_02_renders_values_as_go_does() {
        let spec = Path::new("spec");
        let p = spec.child("parallelism");
        assert_eq!(
            FieldError::invalid(&p, &json!(-1), "must be greater than or equal to 0").to_string(),
            "spec.parallelism: Invalid value: -1: must be greater than or equal to 0"
        );
        let p = spec.child("completionMode");
        assert_eq!(
            FieldError::not_supported(&p, &json!("X"), &["NonIndexed", "Indexed"]).to_string(),
            "spec.completionMode: Unsupported value: \"X\": supported values: \"NonIndexed\", \"Indexed\""
        );
        let labels = spec.child("template").child("metadata").child("labels").key("job-name").to_string();
        assert_eq!(labels, "spec.template.metadata.labels[job-name]");
        assert_eq!(Path::default().child("metadata").index(2).to_string(), "metadata[2]");
        assert_eq!(render_value(&json!({"a":"b"})), "{\"a\":\"b\"}");
        assert_eq!(go_quote("a\"b\\"), "\"a\\\"b\\\\\"");
    }
}
