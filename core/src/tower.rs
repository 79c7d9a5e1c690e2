//! A `tower::Service` over [`ApiServer`], so `kube::Client` (or anything speaking `http`) talks to
//! the in-memory API with no network: `kube::Client::new(ApiService::new(server), "default")`.

use crate::{ApiServer, Request};
use bytes::Bytes;
use http_body_util::{combinators::BoxBody, BodyExt, Full};
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
    req.body = body.to_vec();
    req
}

fn to_response(res: crate::Response) -> http::Response<BoxBody<Bytes, BoxError>> {
    let mut builder = http::Response::builder().status(res.status);
    for (k, v) in &res.headers {
        builder = builder.header(k.as_str(), v.as_str());
    }
    let body = Full::new(Bytes::from(res.body)).map_err(|never: Infallible| match never {}).boxed();
    builder.body(body).unwrap_or_else(|_| http::Response::new(Full::new(Bytes::new()).map_err(|n| match n {}).boxed()))
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
            let response = server.lock().unwrap_or_else(|p| p.into_inner()).handle(request);
            Ok(to_response(response))
        })
    }
}
