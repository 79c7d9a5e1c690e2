//! The OpenAPI v3 documents kubectl reads (`kubectl explain`, client- and server-side field
//! validation), generated at build time from k8s-openapi's schemas (build.rs) and served as they
//! are (DISC-06). The component schemas both documents carry (everything under PodSpec) are
//! stored once and the documents assembled when asked for.

/// A document as stored: its text before the component schemas, the schemas (indexes into the
/// shared pool, in order), the text after them, and the uppercase hex SHA-512 of the whole, which
/// is the `hash` of its URL and its ETag.
pub struct Doc {
    head: &'static str,
    schemas: &'static [usize],
    tail: &'static str,
    pub hash: &'static str,
}

include!(concat!(env!("OUT_DIR"), "/openapi_docs.rs"));

impl Doc {
    /// The document's text.
    pub fn text(&self) -> String {
        let size = self.head.len() + self.tail.len() + self.schemas.iter().map(|i| POOL[*i].len() + 1).sum::<usize>();
        let mut out = String::with_capacity(size + 1);
        out.push_str(self.head);
        out.push('{');
        for (n, i) in self.schemas.iter().enumerate() {
            if n > 0 {
                out.push(',');
            }
            out.push_str(POOL[*i]);
        }
        out.push('}');
        out.push_str(self.tail);
        out
    }
}

/// The document served at `/openapi/v3/<gv>`.
pub fn document(gv: &str) -> Option<&'static Doc> {
    match gv {
        "apis/batch/v1" => Some(&BATCH_V1),
        "api/v1" => Some(&CORE_V1),
        _ => None,
    }
}

/// `/openapi/v3`: where each group-version's document lives.
pub fn root() -> serde_json::Value {
    serde_json::json!({"paths": {
        "api/v1": {"serverRelativeURL": format!("/openapi/v3/api/v1?hash={}", CORE_V1.hash)},
        "apis/batch/v1": {"serverRelativeURL": format!("/openapi/v3/apis/batch/v1?hash={}", BATCH_V1.hash)},
    }})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disc_06_each_document_is_whole_json_under_its_hash() {
        use sha2::{Digest, Sha512};
        let hex_sha512 = |t: &str| Sha512::digest(t.as_bytes()).iter().map(|b| format!("{b:02X}")).collect::<String>();
        for doc in [&BATCH_V1, &CORE_V1] {
            let text = doc.text();
            let v: serde_json::Value = serde_json::from_str(&text).expect("the document is JSON");
            assert_eq!(v["openapi"], "3.0.0");
            assert!(v["components"]["schemas"]["io.k8s.api.core.v1.PodSpec"].is_object());
            assert_eq!(hex_sha512(&text), doc.hash);
        }
    }
}
