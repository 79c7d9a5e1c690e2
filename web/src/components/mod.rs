//! One component per file.

pub mod body_editor;
pub mod clock_controls;
pub mod endpoint_picker;
pub mod history;
pub mod jobs_board;
pub mod lessons;
pub mod request_editor;
pub mod response_view;
pub mod target_switch;
pub mod toolbar;
pub mod watch_feed;

use crate::catalogue::Method;
use yew::prelude::*;

/// A coloured method badge.
pub fn method_badge(m: &str) -> Html {
    let class = match crate::catalogue::Method::parse(m) {
        Some(Method::Get) => "get",
        Some(Method::Post) => "post",
        Some(Method::Put) => "put",
        Some(Method::Patch) => "patch",
        Some(Method::Delete) => "delete",
        None => "other",
    };
    html! { <span class={classes!("method", class)}>{ m.to_string() }</span> }
}

/// The reason phrase of an HTTP status code.
pub fn reason_phrase(code: u16) -> &'static str {
    match code {
        0 => "No response",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        409 => "Conflict",
        410 => "Gone",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// A status code badge (`201 Created`), coloured by class.
pub fn status_badge(code: u16) -> Html {
    let class = match code {
        200..=299 => "ok",
        400..=499 => "client-err",
        _ => "server-err",
    };
    html! { <span class={classes!("code", class)}>{ format!("{code} {}", reason_phrase(code)) }</span> }
}

/// Text with `backticked` parts shown as code.
pub fn rich(text: &str) -> Html {
    text.split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                html! { <code>{ part.to_string() }</code> }
            } else {
                html! { { part.to_string() } }
            }
        })
        .collect()
}
