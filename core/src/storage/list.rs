//! Lists: the objects of one resource as of a resourceVersion (a consistent snapshot rebuilt from
//! the change log), and the continue tokens that page through it (LST-07..09).

use super::{Change, EventType, Key, ObjState, Revision};
use base64::Engine;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The objects of `resource` (in namespace `ns`, or all) as they were at `at` that `keep`
/// accepts, in key order. `current` is the live table. `None` when `at` is older than the
/// retained history. Filtering comes before copying, so a selective list copies only its matches.
pub fn snapshot<'a>(
    current: impl Iterator<Item = (&'a Key, &'a Arc<ObjState>)>,
    rev: &'a Revision,
    resource: &str,
    ns: Option<&str>,
    at: u64,
    keep: impl Fn(&Key, &ObjState) -> bool,
) -> Option<Vec<(&'a Key, Arc<ObjState>)>> {
    if at >= rev.current {
        return Some(current.filter(|(k, s)| keep(k, s)).map(|(k, s)| (k, s.clone())).collect());
    }
    if at < rev.oldest() {
        return None;
    }
    // The earliest change after `at` of each key tells what the key held at `at`.
    let mut earliest: BTreeMap<&Key, &Change> = BTreeMap::new();
    for c in rev.since(at).filter(|c| c.resource == resource && ns.is_none_or(|n| c.key.0 == n)) {
        earliest.entry(&c.key).or_insert(c);
    }
    let mut out: BTreeMap<&Key, Arc<ObjState>> =
        current.filter(|(k, s)| !earliest.contains_key(k) && keep(k, s)).map(|(k, s)| (k, s.clone())).collect();
    for (key, change) in earliest {
        let existed = change.kind != EventType::Added;
        if let (true, Some(prev)) = (existed, &change.prev) {
            if keep(key, prev) {
                out.insert(key, prev.clone());
            }
        }
    }
    Some(out.into_iter().collect())
}

/// The content of a continue token (LST-08).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Continue {
    pub rv: i64,
    /// The key of the last item returned, relative to the list prefix.
    pub start: String,
}

/// Encodes `{"v":"meta.k8s.io/v1","rv":<rv>,"start":"<start>\u0000"}` as unpadded base64url.
pub fn encode_continue(rv: i64, start: &str) -> String {
    let json = serde_json::json!({"v": "meta.k8s.io/v1", "rv": rv, "start": format!("{start}\u{0}")});
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json.to_string())
}

/// Decodes a continue token; the error is the apiserver's text after `invalid continue token: `.
pub fn decode_continue(token: &str) -> Result<Continue, String> {
    let invalid =
        || "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)".to_string();
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(token.trim_end_matches('='))
        .map_err(|e| format!("continue key is not valid: {e}"))?;
    let v: serde_json::Value = serde_json::from_slice(&raw).map_err(|e| format!("continue key is not valid: {e}"))?;
    if v.get("v").and_then(|x| x.as_str()) != Some("meta.k8s.io/v1") {
        return Err("continue key is not valid: server does not recognize this encoded key".into());
    }
    let rv = v.get("rv").and_then(|x| x.as_i64()).ok_or_else(invalid)?;
    let start = v.get("start").and_then(|x| x.as_str()).ok_or_else(invalid)?;
    if rv == 0 || start.is_empty() {
        return Err(invalid());
    }
    Ok(Continue { rv, start: start.trim_end_matches('\u{0}').to_string() })
}

/// The key of an item relative to the list prefix: `name` in a namespace, `ns/name` across all.
pub fn relative_key(key: &Key, all_namespaces: bool) -> String {
    if all_namespaces && !key.0.is_empty() {
        format!("{}/{}", key.0, key.1)
    } else {
        key.1.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lst_08_continue_token_round_trip() {
        let t = encode_continue(42, "pi");
        let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(&t).unwrap();
        assert_eq!(String::from_utf8(raw).unwrap(), "{\"v\":\"meta.k8s.io/v1\",\"rv\":42,\"start\":\"pi\\u0000\"}");
        assert_eq!(decode_continue(&t).unwrap(), Continue { rv: 42, start: "pi".into() });
        assert!(decode_continue("!!!").is_err());
        assert!(decode_continue(&base64::engine::general_purpose::URL_SAFE_NO_PAD.encode("{\"v\":\"x\"}")).is_err());
    }
}
