//! Bytes <-> JSON values: body decoding (JSON or YAML, duplicate keys recorded, nesting bounded)
//! and response encoding (compact + `\n`, pretty without it, or YAML — GEN-02).

use crate::http::negotiate::Format;
use serde::de::{DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::fmt;

/// A decoded body: the value (last duplicate wins) and the paths of duplicated keys.
#[derive(Debug, Default)]
pub struct Decoded {
    pub value: Value,
    /// FVL-02 texts: `duplicate field "<path>"` (JSON) or `line <n>: key "<k>" already set in map` (YAML).
    pub duplicates: Vec<String>,
}

/// Why a body could not be decoded; the text is the decoder's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError(pub String);

/// `serde_json::from_slice`, reading bytes that are UTF-8 as text: serde_json then checks the
/// whole input once instead of each string it reads. Other bytes are an error: the one skipping
/// them as JSON finds, else the UTF-8 error. Typed values are decoded from text only: a second
/// reader would be a second copy of every Kubernetes type's decoder in the wasm.
pub fn from_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> serde_json::Result<T> {
    match std::str::from_utf8(bytes) {
        Ok(text) => serde_json::from_str(text),
        Err(utf8) => Err(serde_json::from_slice::<serde::de::IgnoredAny>(bytes)
            .err()
            .unwrap_or_else(|| serde::de::Error::custom(utf8))),
    }
}

/// A typed value from a JSON value, decoded from its text: the Kubernetes types' decoders are
/// compiled for text input only (a second set, for `Value` input, would be the largest part of
/// the wasm). The message is serde_json's without a position in the text, as decoding the value
/// itself words it.
pub fn from_value<T: serde::de::DeserializeOwned>(v: &Value) -> Result<T, String> {
    let text = serde_json::to_string(v).map_err(|e| e.to_string())?;
    serde_json::from_str(&text).map_err(|e| {
        let msg = e.to_string();
        let at = format!(" at line {} column {}", e.line(), e.column());
        match msg.strip_suffix(&at) {
            Some(m) if e.line() > 0 => m.to_string(),
            _ => msg,
        }
    })
}

/// Is the media type YAML?
pub fn is_yaml(media: Option<&str>) -> bool {
    matches!(media, Some("application/yaml") | Some("application/apply-patch+yaml") | Some("text/yaml"))
}

/// Decodes a JSON or YAML body into a value. JSON nesting is bounded by serde_json's recursion
/// limit (128), YAML by serde_yaml's, so hostile input cannot exhaust the (wasm) stack.
pub fn decode(bytes: &[u8], yaml: bool) -> Result<Decoded, DecodeError> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if yaml && first != Some(&b'{') && first != Some(&b'[') {
        return decode_yaml(bytes);
    }
    match decode_json(bytes) {
        Ok(d) => Ok(d),
        // JSON is a subset of YAML: a YAML body that starts with a brace still parses here.
        Err(e) if yaml => decode_yaml(bytes).map_err(|_| e),
        Err(e) => Err(e),
    }
}

/// Decodes JSON, recording duplicate keys with their paths.
pub fn decode_json(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let dups = RefCell::new(Vec::new());
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value =
        ValueSeed { at: Step::Root, dups: &dups }.deserialize(&mut de).map_err(|e| DecodeError(e.to_string()))?;
    de.end().map_err(|e| DecodeError(e.to_string()))?;
    let duplicates = dups.into_inner().into_iter().map(|p| format!("duplicate field \"{p}\"")).collect();
    Ok(Decoded { value, duplicates })
}

/// How much work the YAML scanner may be given, as (possible flow-collection starts) × (bytes).
/// libyaml re-checks every open flow collection for each token, so `[[[[…` costs time quadratic
/// in its depth (a 200 KB body: minutes); real manifests stay orders of magnitude below this.
pub const YAML_FLOW_BUDGET: usize = 200_000_000;

/// Every `[` or `{` that could open a flow collection: all of them but those inside a word or
/// right after a quote or a closing bracket. An upper bound on the scanner's nesting.
fn flow_openers(bytes: &[u8]) -> usize {
    let mut prev = b'\n';
    let mut n = 0;
    for &b in bytes {
        let inside_word = prev.is_ascii_alphanumeric() || matches!(prev, b'"' | b'\'' | b']' | b'}' | b'_' | b'.');
        if matches!(b, b'[' | b'{') && !inside_word {
            n += 1;
        }
        prev = b;
    }
    n
}

fn decode_yaml(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    let text = std::str::from_utf8(bytes).map_err(|e| DecodeError(e.to_string()))?;
    let openers = flow_openers(bytes);
    if openers.saturating_mul(bytes.len()) > YAML_FLOW_BUDGET {
        return Err(DecodeError(format!(
            "recursion limit exceeded: {openers} flow collections ('[' or '{{') in {} bytes",
            bytes.len()
        )));
    }
    match serde_yaml_ng::from_str::<Value>(text) {
        Ok(value) => Ok(Decoded { value, duplicates: Vec::new() }),
        Err(e) => Err(DecodeError(e.to_string())),
    }
}

/// Where a value sits, as a chain of parent links: the dotted path is only formatted for a
/// duplicate key, so decoding a body allocates nothing per key for it.
#[derive(Clone, Copy)]
enum Step<'a> {
    Root,
    Key(&'a Step<'a>, &'a str),
    Index(&'a Step<'a>, usize),
}

impl Step<'_> {
    fn render(&self, out: &mut String) {
        match *self {
            Step::Root => {}
            Step::Key(parent, key) => {
                parent.render(out);
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(key);
            }
            Step::Index(parent, i) => {
                parent.render(out);
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
        }
    }
}

struct ValueSeed<'a> {
    at: Step<'a>,
    dups: &'a RefCell<Vec<String>>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        loop {
            let at = Step::Index(&self.at, out.len());
            match seq.next_element_seed(ValueSeed { at, dups: self.dups })? {
                Some(v) => out.push(v),
                None => return Ok(Value::Array(out)),
            }
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(ValueSeed { at: Step::Key(&self.at, &key), dups: self.dups })?;
            match out.entry(key) {
                serde_json::map::Entry::Vacant(e) => {
                    e.insert(value);
                }
                serde_json::map::Entry::Occupied(mut e) => {
                    let mut path = String::new();
                    Step::Key(&self.at, e.key()).render(&mut path);
                    self.dups.borrow_mut().push(path);
                    e.insert(value);
                }
            }
        }
        Ok(Value::Object(out))
    }
}

/// Encodes a value for a response body.
pub fn encode(value: &Value, format: Format, pretty: bool) -> Vec<u8> {
    match format {
        Format::Yaml => serde_yaml_ng::to_string(value).unwrap_or_default().into_bytes(),
        Format::Json if pretty => serde_json::to_vec_pretty(value).unwrap_or_default(),
        Format::Json => {
            let mut out = serde_json::to_vec(value).unwrap_or_default();
            out.push(b'\n');
            out
        }
    }
}

/// Encodes already-serialized compact JSON: reused as is when compact JSON is wanted.
pub fn encode_bytes(compact: &[u8], format: Format, pretty: bool) -> Vec<u8> {
    if format == Format::Json && !pretty {
        let mut out = Vec::with_capacity(compact.len() + 1);
        out.extend_from_slice(compact);
        out.push(b'\n');
        return out;
    }
    match serde_json::from_slice::<Value>(compact) {
        Ok(v) => encode(&v, format, pretty),
        Err(_) => compact.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_json_reads_text_and_refuses_bad_bytes() {
        let v: Value = from_json(br#"{"a":"\u00e9\n","b":[1]}"#).unwrap();
        assert_eq!(v["a"], "\u{e9}\n");
        assert!(from_json::<Value>(b"{\"a\":\"\xff\"}").is_err());
        assert!(from_json::<Value>(b"{\"a\":").is_err());
    }

    #[test]
    fn fvl_02_duplicate_json_keys_are_reported_with_paths() {
        let d = decode_json(br#"{"spec":{"parallelism":1,"parallelism":2},"a":[{"b":1,"b":2}]}"#).unwrap();
        assert_eq!(d.duplicates, vec!["duplicate field \"spec.parallelism\"", "duplicate field \"a[0].b\""]);
        assert_eq!(d.value["spec"]["parallelism"], 2);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let body = "[".repeat(100_000);
        assert!(decode_json(body.as_bytes()).is_err());
        let yaml = "a:\n".to_string() + &"- ".repeat(10_000) + "x";
        assert!(decode(yaml.as_bytes(), true).is_err());
    }

    #[test]
    fn gen_02_compact_has_newline_pretty_has_none() {
        let v = serde_json::json!({"a":1});
        assert_eq!(encode(&v, Format::Json, false), b"{\"a\":1}\n");
        assert_eq!(encode(&v, Format::Json, true), b"{\n  \"a\": 1\n}");
    }

    #[test]
    fn yaml_bodies_decode() {
        let d = decode(b"metadata:\n  name: x\nspec:\n  parallelism: 2\n", true).unwrap();
        assert_eq!(d.value["spec"]["parallelism"], 2);
    }
}
