//! A `tower::Service` over [`ApiServer`], so `kube::Client` (or anything speaking `http`) talks to
//! the in-memory API with no network: `kube::Client::new(ApiService::new(server), "default")`.

use crate::server::is_watch;
use crate::{ApiServer, Request, WatchId};
use bytes::Bytes;
use http_body_util::{combinators::BoxBody, BodyExt, Full};
use std::collections::VecDeque;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};

/// The error type of response bodies (never produced by full bodies).
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A cloneable handle to one shared [`ApiServer`], usable as a `tower::Service`.
#[derive(Clone)]
pub struct ApiService {
    server: Arc<Mutex<ApiServer>>,
}

impl ApiService {
    pub fn new(server: ApiServer) -> Self {
        ApiService { server: Arc::new(Mutex::new(server)) }
    }

    /// The server, for direct calls beside the client (advancing the clock, snapshots).
    pub fn server(&self) -> MutexGuard<'_, ApiServer> {
        self.server.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn to_request(parts: &http::request::Parts, body: Bytes) -> Request {
    let path = parts.uri.path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".into());
    let mut req = Request::new(parts.method.as_str(), path);
    req.headers = parts
        .headers
        .iter()
        .filter_map(|(k, v)| v.to_str().ok().map(|v| (k.as_str().to_string(), v.to_string())))
        .collect();
    req.body = Vec::from(body);
    req
}

fn empty() -> BoxBody<Bytes, BoxError> {
    Full::new(Bytes::new()).map_err(|never: Infallible| match never {}).boxed()
}

/// The streaming body of a watch: newline-delimited events, woken when the server queues more.
struct WatchBody {
    server: Arc<Mutex<ApiServer>>,
    id: WatchId,
    pending: VecDeque<Bytes>,
    done: bool,
}

impl http_body::Body for WatchBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, BoxError>>> {
        loop {
            if let Some(b) = self.pending.pop_front() {
                return Poll::Ready(Some(Ok(http_body::Frame::data(b))));
            }
            if self.done {
                return Poll::Ready(None);
            }
            let id = self.id;
            let mut server = self.server.lock().unwrap_or_else(|p| p.into_inner());
            let poll = server.poll(id);
            if poll.events.is_empty() && !poll.done {
                server.set_waker(id, cx.waker().clone());
                return Poll::Pending;
            }
            drop(server);
            self.done = poll.done;
            self.pending.extend(poll.events.iter().map(|e| Bytes::copy_from_slice(e)));
        }
    }
}

impl Drop for WatchBody {
    fn drop(&mut self) {
        self.server.lock().unwrap_or_else(|p| p.into_inner()).close(self.id);
    }
}

fn to_response(res: crate::Response) -> http::Response<BoxBody<Bytes, BoxError>> {
    let body = Full::new(Bytes::from(res.body)).map_err(|never: Infallible| match never {}).boxed();
    let mut out = http::Response::new(body);
    *out.status_mut() = http::StatusCode::from_u16(res.status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    // The values move into the header map. The server writes only valid names and values; one
    // that were not would be left out rather than lose the whole response.
    let headers = out.headers_mut();
    headers.reserve(res.headers.len());
    for (k, v) in res.headers {
        if let (Ok(k), Ok(v)) = (http::HeaderName::from_bytes(k.as_bytes()), http::HeaderValue::try_from(v)) {
            headers.append(k, v);
        }
    }
    out
}

impl<B> tower_service::Service<http::Request<B>> for ApiService
where
    B: http_body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<BoxError>,
{
    type Response = http::Response<BoxBody<Bytes, BoxError>>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: http::Request<B>) -> Self::Future {
        let server = self.server.clone();
        Box::pin(async move {
            let (parts, body) = req.into_parts();
            let bytes = body.collect().await.map_err(Into::into)?.to_bytes();
            let request = to_request(&parts, bytes);
            let mut guard = server.lock().unwrap_or_else(|p| p.into_inner());
            if !is_watch(&request) {
                return Ok(to_response(guard.handle(request)));
            }
            match guard.watch(request) {
                Err(response) => Ok(to_response(response)),
                Ok((id, head)) => {
                    drop(guard);
                    let mut builder = http::Response::builder().status(head.status);
                    for (k, v) in &head.headers {
                        builder = builder.header(k.as_str(), v.as_str());
                    }
                    let body = WatchBody { server, id, pending: VecDeque::new(), done: false };
                    Ok(builder.body(body.boxed()).unwrap_or_else(|_| http::Response::new(empty())))
                }
            }
        })
    }
}
