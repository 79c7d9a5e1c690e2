//! The core in a real browser (headless Chromium through chromedriver).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;
wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn create_conflict_and_get_in_the_browser() {
    let mut api = jobsim::ApiServer::new(jobsim::Config { seed: 7, ..Default::default() });
    let body = r#"{"metadata":{"name":"pi"},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"pi","image":"perl"}]}}}}"#;
    assert_eq!(api.handle(jobsim::Request::post("/apis/batch/v1/namespaces/default/jobs", body)).status, 201);
    let again = api.handle(jobsim::Request::post("/apis/batch/v1/namespaces/default/jobs", body));
    assert_eq!(again.status, 409);
    assert!(again.text().contains("jobs.batch \\\"pi\\\" already exists"));
}
