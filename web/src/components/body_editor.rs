//! The body editor: monospace with line numbers, parse errors at their line and column, a JSON/YAML
//! switch and the ready examples that fit the endpoint.

use crate::app::use_ctx;
use crate::catalogue::BodyKind;
use crate::dom;
use crate::examples::{self, APPLY_PATCH, JSON, JSON_PATCH, MERGE_PATCH, STRATEGIC_PATCH, YAML};
use crate::form::{Problem, RequestForm, Severity};
use crate::state::Action;
use yew::prelude::*;

/// Props of [`BodyEditor`].
#[derive(Properties, PartialEq)]
pub struct Props {
    pub form: RequestForm,
    pub target: crate::api::Target,
    /// The problems found in the body.
    pub problems: Vec<Problem>,
}

/// The body editor.
#[function_component(BodyEditor)]
pub fn body_editor(p: &Props) -> Html {
    let ctx = use_ctx();
    let Some(ctx) = ctx else { return html! {} };
    let form = &p.form;
    let kind = form.endpoint().body;
    let yaml = form.body_is_yaml();
    let parsed = form.parse_body();
    let error_line = parsed.as_ref().err().map(|e| e.line);

    let on_input = {
        let d = ctx.dispatch.clone();
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let mut f = form.clone();
            f.body = dom::event_value(&e);
            d.dispatch(Action::SetForm(f));
        })
    };
    let on_example = {
        let d = ctx.dispatch.clone();
        let form = form.clone();
        Callback::from(move |e: Event| {
            let id = dom::event_value(&e);
            let mut f = form.clone();
            if id == "-empty" {
                f.body.clear();
            } else if let Some(x) = examples::example(&id) {
                f.body = x.text.to_string();
                f.content_type = x.content_type.to_string();
            } else {
                return;
            }
            d.dispatch(Action::SetForm(f));
        })
    };
    let ct = form.content_type.split(';').next().unwrap_or("").trim().to_string();
    let json_only = matches!(ct.as_str(), JSON_PATCH | MERGE_PATCH | STRATEGIC_PATCH);
    let to_yaml = {
        let value = parsed.clone().ok().flatten();
        let ct = ct.clone();
        let (d, form) = (ctx.dispatch.clone(), form.clone());
        Callback::from(move |_: MouseEvent| {
            let mut f = form.clone();
            if let Some(v) = &value {
                f.body = serde_yaml_ng::to_string(v).unwrap_or_default();
            }
            if ct != APPLY_PATCH {
                f.content_type = YAML.into();
            }
            d.dispatch(Action::SetForm(f));
        })
    };
    let to_json = {
        let value = parsed.clone().ok().flatten();
        let ct = ct.clone();
        let (d, form) = (ctx.dispatch.clone(), form.clone());
        Callback::from(move |_: MouseEvent| {
            let mut f = form.clone();
            if let Some(v) = &value {
                f.body = serde_json::to_string_pretty(v).unwrap_or_default();
            }
            if ct == YAML || ct.is_empty() {
                f.content_type = JSON.into();
            }
            d.dispatch(Action::SetForm(f));
        })
    };
    let format_body = {
        let value = parsed.clone().ok().flatten();
        let (d, form) = (ctx.dispatch.clone(), form.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(v) = &value {
                let mut f = form.clone();
                f.body = if f.body_is_yaml() {
                    serde_yaml_ng::to_string(v).unwrap_or_default()
                } else {
                    serde_json::to_string_pretty(v).unwrap_or_default()
                };
                d.dispatch(Action::SetForm(f));
            }
        })
    };

    let load_current = {
        let (h, d, form, target) = (ctx.handle.clone(), ctx.dispatch.clone(), form.clone(), p.target.clone());
        Callback::from(move |_: MouseEvent| crate::actions::load_current(&h, &d, &form, &target))
    };
    let can_load = form.custom.is_none()
        && form.endpoint().has_name()
        && form.endpoint().method != crate::catalogue::Method::Delete;
    let mut fitting: Vec<&examples::Example> = examples::for_kind(kind).collect();
    if kind == BodyKind::Job && form.endpoint().id == "jobs-status-replace" {
        fitting.retain(|x| x.id == "hello");
    }
    let current_example = fitting.iter().find(|x| x.text == form.body).map(|x| x.id).unwrap_or("");
    let note = fitting.iter().find(|x| x.id == current_example).map(|x| x.note);

    let lines = form.body.split('\n').count().max(1);
    let gutter: Html = (1..=lines)
        .map(|n| {
            if Some(n) == error_line {
                html! { <span class="err" title="parse error on this line">{ n }{ "\n" }</span> }
            } else {
                html! { <span>{ n }{ "\n" }</span> }
            }
        })
        .collect();
    let rows = (lines + 1).clamp(8, 26).to_string();
    let has_errors = p.problems.iter().any(|p| p.severity == Severity::Error);

    html! {
        <div class="body-box">
            <div class="body-tools">
                if !fitting.is_empty() {
                    <label for="example">{ "Example" }</label>
                    <select id="example" onchange={on_example}>
                        <option value="" selected={current_example.is_empty()} disabled=true>{ "choose…" }</option>
                        if kind == BodyKind::DeleteOptions {
                            <option value="-empty">{ "(no body: options from the query)" }</option>
                        }
                        { for fitting.iter().map(|x| html! {
                            <option value={x.id} selected={x.id == current_example}>{ x.title }</option>
                        }) }
                    </select>
                }
                <span class="format" role="group" aria-label="Body format">
                    <button type="button" class={classes!("toggle", (!yaml).then_some("on"))} aria-pressed={(!yaml).to_string()}
                        onclick={to_json} disabled={parsed.is_err()}
                        title="Convert the body to JSON">{ "JSON" }</button>
                    <button type="button" class={classes!("toggle", yaml.then_some("on"))} aria-pressed={yaml.to_string()}
                        onclick={to_yaml} disabled={parsed.is_err() || json_only}
                        title={if json_only { "This patch type must be JSON" } else { "Convert the body to YAML" }}>{ "YAML" }</button>
                </span>
                <button type="button" class="small" onclick={format_body} disabled={parsed.is_err()}>{ "Format" }</button>
                if can_load {
                    <button type="button" class="small" onclick={load_current} title="Read the object at this path into the editor">
                        { "Load current object" }
                    </button>
                }
            </div>
            if let Some(n) = note {
                <p class="help">{ n }</p>
            }
            <div class={classes!("code-editor", has_errors.then_some("invalid"))}>
                <pre id="gutter" class="gutter" aria-hidden="true">{ gutter }</pre>
                <label class="visually-hidden" for="body">{ "Request body" }</label>
                <textarea id="body" value={form.body.clone()} oninput={on_input} spellcheck="false" wrap="off"
                    rows={rows} autocomplete="off" aria-invalid={has_errors.to_string()} aria-describedby="body-problems"
                    onscroll={Callback::from(|e: Event| dom::sync_scroll(&e, "gutter"))} />
            </div>
            <ul class="problems" id="body-problems">
                { for p.problems.iter().map(|p| html! {
                    <li class={classes!("problem", if p.severity == Severity::Error { "error" } else { "note" })}>{ &p.message }</li>
                }) }
            </ul>
        </div>
    }
}
