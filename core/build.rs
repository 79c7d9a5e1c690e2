//! Generates the OpenAPI v3 document of batch/v1 (served at /openapi/v3/apis/batch/v1) from the
//! schemas k8s-openapi carries, with the paths, parameters and Kubernetes extensions kubectl reads
//! (`x-kubernetes-group-version-kind`, `x-kubernetes-action`, the `fieldValidation` parameter).

use k8s_openapi::api::batch::v1::Job;
use k8s_openapi::api::core::v1::{Event, Namespace, Pod};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{DeleteOptions, ListMeta, Patch, Status, WatchEvent};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha512};

fn param(name: &str, description: &str) -> Value {
    json!({"name": name, "in": "query", "description": description, "schema": {"type": "string", "uniqueItems": true}})
}

fn gvk(kind: &str) -> Value {
    json!({"group": "batch", "kind": kind, "version": "v1"})
}

fn response(schema: &str) -> Value {
    let r = json!({"$ref": format!("#/components/schemas/{schema}")});
    json!({"content": {"application/json": {"schema": r.clone()}, "application/yaml": {"schema": r}}, "description": "OK"})
}

fn operation(
    id: &str,
    action: &str,
    description: &str,
    params: &[Value],
    body: Option<&str>,
    ok: &[(&str, &str)],
) -> Value {
    let mut op = json!({
        "tags": ["batch_v1"],
        "description": description,
        "operationId": id,
        "parameters": params,
        "responses": {"401": {"description": "Unauthorized"}},
        "x-kubernetes-action": action,
        "x-kubernetes-group-version-kind": gvk("Job"),
    });
    for (code, schema) in ok {
        op["responses"][*code] = response(schema);
    }
    if let Some(b) = body {
        let r = json!({"$ref": format!("#/components/schemas/{b}")});
        op["requestBody"] = json!({"content": {"*/*": {"schema": r}}, "required": true});
    }
    op
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let settings = schemars::generate::SchemaSettings::openapi3();
    let mut generator = settings.into_generator();
    for _ in 0..1 {
        generator.subschema_for::<Job>();
        generator.subschema_for::<ListMeta>();
        generator.subschema_for::<DeleteOptions>();
        generator.subschema_for::<Status>();
        generator.subschema_for::<Patch>();
        generator.subschema_for::<WatchEvent<Job>>();
    }
    let mut schemas: Map<String, Value> = generator.take_definitions(true);
    schemas.insert(
        "io.k8s.api.batch.v1.JobList".into(),
        json!({
            "description": "JobList is a collection of jobs.",
            "type": "object",
            "required": ["items"],
            "properties": {
                "apiVersion": {"description": "APIVersion defines the versioned schema of this representation of an object.", "type": "string"},
                "items": {"description": "items is the list of Jobs.", "type": "array", "items": {"$ref": "#/components/schemas/io.k8s.api.batch.v1.Job"}},
                "kind": {"description": "Kind is a string value representing the REST resource this object represents.", "type": "string"},
                "metadata": {"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta"}
            }
        }),
    );
    for (name, kind, group, version) in [
        ("io.k8s.api.batch.v1.Job", "Job", "batch", "v1"),
        ("io.k8s.api.batch.v1.JobList", "JobList", "batch", "v1"),
        ("io.k8s.apimachinery.pkg.apis.meta.v1.Status", "Status", "", "v1"),
        ("io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", "DeleteOptions", "batch", "v1"),
    ] {
        if let Some(Value::Object(s)) = schemas.get_mut(name) {
            s.insert(
                "x-kubernetes-group-version-kind".into(),
                json!([{"group": group, "kind": kind, "version": version}]),
            );
        }
    }
    let dry = param("dryRun", "When present, indicates that modifications should not be persisted. Valid values are: - All: all dry run stages will be processed");
    let manager = param(
        "fieldManager",
        "fieldManager is a name associated with the actor or entity that is making these changes.",
    );
    let validation = param("fieldValidation", "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn (default) - Strict");
    let pretty = param("pretty", "If 'true', then the output is pretty printed.");
    let force = param("force", "Force is going to \"force\" Apply requests.");
    let list_params: Vec<Value> = [
        "allowWatchBookmarks",
        "continue",
        "fieldSelector",
        "labelSelector",
        "limit",
        "resourceVersion",
        "resourceVersionMatch",
        "sendInitialEvents",
        "timeoutSeconds",
        "watch",
    ]
    .iter()
    .map(|p| param(p, ""))
    .collect();
    let delete_params: Vec<Value> = ["dryRun", "gracePeriodSeconds", "orphanDependents", "propagationPolicy"]
        .iter()
        .map(|p| param(p, ""))
        .collect();
    let path_param = |name: &str| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string", "uniqueItems": true}});
    let write = vec![dry.clone(), manager.clone(), validation.clone()];
    let mut patch_params = write.clone();
    patch_params.push(force);
    let job = "io.k8s.api.batch.v1.Job";
    let list = "io.k8s.api.batch.v1.JobList";
    let status = "io.k8s.apimachinery.pkg.apis.meta.v1.Status";
    let mut collection = json!({
        "get": operation("listBatchV1NamespacedJob", "list", "list or watch objects of kind Job", &list_params, None, &[("200", list)]),
        "post": operation("createBatchV1NamespacedJob", "post", "create a Job", &write, Some(job), &[("200", job), ("201", job), ("202", job)]),
        "delete": operation("deleteBatchV1CollectionNamespacedJob", "deletecollection", "delete collection of Job", &[list_params.clone(), delete_params.clone()].concat(), Some("io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions"), &[("200", status)]),
        "parameters": [path_param("namespace"), pretty.clone()],
    });
    collection["delete"]["requestBody"]["required"] = json!(false);
    let mut item = json!({
        "get": operation("readBatchV1NamespacedJob", "get", "read the specified Job", &[], None, &[("200", job)]),
        "put": operation("replaceBatchV1NamespacedJob", "put", "replace the specified Job", &write, Some(job), &[("200", job), ("201", job)]),
        "patch": operation("patchBatchV1NamespacedJob", "patch", "partially update the specified Job", &patch_params, Some("io.k8s.apimachinery.pkg.apis.meta.v1.Patch"), &[("200", job), ("201", job)]),
        "delete": operation("deleteBatchV1NamespacedJob", "delete", "delete a Job", &delete_params, Some("io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions"), &[("200", status), ("202", status)]),
        "parameters": [path_param("name"), path_param("namespace"), pretty.clone()],
    });
    item["delete"]["requestBody"]["required"] = json!(false);
    let patch_body = json!({"content": {
        "application/apply-patch+yaml": {"schema": {"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch"}},
        "application/json-patch+json": {"schema": {"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch"}},
        "application/merge-patch+json": {"schema": {"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch"}},
        "application/strategic-merge-patch+json": {"schema": {"$ref": "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch"}}
    }, "required": true});
    item["patch"]["requestBody"] = patch_body.clone();
    let mut status_path = json!({
        "get": operation("readBatchV1NamespacedJobStatus", "get", "read status of the specified Job", &[], None, &[("200", job)]),
        "put": operation("replaceBatchV1NamespacedJobStatus", "put", "replace status of the specified Job", &write, Some(job), &[("200", job), ("201", job)]),
        "patch": operation("patchBatchV1NamespacedJobStatus", "patch", "partially update status of the specified Job", &patch_params, Some("io.k8s.apimachinery.pkg.apis.meta.v1.Patch"), &[("200", job), ("201", job)]),
        "parameters": [path_param("name"), path_param("namespace"), pretty.clone()],
    });
    status_path["patch"]["requestBody"] = patch_body;
    let all = json!({
        "get": operation("listBatchV1JobForAllNamespaces", "list", "list or watch objects of kind Job", &list_params, None, &[("200", list)]),
        "parameters": [pretty],
    });
    let doc = json!({
        "openapi": "3.0.0",
        "info": {"title": "Kubernetes", "version": "v1.35.0"},
        "paths": {
            "/apis/batch/v1/jobs": all,
            "/apis/batch/v1/namespaces/{namespace}/jobs": collection,
            "/apis/batch/v1/namespaces/{namespace}/jobs/{name}": item,
            "/apis/batch/v1/namespaces/{namespace}/jobs/{name}/status": status_path,
        },
        "components": {"schemas": schemas, "securitySchemes": {"BearerToken": {"type": "apiKey", "description": "Bearer Token authentication", "name": "authorization", "in": "header"}}},
    });
    let core = core_v1();
    emit_fields(&[&doc, &core]);
    emit(&[("BATCH_V1", doc), ("CORE_V1", core)]);
}

/// Writes `known_fields.rs`: for every component schema with properties, its field names
/// (sorted) and the shape of each field's value, so request bodies are checked for unknown
/// fields (FVL-02) by walking them once against these tables.
fn emit_fields(docs: &[&Value]) {
    let mut schemas: Map<String, Value> = Map::new();
    for doc in docs {
        if let Some(Value::Object(m)) = doc["components"].get("schemas") {
            for (k, v) in m {
                schemas.entry(k.clone()).or_insert_with(|| v.clone());
            }
        }
    }
    let with_fields: Vec<&String> =
        schemas.iter().filter(|(_, v)| v.get("properties").is_some()).map(|(k, _)| k).collect();
    let index = |name: &str| with_fields.iter().position(|k| *k == name);
    fn target(p: &Value) -> Option<&str> {
        let r = p.get("$ref").or_else(|| p.get("allOf").and_then(|a| a.get(0)).and_then(|a| a.get("$ref")))?;
        r.as_str()?.strip_prefix("#/components/schemas/")
    }
    fn shape(p: &Value, schemas: &Map<String, Value>, index: &dyn Fn(&str) -> Option<usize>) -> String {
        if let Some(name) = target(p) {
            if let Some(i) = index(name) {
                return format!("Shape::Object({i})");
            }
            return schemas.get(name).map_or("Shape::Free".into(), |s| shape(s, schemas, index));
        }
        match p.get("type").and_then(Value::as_str) {
            Some("array") => format!("Shape::Array(&{})", shape(&p["items"], schemas, index)),
            Some("object") => match p.get("additionalProperties") {
                Some(v @ Value::Object(_)) => format!("Shape::Map(&{})", shape(v, schemas, index)),
                _ => "Shape::Free".into(),
            },
            _ => "Shape::Leaf".into(),
        }
    }
    let mut out = String::from("/// Each schema's fields, by name, with the shape of their values.\npub static SCHEMAS: &[&[(&str, Shape)]] = &[\n");
    for name in &with_fields {
        let props = schemas[name.as_str()]["properties"].as_object().expect("properties are an object");
        let mut fields: Vec<(&String, String)> = props.iter().map(|(k, p)| (k, shape(p, &schemas, &index))).collect();
        fields.sort_by(|a, b| a.0.cmp(b.0));
        out.push_str(&format!("    // {name}\n    &["));
        for (k, sh) in fields {
            out.push_str(&format!("({k:?}, {sh}), "));
        }
        out.push_str("],\n");
    }
    // The names as data, not as a `match`: in wasm a function is compiled on its first call,
    // and a match over every name is kilobytes of code.
    out.push_str(
        "];\n\n/// The name of each schema in [`SCHEMAS`], in the same order.\npub static SCHEMA_NAMES: &[&str] = &[\n",
    );
    for name in &with_fields {
        out.push_str(&format!("    {name:?},\n"));
    }
    out.push_str("];\n");
    let dir = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(dir.join("known_fields.rs"), out).expect("OUT_DIR is writable");
}

/// Writes `openapi_docs.rs`: the documents as pieces, the component schemas they share (Pod and
/// Job embed the same PodSpec tree) stored once, and each document's SHA-512.
fn emit(docs: &[(&str, Value)]) {
    const MARK: &str = "\u{0}schemas\u{0}";
    let mut pool: Vec<String> = Vec::new();
    let mut out = String::from("/// Component schemas, each `\"name\":{…}`, shared by the documents.\n");
    let mut defs = String::new();
    for (name, doc) in docs {
        let mut doc = doc.clone();
        let Some(Value::Object(schemas)) = doc["components"].get_mut("schemas").map(std::mem::take) else {
            panic!("{name} has component schemas");
        };
        doc["components"]["schemas"] = Value::String(MARK.to_string());
        let skeleton = serde_json::to_string(&doc).expect("the document serializes");
        let marked = serde_json::to_string(MARK).expect("a string serializes");
        let (head, tail) = skeleton.split_once(&marked).expect("the mark is in the document");
        let mut ids = Vec::new();
        let mut text = format!("{head}{{");
        for (i, (key, schema)) in schemas.iter().enumerate() {
            let piece = format!("{}:{}", serde_json::to_string(key).unwrap(), serde_json::to_string(schema).unwrap());
            let id = pool.iter().position(|p| *p == piece).unwrap_or_else(|| {
                pool.push(piece.clone());
                pool.len() - 1
            });
            ids.push(id);
            if i > 0 {
                text.push(',');
            }
            text.push_str(&piece);
        }
        text.push('}');
        text.push_str(tail);
        let hash: String = Sha512::digest(text.as_bytes()).iter().map(|b| format!("{b:02X}")).collect();
        defs.push_str(&format!(
            "pub const {name}: Doc = Doc {{ head: {head:?}, schemas: &{ids:?}, tail: {tail:?}, hash: {hash:?} }};\n"
        ));
    }
    out.push_str(&format!("const POOL: &[&str] = &{pool:?};\n"));
    out.push_str(&defs);
    let dir = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(dir.join("openapi_docs.rs"), out).expect("OUT_DIR is writable");
}

/// The core/v1 document for what this server serves of it: Namespaces, Pods, Events.
fn core_v1() -> Value {
    let settings = schemars::generate::SchemaSettings::openapi3();
    let mut generator = settings.into_generator();
    generator.subschema_for::<Namespace>();
    generator.subschema_for::<Pod>();
    generator.subschema_for::<Event>();
    generator.subschema_for::<DeleteOptions>();
    generator.subschema_for::<Status>();
    generator.subschema_for::<Patch>();
    let mut schemas: Map<String, Value> = generator.take_definitions(true);
    let mut paths = Map::new();
    let write = vec![
        param("dryRun", ""),
        param("fieldManager", ""),
        param("fieldValidation", "fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields."),
    ];
    for (kind, plural, namespaced) in
        [("Namespace", "namespaces", false), ("Pod", "pods", true), ("Event", "events", true)]
    {
        let schema = format!("io.k8s.api.core.v1.{kind}");
        if let Some(Value::Object(s)) = schemas.get_mut(&schema) {
            s.insert("x-kubernetes-group-version-kind".into(), json!([{"group": "", "kind": kind, "version": "v1"}]));
        }
        let gvk = json!({"group": "", "kind": kind, "version": "v1"});
        let op = |id: &str, action: &str, params: &[Value], body: bool| {
            let mut o = json!({"operationId": id, "parameters": params, "responses": {"200": response(&schema)},
                "x-kubernetes-action": action, "x-kubernetes-group-version-kind": gvk.clone()});
            if body {
                o["requestBody"] = json!({"content": {"*/*": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}, "required": true});
            }
            o
        };
        let base =
            if namespaced { format!("/api/v1/namespaces/{{namespace}}/{plural}") } else { format!("/api/v1/{plural}") };
        paths.insert(base.clone(), json!({"get": op(&format!("list{kind}"), "list", &[], false), "post": op(&format!("create{kind}"), "post", &write, true)}));
        paths.insert(
            format!("{base}/{{name}}"),
            json!({"get": op(&format!("read{kind}"), "get", &[], false), "put": op(&format!("replace{kind}"), "put", &write, true),
                   "patch": op(&format!("patch{kind}"), "patch", &write, true), "delete": op(&format!("delete{kind}"), "delete", &[], false)}),
        );
    }
    json!({
        "openapi": "3.0.0",
        "info": {"title": "Kubernetes", "version": "v1.35.0"},
        "paths": paths,
        "components": {"schemas": schemas},
    })
}
