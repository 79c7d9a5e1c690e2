//! Field selectors (`k8s.io/apimachinery/pkg/fields`): `fieldSelector` terms `k=v`, `k==v`, `k!=v` joined by
//! commas, values escaping `\,` `\=` `\\` (LST-06), with the parser's exact error messages; and the check a
//! resource's field-label conversion makes against the fields it can select on.

use crate::field::go_quote;
use std::fmt;

/// One term: the object's field (a missing field reads as `""`) equals, or differs from, a value.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Term {
    field: String,
    equals: bool,
    value: String,
}

/// A parsed field selector: the AND of its terms. No terms matches everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldSelector {
    terms: Vec<Term>,
}

impl FieldSelector {
    /// Whether an object matches; `get` returns a selectable field's value (`None` reads as `""`, as Go's
    /// `Fields.Get` does).
    pub fn matches(&self, get: impl Fn(&str) -> Option<String>) -> bool {
        self.terms.iter().all(|t| (get(&t.field).unwrap_or_default() == t.value) == t.equals)
    }

    /// The fields the terms name, in the selector's (sorted) term order.
    pub fn fields(&self) -> Vec<&str> {
        self.terms.iter().map(|t| t.field.as_str()).collect()
    }

    /// `RequiresExactMatch`: the value of the first `field=value` (or `==`) term on `field`; used to check
    /// that a single-object watch's selector names that object (WAT-13).
    pub fn requires_exact(&self, field: &str) -> Option<&str> {
        self.terms.iter().find(|t| t.equals && t.field == field).map(|t| t.value.as_str())
    }

    /// True when the selector restricts nothing (so list pagination may report `remainingItemCount`).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// `Selector.String`: terms comma-joined with their values escaped again.
impl fmt::Display for FieldSelector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, term) in self.terms.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            let op = if term.equals { "=" } else { "!=" };
            write!(f, "{}{op}{}", term.field, escape_value(&term.value))?;
        }
        Ok(())
    }
}

/// Parses a `fieldSelector` query value (`fields.ParseSelector`). Terms are handled in sorted order, so the
/// error names the first bad term in that order; a term with empty field and value (`=`) selects everything.
pub fn parse(s: &str) -> Result<FieldSelector, String> {
    let mut parts = split_terms(s);
    parts.sort_unstable();
    let mut terms = Vec::new();
    for part in parts.into_iter().filter(|p| !p.is_empty()) {
        let Some((field, equals, raw_value)) = split_term(part) else {
            return Err(format!("invalid selector: '{s}'; can't understand '{part}'"));
        };
        let value = unescape_value(raw_value)?;
        if !field.is_empty() || !value.is_empty() {
            terms.push(Term { field: field.to_string(), equals, value });
        }
    }
    Ok(FieldSelector { terms })
}

/// The field-label conversion of a resource: every term must name one of `supported`, else the API server
/// answers 400 with this message. (For Jobs the server names the kind `batchv1.Job`.)
pub fn check_supported(sel: &FieldSelector, supported: &[&str], kind: &str) -> Result<(), String> {
    match sel.terms.iter().find(|t| !supported.contains(&t.field.as_str())) {
        Some(term) => Err(format!("field label {} not supported for {kind}", go_quote(&term.field))),
        None => Ok(()),
    }
}

/// `fields.EscapeValue`.
fn escape_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, '\\' | ',' | '=') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `splitTerms`: split on commas not preceded by a backslash; escapes stay in the terms.
fn split_terms(s: &str) -> Vec<&str> {
    if s.is_empty() {
        return Vec::new();
    }
    let mut terms = Vec::new();
    let mut start = 0;
    let mut in_slash = false;
    for (i, c) in s.char_indices() {
        if in_slash {
            in_slash = false;
        } else if c == '\\' {
            in_slash = true;
        } else if c == ',' {
            terms.push(s.get(start..i).unwrap_or_default());
            start = i + 1;
        }
    }
    terms.push(s.get(start..).unwrap_or_default());
    terms
}

/// `splitTerm`: the field, whether the operator is an equality, and the raw value, split at the first
/// operator (`!=`, then `==`, then `=` at each position). Fields cannot escape operators.
fn split_term(term: &str) -> Option<(&str, bool, &str)> {
    for (i, _) in term.char_indices() {
        let rest = term.get(i..).unwrap_or_default();
        for (op, equals) in [("!=", false), ("==", true), ("=", true)] {
            if let Some(value) = rest.strip_prefix(op) {
                return Some((term.get(..i).unwrap_or_default(), equals, value));
            }
        }
    }
    None
}

/// `fields.UnescapeValue`: `\\`, `\,` and `\=` stand for themselves; any other escape, a trailing backslash
/// or a bare `,`/`=` is an error (the bare character printed as its code point, as Go's `%v` of a rune does).
fn unescape_value(raw: &str) -> Result<String, String> {
    let mut out = String::with_capacity(raw.len());
    let mut in_slash = false;
    for c in raw.chars() {
        if in_slash {
            if !matches!(c, '\\' | ',' | '=') {
                return Err(format!("invalid field selector: invalid escape sequence: \\{c}"));
            }
            out.push(c);
            in_slash = false;
            continue;
        }
        match c {
            '\\' => in_slash = true,
            ',' | '=' => return Err(format!("invalid field selector: unescaped character in value: {}", u32::from(c))),
            _ => out.push(c),
        }
    }
    if in_slash {
        return Err("invalid field selector: invalid escape sequence: \\".to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    const JOB_FIELDS: &[&str] = &["metadata.name", "metadata.namespace", "status.successful"];

    fn object(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    fn selects(selector: &str, fields: &[(&str, &str)]) -> bool {
        let fields = object(fields);
        parse(selector).map(|s| s.matches(|f| fields.get(f).cloned())).unwrap_or_else(|e| panic!("{selector}: {e}"))
    }

    #[test]
    fn lst_06_operators_and_conjunction() {
        let job = [("metadata.name", "pi"), ("metadata.namespace", "default"), ("status.successful", "0")];
        assert!(selects("metadata.name=pi", &job));
        assert!(selects("metadata.name==pi", &job));
        assert!(!selects("metadata.name!=pi", &job));
        assert!(selects("metadata.name!=other", &job));
        assert!(selects("metadata.name=pi,status.successful=0", &job));
        assert!(!selects("metadata.name=pi,status.successful=1", &job));
        assert!(selects("", &job));
        assert!(selects("missing=", &job));
        assert!(!selects("missing!=", &job));
    }

    #[test]
    fn lst_06_escaped_values() {
        let sel = parse(r"metadata.name=a\,b\=c\\d").unwrap();
        assert!(sel.matches(|_| Some(r"a,b=c\d".to_string())));
        assert_eq!(sel.requires_exact("metadata.name"), Some(r"a,b=c\d"));
        assert_eq!(sel.to_string(), r"metadata.name=a\,b\=c\\d");
        assert_eq!(parse(r"a=x\,y,b=z").unwrap().fields(), vec!["a", "b"]);
    }

    #[test]
    fn lst_06_syntax_errors() {
        assert_eq!(parse("foo").unwrap_err(), "invalid selector: 'foo'; can't understand 'foo'");
        assert_eq!(parse("x=1,b,a").unwrap_err(), "invalid selector: 'x=1,b,a'; can't understand 'a'");
        assert_eq!(parse(r"a=b\x").unwrap_err(), r"invalid field selector: invalid escape sequence: \x");
        assert_eq!(parse(r"a=b\").unwrap_err(), r"invalid field selector: invalid escape sequence: \");
        assert_eq!(parse("a=b=c").unwrap_err(), "invalid field selector: unescaped character in value: 61");
    }

    #[test]
    fn lst_06_split_points_and_empty_terms() {
        let sel = parse("a!=b=,,c==d").unwrap_err();
        assert_eq!(sel, "invalid field selector: unescaped character in value: 61");
        let sel = parse("b!==x,c===y").unwrap_err();
        assert_eq!(sel, "invalid field selector: unescaped character in value: 61");
        assert_eq!(parse("k==v").unwrap().requires_exact("k"), Some("v"));
        assert!(parse("=,==,!=").unwrap().is_empty());
        assert!(parse(",,").unwrap().is_empty());
        assert_eq!(parse("=x").unwrap().fields(), vec![""]);
    }

    #[test]
    fn lst_06_unsupported_field_labels() {
        let sel = parse("spec.parallelism=1,metadata.name=pi,status.succeeded=1").unwrap();
        assert_eq!(
            check_supported(&sel, JOB_FIELDS, "batchv1.Job").unwrap_err(),
            "field label \"spec.parallelism\" not supported for batchv1.Job"
        );
        let sel = parse("metadata.namespace=default,status.successful!=0").unwrap();
        assert_eq!(check_supported(&sel, JOB_FIELDS, "batchv1.Job"), Ok(()));
    }

    #[test]
    fn wat_13_requires_exact_name() {
        let sel = parse("status.successful=1,metadata.name=pi").unwrap();
        assert_eq!(sel.requires_exact("metadata.name"), Some("pi"));
        assert_eq!(parse("metadata.name!=pi").unwrap().requires_exact("metadata.name"), None);
        assert_eq!(parse("metadata.namespace=pi").unwrap().requires_exact("metadata.name"), None);
    }
}
