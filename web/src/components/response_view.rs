//! The answer: status line and reason, headers with warnings highlighted, the body as JSON or YAML,
//! Tables as HTML tables, and for writes a diff against the object's previous version.

use crate::app::use_ctx;
use crate::components::{method_badge, reason_phrase};
use crate::diff::{self, Line};
use crate::dom;
use crate::state::{Action, Exchange, Received};
use serde_json::Value;
use yew::prelude::*;

/// Props of [`ResponseView`].
#[derive(Properties, PartialEq)]
pub struct Props {
    pub exchange: Option<Exchange>,
    /// Show the body as YAML.
    pub yaml: bool,
    pub pending: bool,
}

/// The body parsed, whatever its format.
pub fn parse(r: &Received) -> Option<Value> {
    let ct = r.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case("content-type")).map_or("", |(_, v)| v.as_str());
    if ct.contains("yaml") {
        serde_yaml_ng::from_str(&r.body).ok()
    } else {
        serde_json::from_str(&r.body).ok()
    }
}

/// The text of a `Warning: 299 - "…"` header.
pub fn warning_text(h: &str) -> String {
    match h.strip_prefix("299 - \"").and_then(|r| r.strip_suffix('"')) {
        Some(inner) => inner.replace("\\\"", "\"").replace("\\\\", "\\"),
        None => h.to_string(),
    }
}

fn table_view(v: &Value, wide: bool) -> Html {
    let cols: Vec<&Value> = v["columnDefinitions"].as_array().map(|c| c.iter().collect()).unwrap_or_default();
    let show: Vec<usize> =
        (0..cols.len()).filter(|i| wide || cols[*i]["priority"].as_i64().unwrap_or(0) == 0).collect();
    let rows = v["rows"].as_array().cloned().unwrap_or_default();
    html! {
        <div class="table-wrap">
            <table class="k8s-table">
                <thead><tr>
                    { for show.iter().map(|i| html! {
                        <th scope="col" title={cols[*i]["description"].as_str().unwrap_or("").to_string()}>
                            { cols[*i]["name"].as_str().unwrap_or("").to_uppercase() }
                        </th>
                    }) }
                </tr></thead>
                <tbody>
                    if rows.is_empty() {
                        <tr><td colspan={show.len().max(1).to_string()} class="muted">{ "No resources found." }</td></tr>
                    }
                    { for rows.iter().map(|r| html! {
                        <tr>{ for show.iter().map(|i| {
                            let cell = &r["cells"][*i];
                            let text = match cell { Value::String(s) => s.clone(), Value::Null => String::new(), other => other.to_string() };
                            html! { <td>{ text }</td> }
                        }) }</tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

fn status_view(v: &Value) -> Html {
    let causes = v["details"]["causes"].as_array().cloned().unwrap_or_default();
    html! {
        <div class={classes!("status-object", if v["status"] == "Success" { "success" } else { "failure" })}>
            <p>
                <b>{ "Status" }</b>{ " " }
                <code>{ v["status"].as_str().unwrap_or("") }</code>
                if let Some(reason) = v["reason"].as_str() {
                    { " · reason " }<code class="reason">{ reason }</code>
                }
            </p>
            if let Some(m) = v["message"].as_str() {
                <p class="message">{ m }</p>
            }
            if !causes.is_empty() {
                <ul class="causes">
                    { for causes.iter().map(|c| html! {
                        <li>
                            if let Some(f) = c["field"].as_str() { <code>{ f }</code>{ ": " } }
                            { c["message"].as_str().unwrap_or("") }
                            if let Some(r) = c["reason"].as_str() { <span class="muted">{ format!(" ({r})") }</span> }
                        </li>
                    }) }
                </ul>
            }
        </div>
    }
}

fn diff_view(before: &str, after: &Value, status: u16) -> Html {
    let before_v: Value = serde_json::from_str(before).unwrap_or(Value::Null);
    let same_object =
        before_v["metadata"]["uid"].is_string() && before_v["metadata"]["uid"] == after["metadata"]["uid"];
    if after["kind"] == "Status" {
        if after["status"] == "Success" {
            return html! {
                <section class="diff" aria-label="Changes">
                    <h3>{ "Changes" }</h3>
                    <p class="help">{ "The object was removed from the store (a GET now answers 404)." }</p>
                </section>
            };
        }
        return html! {};
    }
    if !same_object || status >= 300 {
        return html! {};
    }
    let after_text = serde_json::to_string_pretty(after).unwrap_or_default();
    let Some(lines) = diff::diff(before, &after_text, 3) else {
        return html! { <p class="help">{ "The object is too large to diff." }</p> };
    };
    let dry = after["metadata"]["resourceVersion"] == before_v["metadata"]["resourceVersion"];
    html! {
        <section class="diff" aria-label="Changes">
            <h3>{ "Changes against the previous version" }</h3>
            if !diff::has_changes(&lines) {
                <p class="help">{ "Nothing changed: a write that changes nothing keeps the resourceVersion and sends no watch event." }</p>
            } else {
                if dry {
                    <p class="help">{ "The resourceVersion did not move: this was not stored (dry run)." }</p>
                }
                <pre class="diff-lines">
                    { for lines.iter().map(|l| match l {
                        Line::Same(t) => html! { <span class="same">{ format!("  {t}\n") }</span> },
                        Line::Added(t) => html! { <ins class="added">{ format!("+ {t}\n") }</ins> },
                        Line::Removed(t) => html! { <del class="removed">{ format!("- {t}\n") }</del> },
                        Line::Skipped(n) => html! { <span class="skipped">{ format!("  … {n} unchanged line{}\n", if *n == 1 { "" } else { "s" }) }</span> },
                    }) }
                </pre>
            }
        </section>
    }
}

/// The response view.
#[function_component(ResponseView)]
pub fn response_view(p: &Props) -> Html {
    let ctx = use_ctx();
    let wide = use_state(|| false);
    let Some(ctx) = ctx else { return html! {} };
    if p.pending {
        return html! { <p class="hint" id="waiting">{ "Waiting for the server…" }</p> };
    }
    let Some(ex) = &p.exchange else {
        return html! {
            <div class="hint">
                <p>{ "Pick an endpoint on the left (or a lesson), fill the form and press Send." }</p>
                <p>{ "The whole Kubernetes Job API runs inside this tab: nothing leaves your browser unless you switch the target." }</p>
            </div>
        };
    };
    let head = html! {
        <p class="sent">
            { method_badge(&ex.sent.method) }{ " " }<code class="path">{ &ex.sent.path }</code>
            <span class="muted">{ format!(" · {} · {}", ex.target.label(), ex.at) }</span>
        </p>
    };
    let r = match &ex.result {
        Ok(r) => r,
        Err(e) => {
            return html! {
                <div class="response">
                    { head }
                    <p id="status" class="status-line err">{ "No response" }</p>
                    <p class="problem error">{ format!("The request did not reach a server: {e}") }</p>
                </div>
            };
        }
    };
    let value = parse(r);
    let warnings: Vec<String> =
        r.headers.iter().filter(|(k, _)| k.eq_ignore_ascii_case("warning")).map(|(_, v)| warning_text(v)).collect();
    let is_table = value.as_ref().is_some_and(|v| v["kind"] == "Table");
    let is_status = value.as_ref().is_some_and(|v| v["kind"] == "Status");
    let shown = match (&value, p.yaml) {
        (Some(v), true) => serde_yaml_ng::to_string(v).unwrap_or_else(|_| r.body.clone()),
        (Some(v), false) => serde_json::to_string_pretty(v).unwrap_or_else(|_| r.body.clone()),
        (None, _) => r.body.clone(),
    };
    let set_yaml = |y: bool| {
        let d = ctx.dispatch.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(Action::SetYaml(y)))
    };
    let copy = {
        let (shown, d) = (shown.clone(), ctx.dispatch.clone());
        Callback::from(move |_: MouseEvent| {
            dom::copy(&shown);
            d.dispatch(Action::Notice(Some("Body copied.".into())));
        })
    };
    let toggle_wide = {
        let wide = wide.clone();
        Callback::from(move |_: MouseEvent| wide.set(!*wide))
    };
    let class = if r.status < 400 { "ok" } else { "err" };
    let r_status = r.status;
    html! {
        <div class="response">
            { head }
            <p id="status" class={classes!("status-line", class)}>
                { format!("{} {}", r.status, reason_phrase(r.status)) }
                if let Some(reason) = value.as_ref().and_then(|v| v["reason"].as_str()).filter(|r| {
                    is_status && !r.eq_ignore_ascii_case(&reason_phrase(r_status).replace(' ', ""))
                }) {
                    <span class="reason">{ format!(" · {reason}") }</span>
                }
            </p>
            if ex.watch {
                <p class="help">{ "This request opened a watch: its events are in the Watches tab." }</p>
            }
            if is_status {
                { status_view(value.as_ref().unwrap_or(&Value::Null)) }
            }
            if !warnings.is_empty() {
                <ul class="warnings" aria-label="Warnings">
                    { for warnings.iter().map(|w| html! { <li><b>{ "Warning: " }</b>{ w }</li> }) }
                </ul>
            }
            <details class="headers">
                <summary>{ format!("Headers ({})", r.headers.len()) }</summary>
                <ul>
                    { for r.headers.iter().map(|(k, v)| html! {
                        <li class={classes!(k.eq_ignore_ascii_case("warning").then_some("warning"))}>
                            <b>{ k }</b>{ ": " }{ v }
                        </li>
                    }) }
                </ul>
            </details>
            if let (Some(before), Some(after)) = (&ex.before, &value) {
                { diff_view(before, after, r.status) }
            }
            if is_table {
                <div class="table-tools">
                    <h3>{ "Table" }</h3>
                    <button type="button" class="small" aria-pressed={wide.to_string()} onclick={toggle_wide}>
                        { if *wide { "Hide wide columns" } else { "Show wide columns (-o wide)" } }
                    </button>
                </div>
                { table_view(value.as_ref().unwrap_or(&Value::Null), *wide) }
            }
            <div class="body-head">
                <h3>{ "Body" }</h3>
                <span class="format" role="group" aria-label="Show body as">
                    <button type="button" class={classes!("toggle", (!p.yaml).then_some("on"))} aria-pressed={(!p.yaml).to_string()}
                        onclick={set_yaml(false)}>{ "JSON" }</button>
                    <button type="button" class={classes!("toggle", p.yaml.then_some("on"))} aria-pressed={p.yaml.to_string()}
                        onclick={set_yaml(true)} disabled={value.is_none()}>{ "YAML" }</button>
                </span>
                <button type="button" class="small" onclick={copy}>{ "Copy" }</button>
                <span class="muted">{ format!("{} bytes", r.body.len()) }</span>
            </div>
            <pre id="response-body" class="body" tabindex="0" aria-label="Response body">{ shown }</pre>
        </div>
    }
}
