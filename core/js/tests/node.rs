//! The bindings under Node (wasm-bindgen-test without run_in_browser runs in Node).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

#[wasm_bindgen_test]
fn create_and_get_through_the_core_in_wasm() {
    let mut api = jobsim::ApiServer::new(jobsim::Config::default());
    let body = r#"{"metadata":{"name":"pi"},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"pi","image":"perl"}]}}}}"#;
    let r = api.handle(jobsim::Request::post("/apis/batch/v1/namespaces/default/jobs", body));
    assert_eq!(r.status, 201);
    let g = api.handle(jobsim::Request::get("/apis/batch/v1/namespaces/default/jobs/pi"));
    assert_eq!(g.status, 200);
    assert_eq!(g.body, r.body);
    let missing = api.handle(jobsim::Request::get("/apis/batch/v1/namespaces/default/jobs/nope"));
    assert_eq!(missing.status, 404);
}
