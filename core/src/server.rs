//! `ApiServer`: HTTP values in, HTTP values out. Auth → route → negotiate → registry → encode.

use crate::codec;
use crate::decode::{decode_body, decode_metadata_patch, decode_value};
use crate::events::EventStrategy;
use crate::field::{FieldError, Path};
use crate::http::negotiate::{self, Format, Negotiated, Transform};
use crate::http::params::FieldValidation;
use crate::http::params::{list_params, write_params, ListParams};
use crate::http::request::Request;
use crate::http::response::Response;
use crate::http::status::Status;
use crate::jobs::{JobStatusStrategy, JobStrategy};
use crate::managed::{self, manager_from_user_agent, Operation, Writer};
use crate::namespaces::{NamespaceStrategy, BUILT_IN};
use crate::patch::{self, PatchType};
use crate::pods::{PodStatusStrategy, PodStrategy};
use crate::registry::delete::{self, DeleteOptions, DeleteOutcome};
use crate::registry::store::{self, Ctx, Outcome};
use crate::registry::{list as listing, table, watch as watching, Db, Resource, Strategy};
use crate::router::{route, Kind, Route, Target, Verb};
use crate::storage::watch::{Hub, Plain};
use crate::storage::EventType;
use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{Event, Namespace, Pod};
use serde_json::Value;
use std::sync::Arc;

/// Request bodies larger than this are refused (GEN-14).
pub const MAX_BODY: usize = 3 * 1024 * 1024;

/// Server configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Bearer tokens accepted; empty means anonymous requests are allowed (AUTH-02).
    pub tokens: Vec<String>,
    /// Create a missing namespace on first use instead of answering 404 (CRE-11).
    pub auto_create_namespaces: bool,
    /// Seed of every random choice (uids, generated names), so runs replay exactly.
    pub seed: u64,
    /// The virtual clock's start, in seconds since the Unix epoch.
    pub start_time: i64,
    /// How many changes are kept for watch resumption and consistent paging (older → 410).
    pub watch_history: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            tokens: Vec::new(),
            auto_create_namespaces: false,
            seed: 0,
            start_time: 1_767_225_600,
            watch_history: crate::storage::HISTORY,
        }
    }
}

/// The API server: all state, no I/O. Every front door calls [`ApiServer::handle`]; watches are
/// opened with [`ApiServer::watch`] and drained with [`ApiServer::poll`].
pub struct ApiServer {
    config: Config,
    db: Db,
    rng: fastrand::Rng,
    now: jiff::Timestamp,
    hub: Hub,
    controller: crate::controller::State,
}

impl std::fmt::Debug for ApiServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ApiServer")
            .field("resource_version", &self.db.rev.current)
            .field("now", &self.now)
            .field("jobs", &self.db.jobs.items.len())
            .field("namespaces", &self.db.namespaces.items.len())
            .field("watches", &self.hub.len())
            .finish()
    }
}

/// The handle of an open watch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct WatchId(pub u64);

/// What a watch has produced since it was last polled.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WatchPoll {
    /// Event lines, each `{"type":…,"object":…}` followed by `\n`.
    pub events: Vec<Arc<[u8]>>,
    /// The watch has ended (timeout, expiry, closed): no more events will come.
    pub done: bool,
}

/// What a handler produced before encoding.
enum Body {
    Bytes(Arc<[u8]>),
    /// A body built for this response alone (a list): handed on without a copy.
    Owned(Vec<u8>),
    Value(Value),
}

struct Reply {
    code: u16,
    body: Body,
    warnings: Vec<String>,
    headers: Vec<(String, String)>,
}

impl Reply {
    fn bytes(code: u16, bytes: Arc<[u8]>) -> Self {
        Reply { code, body: Body::Bytes(bytes), warnings: Vec::new(), headers: Vec::new() }
    }
    fn owned(code: u16, bytes: Vec<u8>) -> Self {
        Reply { code, body: Body::Owned(bytes), warnings: Vec::new(), headers: Vec::new() }
    }
    fn value(code: u16, v: Value) -> Self {
        Reply { code, body: Body::Value(v), warnings: Vec::new(), headers: Vec::new() }
    }
    fn outcome(o: Outcome) -> Self {
        Reply { code: o.code, body: Body::Bytes(o.bytes), warnings: o.warnings, headers: Vec::new() }
    }
}

impl ApiServer {
    pub fn new(config: Config) -> Self {
        let now = jiff::Timestamp::from_second(config.start_time).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        let mut db = Db::default();
        db.rev.capacity = config.watch_history;
        let mut server = ApiServer {
            rng: fastrand::Rng::with_seed(config.seed),
            config,
            db,
            now,
            hub: Hub::default(),
            controller: Default::default(),
        };
        for ns in BUILT_IN {
            let mut ctx = Ctx {
                now,
                rng: &mut server.rng,
                dry_run: false,
                manager: String::new(),
                operation: Operation::Update,
                auto_create_namespaces: true,
                managed: None,
                keep_typed: false,
            };
            let _ = store::ensure_namespace(&mut server.db, ns, ("", ""), &mut ctx);
        }
        server
    }

    /// The whole state as one JSON document (objects, resourceVersion counter, clock, generator).
    pub fn snapshot(&self) -> String {
        let mut snap = crate::snapshot::take(&self.db, self.now.as_second(), self.rng.get_seed());
        snap.controller = serde_json::to_value(&self.controller).unwrap_or(Value::Null);
        serde_json::to_string(&snap).unwrap_or_default()
    }

    /// A server restored from [`ApiServer::snapshot`]'s output. A corrupted or truncated snapshot
    /// is refused with a message, and nothing is built.
    pub fn restore(snapshot: &str, config: Config) -> Result<ApiServer, String> {
        let (mut db, now, seed, controller) = crate::snapshot::restore(snapshot)?;
        db.rev.capacity = config.watch_history;
        let now = jiff::Timestamp::from_second(now).map_err(|e| format!("invalid snapshot time: {e}"))?;
        Ok(ApiServer { rng: fastrand::Rng::with_seed(seed), config, db, now, hub: Hub::default(), controller })
    }

    /// The current time of the server's clock.
    pub fn now(&self) -> jiff::Timestamp {
        self.now
    }

    /// Moves the clock forward. Every controller step that falls due runs, in time order, as
    /// ordinary writes (so watches see each one); watches whose timeout passes end. Advancing by
    /// zero runs what is due now (pods for a Job just created).
    pub fn advance(&mut self, by: std::time::Duration) {
        let by = jiff::SignedDuration::try_from(by).unwrap_or(jiff::SignedDuration::MAX);
        let target = self.now.checked_add(by).unwrap_or(self.now);
        loop {
            self.reconcile();
            let next = {
                let env = crate::controller::Env::new(&mut self.db, &mut self.rng, self.now, &mut self.controller);
                crate::controller::next_due(&env)
            };
            match next.and_then(|t| jiff::Timestamp::from_second(t).ok()) {
                Some(t) if t <= target => {
                    self.now = t;
                    self.settle();
                }
                _ => break,
            }
        }
        self.now = target;
        self.reconcile();
        self.settle();
    }

    /// Runs the simulated controllers at the current time until nothing changes.
    fn reconcile(&mut self) {
        let mut env = crate::controller::Env::new(&mut self.db, &mut self.rng, self.now, &mut self.controller);
        crate::controller::reconcile(&mut env);
    }

    /// Hands new changes to watchers and ends expired watches.
    fn settle(&mut self) {
        self.hub.dispatch(&self.db.rev, self.now);
        self.hub.expire(self.now, self.db.rev.current);
    }

    /// Opens a watch. `Ok` carries the 200 response head (empty body); the events follow through
    /// [`ApiServer::poll`]. A request that is not a valid watch gets its error response.
    pub fn watch(&mut self, req: Request) -> Result<(WatchId, Response), Response> {
        let negotiated = match negotiate::negotiate(&req, true, false) {
            Ok(n) => n,
            Err(status) => return Err(self.error_response(&req, status)),
        };
        match self.open_watch(&req, &negotiated) {
            Ok(id) => {
                let head = Response {
                    status: 200,
                    headers: vec![
                        ("cache-control".into(), "no-cache, private".into()),
                        ("content-type".into(), "application/json".into()),
                    ],
                    body: Vec::new(),
                };
                Ok((WatchId(id), head))
            }
            Err(status) => Err(encode_status(&req, &negotiated, &status, Vec::new())),
        }
    }

    /// Takes the events a watch has queued.
    pub fn poll(&mut self, id: WatchId) -> WatchPoll {
        self.settle();
        match self.hub.poll(id.0) {
            Some((events, done)) => WatchPoll { events, done },
            None => WatchPoll { events: Vec::new(), done: true },
        }
    }

    /// Registers a waker to be woken when the watch has events (or ends).
    pub fn set_waker(&mut self, id: WatchId, waker: std::task::Waker) {
        if let Some(w) = self.hub.watchers.get_mut(&id.0) {
            if w.queue.is_empty() && !w.done {
                w.waker = Some(waker);
            } else {
                waker.wake();
            }
        }
    }

    /// Ends a watch and frees it.
    pub fn close(&mut self, id: WatchId) {
        self.hub.close(id.0);
    }

    /// How many watches are open.
    pub fn watch_count(&self) -> usize {
        self.hub.len()
    }

    fn error_response(&self, req: &Request, status: Status) -> Response {
        let n = Negotiated { format: Format::Json, pretty: true, ..Negotiated::default() };
        encode_status(req, &n, &status, Vec::new())
    }

    fn open_watch(&mut self, req: &Request, n: &Negotiated) -> Result<u64, Status> {
        if req.body.len() > MAX_BODY {
            return Err(Status::too_large(MAX_BODY));
        }
        self.authenticate(req)?;
        if n.format != Format::Json {
            return Err(negotiate::not_acceptable("application/json;stream=watch"));
        }
        let query = req.query();
        let (route, verb) = route(&req.method, req.path_only(), query.flag("watch").unwrap_or(false))?;
        let t = match (route, verb) {
            (Route::Resource(t), Verb::Watch) => t,
            _ => return Err(Status::bad_request("not a watch request")),
        };
        let p = list_params(&query, true)?;
        let secs = match p.timeout_seconds {
            Some(s) if s > 0 => s,
            _ => 1800 + self.rng.i64(0..1800),
        };
        let deadline = self.now.checked_add(jiff::SignedDuration::from_secs(secs)).ok();
        let include = table::include(&query)?;
        let (ns, name) = (t.namespace.as_deref(), t.name.as_deref());
        let (db, hub, now) = (&self.db, &mut self.hub, self.now);
        fn go<T: Resource>(
            db: &Db,
            hub: &mut Hub,
            o: watching::Open,
            n: &Negotiated,
            include: table::Include,
        ) -> Result<u64, Status> {
            watching::open::<T>(db, hub, watching::Open { encode: encoder::<T>(n, include), ..o })
        }
        let open = watching::Open { params: &p, namespace: ns, name, encode: Box::new(Plain), deadline, now };
        match t.kind {
            Kind::Jobs => go::<Job>(db, hub, open, n, include),
            Kind::Namespaces => go::<Namespace>(db, hub, open, n, include),
            Kind::Pods => go::<Pod>(db, hub, open, n, include),
            Kind::Events => go::<Event>(db, hub, open, n, include),
        }
    }

    /// The store's current resourceVersion.
    pub fn resource_version(&self) -> u64 {
        self.db.rev.current
    }

    /// The store and a write context, borrowed side by side.
    fn split(&mut self, dry_run: bool, manager: String) -> (&mut Db, Ctx<'_>) {
        let ctx = Ctx {
            now: self.now,
            rng: &mut self.rng,
            dry_run,
            manager,
            operation: Operation::Update,
            auto_create_namespaces: self.config.auto_create_namespaces,
            managed: None,
            keep_typed: false,
        };
        (&mut self.db, ctx)
    }

    /// Answers one request. Never panics on any input: every failure is a `Status` response.
    /// A watch request answered here returns the events available now and ends.
    pub fn handle(&mut self, req: Request) -> Response {
        let response = self.handle_inner(req);
        self.settle();
        response
    }

    fn handle_inner(&mut self, req: Request) -> Response {
        if is_watch(&req) {
            return match self.watch(req) {
                Ok((id, mut head)) => {
                    let poll = self.poll(id);
                    self.close(id);
                    head.body = poll.events.iter().flat_map(|e| e.iter().copied()).collect();
                    head
                }
                Err(r) => r,
            };
        }
        let negotiated = negotiate::negotiate(&req, req.method == "GET", false);
        let pretty_req = &req;
        let result = match &negotiated {
            Ok(n) => self.dispatch(&req, n),
            // A read may still find its 404 before the 406; anything else runs only the checks
            // that precede a handler, so a refused write has written nothing.
            Err(_) if req.method == "GET" => self.dispatch(&req, &Negotiated::default()),
            Err(_) => self.admit(&req).map(|_| Reply::value(200, Value::Null)),
        };
        match (result, negotiated) {
            (Ok(reply), Ok(n)) => encode(pretty_req, &n, reply),
            (Err(status), Ok(n)) => encode_status(pretty_req, &n, &status, Vec::new()),
            (Err(status), Err(_)) if matches!(status.code, 401 | 404 | 405) => {
                let n = Negotiated { format: Format::Json, pretty: true, ..Negotiated::default() };
                encode_status(pretty_req, &n, &status, Vec::new())
            }
            (Ok(_), Err(status)) | (Err(_), Err(status)) => {
                // GEN-08: a failed negotiation is answered in pretty JSON.
                let n = Negotiated { format: Format::Json, pretty: true, ..Negotiated::default() };
                encode_status(pretty_req, &n, &status, Vec::new())
            }
        }
    }

    /// What runs before any handler: the body limit, authentication, routing.
    fn admit(&self, req: &Request) -> Result<(Route, Verb), Status> {
        if req.body.len() > MAX_BODY {
            return Err(Status::too_large(MAX_BODY));
        }
        self.authenticate(req)?;
        route(&req.method, req.path_only(), req.query().flag("watch").unwrap_or(false))
    }

    fn dispatch(&mut self, req: &Request, n: &Negotiated) -> Result<Reply, Status> {
        let (route, verb) = self.admit(req)?;
        match route {
            Route::Resource(t) => self.resource(req, &t, verb, n),
            Route::Health => Ok(Reply::value(200, Value::String("ok".into()))),
            Route::OpenApiV3 => Ok(Reply::value(200, crate::openapi::root())),
            Route::OpenApiDocument(gv) => Ok(openapi_document(req, gv)),
            Route::Api => {
                let mut doc = crate::discovery::document(&Route::Api);
                if let Some(host) = req.header("host") {
                    doc["serverAddressByClientCIDRs"][0]["serverAddress"] = Value::String(host.to_string());
                }
                Ok(Reply::value(200, doc))
            }
            other => Ok(Reply::value(200, crate::discovery::document(&other))),
        }
    }

    /// AUTH-01/02: with tokens configured, a missing or wrong bearer token is a 401.
    fn authenticate(&self, req: &Request) -> Result<(), Status> {
        if self.config.tokens.is_empty() {
            return Ok(());
        }
        let given = req.header("authorization").and_then(|h| h.strip_prefix("Bearer ")).map(str::trim);
        match given {
            Some(t) if self.config.tokens.iter().any(|k| constant_time_eq(k.as_bytes(), t.as_bytes())) => Ok(()),
            _ => Err(Status::unauthorized()),
        }
    }

    fn manager(req: &Request, field_manager: &Option<String>) -> String {
        field_manager.clone().unwrap_or_else(|| manager_from_user_agent(req.header("user-agent").unwrap_or("")))
    }

    fn resource(&mut self, req: &Request, t: &Target, verb: Verb, n: &Negotiated) -> Result<Reply, Status> {
        if n.transform != Transform::None {
            return match t.kind {
                Kind::Jobs => self.transformed::<Job>(req, t, verb, n),
                Kind::Namespaces => self.transformed::<Namespace>(req, t, verb, n),
                Kind::Pods => self.transformed::<Pod>(req, t, verb, n),
                Kind::Events => self.transformed::<Event>(req, t, verb, n),
            };
        }
        match t.kind {
            Kind::Jobs if t.status => self.verbs::<Job, _>(req, t, verb, &JobStatusStrategy),
            Kind::Jobs => self.verbs::<Job, _>(req, t, verb, &JobStrategy),
            Kind::Namespaces if verb == Verb::Delete => self.delete_namespace(req, t),
            Kind::Namespaces => self.verbs::<Namespace, _>(req, t, verb, &NamespaceStrategy),
            Kind::Pods if t.status => self.verbs::<Pod, _>(req, t, verb, &PodStatusStrategy),
            Kind::Pods => self.verbs::<Pod, _>(req, t, verb, &PodStrategy),
            Kind::Events => self.verbs::<Event, _>(req, t, verb, &EventStrategy),
        }
    }

    /// GET and LIST answered as a Table or as PartialObjectMetadata (TBL-*).
    #[inline(never)]
    fn transformed<T: Resource>(
        &mut self,
        req: &Request,
        t: &Target,
        verb: Verb,
        n: &Negotiated,
    ) -> Result<Reply, Status> {
        let query = req.query();
        let include = table::include(&query)?;
        let ns = t.namespace.clone().unwrap_or_default();
        match verb {
            Verb::Get => {
                let bytes = store::get::<T>(&self.db, &ns, t.name.as_deref().unwrap_or(""))?;
                let v = table::object::<T>(&bytes, n.transform, include, self.now);
                Ok(v.map_or(Reply::bytes(200, bytes), |v| Reply::value(200, v)))
            }
            Verb::List => {
                let p = list_params(&query, false)?;
                let page = listing::list::<T>(&self.db, &p, t.namespace.as_deref())?;
                let bytes = listing::list_bytes::<T>(&page);
                match table::list::<T>(&bytes, n.transform, include, self.now)? {
                    Some(v) => Ok(Reply::value(200, v)),
                    None => Ok(Reply::owned(200, bytes)),
                }
            }
            _ => Err(negotiate::not_acceptable(negotiate::ACCEPTED)),
        }
    }

    /// The verbs, once for every resource and strategy. Each instance stays its own function, and
    /// so does each verb's body: in wasm a function is compiled whole on its first call, so a
    /// request should compile neither the other resources' code nor the other verbs'.
    #[inline(never)]
    fn verbs<T: Resource, S: Strategy<T>>(
        &mut self,
        req: &Request,
        t: &Target,
        verb: Verb,
        s: &S,
    ) -> Result<Reply, Status> {
        let ns = t.namespace.as_deref().unwrap_or_default();
        let name = t.name.as_deref().unwrap_or_default();
        match verb {
            Verb::Get => Ok(Reply::bytes(200, store::get::<T>(&self.db, ns, name)?)),
            Verb::List => self.list::<T>(req, t),
            Verb::DeleteCollection => self.delete_collection::<T, S>(req, t, s),
            Verb::Create => self.create::<T, S>(req, ns, s),
            Verb::Update => self.update::<T, S>(req, (ns, name), s),
            Verb::Delete => self.delete::<T, S>(req, (ns, name), s),
            Verb::Patch => self.patch::<T, S>(req, t, s),
            Verb::Watch => Err(Status::method_not_allowed()),
        }
    }

    #[inline(never)]
    fn list<T: Resource>(&mut self, req: &Request, t: &Target) -> Result<Reply, Status> {
        let p = list_params(&req.query(), false)?;
        let page = listing::list::<T>(&self.db, &p, t.namespace.as_deref())?;
        Ok(Reply::owned(200, listing::list_bytes::<T>(&page)))
    }

    #[inline(never)]
    fn create<T: Resource, S: Strategy<T>>(&mut self, req: &Request, ns: &str, s: &S) -> Result<Reply, Status> {
        self.write_body(
            req,
            s,
            "CreateOptions",
            None,
            |obj| check_namespace(obj, ns),
            |db, obj, ctx| store::create(db, s, ns, obj, ctx),
        )
    }

    #[inline(never)]
    fn update<T: Resource, S: Strategy<T>>(
        &mut self,
        req: &Request,
        (ns, name): (&str, &str),
        s: &S,
    ) -> Result<Reply, Status> {
        let key_ns = if T::NAMESPACED { ns } else { "" };
        let stored = T::table(&self.db).get(key_ns, name).map(|st| st.state.clone());
        self.write_body(
            req,
            s,
            "UpdateOptions",
            stored.as_ref().and_then(|st| st.managed_list()),
            |obj| check_name_and_namespace(obj, name, ns),
            |db, obj, ctx| store::update(db, s, ns, name, obj, ctx),
        )
    }

    /// POST and PUT: the body decoded and defaulted, checked against the URL, then written; the
    /// decoder's warnings come first. `stored_list`: the managedFields list of the object a PUT
    /// replaces (see [`decode_body`]).
    fn write_body<T: Resource, S: Strategy<T>>(
        &mut self,
        req: &Request,
        s: &S,
        options: &str,
        stored_list: Option<&[u8]>,
        check: impl FnOnce(&T) -> Result<(), Status>,
        write: impl FnOnce(&mut Db, T, &mut Ctx) -> Result<store::Outcome, Status>,
    ) -> Result<Reply, Status> {
        let params = write_params(&req.query(), options)?;
        let mut decoded = decode_body::<T>(req, params.field_validation, stored_list)?;
        s.default(&mut decoded.obj);
        check(&decoded.obj)?;
        let manager = Self::manager(req, &params.field_manager);
        let (db, mut ctx) = self.split(params.dry_run, manager);
        let mut reply = Reply::outcome(write(db, decoded.obj, &mut ctx)?);
        reply.warnings.splice(0..0, decoded.warnings);
        Ok(reply)
    }

    #[inline(never)]
    fn delete<T: Resource, S: Strategy<T>>(
        &mut self,
        req: &Request,
        (ns, name): (&str, &str),
        s: &S,
    ) -> Result<Reply, Status> {
        let opts = delete_options(req)?;
        let (db, mut ctx) = self.split(opts.is_dry_run(), String::new());
        match delete::delete(db, s, ns, name, &opts, &mut ctx)? {
            DeleteOutcome::Deleted { status, warnings } => {
                Ok(Reply { code: 200, body: Body::Value(status.to_value()), warnings, headers: Vec::new() })
            }
            DeleteOutcome::Pending(o) => Ok(Reply::outcome(o)),
        }
    }

    /// PATCH in its four content types (PAT-*): the patched object then takes the PUT lifecycle.
    #[inline(never)]
    fn patch<T: Resource, S: Strategy<T>>(&mut self, req: &Request, t: &Target, s: &S) -> Result<Reply, Status> {
        let ns = t.namespace.clone().unwrap_or_default();
        let name = t.name.clone().unwrap_or_default();
        let media = negotiate::content_type(req);
        let kind = PatchType::from_media(media.as_deref()).ok_or_else(patch::unsupported_media_type)?;
        let params = write_params(&req.query(), "PatchOptions")?;
        if kind != PatchType::Apply && params.force.is_some() {
            let err = FieldError::forbidden(&Path::new("force"), "may not be specified for non-apply patch");
            return Err(Status::invalid_options("PatchOptions", &[err]));
        }
        if kind == PatchType::Apply && params.field_manager.is_none() {
            let err = FieldError::required(&Path::new("fieldManager"), "is required for apply patch");
            return Err(Status::invalid_options("PatchOptions", &[err]));
        }
        let key_ns = if T::NAMESPACED { ns.as_str() } else { "" };
        let live = T::table(&self.db).get(key_ns, &name).map(|st| st.state.clone());
        let manager = Self::manager(req, &params.field_manager);
        if kind == PatchType::Apply {
            return self.apply::<T, S>(req, s, (&ns, &name), live, &params, manager);
        }
        let live = live.ok_or_else(|| Status::not_found(T::GR, &name))?;
        // A merge or strategic patch that never says managedFields leaves the stored entries as
        // they are (a result without them keeps them): the live object is patched without them,
        // as the typed object the update decodes anyway, written as JSON (cheaper than parsing
        // the stored text, and the entries are neither parsed, copied nor decoded). JSON patches
        // address paths, and get the whole object as stored.
        let keeps_entries = matches!(kind, PatchType::Merge | PatchType::Strategic)
            && !req.body.windows(b"managedFields".len()).any(|w| w == b"managedFields");
        let stored_json = || -> Value {
            if keeps_entries {
                codec::from_json(&crate::registry::resource::without_managed(&live))
            } else {
                codec::from_json(&live.bytes)
            }
            .unwrap_or(Value::Null)
        };
        let stored = T::table(&self.db).get(key_ns, &name).filter(|_| keeps_entries).map(|st| st.obj().clone());
        // One that names the metadata alone (labels, annotations, finalizers, owners) patches and
        // decodes the stored metadata alone, the rest of the typed object copied; anything that
        // goes wrong there is left to the whole object, which reports it.
        let metadata_only = stored.as_ref().filter(|_| patches_metadata_only(&req.body)).and_then(|obj| {
            let meta = crate::managed::tree::to_value(obj.metadata());
            let current = Value::Object(std::iter::once(("metadata".to_string(), meta)).collect());
            let (patched, duplicates) = patch::apply_non_apply(kind, &current, &req.body).ok()?;
            Some((decode_metadata_patch(obj.as_ref(), patched, duplicates)?, current))
        });
        let (decoded, current) = match metadata_only {
            Some(done) => done,
            None => {
                let current = match &stored {
                    Some(obj) => crate::managed::tree::to_value(obj.as_ref()),
                    None => stored_json(),
                };
                let (patched, duplicates) = patch::apply_non_apply(kind, &current, &req.body)?;
                (decode_value::<T>(patched, duplicates, FieldValidation::Warn, &req.body)?, current)
            }
        };
        let warnings = match params.field_validation {
            FieldValidation::Ignore => Vec::new(),
            FieldValidation::Warn => decoded.warnings,
            FieldValidation::Strict if decoded.warnings.is_empty() => Vec::new(),
            FieldValidation::Strict => {
                // What the error shows: the patch (strategic) or the stored object as stored,
                // patched (its nulls included, where the typed object has none).
                let shown = match kind {
                    PatchType::Strategic => {
                        serde_json::from_slice::<Value>(&req.body).map(|v| go_map(&v)).unwrap_or_default()
                    }
                    _ => patch::apply_non_apply(kind, &stored_json(), &req.body)
                        .map(|(patched, _)| serde_json::to_string(&patched).unwrap_or_default())
                        .unwrap_or_default(),
                };
                let detail = format!("strict decoding error: {}", decoded.warnings.join(", "));
                let err = FieldError::invalid(&Path::new("patch"), &Value::String(shown), &detail);
                return Err(Status::invalid("", "", "", &[err]));
            }
        };
        let mut obj = decoded.obj;
        s.default(&mut obj);
        check_name_and_namespace(&obj, &name, &ns)?;
        let stored_uid = current["metadata"]["uid"].as_str().map(str::to_string);
        if let (Some(new), Some(old)) = (obj.metadata().uid.clone(), stored_uid) {
            if new != old {
                let path = Path::new("metadata.uid");
                let err = FieldError::invalid(&path, &Value::String(new), "field is immutable");
                return Err(Status::invalid(T::GROUP, T::KIND, &name, &[err]));
            }
        }
        let (db, mut ctx) = self.split(params.dry_run, manager);
        let mut reply = Reply::outcome(store::update(db, s, &ns, &name, obj, &mut ctx)?);
        reply.warnings.splice(0..0, warnings);
        Ok(reply)
    }

    /// Server-side apply (PAT-09..13): create when missing (201), else merge by ownership.
    fn apply<T: Resource, S: Strategy<T>>(
        &mut self,
        req: &Request,
        s: &S,
        (ns, name): (&str, &str),
        live: Option<Arc<crate::storage::ObjState>>,
        params: &crate::http::params::WriteParams,
        manager: String,
    ) -> Result<Reply, Status> {
        if live.is_none() && !s.subresource().is_empty() {
            // A subresource never creates its object (the apiserver's forceAllowCreate is false there).
            return Err(Status::not_found(T::GR, name));
        }
        let decoded = codec::decode(&req.body, true)
            .map_err(|e| Status::bad_request(format!("error decoding patch: {}", e.0)))?;
        let applied = decoded.value;
        let api_version = applied.get("apiVersion").and_then(Value::as_str).unwrap_or("");
        let kind = applied.get("kind").and_then(Value::as_str).unwrap_or("");
        if api_version != T::API_VERSION || kind != T::KIND {
            let (g, v) = api_version.split_once('/').unwrap_or(("", api_version));
            return Err(Status::bad_request(format!("invalid object type: {g}/{v}, Kind={kind}")));
        }
        if applied.get("metadata").and_then(|m| m.get("managedFields")).is_some_and(|m| !m.is_null()) {
            return Err(Status::bad_request("metadata.managedFields must be nil"));
        }
        let unknown = decode_value::<T>(applied.clone(), Vec::new(), FieldValidation::Warn, &req.body)?.warnings;
        if let Some(first) = unknown.iter().find_map(|w| w.strip_prefix("unknown field \"")) {
            let path = first.trim_end_matches('"');
            return Err(Status::internal(format!(
                "failed to create typed patch object ({ns}/{name}; {}, Kind={}): .{path}: field not declared in schema",
                T::API_VERSION,
                T::KIND
            )));
        }
        let body_name = applied["metadata"]["name"].as_str().unwrap_or("");
        if body_name != name {
            return Err(Status::bad_request(format!(
                "the name of the object ({body_name}) does not match the name on the URL ({name})"
            )));
        }
        let live_value = live.as_ref().and_then(|l| serde_json::from_slice::<Value>(&l.bytes).ok());
        let entries = live.as_deref().map(crate::registry::resource::managed_entries_of).unwrap_or_default();
        let applier = patch::apply::Applier {
            writer: Writer {
                manager: &manager,
                operation: Operation::Apply,
                subresource: s.subresource(),
                api_version: T::API_VERSION,
                time: managed::whole_seconds(self.now),
            },
            force: params.force.unwrap_or(false),
            reset: s.reset_fields(),
        };
        let result = patch::apply::apply(live_value.as_ref(), &applied, &entries, &applier)?;
        let mut obj = decode_value::<T>(result.object, Vec::new(), FieldValidation::Ignore, &req.body)?.obj;
        s.default(&mut obj);
        check_name_and_namespace(&obj, name, ns)?;
        let (db, mut ctx) = self.split(params.dry_run, manager);
        ctx.operation = Operation::Apply;
        ctx.managed = Some(result.managed_fields);
        let out = if live.is_some() {
            store::update(db, s, ns, name, obj, &mut ctx)?
        } else {
            store::create(db, s, ns, obj, &mut ctx)?
        };
        Ok(Reply::outcome(out))
    }

    /// DELETE on a collection (DCO-*): the selected objects, each deleted as by a single delete;
    /// the answer is the list of them as they were before.
    fn delete_collection<T: Resource, S: Strategy<T>>(
        &mut self,
        req: &Request,
        t: &Target,
        s: &S,
    ) -> Result<Reply, Status> {
        let query = req.query();
        let mut p: ListParams = list_params(&query, false)?;
        let opts = delete_options(req)?;
        opts.validate()?;
        if p.limit <= 0 {
            p.limit = 0;
        }
        let ns = t.namespace.clone().unwrap_or_default();
        let page = listing::list::<T>(&self.db, &p, t.namespace.as_deref())?;
        // Every stored state carries its name among its selectable fields: nothing is parsed.
        let names: Vec<String> = page.items.iter().filter_map(|st| st.field("metadata.name")).collect();
        let mut warnings = Vec::new();
        for name in &names {
            let (db, mut ctx) = self.split(opts.is_dry_run(), String::new());
            match delete::delete(db, s, &ns, name, &opts, &mut ctx) {
                Ok(DeleteOutcome::Deleted { warnings: w, .. })
                | Ok(DeleteOutcome::Pending(Outcome { warnings: w, .. })) => warnings.extend(w),
                Err(e) if e.reason == crate::http::status::Reason::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        Ok(Reply { code: 200, body: Body::Owned(listing::list_bytes::<T>(&page)), warnings, headers: Vec::new() })
    }

    /// Deleting a namespace removes what it holds, then the namespace (what the namespace controller does).
    #[inline(never)]
    fn delete_namespace(&mut self, req: &Request, t: &Target) -> Result<Reply, Status> {
        let opts = delete_options(req)?;
        opts.validate()?;
        let name = t.name.clone().unwrap_or_default();
        let existing =
            self.db.namespaces.get("", &name).cloned().ok_or_else(|| Status::not_found(Namespace::GR, &name))?;
        if matches!(name.as_str(), "default" | "kube-system" | "kube-public") {
            // The NamespaceLifecycle admission plugin keeps these.
            let details =
                crate::http::status::Details { name: name.clone(), kind: "namespaces".into(), ..Default::default() };
            return Err(Status::new(
                crate::http::status::Reason::Forbidden,
                format!("namespaces \"{name}\" is forbidden: this namespace may not be deleted"),
            )
            .with_details(details));
        }
        if opts.is_dry_run() {
            let mut ns = existing.full();
            ns.metadata.deletion_timestamp = Some(k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(self.now));
            if let Some(st) = ns.status.as_mut() {
                st.phase = Some("Terminating".into());
            }
            return Ok(Reply::bytes(200, ns.to_bytes()));
        }
        purge::<Job>(&mut self.db, &name);
        purge::<Pod>(&mut self.db, &name);
        purge::<Event>(&mut self.db, &name);
        let mut ns = existing.full();
        ns.metadata.deletion_timestamp = Some(k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(self.now));
        if let Some(st) = ns.status.as_mut() {
            st.phase = Some("Terminating".into());
        }
        let shown = store::commit(&mut self.db, "", &name, ns.clone(), EventType::Modified);
        store::commit(&mut self.db, "", &name, ns, EventType::Deleted);
        Ok(Reply::bytes(200, shown.state.bytes.clone()))
    }
}

/// DISC-06: the document, cacheable forever under its own hash; another hash is redirected.
fn openapi_document(req: &Request, gv: &str) -> Reply {
    let Some(doc) = crate::openapi::document(gv) else {
        return Reply::value(404, Status::path_not_found().to_value());
    };
    let hash = doc.hash;
    let url = format!("/openapi/v3/{gv}?hash={hash}");
    let mut headers = vec![("etag".to_string(), format!("\"{hash}\"")), ("vary".to_string(), "Accept".to_string())];
    match req.query().get("hash") {
        Some(h) if h != hash => {
            headers.push(("location".to_string(), url));
            return Reply { code: 301, body: Body::Bytes(Arc::from(&b""[..])), warnings: Vec::new(), headers };
        }
        Some(_) => {
            headers.push(("cache-control".to_string(), "public, immutable".to_string()));
            headers.push(("expires".to_string(), "Sat, 01 Jan 2100 00:00:00 GMT".to_string()));
        }
        None => {}
    }
    Reply { code: 200, body: Body::Owned(doc.text().into_bytes()), warnings: Vec::new(), headers }
}

/// Removes every object of `T` in a namespace (what the namespace controller does).
fn purge<T: Resource>(db: &mut Db, ns: &str) {
    let names: Vec<String> = T::table(db).scan(Some(ns)).map(|(k, _)| k.1.clone()).collect();
    for name in names {
        if let Some(o) = T::table(db).get(ns, &name).cloned() {
            store::commit_delete(db, ns, &name, &o);
        }
    }
}

/// How a watch writes its events: as stored, or as one-row Tables (WAT-16).
fn encoder<T: Resource>(n: &Negotiated, include: table::Include) -> Box<dyn crate::storage::watch::Encode> {
    match n.transform {
        Transform::Table(version) => {
            Box::new(table::TableEncode::<T> { version, include, columns_sent: false, kind: std::marker::PhantomData })
        }
        _ => Box::new(Plain),
    }
}

/// GET with `watch` set on a collection, or any GET under `/watch/` (WAT-01).
pub fn is_watch(req: &Request) -> bool {
    // Most requests are refused without routing: a watch says `watch` in its path or query,
    // unless it hides it in percent-escapes.
    req.method == "GET"
        && (req.path.contains("watch") || req.path.contains('%'))
        && matches!(route("GET", req.path_only(), req.query().flag("watch").unwrap_or(false)), Ok((_, Verb::Watch)))
}

/// PUT-06 for patch results: the name may not change, the namespace must match.
fn check_name_and_namespace<T: Resource>(obj: &T, name: &str, ns: &str) -> Result<(), Status> {
    let body_name = obj.metadata().name.clone().unwrap_or_default();
    if body_name != name {
        return Err(Status::bad_request(format!(
            "the name of the object ({body_name}) does not match the name on the URL ({name})"
        )));
    }
    check_namespace(obj, ns)
}

/// A JSON value as Go's `%v` prints a `map[string]interface{}` (PAT-16's strategic-merge message).
/// Whether a patch body is a JSON object whose only member is an object named `metadata`.
fn patches_metadata_only(body: &[u8]) -> bool {
    let text = body.trim_ascii();
    match crate::schema::span::members(text, 0).as_deref() {
        Some([(key, value)]) => &text[key.clone()] == b"\"metadata\"" && text.get(value.start) == Some(&b'{'),
        _ => false,
    }
}

fn go_map(v: &Value) -> String {
    match v {
        Value::Object(m) => {
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            let inner: Vec<String> = keys.iter().map(|k| format!("{k}:{}", go_map(&m[*k]))).collect();
            format!("map[{}]", inner.join(" "))
        }
        Value::Array(a) => format!("[{}]", a.iter().map(go_map).collect::<Vec<_>>().join(" ")),
        Value::String(s) => s.clone(),
        Value::Null => "<nil>".into(),
        other => other.to_string(),
    }
}

/// CRE-10, PUT-06: a body namespace must be empty or the URL's.
fn check_namespace<T: Resource>(obj: &T, ns: &str) -> Result<(), Status> {
    match obj.metadata().namespace.as_deref() {
        Some(body) if T::NAMESPACED && !body.is_empty() && body != ns => Err(Status::bad_request(
            "the namespace of the provided object does not match the namespace sent on the request",
        )),
        _ => Ok(()),
    }
}

/// DEL-01: DeleteOptions from a non-empty body, else from the query.
fn delete_options(req: &Request) -> Result<DeleteOptions, Status> {
    if !req.body.iter().all(u8::is_ascii_whitespace) {
        let yaml = codec::is_yaml(negotiate::content_type(req).as_deref());
        let decoded = codec::decode(&req.body, yaml).map_err(|e| Status::bad_request(e.0))?;
        let kind = decoded.value.get("kind").and_then(Value::as_str).unwrap_or("DeleteOptions");
        let api_version = decoded.value.get("apiVersion").and_then(Value::as_str).unwrap_or("v1");
        if kind != "DeleteOptions" || !matches!(api_version, "v1" | "meta.k8s.io/v1") {
            return Err(Status::bad_request(format!(
                "no kind \"{kind}\" is registered for version \"{api_version}\" in scheme \"k8s.io/apimachinery/pkg/runtime/scheme.go:100\""
            )));
        }
        return codec::from_value(&decoded.value).map_err(Status::bad_request);
    }
    let q = req.query();
    let int = |name: &str| -> Result<Option<i64>, Status> {
        q.get(name)
            .map(|v| {
                v.parse::<i64>().map_err(|_| {
                    Status::bad_request(format!(
                        "strconv.ParseInt: parsing {}: invalid syntax",
                        crate::field::go_quote(v)
                    ))
                })
            })
            .transpose()
    };
    Ok(DeleteOptions {
        grace_period_seconds: int("gracePeriodSeconds")?,
        orphan_dependents: q.flag("orphanDependents"),
        propagation_policy: q.get("propagationPolicy").map(str::to_string),
        dry_run: q.all("dryRun").into_iter().map(str::to_string).collect(),
        ..DeleteOptions::default()
    })
}

/// Constant-time comparison for tokens.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// GEN-10: `299 - "<text>"`, quotes and backslashes escaped, each text once. Control characters
/// (a field name may hold a newline) become spaces, as Go's HTTP server writes them: a header
/// value cannot carry them.
fn warning_headers(warnings: Vec<String>) -> Vec<(String, String)> {
    let mut seen: Vec<String> = Vec::new();
    for w in warnings {
        if !seen.contains(&w) {
            seen.push(w);
        }
    }
    seen.into_iter()
        .map(|w| {
            let text: String = w.chars().map(|c| if c.is_control() && c != '\t' { ' ' } else { c }).collect();
            ("warning".to_string(), format!("299 - \"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"")))
        })
        .collect()
}

fn encode(req: &Request, n: &Negotiated, reply: Reply) -> Response {
    let pretty = negotiate::pretty(req, n);
    let body = match reply.body {
        Body::Bytes(b) => codec::encode_bytes(&b, n.format, pretty),
        Body::Owned(mut b) if n.format == Format::Json && !pretty => {
            b.push(b'\n');
            b
        }
        Body::Owned(b) => codec::encode_bytes(&b, n.format, pretty),
        Body::Value(v) => codec::encode(&v, n.format, pretty),
    };
    let mut headers = Vec::new();
    if !reply.headers.iter().any(|(k, _)| k == "cache-control") {
        headers.push(("cache-control".to_string(), "no-cache, private".to_string()));
    }
    headers.push(("content-type".to_string(), n.format.content_type().to_string()));
    headers.extend(warning_headers(reply.warnings));
    headers.extend(reply.headers);
    Response { status: reply.code, headers, body }
}

fn encode_status(req: &Request, n: &Negotiated, status: &Status, warnings: Vec<String>) -> Response {
    let mut r = encode(
        req,
        n,
        Reply { code: status.code, body: Body::Value(status.to_value()), warnings, headers: Vec::new() },
    );
    if let Some(secs) = status.details.as_ref().and_then(|d| d.retry_after_seconds).filter(|s| *s > 0) {
        r.headers.push(("retry-after".to_string(), secs.to_string()));
    }
    r
}
