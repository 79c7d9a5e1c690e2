//! The request form, generated from the endpoint's declaration: path parameters, the query
//! parameters that verb accepts, headers and the body.

use crate::api::Target;
use crate::app::{send, use_ctx};
use crate::catalogue::{self, Method, ParamKind};
use crate::components::body_editor::BodyEditor;
use crate::components::{method_badge, reason_phrase};
use crate::dom;
use crate::form::{Problem, RequestForm, Severity, ACCEPTS, CONTENT_TYPES, USER_AGENT};
use crate::state::Action;
use yew::prelude::*;

/// Props of [`RequestEditor`].
#[derive(Properties, PartialEq)]
pub struct Props {
    pub form: RequestForm,
    pub target: Target,
    /// A remote request is on its way.
    pub pending: bool,
}

fn problem_list(problems: &[Problem], field: &str, id: &str) -> Html {
    let mine: Vec<&Problem> = problems.iter().filter(|p| p.field == field).collect();
    if mine.is_empty() {
        return html! {};
    }
    html! {
        <ul class="problems" id={id.to_string()}>
            { for mine.iter().map(|p| html! {
                <li class={classes!("problem", if p.severity == Severity::Error { "error" } else { "note" })}>
                    { &p.message }
                </li>
            }) }
        </ul>
    }
}

fn has_error(problems: &[Problem], field: &str) -> bool {
    problems.iter().any(|p| p.field == field && p.severity == Severity::Error)
}

/// The parts of the request, shown one at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    Query,
    Headers,
    Body,
}

impl Section {
    fn id(self) -> &'static str {
        match self {
            Section::Query => "query",
            Section::Headers => "headers",
            Section::Body => "body",
        }
    }
}

/// The request editor.
#[function_component(RequestEditor)]
pub fn request_editor(p: &Props) -> Html {
    let ctx = use_ctx();
    let section = use_state(|| None::<Section>);
    {
        let section = section.clone();
        use_effect_with(p.form.endpoint.clone(), move |_| section.set(None));
    }
    let Some(ctx) = ctx else { return html! {} };
    let form = &p.form;
    let e = form.endpoint();
    let problems = form.problems();
    let method = form.method();

    // One callback per text control: copy the form, change one field, dispatch.
    let edit = |change: fn(&mut RequestForm, String)| {
        let d = ctx.dispatch.clone();
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let mut f = form.clone();
            change(&mut f, dom::event_value(&e));
            d.dispatch(Action::SetForm(f));
        })
    };
    let select = |change: fn(&mut RequestForm, String)| {
        let d = ctx.dispatch.clone();
        let form = form.clone();
        Callback::from(move |e: Event| {
            let mut f = form.clone();
            change(&mut f, dom::event_value(&e));
            d.dispatch(Action::SetForm(f));
        })
    };
    let param_edit = |name: &'static str| {
        let d = ctx.dispatch.clone();
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let mut f = form.clone();
            f.set_param(name, &dom::event_value(&e));
            d.dispatch(Action::SetForm(f));
        })
    };
    let param_select = |name: &'static str| {
        let d = ctx.dispatch.clone();
        let form = form.clone();
        Callback::from(move |e: Event| {
            let mut f = form.clone();
            f.set_param(name, &dom::event_value(&e));
            d.dispatch(Action::SetForm(f));
        })
    };

    let on_send = {
        let (ctx, form, target) = (ctx.clone(), form.clone(), p.target.clone());
        Callback::from(move |_: ()| {
            // A path typed into the URL field and sent with Enter may not have reached the form yet.
            let typed = dom::value_of("url").map(|v| v.trim().to_string());
            match typed.filter(|t| !t.is_empty() && *t != form.path_and_query()) {
                Some(text) => {
                    let f = from_url(&form, &text);
                    ctx.dispatch.dispatch(Action::SetForm(f.clone()));
                    send(&ctx, &target, &f);
                }
                None => send(&ctx, &target, &form),
            }
        })
    };
    let onsubmit = {
        let on_send = on_send.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            on_send.emit(());
        })
    };
    let onkeydown = {
        let on_send = on_send.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && (e.ctrl_key() || e.meta_key()) {
                e.prevent_default();
                on_send.emit(());
            }
        })
    };
    let on_url = {
        let d = ctx.dispatch.clone();
        let form = form.clone();
        Callback::from(move |e: Event| {
            let text = dom::event_value(&e).trim().to_string();
            d.dispatch(Action::SetForm(from_url(&form, &text)));
        })
    };
    let on_method = select(|f, v| {
        if let Some(m) = Method::parse(&v) {
            let path = f.path_and_query();
            f.custom = Some(path);
            f.custom_method = Some(m);
        }
    });
    let back_to_catalogue = {
        let d = ctx.dispatch.clone();
        let form = form.clone();
        Callback::from(move |_: MouseEvent| {
            let mut f = form.clone();
            f.custom = None;
            f.custom_method = None;
            d.dispatch(Action::SetForm(f));
        })
    };

    let params_html = |advanced: bool| -> Vec<Html> {
        e.params
            .iter()
            .filter_map(|name| catalogue::param(name))
            .filter(|prm| prm.advanced == advanced)
            .map(|prm| {
                let id = format!("param-{}", prm.name);
                let help_id = format!("{id}-help");
                let prob_id = format!("{id}-problems");
                let value = form.param(prm.name).to_string();
                let invalid = has_error(&problems, prm.name);
                let control = match prm.kind {
                    ParamKind::Bool => html! {
                        <select id={id.clone()} onchange={param_select(prm.name)} aria-describedby={help_id.clone()}
                            aria-invalid={invalid.to_string()}>
                            { for [("", "(not set)"), ("true", "true"), ("false", "false")].iter().map(|(v, l)| html! {
                                <option value={*v} selected={value == *v}>{ *l }</option>
                            }) }
                            if !matches!(value.as_str(), "" | "true" | "false") {
                                <option value={value.clone()} selected=true>{ value.clone() }</option>
                            }
                        </select>
                    },
                    ParamKind::Enum(values) => {
                        let list = format!("{id}-values");
                        html! {
                            <>
                                <input id={id.clone()} list={list.clone()} value={value.clone()} oninput={param_edit(prm.name)}
                                    placeholder={values.join(" | ")} aria-describedby={help_id.clone()}
                                    aria-invalid={invalid.to_string()} autocomplete="off" spellcheck="false" />
                                <datalist id={list}>
                                    { for values.iter().map(|v| html! { <option value={*v} /> }) }
                                </datalist>
                            </>
                        }
                    }
                    ParamKind::Int => html! {
                        <input id={id.clone()} inputmode="numeric" value={value.clone()} oninput={param_edit(prm.name)}
                            aria-describedby={help_id.clone()} aria-invalid={invalid.to_string()} autocomplete="off" />
                    },
                    _ => html! {
                        <input id={id.clone()} value={value.clone()} oninput={param_edit(prm.name)}
                            aria-describedby={help_id.clone()} aria-invalid={invalid.to_string()}
                            autocomplete="off" spellcheck="false"
                            placeholder={match prm.kind {
                                ParamKind::LabelSelector => "app=web,tier in (a,b)",
                                ParamKind::FieldSelector => "metadata.name=hello",
                                ParamKind::ResourceVersion => "e.g. 42",
                                _ => "",
                            }} />
                    },
                };
                html! {
                    <div class={classes!("field", (!value.is_empty()).then_some("set"))}>
                        <label for={id.clone()}><code>{ prm.name }</code></label>
                        { control }
                        <p class="help" id={help_id}>{ prm.help }</p>
                        { problem_list(&problems, prm.name, &prob_id) }
                    </div>
                }
            })
            .collect()
    };
    let main_params = params_html(false);
    let more_params = params_html(true);
    let advanced_set = e
        .params
        .iter()
        .filter_map(|n| catalogue::param(n))
        .filter(|prm| prm.advanced && !form.param(prm.name).is_empty())
        .count();

    let accept_known = ACCEPTS.iter().any(|(v, _)| *v == form.accept);
    let count_errors = |fields: &dyn Fn(&str) -> bool| {
        problems.iter().filter(|p| p.severity == Severity::Error && fields(&p.field)).count()
    };
    let query_errors = count_errors(&|f| catalogue::param(f).is_some());
    let header_errors = count_errors(&|f| f == "accept" || f == "content-type");
    let body_errors = count_errors(&|f| f == "body");
    let query_set = if form.custom.is_some() { 0 } else { form.query.iter().filter(|(k, _)| e.accepts(k)).count() };
    let headers_set = [!form.accept.is_empty(), !form.token.is_empty()].iter().filter(|b| **b).count();
    let mut sections = vec![
        (
            Section::Query,
            if query_set > 0 { format!("Query ({query_set})") } else { "Query".to_string() },
            query_errors,
        ),
        (
            Section::Headers,
            if headers_set > 0 { format!("Headers ({headers_set})") } else { "Headers".to_string() },
            header_errors,
        ),
    ];
    if method.has_body() {
        sections.push((Section::Body, "Body".to_string(), body_errors));
    }
    let default_section =
        if method.has_body() && e.body != catalogue::BodyKind::DeleteOptions { Section::Body } else { Section::Query };
    let current = section.filter(|s| sections.iter().any(|(x, _, _)| x == s)).unwrap_or(default_section);
    let errors = problems.iter().filter(|p| p.severity == Severity::Error).count();
    let in_tab = p.target == Target::InTab;
    let watch = form.is_watch();

    html! {
        <form class="editor" {onsubmit} {onkeydown} aria-label="Request editor">
            <div class="endpoint-head">
                if let Some(custom) = &form.custom {
                    <h2>{ "Custom request" }</h2>
                    <p class="summary">{ format!("{} {} is sent exactly as typed.", method.as_str(), custom) }</p>
                    <button type="button" class="link" onclick={back_to_catalogue}>{ "Back to the catalogue endpoint" }</button>
                } else {
                    <h2>
                        { e.title }
                        if e.deprecated { <span class="tag deprecated">{ "deprecated" }</span> }
                        if e.coming { <span class="tag coming">{ "coming" }</span> }
                    </h2>
                    <p class="summary">{ e.summary }</p>
                    if e.coming {
                        <p class="help">{ "Declared but not served by the in-tab server yet: expect 404 until it is." }</p>
                    }
                    <details class="responses">
                        <summary>{ "Possible responses" }</summary>
                        <ul>
                            { for e.responses.iter().map(|(code, what)| html! {
                                <li><b>{ format!("{code} {}", reason_phrase(*code)) }</b>{ " — " }{ *what }</li>
                            }) }
                        </ul>
                    </details>
                }
            </div>

            <div class="request-line">
                if form.custom.is_some() {
                    <label class="visually-hidden" for="method">{ "Method" }</label>
                    <select id="method" onchange={on_method}>
                        { for Method::ALL.iter().map(|m| html! {
                            <option value={m.as_str()} selected={*m == method}>{ m.as_str() }</option>
                        }) }
                    </select>
                } else {
                    { method_badge(method.as_str()) }
                }
                <label class="visually-hidden" for="url">{ "Path and query" }</label>
                <input id="url" class="url" value={form.path_and_query()} onchange={on_url} spellcheck="false"
                    autocomplete="off" aria-describedby="url-problems" />
                <button id="send" type="submit" class="send" disabled={p.pending}
                    aria-keyshortcuts="Control+Enter" title="Send (Ctrl+Enter)">
                    { if p.pending { "Sending…" } else { "Send" } }
                </button>
            </div>
            <p class="help request-note">
                { if watch { "Opens a watch: events stream into the Watches tab. " } else { "" } }
                { if in_tab { "Sent to the in-tab server." } else { "Sent to the remote server." } }
                { " Ctrl+Enter sends from anywhere in the form." }
            </p>
            { problem_list(&problems, "path", "url-problems") }

            if form.custom.is_none() && (e.has_namespace() || e.has_name()) {
                <div class="row path-params">
                    if e.has_namespace() {
                        <div class="field">
                            <label for="namespace">{ "namespace" }</label>
                            <input id="namespace" value={form.namespace.clone()} oninput={edit(|f, v| f.namespace = v)}
                                aria-invalid={has_error(&problems, "namespace").to_string()}
                                aria-describedby="namespace-problems" autocomplete="off" spellcheck="false" />
                            { problem_list(&problems, "namespace", "namespace-problems") }
                        </div>
                    }
                    if e.has_name() {
                        <div class="field">
                            <label for="name">{ "name" }</label>
                            <input id="name" value={form.name.clone()} oninput={edit(|f, v| f.name = v)}
                                aria-invalid={has_error(&problems, "name").to_string()}
                                aria-describedby="name-problems" autocomplete="off" spellcheck="false" />
                            { problem_list(&problems, "name", "name-problems") }
                        </div>
                    }
                </div>
            }

            <div class="tabs sub" role="tablist" aria-label="Request parts">
                { for sections.iter().map(|(sec, label, errs)| {
                    let selected = *sec == current;
                    let onclick = {
                        let (section, sec) = (section.clone(), *sec);
                        Callback::from(move |_: MouseEvent| section.set(Some(sec)))
                    };
                    html! {
                        <button type="button" role="tab" id={format!("part-{}", sec.id())} aria-selected={selected.to_string()}
                            aria-controls="part-panel" class={classes!("tab", selected.then_some("selected"))} {onclick}>
                            { label.clone() }
                            if *errs > 0 { <span class="badge err" title="problems here">{ format!("⚠ {errs}") }</span> }
                        </button>
                    }
                }) }
            </div>
            <div id="part-panel" role="tabpanel" aria-labelledby={format!("part-{}", current.id())}>
                { match current {
                    Section::Query => html! {
                        if form.custom.is_some() {
                            <p class="help">{ "A typed path is sent exactly as written, query string included." }</p>
                        } else if e.params.is_empty() {
                            <p class="help">{ "This endpoint takes no query parameters." }</p>
                        } else {
                            <div class="params">{ for main_params }</div>
                            if !more_params.is_empty() {
                                <details class="more" open={advanced_set > 0}>
                                    <summary>{ if advanced_set > 0 { format!("More options ({advanced_set} set)") } else { "More options".to_string() } }</summary>
                                    <div class="params">{ for more_params }</div>
                                </details>
                            }
                        }
                    },
                    Section::Headers => html! {
                        <div class="params">
                            <div class="field">
                                <label for="accept-preset">{ "Accept" }</label>
                                <select id="accept-preset" onchange={select(|f, v| f.accept = v)}>
                                    { for ACCEPTS.iter().map(|(v, l)| html! {
                                        <option value={*v} selected={form.accept == *v}>{ *l }</option>
                                    }) }
                                    if !accept_known {
                                        <option value={form.accept.clone()} selected=true>{ "(typed below)" }</option>
                                    }
                                </select>
                                <label class="visually-hidden" for="accept">{ "Accept header value" }</label>
                                <input id="accept" class="mono" value={form.accept.clone()} oninput={edit(|f, v| f.accept = v)}
                                    placeholder="any Accept header" spellcheck="false" autocomplete="off"
                                    aria-describedby="accept-problems" />
                                { problem_list(&problems, "accept", "accept-problems") }
                            </div>
                            if method.has_body() {
                                <div class="field">
                                    <label for="content-type">{ "Content-Type" }</label>
                                    <select id="content-type" onchange={select(|f, v| f.content_type = v)}
                                        aria-invalid={has_error(&problems, "content-type").to_string()}
                                        aria-describedby="content-type-problems">
                                        { for CONTENT_TYPES.iter().map(|v| html! {
                                            <option value={*v} selected={form.content_type == *v}>{ *v }</option>
                                        }) }
                                    </select>
                                    <p class="help">{ "Also settable from the Body tab's examples." }</p>
                                    { problem_list(&problems, "content-type", "content-type-problems") }
                                </div>
                            }
                            <div class="field">
                                <label for="token">{ "Bearer token" }</label>
                                <input id="token" type="password" value={form.token.clone()} oninput={edit(|f, v| f.token = v)}
                                    placeholder="none" autocomplete="off" aria-describedby="token-help" />
                                <p class="help" id="token-help">
                                    { if in_tab { "The in-tab server accepts anonymous requests." } else { "Sent as Authorization: Bearer …" } }
                                </p>
                            </div>
                            if in_tab {
                                <p class="help ua">{ "User-Agent: " }<code>{ USER_AGENT }</code>{ " (the manager name in managedFields)" }</p>
                            }
                        </div>
                    },
                    Section::Body => html! {
                        <BodyEditor form={form.clone()} target={p.target.clone()} problems={problems.iter().filter(|p| p.field == "body").cloned().collect::<Vec<_>>()} />
                    },
                } }
            </div>

            if errors > 0 {
                <p class="problem-summary" role="note">
                    { format!("{errors} problem{} (marked ⚠): the server will most likely refuse this request. You can still send it to see its answer.",
                        if errors == 1 { "" } else { "s" }) }
                </p>
            }
        </form>
    }
}

/// A boolean query value as the server reads it.
fn truthy(v: &str) -> bool {
    !(v == "0" || v.eq_ignore_ascii_case("false"))
}

/// The form after the path-and-query field was edited by hand.
fn from_url(form: &RequestForm, text: &str) -> RequestForm {
    let method = form.method();
    let (path, query) = text.split_once('?').unwrap_or((text, ""));
    let pairs: Vec<(String, String)> =
        form_urlencoded::parse(query.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    if let Some((e, vars)) = catalogue::match_path(method, path) {
        let e = catalogue::ENDPOINTS
            .iter()
            .find(|o| {
                o.method == e.method
                    && o.path == e.path
                    && o.preset.iter().all(|(k, _)| pairs.iter().any(|(pk, pv)| pk == k && truthy(pv)))
                    && !o.preset.is_empty()
            })
            .unwrap_or(e);
        if pairs.iter().all(|(k, _)| e.accepts(k)) {
            let mut f = form.switch_to(e);
            f.query.clear();
            for (k, v) in vars {
                match k {
                    "namespace" => f.namespace = v,
                    _ => f.name = v,
                }
            }
            for (k, v) in &pairs {
                f.set_param(k, v);
            }
            return f;
        }
    }
    RequestForm { custom: Some(text.to_string()), custom_method: Some(method), ..form.clone() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_paths_map_back_to_the_catalogue() {
        let f = RequestForm::default();
        let g = from_url(
            &f.switch_to(catalogue::endpoint("jobs-list").unwrap()),
            "/apis/batch/v1/namespaces/x/jobs?watch=1&limit=2",
        );
        assert_eq!(g.endpoint, "jobs-watch");
        assert_eq!(g.namespace, "x");
        assert_eq!(g.param("limit"), "2");
        let h = from_url(&f, "/apis/batch/v1/namespaces/x/foos");
        assert_eq!(h.custom.as_deref(), Some("/apis/batch/v1/namespaces/x/foos"));
        assert_eq!(h.method(), Method::Post);
    }
}
