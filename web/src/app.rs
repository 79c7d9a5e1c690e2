//! The first screen: compose a request, send it to the in-tab server, read the response.

use jobsim::{ApiServer, Config, Request, Response};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

const HELLO_JOB: &str = r#"{
  "apiVersion": "batch/v1",
  "kind": "Job",
  "metadata": { "name": "hello" },
  "spec": {
    "template": {
      "spec": {
        "restartPolicy": "Never",
        "containers": [
          { "name": "hello", "image": "busybox:1.36", "command": ["sh", "-c", "echo hello"] }
        ]
      }
    }
  }
}"#;

/// A ready-made request.
struct Preset {
    label: &'static str,
    method: &'static str,
    path: &'static str,
    body: &'static str,
}

const PRESETS: &[Preset] = &[
    Preset { label: "Create a Job", method: "POST", path: "/apis/batch/v1/namespaces/default/jobs", body: HELLO_JOB },
    Preset { label: "Read it back", method: "GET", path: "/apis/batch/v1/namespaces/default/jobs/hello", body: "" },
    Preset { label: "List Jobs", method: "GET", path: "/apis/batch/v1/namespaces/default/jobs", body: "" },
    Preset { label: "Delete it", method: "DELETE", path: "/apis/batch/v1/namespaces/default/jobs/hello", body: "" },
];

fn start_time() -> i64 {
    #[cfg(target_arch = "wasm32")]
    {
        (js_sys::Date::now() / 1000.0) as i64
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        Config::default().start_time
    }
}

fn pretty(body: &[u8]) -> String {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(v) => serde_json::to_string_pretty(&v).unwrap_or_default(),
        Err(_) => String::from_utf8_lossy(body).into_owned(),
    }
}

fn reason(status: u16) -> &'static str {
    match status {
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
        500 => "Internal Server Error",
        _ => "",
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let server = use_mut_ref(|| ApiServer::new(Config { start_time: start_time(), ..Config::default() }));
    let method = use_state(|| PRESETS[0].method.to_string());
    let path = use_state(|| PRESETS[0].path.to_string());
    let body = use_state(|| PRESETS[0].body.to_string());
    let response = use_state(|| None::<Response>);

    let send = {
        let (server, method, path, body, response) =
            (server.clone(), method.clone(), path.clone(), body.clone(), response.clone());
        Callback::from(move |_: MouseEvent| {
            let mut req = Request::new((*method).clone(), (*path).clone());
            if !body.trim().is_empty() && matches!(method.as_str(), "POST" | "PUT" | "PATCH") {
                req = req.with_body(body.as_bytes().to_vec()).with_header("Content-Type", "application/json");
            }
            let res = send_to(&server, req);
            response.set(Some(res));
        })
    };

    let presets = PRESETS.iter().map(|p| {
        let (method, path, body) = (method.clone(), path.clone(), body.clone());
        let onclick = Callback::from(move |_: MouseEvent| {
            method.set(p.method.to_string());
            path.set(p.path.to_string());
            body.set(p.body.to_string());
        });
        html! { <button class="preset" {onclick}>{ format!("{} {}", p.method, p.label) }</button> }
    });

    let on_method = {
        let method = method.clone();
        Callback::from(move |e: Event| method.set(input_value(&e)))
    };
    let on_path = {
        let path = path.clone();
        Callback::from(move |e: InputEvent| path.set(input_value(&e)))
    };
    let on_body = {
        let body = body.clone();
        Callback::from(move |e: InputEvent| body.set(input_value(&e)))
    };

    html! {
        <main>
            <header>
                <h1>{ "jobsim" }</h1>
                <p class="tagline">{ "The Kubernetes batch/v1 Job API, running in this tab." }</p>
            </header>
            <section class="request" aria-label="Request">
                <div class="presets">{ for presets }</div>
                <div class="line">
                    <label for="method" class="visually-hidden">{ "Method" }</label>
                    <select id="method" onchange={on_method} value={(*method).clone()}>
                        { for ["GET", "POST", "PUT", "PATCH", "DELETE"].iter().map(|m| html! { <option value={*m} selected={*m == method.as_str()}>{ *m }</option> }) }
                    </select>
                    <label for="path" class="visually-hidden">{ "Path" }</label>
                    <input id="path" value={(*path).clone()} oninput={on_path} spellcheck="false" />
                    <button id="send" class="send" onclick={send}>{ "Send" }</button>
                </div>
                <label for="body">{ "Body" }</label>
                <textarea id="body" value={(*body).clone()} oninput={on_body} spellcheck="false" rows="18" />
            </section>
            <section class="response" aria-label="Response" aria-live="polite">
                { match &*response {
                    None => html! { <p class="hint">{ "Pick a request above and press Send." }</p> },
                    Some(r) => html! {
                        <>
                            <p id="status" class={classes!("status", if r.status < 400 { "ok" } else { "err" })}>
                                { format!("{} {}", r.status, reason(r.status)) }
                            </p>
                            <ul class="headers">
                                { for r.headers.iter().map(|(k, v)| html! {
                                    <li class={classes!((k == "warning").then_some("warning"))}><b>{ k }</b>{ ": " }{ v }</li>
                                }) }
                            </ul>
                            <pre id="response-body">{ pretty(&r.body) }</pre>
                        </>
                    },
                } }
            </section>
        </main>
    }
}

fn send_to(server: &Rc<RefCell<ApiServer>>, req: Request) -> Response {
    match server.try_borrow_mut() {
        Ok(mut s) => s.handle(req),
        Err(_) => Response { status: 503, headers: Vec::new(), body: b"server busy".to_vec() },
    }
}

#[cfg(target_arch = "wasm32")]
fn input_value<E: AsRef<web_sys::Event>>(e: &E) -> String {
    use wasm_bindgen::JsCast;
    let target = e.as_ref().target();
    if let Some(i) = target.clone().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
        return i.value();
    }
    if let Some(t) = target.clone().and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok()) {
        return t.value();
    }
    target.and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()).map(|s| s.value()).unwrap_or_default()
}

#[cfg(not(target_arch = "wasm32"))]
fn input_value<E>(_e: &E) -> String {
    String::new()
}
