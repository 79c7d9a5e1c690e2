//! `metav1.Status`: the one error type of the server (ERR-01..05). Every failure a handler can
//! produce is a `Status`; `Reason::code` is the HTTP status code it travels with.

use crate::field::FieldError;
use serde::Serialize;

/// The `reason` of a Status. `Unknown` renders without a reason (a bare 500, CRE-07).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reason {
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    NotAcceptable,
    AlreadyExists,
    Conflict,
    Expired,
    RequestEntityTooLarge,
    UnsupportedMediaType,
    Invalid,
    TooManyRequests,
    InternalError,
    Timeout,
    Unknown,
}

impl Reason {
    /// The HTTP status code that goes with the reason.
    pub fn code(self) -> u16 {
        match self {
            Reason::BadRequest => 400,
            Reason::Unauthorized => 401,
            Reason::Forbidden => 403,
            Reason::NotFound => 404,
            Reason::MethodNotAllowed => 405,
            Reason::NotAcceptable => 406,
            Reason::AlreadyExists | Reason::Conflict => 409,
            Reason::Expired => 410,
            Reason::RequestEntityTooLarge => 413,
            Reason::UnsupportedMediaType => 415,
            Reason::Invalid => 422,
            Reason::TooManyRequests => 429,
            Reason::InternalError | Reason::Unknown => 500,
            Reason::Timeout => 504,
        }
    }

    /// The wire text, or `None` for a reason-less Status.
    pub fn as_str(self) -> Option<&'static str> {
        Some(match self {
            Reason::BadRequest => "BadRequest",
            Reason::Unauthorized => "Unauthorized",
            Reason::Forbidden => "Forbidden",
            Reason::NotFound => "NotFound",
            Reason::MethodNotAllowed => "MethodNotAllowed",
            Reason::NotAcceptable => "NotAcceptable",
            Reason::AlreadyExists => "AlreadyExists",
            Reason::Conflict => "Conflict",
            Reason::Expired => "Expired",
            Reason::RequestEntityTooLarge => "RequestEntityTooLarge",
            Reason::UnsupportedMediaType => "UnsupportedMediaType",
            Reason::Invalid => "Invalid",
            Reason::TooManyRequests => "TooManyRequests",
            Reason::InternalError => "InternalError",
            Reason::Timeout => "Timeout",
            Reason::Unknown => return None,
        })
    }
}

/// A group and resource, e.g. `jobs.batch` or `namespaces`: how the apiserver names things in messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GroupResource {
    pub group: &'static str,
    pub resource: &'static str,
}

impl std::fmt::Display for GroupResource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.group.is_empty() {
            f.write_str(self.resource)
        } else {
            write!(f, "{}.{}", self.resource, self.group)
        }
    }
}

/// One entry of `details.causes`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cause {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub reason: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub message: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub field: String,
}

/// `details` of a Status, keys in the apiserver's order.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Details {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub group: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub kind: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub uid: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub causes: Vec<Cause>,
    #[serde(rename = "retryAfterSeconds", skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<i32>,
}

/// A Kubernetes `Status`, for failures and for the success Status of a delete (ERR-05).
#[derive(Clone, Debug, PartialEq)]
pub struct Status {
    pub success: bool,
    pub reason: Reason,
    pub code: u16,
    pub message: String,
    pub details: Option<Box<Details>>,
    /// `metadata.continue` (LST-09's 410 carries a fresh token).
    pub continue_token: Option<String>,
}

#[derive(Serialize)]
struct ListMeta<'a> {
    #[serde(rename = "continue", skip_serializing_if = "Option::is_none")]
    continue_token: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Wire<'a> {
    kind: &'static str,
    api_version: &'static str,
    metadata: ListMeta<'a>,
    status: &'static str,
    #[serde(skip_serializing_if = "str::is_empty")]
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    details: Option<&'a Details>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<u16>,
}

impl Status {
    /// A failure with a reason, its code and a message.
    pub fn new(reason: Reason, message: impl Into<String>) -> Self {
        Status {
            success: false,
            reason,
            code: reason.code(),
            message: message.into(),
            details: None,
            continue_token: None,
        }
    }

    pub fn with_details(mut self, details: Details) -> Self {
        self.details = Some(Box::new(details));
        self
    }

    /// The `Success` Status a delete returns when the object is gone (DEL-02).
    pub fn success(details: Details) -> Self {
        Status {
            success: true,
            reason: Reason::Unknown,
            code: 200,
            message: String::new(),
            details: Some(Box::new(details)),
            continue_token: None,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Status::new(Reason::BadRequest, message)
    }

    /// `<resource> "<name>" not found` (GET-02, PUT-01, DEL-12).
    pub fn not_found(gr: GroupResource, name: &str) -> Self {
        Status::new(Reason::NotFound, format!("{gr} \"{name}\" not found")).with_details(gr_details(gr, name))
    }

    /// `<resource> "<name>" already exists` (CRE-14).
    pub fn already_exists(gr: GroupResource, name: &str) -> Self {
        Status::new(Reason::AlreadyExists, format!("{gr} \"{name}\" already exists")).with_details(gr_details(gr, name))
    }

    /// `Operation cannot be fulfilled on <resource> "<name>": <why>` (PUT-02, PUT-05).
    pub fn conflict(gr: GroupResource, name: &str, why: &str) -> Self {
        Status::new(Reason::Conflict, format!("Operation cannot be fulfilled on {gr} \"{name}\": {why}"))
            .with_details(gr_details(gr, name))
    }

    /// The optimistic-concurrency conflict of PUT-02.
    pub fn modified_conflict(gr: GroupResource, name: &str) -> Self {
        Status::conflict(
            gr,
            name,
            "the object has been modified; please apply your changes to the latest version and try again",
        )
    }

    /// `<Kind>.<group> "<name>" is invalid: …` with every error as a cause (VAL-01).
    pub fn invalid(group: &str, kind: &str, name: &str, errors: &[FieldError]) -> Self {
        let qualified = if group.is_empty() { kind.to_string() } else { format!("{kind}.{group}") };
        let mut distinct: Vec<String> = Vec::new();
        for e in errors {
            let text = e.to_string();
            if !distinct.contains(&text) {
                distinct.push(text);
            }
        }
        let summary = match distinct.len() {
            1 => distinct.remove(0),
            _ => format!("[{}]", distinct.join(", ")),
        };
        let causes = errors
            .iter()
            .map(|e| Cause { reason: e.kind.reason().to_string(), message: e.body.clone(), field: e.field.clone() })
            .collect();
        Status::new(Reason::Invalid, format!("{qualified} \"{name}\" is invalid: {summary}")).with_details(Details {
            name: name.to_string(),
            group: group.to_string(),
            kind: kind.to_string(),
            causes,
            ..Details::default()
        })
    }

    /// A request-options error: `<Kind>.meta.k8s.io "" is invalid: …` (VAL-26).
    pub fn invalid_options(kind: &str, errors: &[FieldError]) -> Self {
        Status::invalid("meta.k8s.io", kind, "", errors)
    }

    /// GEN-15, unknown path under a served prefix.
    pub fn path_not_found() -> Self {
        Status::new(Reason::NotFound, "the server could not find the requested resource")
            .with_details(Details::default())
    }

    /// GEN-15, known path with a method it does not serve.
    pub fn method_not_allowed() -> Self {
        Status::new(Reason::MethodNotAllowed, "the server does not allow this method on the requested resource")
            .with_details(Details::default())
    }

    /// AUTH-01.
    pub fn unauthorized() -> Self {
        Status::new(Reason::Unauthorized, "Unauthorized")
    }

    /// GEN-14.
    pub fn too_large(limit: usize) -> Self {
        Status::new(Reason::RequestEntityTooLarge, format!("Request entity too large: limit is {limit}"))
    }

    /// A 500 without a reason (CRE-07, PUT-04).
    pub fn internal(message: impl Into<String>) -> Self {
        Status::new(Reason::Unknown, message)
    }

    /// The body bytes, compact JSON followed by `\n` (GEN-02).
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::to_value(self.wire()).unwrap_or(serde_json::Value::Null)
    }

    fn wire(&self) -> Wire<'_> {
        Wire {
            kind: "Status",
            api_version: "v1",
            metadata: ListMeta { continue_token: self.continue_token.as_deref() },
            status: if self.success { "Success" } else { "Failure" },
            message: &self.message,
            reason: if self.success { None } else { self.reason.as_str() },
            details: self.details.as_deref(),
            code: if self.success { None } else { Some(self.code) },
        }
    }
}

fn gr_details(gr: GroupResource, name: &str) -> Details {
    Details { name: name.to_string(), group: gr.group.to_string(), kind: gr.resource.to_string(), ..Details::default() }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}): {}", self.code, self.reason.as_str().unwrap_or(""), self.message)
    }
}

impl std::error::Error for Status {}

#[cfg(test)]
mod tests {
    use super::*;

    const JOBS: GroupResource = GroupResource { group: "batch", resource: "jobs" };

    #[test]
    fn err_01_key_order_and_details() {
        let s = Status::not_found(JOBS, "x");
        assert_eq!(
            serde_json::to_string(&s.to_value()).unwrap(),
            r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"jobs.batch \"x\" not found","reason":"NotFound","details":{"name":"x","group":"batch","kind":"jobs"},"code":404}"#
        );
    }

    #[test]
    fn err_05_success_status_has_no_code() {
        let s = Status::success(Details { name: "x".into(), uid: "u".into(), ..Details::default() });
        assert_eq!(
            serde_json::to_string(&s.to_value()).unwrap(),
            r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","details":{"name":"x","uid":"u"}}"#
        );
    }

    #[test]
    fn auth_01_unauthorized_body() {
        assert_eq!(
            serde_json::to_string(&Status::unauthorized().to_value()).unwrap(),
            r#"{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}"#
        );
    }

    #[test]
    fn gen_15_empty_details_are_rendered() {
        let v = Status::method_not_allowed().to_value();
        assert_eq!(v["details"], serde_json::json!({}));
        assert_eq!(v["code"], 405);
    }
}
