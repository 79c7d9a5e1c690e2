//! Byte spans of members in JSON text, found by skipping values rather than parsing them: where
//! an object's `metadata` and its `managedFields` lie in the stored bytes. A stored object keeps
//! `kind`, `apiVersion` and `metadata` first, so finding metadata never reads spec or status.
//!
//! The scanner assumes nothing of the layout but reads only what it must: strings are skipped by
//! their quotes and escapes, containers by depth. Text that is not JSON may give a span a parser
//! would refuse, never a panic; callers use it on bytes the wire serializer wrote.

use std::ops::Range;

/// The span of the value of member `key` of the object that starts at `start` (after any
/// whitespace), or `None` if there is no such member or the text ends first.
pub fn member(text: &[u8], start: usize, key: &str) -> Option<Range<usize>> {
    let value = member_start(text, start, key)?;
    Some(value..value_end(text, value)?)
}

/// Where the value of member `key` of the object at `start` begins: the members before it are
/// skipped, the value itself is not read. A nested member is found in one scan:
/// `member(text, member_start(text, 0, "metadata")?, "managedFields")`.
pub fn member_start(text: &[u8], start: usize, key: &str) -> Option<usize> {
    let mut i = ws(text, start);
    if *text.get(i)? != b'{' {
        return None;
    }
    i = ws(text, i + 1);
    if *text.get(i)? == b'}' {
        return None;
    }
    loop {
        let (name, value) = member_head(text, i)?;
        if text.get(name.start + 1..name.end - 1)? == key.as_bytes() {
            return Some(value);
        }
        i = ws(text, value_end(text, value)?);
        match *text.get(i)? {
            b',' => i = ws(text, i + 1),
            _ => return None,
        }
    }
}

/// The span of the object at `start` and that of the value of its member `key`, if it has one,
/// in one scan: what [`member`] gives, and where the object ends.
pub fn object_and_member(text: &[u8], start: usize, key: &str) -> Option<(Range<usize>, Option<Range<usize>>)> {
    let open = ws(text, start);
    if *text.get(open)? != b'{' {
        return None;
    }
    match member_start(text, open, key) {
        Some(value) => {
            let end = value_end(text, value)?;
            // The rest of the object: inside it, one level deep.
            Some((open..container_end(text, end, 1)?, Some(value..end)))
        }
        None => Some((open..value_end(text, open)?, None)),
    }
}

/// A member of an object: its key's span (quotes included) and its value's span.
pub type Member = (Range<usize>, Range<usize>);

/// The members of the object at `start`, in order: each key's span (its quotes included,
/// escapes as written) and its value's span. `None` if there is no object there or the text
/// ends first.
pub fn members(text: &[u8], start: usize) -> Option<Vec<Member>> {
    let mut out = Vec::new();
    items(text, start, (b'{', b'}'), |i| {
        let (key, value) = member_head(text, i)?;
        let end = value_end(text, value)?;
        out.push((key, value..end));
        Some(end)
    })?;
    Some(out)
}

/// The members of an object that follow the member whose value ends at `after` (as
/// [`members`] gives them), and where the object's closing brace is: what comes after the
/// metadata of a stored object, read without reading the metadata again.
pub fn members_after(text: &[u8], after: usize) -> Option<(Vec<Member>, usize)> {
    let mut out = Vec::new();
    let mut i = after;
    loop {
        i = ws(text, i);
        match *text.get(i)? {
            b',' => {
                let (key, value) = member_head(text, ws(text, i + 1))?;
                i = value_end(text, value)?;
                out.push((key, value..i));
            }
            b'}' => return Some((out, i)),
            _ => return None,
        }
    }
}

/// Whether two JSON texts (each one value, as [`members`] and [`elements`] give them) certainly
/// hold the same value: objects compared member by member whatever their order, arrays element
/// by element, anything else as written. Values written differently (`1` and `1.0`, a string
/// with and without an escape) are not found the same; callers take that as "not known to be
/// the same", never as "different".
pub fn same_value(a: &[u8], b: &[u8]) -> bool {
    // Equal text is the same value, and the common case at every depth: FieldsV1 keys are
    // written in one order by the server and by clients that sort keys.
    if a == b {
        return true;
    }
    match (a.first(), b.first()) {
        (Some(b'{'), Some(b'{')) => {
            let (Some(mut ma), Some(mut mb)) = (members(a, 0), members(b, 0)) else {
                return false;
            };
            if ma.len() != mb.len() {
                return false;
            }
            // In key order, a key twice in one of them pairs with another key in the other.
            by_key(a, &mut ma);
            by_key(b, &mut mb);
            ma.iter().zip(&mb).all(|((ka, va), (kb, vb))| {
                a[ka.clone()] == b[kb.clone()] && same_value(&a[va.clone()], &b[vb.clone()])
            })
        }
        (Some(b'['), Some(b'[')) => match (elements(a, 0), elements(b, 0)) {
            (Some(ea), Some(eb)) => {
                ea.len() == eb.len() && ea.iter().zip(&eb).all(|(x, y)| same_value(&a[x.clone()], &b[y.clone()]))
            }
            _ => false,
        },
        _ => false,
    }
}

/// Sorts an object's members by their keys as written: an insertion sort, as objects compared
/// are small (and the standard sorts are kilobytes of wasm).
fn by_key(text: &[u8], members: &mut [Member]) {
    for i in 1..members.len() {
        let mut j = i;
        while j > 0 && text[members[j - 1].0.clone()] > text[members[j].0.clone()] {
            members.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// The member whose key starts at `i`: its key's span (quotes included) and where its value
/// starts.
fn member_head(text: &[u8], i: usize) -> Option<(Range<usize>, usize)> {
    let key = i..string_end(text, i)?;
    let colon = ws(text, key.end);
    if *text.get(colon)? != b':' {
        return None;
    }
    Some((key, ws(text, colon + 1)))
}

/// The spans of the elements of the array at `start`, in order; `None` if there is no array
/// there or the text ends first.
pub fn elements(text: &[u8], start: usize) -> Option<Vec<Range<usize>>> {
    let mut out = Vec::new();
    items(text, start, (b'[', b']'), |i| {
        let end = value_end(text, i)?;
        out.push(i..end);
        Some(end)
    })?;
    Some(out)
}

/// Walks the container at `start` that opens and closes with `brackets`: `item` reads the item
/// starting at the index it is given and returns where the item ends.
fn items(
    text: &[u8],
    start: usize,
    (open, close): (u8, u8),
    mut item: impl FnMut(usize) -> Option<usize>,
) -> Option<()> {
    let mut i = ws(text, start);
    if *text.get(i)? != open {
        return None;
    }
    i = ws(text, i + 1);
    if *text.get(i)? == close {
        return Some(());
    }
    loop {
        i = ws(text, item(i)?);
        match *text.get(i)? {
            b',' => i = ws(text, i + 1),
            c if c == close => return Some(()),
            _ => return None,
        }
    }
}

fn ws(text: &[u8], mut i: usize) -> usize {
    while text.get(i).is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// The end (one past the closing quote) of the string whose opening quote is at `i`.
pub(crate) fn string_end(text: &[u8], i: usize) -> Option<usize> {
    if *text.get(i)? != b'"' {
        return None;
    }
    let mut j = i + 1;
    loop {
        j += memchr::memchr2(b'"', b'\\', text.get(j..)?)?;
        if text[j] == b'"' {
            return Some(j + 1);
        }
        // An escape: the backslash and the character it escapes.
        j += 2;
    }
}

/// The end of the value that starts at `i`.
fn value_end(text: &[u8], i: usize) -> Option<usize> {
    match *text.get(i)? {
        b'"' => string_end(text, i),
        b'{' | b'[' => container_end(text, i, 0),
        _ => {
            let len =
                text.get(i..)?.iter().position(|b| matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'));
            Some(i + len.unwrap_or(text.len() - i))
        }
    }
}

/// The end of the container `depth` levels up from `j` (`0`: the one that opens at `j`).
fn container_end(text: &[u8], mut j: usize, mut depth: usize) -> Option<usize> {
    loop {
        match *text.get(j)? {
            b'"' => {
                j = string_end(text, j)?;
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(j + 1);
                }
            }
            _ => {}
        }
        j += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::value::RawValue;
    use serde_json::{json, Value};
    use std::collections::BTreeMap;

    /// What serde_json finds for the same member: the reference the scanner must agree with.
    fn by_serde<'a>(text: &'a str, key: &str) -> Option<&'a str> {
        let m: BTreeMap<String, &RawValue> = serde_json::from_str(text).ok()?;
        m.get(key).map(|v| v.get())
    }

    fn by_scan<'a>(text: &'a str, key: &str) -> Option<&'a str> {
        member(text.as_bytes(), 0, key).map(|r| &text[r])
    }

    #[test]
    fn finds_members_in_compact_and_spaced_text() {
        let v = json!({"kind": "Job", "metadata": {"name": "a\"}{", "managedFields": [{"f:x": {}}], "n": -1.5e3}, "spec": [1, true, null]});
        for text in [serde_json::to_string(&v).unwrap(), serde_json::to_string_pretty(&v).unwrap()] {
            for key in ["kind", "metadata", "spec", "missing"] {
                assert_eq!(by_scan(&text, key), by_serde(&text, key), "{key} in {text}");
            }
            let meta = member(text.as_bytes(), 0, "metadata").unwrap();
            let inner = &text[meta.clone()];
            for key in ["name", "managedFields", "n"] {
                assert_eq!(by_scan(inner, key), by_serde(inner, key), "{key}");
                // The same member found in one scan from the top.
                let nested = member(text.as_bytes(), member_start(text.as_bytes(), 0, "metadata").unwrap(), key);
                assert_eq!(nested.map(|r| &text[r]), by_serde(inner, key), "{key}");
            }
        }
        assert_eq!(by_scan(r#"{"a":"\\","b":"\\\""}"#, "b"), Some(r#""\\\"""#));
    }

    #[test]
    fn truncated_or_foreign_text_gives_none_not_a_panic() {
        let text = r#"{"kind":"Job","metadata":{"name":"a","labels":{"x":"y"}},"spec":{}}"#;
        for end in 0..text.len() {
            let cut = &text.as_bytes()[..end];
            if let Some(r) = member(cut, 0, "spec") {
                assert!(r.end <= end);
            }
            let _ = member(cut, 0, "metadata");
        }
        for text in ["", "[]", "{}", "{\"a\"}", "{\"a\":}", "\"x\"", "{\"a\":1 \"b\":2}", "{\"a\":\"\\"] {
            let _ = member(text.as_bytes(), 0, "a");
        }
        assert_eq!(member(b"{}", 0, "a"), None);
        assert_eq!(object_and_member(b" {} ", 0, "a"), Some((1..3, None)));
        assert_eq!(object_and_member(br#"{"a":1"#, 0, "a"), None);
    }

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            "[a-z\"\\\\{}\\[\\],: \u{e9}\n]{0,8}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 32, 5, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                prop::collection::btree_map("[a-z\"{]{0,4}", inner, 0..5)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// Every member of every object the scanner reads is the span serde_json finds, compact
        /// or pretty.
        #[test]
        fn agrees_with_serde(members in prop::collection::btree_map("[a-z\"]{0,3}", json_value(), 0..6), pretty in any::<bool>()) {
            let v = Value::Object(members.clone().into_iter().collect());
            let text = if pretty { serde_json::to_string_pretty(&v).unwrap() } else { serde_json::to_string(&v).unwrap() };
            for key in members.keys().map(String::as_str).chain(["absent"]) {
                if key.contains('"') {
                    continue; // Keys are compared as written; escaped keys are never looked up.
                }
                prop_assert_eq!(by_scan(&text, key), by_serde(&text, key));
                let (whole, found) = object_and_member(text.as_bytes(), 0, key).unwrap();
                prop_assert_eq!(&text[whole], text.as_str());
                prop_assert_eq!(found.map(|r| &text[r]), by_serde(&text, key));
            }
        }

        /// `members` and `elements` give the keys and values serde_json reads, in order.
        #[test]
        fn members_and_elements_agree_with_serde(members in prop::collection::btree_map("[a-z\"\\\\]{0,3}", json_value(), 0..6), pretty in any::<bool>()) {
            let v = Value::Object(members.clone().into_iter().collect());
            let text = if pretty { serde_json::to_string_pretty(&v).unwrap() } else { serde_json::to_string(&v).unwrap() };
            let found = super::members(text.as_bytes(), 0).unwrap();
            prop_assert_eq!(found.len(), members.len());
            for ((key, value), (k, v)) in found.iter().zip(&members) {
                prop_assert_eq!(&serde_json::from_str::<String>(&text[key.clone()]).unwrap(), k);
                prop_assert_eq!(&serde_json::from_str::<Value>(&text[value.clone()]).unwrap(), v);
            }
            // After the first member, `members_after` finds the rest and the closing brace.
            if let Some((_, first)) = found.first() {
                let (rest, close) = super::members_after(text.as_bytes(), first.end).unwrap();
                prop_assert_eq!(&rest[..], &found[1..]);
                prop_assert_eq!(close, text.len() - 1);
            }
            let list = Value::Array(members.values().cloned().collect());
            let text = if pretty { serde_json::to_string_pretty(&list).unwrap() } else { serde_json::to_string(&list).unwrap() };
            let found = super::elements(text.as_bytes(), 0).unwrap();
            prop_assert_eq!(found.len(), members.len());
            for (span, v) in found.iter().zip(members.values()) {
                prop_assert_eq!(&serde_json::from_str::<Value>(&text[span.clone()]).unwrap(), v);
            }
        }
    }

    proptest! {
        /// `same_value` finds a value the same as itself written with its keys in any order and
        /// spaced out, and never finds different values the same.
        #[test]
        fn same_value_agrees_with_serde(a in json_value(), b in json_value()) {
            let text = |v: &Value| serde_json::to_string(v).unwrap();
            let (ta, tb) = (text(&a), text(&b));
            prop_assert!(super::same_value(ta.as_bytes(), ta.as_bytes()));
            if super::same_value(ta.as_bytes(), tb.as_bytes()) {
                prop_assert_eq!(&a, &b);
            }
            // The same value, its object keys reversed.
            let reversed = reverse_keys(&a);
            prop_assert!(super::same_value(ta.as_bytes(), reversed.as_bytes()), "{} {}", ta, reversed);
        }
    }

    /// `v` as JSON text with every object's keys written in reverse order.
    fn reverse_keys(v: &Value) -> String {
        match v {
            Value::Object(m) => {
                let members: Vec<String> = m
                    .iter()
                    .rev()
                    .map(|(k, v)| format!("{}:{}", serde_json::to_string(k).unwrap(), reverse_keys(v)))
                    .collect();
                format!("{{{}}}", members.join(","))
            }
            Value::Array(items) => format!("[{}]", items.iter().map(reverse_keys).collect::<Vec<_>>().join(",")),
            _ => v.to_string(),
        }
    }

    #[test]
    fn same_value_compares_members_in_any_order_and_nothing_else_loosely() {
        let same = |a: &str, b: &str| super::same_value(a.as_bytes(), b.as_bytes());
        assert!(same(r#"{"a":1,"b":[{"c":{},"d":"x"}]}"#, r#"{"b":[{"d":"x","c":{}}],"a":1}"#));
        assert!(!same(r#"{"a":1,"a":1}"#, r#"{"a":1,"b":1}"#), "a key twice");
        assert!(!same(r#"{"a":1,"b":1}"#, r#"{"a":1,"a":1}"#), "a key twice");
        assert!(!same(r#"[1,2]"#, r#"[2,1]"#));
        assert!(!same(r#"[1]"#, r#"[1,1]"#));
        assert!(!same(r#"{"a":{}}"#, r#"{"a":[]}"#));
        assert!(!same("1", "1.0"), "written differently: not known to be the same");
        assert!(!same(r#"{"a":1,"b":2"#, r#"{"b":2,"a":1"#), "not JSON");
    }

    #[test]
    fn members_and_elements_refuse_what_is_not_their_container() {
        assert_eq!(super::members(b"[1]", 0), None);
        assert_eq!(super::elements(b"{}", 0), None);
        assert_eq!(super::members(br#"{"a":1"#, 0), None);
        assert_eq!(super::elements(b"[1,2", 0), None);
        assert_eq!(super::members(b" {} ", 0), Some(Vec::new()));
        assert_eq!(super::elements(b"[ ]", 0), Some(Vec::new()));
        assert_eq!(super::members_after(br#"{"a":1,"b":2"#, 6), None);
        assert_eq!(super::members_after(br#"{"a":1 x"#, 6), None);
        assert_eq!(super::members_after(br#"{"a":1 }"#, 6), Some((Vec::new(), 7)));
    }
}
