//! An HTTP request as plain values: what every front door (Rust, JS, `serve`, the playground) hands the core.

/// A request to the API: method, path with its query string, headers and body bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The path including the query string, e.g. `/apis/batch/v1/namespaces/default/jobs?limit=5`.
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn new(method: impl Into<String>, path: impl Into<String>) -> Self {
        Request { method: method.into(), path: path.into(), headers: Vec::new(), body: Vec::new() }
    }
    pub fn get(path: impl Into<String>) -> Self {
        Request::new("GET", path)
    }
    pub fn post(path: impl Into<String>, body: impl Into<Vec<u8>>) -> Self {
        Request::new("POST", path).with_body(body)
    }
    pub fn put(path: impl Into<String>, body: impl Into<Vec<u8>>) -> Self {
        Request::new("PUT", path).with_body(body)
    }
    /// A PATCH with its Content-Type (the patch type).
    pub fn patch(path: impl Into<String>, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Request::new("PATCH", path).with_header("Content-Type", content_type).with_body(body)
    }
    pub fn delete(path: impl Into<String>) -> Self {
        Request::new("DELETE", path)
    }
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
    pub fn with_body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }
    /// The first header with this name, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    /// The path without its query string.
    pub fn path_only(&self) -> &str {
        self.path.split_once('?').map_or(self.path.as_str(), |(p, _)| p)
    }
    /// The decoded query parameters.
    pub fn query(&self) -> Query {
        Query::parse(self.path.split_once('?').map_or("", |(_, q)| q))
    }
}

/// Decoded query parameters in their order; repeated keys are kept (`dryRun=All&dryRun=All`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query(pub Vec<(String, String)>);

impl Query {
    pub fn parse(raw: &str) -> Self {
        Query(form_urlencoded::parse(raw.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
    }
    /// The first value of a parameter.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
    /// Every value of a parameter.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.0.iter().filter(|(k, _)| k == name).map(|(_, v)| v.as_str()).collect()
    }
    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }
    /// A boolean parameter as GEN-12 reads it: present and not `0`/`false` means true.
    pub fn flag(&self, name: &str) -> Option<bool> {
        self.get(name).map(|v| !(v == "0" || v.eq_ignore_ascii_case("false")))
    }
}
