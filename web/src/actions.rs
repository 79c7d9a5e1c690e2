//! What happens when the user acts: send a request, open a watch, move the clock, start a lesson step.
//! These talk to the server through `api` and report back to the reducer.

use crate::api::{self, Target, WatchSink};
use crate::catalogue::{self, Method};
use crate::context::ServerHandle;
use crate::examples;
use crate::form::RequestForm;
use crate::lessons::{BodySource, Prefill, Step};
use crate::state::{Action, AppState, Exchange, LessonAt, Received, Sent};
use jobsim::{Request, Response};
use yew::UseReducerDispatcher;

/// The reducer's dispatcher.
pub type Dispatch = UseReducerDispatcher<AppState>;

/// The time shown next to a request: the in-tab clock, or the wall clock for a remote target.
fn time_label(h: &ServerHandle, target: &Target) -> String {
    match (target, api::clock(h)) {
        (Target::InTab, Some((t, _))) => crate::dom::hms(t),
        _ => wall_clock(),
    }
}

fn wall_clock() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        jiff::Timestamp::from_millisecond(js_sys::Date::now() as i64).map(crate::dom::hms).unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        String::new()
    }
}

/// A write to one object: its previous version is read first, for the diff.
fn wants_before(form: &RequestForm) -> bool {
    let e = form.endpoint();
    form.custom.is_none() && e.has_name() && matches!(e.method, Method::Put | Method::Patch | Method::Delete)
}

/// The read that fetches the object a write is about to change.
fn before_request(form: &RequestForm, in_tab: bool) -> Request {
    let mut req = Request::get(form.path()).with_header("Accept", "application/json");
    if !form.token.trim().is_empty() {
        req = req.with_header("Authorization", format!("Bearer {}", form.token.trim()));
    }
    if in_tab {
        req = req.with_header("User-Agent", crate::form::USER_AGENT);
    }
    req
}

/// Pretty JSON of a 200 response body.
fn pretty_object(res: &Response) -> Option<String> {
    if res.status != 200 {
        return None;
    }
    let v: serde_json::Value = serde_json::from_slice(&res.body).ok()?;
    serde_json::to_string_pretty(&v).ok()
}

/// Sends the form's request to the current target (opening a watch when it is one).
pub fn send(h: &ServerHandle, d: &Dispatch, target: &Target, form: &RequestForm) {
    if form.is_watch() {
        open_watch(h, d, target, form);
        return;
    }
    let id = h.next_id();
    match target {
        Target::InTab => {
            let before = if wants_before(form) {
                let res = match h.server.try_borrow_mut() {
                    Ok(mut s) => s.handle(before_request(form, true)),
                    Err(_) => Response::default(),
                };
                pretty_object(&res)
            } else {
                None
            };
            let req = form.to_request(true);
            let sent = Sent::from(&req);
            let at = time_label(h, target);
            let res = api::handle(h, req);
            d.dispatch(Action::Received(Box::new(Exchange {
                id,
                target: target.clone(),
                form: form.clone(),
                sent,
                result: Ok(Received::from(res)),
                before,
                at,
                watch: false,
            })));
            after_change(h, d);
        }
        Target::Remote(base) => {
            d.dispatch(Action::Sending);
            let (d, form, target, base) = (d.clone(), form.clone(), target.clone(), base.clone());
            let at = wall_clock();
            spawn(async move {
                let before = if wants_before(&form) {
                    api::fetch(&base, before_request(&form, false)).await.ok().and_then(|r| pretty_object(&r))
                } else {
                    None
                };
                let req = form.to_request(false);
                let sent = Sent::from(&req);
                let result = api::fetch(&base, req).await.map(Received::from);
                d.dispatch(Action::Received(Box::new(Exchange {
                    id,
                    target,
                    form,
                    sent,
                    result,
                    before,
                    at,
                    watch: false,
                })));
            });
        }
    }
}

/// Opens a watch from the form and records it in the history.
fn open_watch(h: &ServerHandle, d: &Dispatch, target: &Target, form: &RequestForm) {
    let key = h.next_id();
    let in_tab = *target == Target::InTab;
    let req = form.to_request(in_tab);
    let sent = Sent::from(&req);
    let label = format!("{} {}", req.method, req.path);
    d.dispatch(Action::WatchOpening { key, label, target: target.clone() });
    let record = {
        let (d, form, target, sent) = (d.clone(), form.clone(), target.clone(), sent);
        let at = time_label(h, &target);
        move |result: Result<Received, String>| {
            let (form, target, sent, at) = (form.clone(), target.clone(), sent.clone(), at.clone());
            d.dispatch(Action::Received(Box::new(Exchange {
                id: key,
                target,
                form,
                sent,
                result,
                before: None,
                at,
                watch: true,
            })));
        }
    };
    match target {
        Target::InTab => {
            let opened = api::open_watch(h, key, req);
            let (ok, res) = match opened {
                Ok(r) => (true, Received::from(r)),
                Err(r) => (false, Received::from(r)),
            };
            d.dispatch(Action::WatchOpened { key, response: if ok { Ok(res.clone()) } else { Err(res.clone()) } });
            record(Ok(res));
            pump(h, d);
        }
        Target::Remote(base) => {
            let (d1, d2, d3) = (d.clone(), d.clone(), d.clone());
            let sink = WatchSink {
                opened: Box::new(move |r: Result<Response, Response>| {
                    let (ok, res) = match r {
                        Ok(r) => (true, Received::from(r)),
                        Err(r) => (false, Received::from(r)),
                    };
                    d1.dispatch(Action::WatchOpened {
                        key,
                        response: if ok { Ok(res.clone()) } else { Err(res.clone()) },
                    });
                    record(if res.status == 0 { Err(res.body.clone()) } else { Ok(res) });
                }),
                events: Box::new(move |lines| d2.dispatch(Action::WatchEvents { key, lines })),
                ended: Box::new(move |why| d3.dispatch(Action::WatchEnded { key, why })),
            };
            api::open_remote_watch(h, key, base.clone(), req, sink);
        }
    }
}

/// Delivers new in-tab watch events and tells the views the server changed.
pub fn after_change(h: &ServerHandle, d: &Dispatch) {
    pump(h, d);
    d.dispatch(Action::ServerChanged);
}

/// Delivers new in-tab watch events.
pub fn pump(h: &ServerHandle, d: &Dispatch) {
    for (key, lines, ended) in api::poll_watches(h) {
        if !lines.is_empty() {
            d.dispatch(Action::WatchEvents { key, lines });
        }
        if ended {
            d.dispatch(Action::WatchEnded {
                key,
                why: "the server ended the stream (its timeout passed); a client watches again from the last resourceVersion"
                    .into(),
            });
        }
    }
}

/// Moves the in-tab clock.
pub fn advance(h: &ServerHandle, d: &Dispatch, secs: u64) {
    api::advance(h, secs);
    after_change(h, d);
}

/// Stops a watch and removes its panel.
pub fn close_watch(h: &ServerHandle, d: &Dispatch, key: u64, remove: bool) {
    api::close_watch(h, key);
    d.dispatch(Action::WatchEnded { key, why: "closed".into() });
    if remove {
        d.dispatch(Action::WatchRemove(key));
    }
}

/// Starts a lesson step: moves to it, opens its tab and pre-fills its request.
pub fn start_step(
    h: &ServerHandle,
    d: &Dispatch,
    (form, target): (&RequestForm, &Target),
    lesson: usize,
    step: usize,
    s: &Step,
) {
    d.dispatch(Action::Lesson(Some(LessonAt { lesson, step, since: peek_next_id(h) })));
    if let Some(tab) = s.tab {
        d.dispatch(Action::SetTab(tab));
    }
    if let Some(p) = &s.prefill {
        prefill(h, d, form, target, p);
    }
}

fn peek_next_id(h: &ServerHandle) -> u64 {
    h.runtime.try_borrow().map(|rt| rt.next_id).unwrap_or(0)
}

/// The form a prefill asks for (a `Live` body is filled in afterwards).
pub fn prefilled(current: &RequestForm, p: &Prefill) -> Option<RequestForm> {
    let e = catalogue::endpoint(p.endpoint)?;
    // Lessons start from the endpoint's defaults; loading the current object keeps the form as it is.
    let mut form = if p.keep_form && current.endpoint == e.id { current.clone() } else { current.switch_to(e) };
    if let Some(name) = p.name {
        form.name = name.into();
    }
    if e.has_namespace() && form.namespace.is_empty() {
        form.namespace = "default".into();
    }
    for (k, v) in p.query {
        form.set_param(k, v);
    }
    if !p.keep_form {
        form.accept = p.accept.unwrap_or("").into();
    }
    match p.body {
        BodySource::Empty => form.body.clear(),
        BodySource::Example(id) => {
            if let Some(x) = examples::example(id) {
                form.body = x.text.into();
                form.content_type = x.content_type.into();
            }
        }
        BodySource::Text(t) => form.body = t.into(),
        BodySource::Live(_) => {}
    }
    if let Some(ct) = p.content_type {
        form.content_type = ct.into();
    }
    Some(form)
}

/// Puts a lesson's request into the form (reading the live object first when the body needs it).
pub fn prefill(h: &ServerHandle, d: &Dispatch, current: &RequestForm, target: &Target, p: &Prefill) {
    let Some(form) = prefilled(current, p) else { return };
    let BodySource::Live(change) = p.body else {
        d.dispatch(Action::SetForm(form));
        return;
    };
    let read = before_request(&form, *target == Target::InTab);
    let finish = {
        let d = d.clone();
        move |res: Option<Response>, mut form: RequestForm| {
            let code = res.as_ref().map_or(0, |r| r.status);
            match res
                .filter(|r| r.status == 200)
                .and_then(|r| serde_json::from_slice::<serde_json::Value>(&r.body).ok())
            {
                Some(mut v) => {
                    change(&mut v);
                    form.body = serde_json::to_string_pretty(&v).unwrap_or_default();
                    form.content_type = crate::examples::JSON.into();
                }
                None => {
                    let why = if code == 0 { "no answer".to_string() } else { format!("{code}") };
                    d.dispatch(Action::Notice(Some(format!(
                        "Could not read {} ({why}) to fill in the body; it was left as it was.",
                        form.path()
                    ))));
                }
            }
            d.dispatch(Action::SetForm(form));
        }
    };
    match target {
        Target::InTab => {
            let res = h.server.try_borrow_mut().ok().map(|mut s| s.handle(read));
            finish(res, form);
        }
        Target::Remote(base) => {
            let base = base.clone();
            spawn(async move {
                let res = api::fetch(&base, read).await.ok();
                finish(res, form);
            });
        }
    }
}

/// Fills the body with the live object at the form's path (without managedFields), as `kubectl edit` shows it.
pub fn load_current(h: &ServerHandle, d: &Dispatch, form: &RequestForm, target: &Target) {
    let e = form.endpoint();
    let p = Prefill {
        endpoint: e.id,
        name: None,
        query: &[],
        accept: None,
        content_type: None,
        body: BodySource::Live(for_editing),
        keep_form: true,
    };
    prefill(h, d, form, target, &p);
}

fn for_editing(v: &mut serde_json::Value) {
    if let Some(m) = v["metadata"].as_object_mut() {
        m.shift_remove("managedFields");
    }
}

/// Runs a future on the page's event loop.
fn spawn(f: impl std::future::Future<Output = ()> + 'static) {
    #[cfg(target_arch = "wasm32")]
    wasm_bindgen_futures::spawn_local(f);
    #[cfg(not(target_arch = "wasm32"))]
    drop(f);
}
