//! Content negotiation: which media type and object transform a response uses (GEN-03, GEN-07..09, TBL-01).

use super::request::Request;
use super::status::{Reason, Status};

/// The serialization of a response body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
}

impl Format {
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Yaml => "application/yaml",
        }
    }
}

/// A server-side transform asked for with `as=…;g=meta.k8s.io;v=…` (TBL-*).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Transform {
    None,
    /// `as=Table`, with the meta.k8s.io version asked for.
    Table(&'static str),
    PartialObjectMetadata(&'static str),
    PartialObjectMetadataList(&'static str),
    /// `as=APIGroupDiscoveryList;g=apidiscovery.k8s.io;v=v2` (DISC-04).
    Discovery,
}

/// The outcome of negotiating the Accept header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Negotiated {
    pub format: Format,
    pub transform: Transform,
    /// An Accept clause carried `pretty=1`.
    pub pretty: bool,
}

impl Default for Negotiated {
    fn default() -> Self {
        Negotiated { format: Format::Json, transform: Transform::None, pretty: false }
    }
}

/// The media types this server can write, for the 406 message (GEN-08).
pub const ACCEPTED: &str = "application/json, application/yaml";

/// One clause of an Accept header.
struct Clause<'a> {
    media: &'a str,
    params: Vec<(&'a str, &'a str)>,
}

impl<'a> Clause<'a> {
    fn param(&self, name: &str) -> Option<&'a str> {
        self.params.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| *v)
    }
}

fn clauses(accept: &str) -> Vec<Clause<'_>> {
    accept
        .split(',')
        .filter_map(|raw| {
            let mut parts = raw.split(';').map(str::trim);
            let media = parts.next().filter(|m| !m.is_empty())?;
            let params =
                parts.filter_map(|p| p.split_once('=')).map(|(k, v)| (k.trim(), v.trim().trim_matches('"'))).collect();
            Some(Clause { media, params })
        })
        .collect()
}

/// Picks the first acceptable clause of `Accept`. `transforms` says whether Table/metadata
/// transforms may be served on this endpoint; `discovery` whether aggregated discovery may.
pub fn negotiate(req: &Request, transforms: bool, discovery: bool) -> Result<Negotiated, Status> {
    let accept = match req.header("accept").map(str::trim) {
        None | Some("") => return Ok(Negotiated::default()),
        Some(a) => a,
    };
    for clause in clauses(accept) {
        let format = match clause.media.to_ascii_lowercase().as_str() {
            "*/*" | "application/*" | "application/json" => Format::Json,
            "application/yaml" => Format::Yaml,
            _ => continue,
        };
        let pretty = clause.param("pretty").is_some_and(|v| v == "1");
        let transform = match clause.param("as") {
            None => Transform::None,
            Some(as_) => {
                let (g, v) = (clause.param("g").unwrap_or(""), clause.param("v").unwrap_or(""));
                if discovery && g == "apidiscovery.k8s.io" && v == "v2" && as_ == "APIGroupDiscoveryList" {
                    Transform::Discovery
                } else if !transforms || g != "meta.k8s.io" {
                    continue;
                } else {
                    let version = match v {
                        "v1" => "v1",
                        "v1beta1" => "v1beta1",
                        _ => continue,
                    };
                    match as_ {
                        "Table" => Transform::Table(version),
                        "PartialObjectMetadata" => Transform::PartialObjectMetadata(version),
                        "PartialObjectMetadataList" => Transform::PartialObjectMetadataList(version),
                        _ => continue,
                    }
                }
            }
        };
        return Ok(Negotiated { format, transform, pretty });
    }
    Err(not_acceptable(ACCEPTED))
}

/// A 406 listing what can be served.
pub fn not_acceptable(accepted: &str) -> Status {
    Status::new(Reason::NotAcceptable, format!("only the following media types are accepted: {accepted}"))
}

/// The request body's media type, without parameters, lower-cased; `None` when absent.
pub fn content_type(req: &Request) -> Option<String> {
    let ct = req.header("content-type")?;
    let media = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    (!media.is_empty()).then_some(media)
}

/// GEN-03: whether the body is pretty-printed.
pub fn pretty(req: &Request, negotiated: &Negotiated) -> bool {
    if negotiated.pretty {
        return true;
    }
    match req.query().get("pretty") {
        Some(v) if !v.is_empty() => matches!(v, "1" | "t" | "T" | "TRUE" | "true" | "True"),
        _ => {
            let ua = req.header("user-agent").unwrap_or("");
            ua.starts_with("curl") || ua.starts_with("Wget") || ua.starts_with("Mozilla/5.0")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(a: &str) -> Request {
        Request::get("/").with_header("Accept", a)
    }

    #[test]
    fn gen_08_accept_negotiation() {
        assert_eq!(negotiate(&Request::get("/"), true, false).unwrap().format, Format::Json);
        assert_eq!(negotiate(&accept("*/*"), true, false).unwrap().format, Format::Json);
        assert_eq!(negotiate(&accept("application/yaml"), true, false).unwrap().format, Format::Yaml);
        assert_eq!(negotiate(&accept("application/*"), true, false).unwrap().format, Format::Json);
        let err = negotiate(&accept("text/html"), true, false).unwrap_err();
        assert_eq!(err.code, 406);
        assert_eq!(err.message, "only the following media types are accepted: application/json, application/yaml");
    }

    #[test]
    fn gen_09_table_clause_and_fallback() {
        let kubectl = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";
        assert_eq!(negotiate(&accept(kubectl), true, false).unwrap().transform, Transform::Table("v1"));
        assert_eq!(negotiate(&accept(kubectl), false, false).unwrap().transform, Transform::None);
        assert!(negotiate(&accept("application/json;as=Foo;v=v1;g=meta.k8s.io"), true, false).is_err());
    }

    #[test]
    fn gen_03_pretty_rules() {
        let n = Negotiated::default();
        assert!(pretty(&Request::get("/?pretty=true"), &n));
        assert!(!pretty(&Request::get("/?pretty=false").with_header("User-Agent", "curl/8"), &n));
        assert!(pretty(&Request::get("/").with_header("User-Agent", "curl/8"), &n));
        assert!(pretty(&Request::get("/").with_header("User-Agent", "Mozilla/5.0 (X11)"), &n));
        assert!(!pretty(&Request::get("/?pretty=yes").with_header("User-Agent", "curl/8"), &n));
        assert!(!pretty(&Request::get("/").with_header("User-Agent", "kubectl/v1.35"), &n));
    }
}
