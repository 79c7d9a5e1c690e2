//! jobsim: the Kubernetes batch/v1 Job API with the semantics of kube-apiserver, in memory, with no
//! I/O — natively or in WebAssembly.
//!
//! ```
//! # use k8s_openapi as _;
//! use jobsim::{ApiServer, Config, Request};
//! let mut api = ApiServer::new(Config::default());
//! let body = r#"{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"pi"},
//!   "spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"pi","image":"perl"}]}}}}"#;
//! let res = api.handle(Request::post("/apis/batch/v1/namespaces/default/jobs", body));
//! assert_eq!(res.status, 201);
//! ```

pub mod codec;
pub mod controller;
pub mod decode;
pub mod discovery;
pub mod events;
pub mod field;
pub mod http;
pub mod jobs;
pub mod managed;
pub mod namespaces;
pub mod openapi;
pub mod patch;
pub mod pod;
pub mod pods;
pub mod registry;
pub mod router;
pub mod schema;
pub mod selectors;
pub mod server;
pub mod snapshot;
pub mod storage;
#[cfg(feature = "tower")]
pub mod tower;
pub mod validation;

#[cfg(feature = "tower")]
pub use crate::tower::ApiService;
pub use http::request::Request;
pub use http::response::Response;
pub use http::status::{Reason, Status};
pub use server::{ApiServer, Config, WatchId, WatchPoll};
