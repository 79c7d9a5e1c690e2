//! Object metadata on create and update (VAL-03..05, VAL-21, VAL-23..25), following apimachinery's
//! `ValidateObjectMeta` / `ValidateObjectMetaUpdate` plus the core API's finalizer-name rule.

use super::equality::validate_immutable;
use super::labels::{validate_annotations, validate_labels};
use super::names::{name_is_dns_label, qualified_name_errors};
use crate::field::{FieldError, Path};
use k8s_openapi::apimachinery::pkg::apis::meta::v1::{ManagedFieldsEntry, ObjectMeta, OwnerReference};
use serde_json::json;
use std::collections::BTreeSet;

/// A resource's name rule: the messages for an invalid name; `prefix` is true when checking a generateName.
pub type NameValidator = fn(&str, bool) -> Vec<String>;

/// `must be greater than or equal to 0`, the detail of every non-negative check.
pub const IS_NEGATIVE_ERROR_MSG: &str = "must be greater than or equal to 0";

/// Finalizer names the core API accepts without a `<domain>/` prefix.
const STANDARD_FINALIZERS: [&str; 3] = ["kubernetes", "orphan", "foregroundDeletion"];

const FIELD_MANAGER_MAX_LENGTH: usize = 128;
const MAX_SUBRESOURCE_NAME_LENGTH: usize = 256;

/// `ValidateNonnegativeField`.
pub fn validate_nonnegative(value: i64, path: &Path) -> Vec<FieldError> {
    if value < 0 {
        return vec![FieldError::invalid(path, &json!(value), IS_NEGATIVE_ERROR_MSG)];
    }
    Vec::new()
}

fn metadata_path() -> Path<'static> {
    Path::new("metadata")
}

/// Create-time metadata validation: name (with `name_fn`), namespace (a DNS label when `namespaced`, forbidden
/// otherwise), generation, labels, annotations, ownerReferences, finalizers and managedFields.
pub fn validate_object_meta(meta: &ObjectMeta, namespaced: bool, name_fn: NameValidator) -> Vec<FieldError> {
    let path = metadata_path();
    let mut errs = Vec::new();
    if let Some(generate_name) = meta.generate_name.as_deref().filter(|g| !g.is_empty()) {
        let gen_path = path.child("generateName");
        errs.extend(
            name_fn(generate_name, true).iter().map(|m| FieldError::invalid(&gen_path, &json!(generate_name), m)),
        );
    }
    let name = meta.name.as_deref().unwrap_or("");
    let name_path = path.child("name");
    if name.is_empty() {
        errs.push(FieldError::required(&name_path, "name or generateName is required"));
    } else {
        errs.extend(name_fn(name, false).iter().map(|m| FieldError::invalid(&name_path, &json!(name), m)));
    }
    errs.extend(validate_namespace(meta.namespace.as_deref().unwrap_or(""), namespaced, &path.child("namespace")));
    errs.extend(validate_nonnegative(meta.generation.unwrap_or(0), &path.child("generation")));
    errs.extend(validate_labels(meta.labels.as_ref(), &path.child("labels")));
    errs.extend(validate_annotations(meta.annotations.as_ref(), &path.child("annotations")));
    if let Some(owners) = meta.owner_references.as_deref().filter(|o| !o.is_empty()) {
        errs.extend(validate_owner_references(owners, &path.child("ownerReferences")));
    }
    errs.extend(validate_finalizers(meta.finalizers.as_deref().unwrap_or(&[]), &path.child("finalizers")));
    errs.extend(validate_managed_fields(meta.managed_fields.as_deref().unwrap_or(&[]), &path.child("managedFields")));
    errs.extend(validate_kube_finalizer_names(meta.finalizers.as_deref().unwrap_or(&[]), &path.child("finalizers")));
    errs
}

fn validate_namespace(namespace: &str, namespaced: bool, path: &Path) -> Vec<FieldError> {
    if !namespaced {
        if namespace.is_empty() {
            return Vec::new();
        }
        return vec![FieldError::forbidden(path, "not allowed on this type")];
    }
    if namespace.is_empty() {
        return vec![FieldError::required(path, "")];
    }
    name_is_dns_label(namespace, false).iter().map(|m| FieldError::invalid(path, &json!(namespace), m)).collect()
}

/// Update-time metadata validation: name, namespace and uid are immutable (an absent uid means "unchanged",
/// as the registry fills it from storage), no finalizer may be added to an object being deleted, and labels,
/// annotations, ownerReferences, managedFields and finalizer names are re-validated.
///
/// resourceVersion, generation and the timestamps are not checked: the registry overwrites them with the
/// stored values before validating (VAL-21).
pub fn validate_object_meta_update(new: &ObjectMeta, old: &ObjectMeta) -> Vec<FieldError> {
    let path = metadata_path();
    let mut errs = Vec::new();
    let new_finalizers = new.finalizers.as_deref().unwrap_or(&[]);
    if old.deletion_timestamp.is_some() {
        errs.extend(validate_no_new_finalizers(
            new_finalizers,
            old.finalizers.as_deref().unwrap_or(&[]),
            &path.child("finalizers"),
        ));
    }
    let name = new.name.as_deref().unwrap_or("");
    errs.extend(validate_immutable(name, old.name.as_deref().unwrap_or(""), &path.child("name")));
    let namespace = new.namespace.as_deref().unwrap_or("");
    errs.extend(validate_immutable(namespace, old.namespace.as_deref().unwrap_or(""), &path.child("namespace")));
    if let Some(uid) = new.uid.as_deref().filter(|u| !u.is_empty()) {
        errs.extend(validate_immutable(uid, old.uid.as_deref().unwrap_or(""), &path.child("uid")));
    }
    errs.extend(validate_labels(new.labels.as_ref(), &path.child("labels")));
    errs.extend(validate_annotations(new.annotations.as_ref(), &path.child("annotations")));
    if let Some(owners) = new.owner_references.as_deref().filter(|o| !o.is_empty()) {
        errs.extend(validate_owner_references(owners, &path.child("ownerReferences")));
    }
    errs.extend(validate_managed_fields(new.managed_fields.as_deref().unwrap_or(&[]), &path.child("managedFields")));
    errs.extend(validate_kube_finalizer_names(new_finalizers, &path.child("finalizers")));
    errs
}

/// `ValidateNoNewFinalizers`: the detail lists the added names sorted, in Go's `%#v` form.
fn validate_no_new_finalizers(new: &[String], old: &[String], path: &Path) -> Vec<FieldError> {
    let old: BTreeSet<&str> = old.iter().map(String::as_str).collect();
    let extra: BTreeSet<&str> = new.iter().map(String::as_str).filter(|f| !old.contains(f)).collect();
    if extra.is_empty() {
        return Vec::new();
    }
    let list = extra.iter().map(|f| crate::field::go_quote(f)).collect::<Vec<_>>().join(", ");
    vec![FieldError::forbidden(
        path,
        &format!(
            "no new finalizers can be added if the object is being deleted, found new finalizers []string{{{list}}}"
        ),
    )]
}

/// `ValidateFinalizers` (VAL-24): each a qualified name (errors on the list path), and `orphan` excludes
/// `foregroundDeletion`.
pub fn validate_finalizers(finalizers: &[String], path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for finalizer in finalizers {
        errs.extend(qualified_name_errors(finalizer).iter().map(|m| FieldError::invalid(path, &json!(finalizer), m)));
    }
    let has = |name: &str| finalizers.iter().any(|f| f == name);
    if has("orphan") && has("foregroundDeletion") {
        errs.push(FieldError::invalid(
            path,
            &json!(finalizers),
            "finalizer orphan and foregroundDeletion cannot be both set",
        ));
    }
    errs
}

/// The core API's extra rule: an unprefixed finalizer must be one of the standard names.
fn validate_kube_finalizer_names(finalizers: &[String], path: &Path) -> Vec<FieldError> {
    finalizers
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.contains('/') && !STANDARD_FINALIZERS.contains(&f.as_str()))
        .map(|(i, f)| {
            FieldError::invalid(
                &path.index(i),
                &json!(f),
                "name is neither a standard finalizer name nor is it fully qualified",
            )
        })
        .collect()
}

/// `schema.ParseGroupVersion` reduced to the version part; `None` when the string is malformed.
fn parse_version(api_version: &str) -> Option<(&str, &str)> {
    if api_version.is_empty() || api_version == "/" {
        return Some(("", ""));
    }
    match api_version.matches('/').count() {
        0 => Some(("", api_version)),
        1 => api_version.split_once('/'),
        _ => None,
    }
}

fn validate_owner_reference(owner: &OwnerReference, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let (group, version) = parse_version(&owner.api_version).unwrap_or(("", ""));
    if version.is_empty() {
        errs.push(FieldError::invalid(
            &path.child("apiVersion"),
            &json!(owner.api_version),
            "version must not be empty",
        ));
    }
    if owner.kind.is_empty() {
        errs.push(FieldError::invalid(&path.child("kind"), &json!(owner.kind), "must not be empty"));
    }
    if owner.name.is_empty() {
        errs.push(FieldError::invalid(&path.child("name"), &json!(owner.name), "must not be empty"));
    }
    if owner.uid.is_empty() {
        errs.push(FieldError::invalid(&path.child("uid"), &json!(owner.uid), "must not be empty"));
    }
    if group.is_empty() && version == "v1" && owner.kind == "Event" {
        let value = super::equality::to_json(owner);
        errs.push(FieldError::invalid(path, &value, "/v1, Kind=Event is disallowed from being an owner"));
    }
    errs
}

/// `ValidateOwnerReferences` (VAL-25): every field set, at most one controller. Errors are on the list path
/// (`metadata.ownerReferences.uid`), not on the entry, as in Go.
pub fn validate_owner_references(owners: &[OwnerReference], path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    let mut first_controller: Option<String> = None;
    for owner in owners {
        errs.extend(validate_owner_reference(owner, path));
        if owner.controller != Some(true) {
            continue;
        }
        let current = format!("{}/{}", owner.kind, owner.name);
        match &first_controller {
            Some(first) => errs.push(FieldError::invalid(
                path,
                &super::equality::to_json(owners),
                &format!("Only one reference can have Controller set to true. Found \"true\" in references for {first} and {current}"),
            )),
            None => first_controller = Some(current),
        }
    }
    errs
}

/// `ValidateFieldManager`: at most 128 bytes of printable characters.
pub fn validate_field_manager(manager: &str, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if manager.len() > FIELD_MANAGER_MAX_LENGTH {
        errs.push(FieldError::too_long(path, FIELD_MANAGER_MAX_LENGTH));
    }
    for (i, c) in manager.char_indices() {
        if c.is_control() {
            let detail = format!("invalid character U+{:04X} (at position {i})", c as u32);
            errs.push(FieldError::invalid(path, &json!(manager), &detail));
        }
    }
    errs
}

fn validate_managed_fields(entries: &[ManagedFieldsEntry], path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let entry_path = path.index(i);
        let operation = entry.operation.as_deref().unwrap_or("");
        if operation != "Apply" && operation != "Update" {
            errs.push(FieldError::invalid(
                &entry_path.child("operation"),
                &json!(operation),
                "must be `Apply` or `Update`",
            ));
        }
        let fields_type = entry.fields_type.as_deref().unwrap_or("");
        if !fields_type.is_empty() && fields_type != "FieldsV1" {
            errs.push(FieldError::invalid(&entry_path.child("fieldsType"), &json!(fields_type), "must be `FieldsV1`"));
        }
        errs.extend(validate_field_manager(entry.manager.as_deref().unwrap_or(""), &entry_path.child("manager")));
        if entry.subresource.as_deref().unwrap_or("").len() > MAX_SUBRESOURCE_NAME_LENGTH {
            errs.push(FieldError::too_long(&entry_path.child("subresource"), MAX_SUBRESOURCE_NAME_LENGTH));
        }
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::names::name_is_dns_subdomain;
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::Time;

    fn meta(name: &str) -> ObjectMeta {
        ObjectMeta { name: Some(name.into()), namespace: Some("default".into()), ..Default::default() }
    }

    fn strings(errs: &[FieldError]) -> Vec<String> {
        errs.iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn val_03_name_must_be_a_dns_subdomain() {
        let errs = validate_object_meta(&meta("Bad_Name"), true, name_is_dns_subdomain);
        assert_eq!(
            strings(&errs),
            vec!["metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"]
        );
        let errs = validate_object_meta(
            &ObjectMeta { namespace: Some("default".into()), ..Default::default() },
            true,
            name_is_dns_subdomain,
        );
        assert_eq!(strings(&errs), vec!["metadata.name: Required value: name or generateName is required"]);
    }

    #[test]
    fn val_04_namespace_must_be_a_dns_label() {
        let mut m = meta("pi");
        m.namespace = Some("my.ns".into());
        let errs = validate_object_meta(&m, true, name_is_dns_subdomain);
        assert_eq!(strings(&errs), vec!["metadata.namespace: Invalid value: \"my.ns\": must not contain dots"]);
        m.namespace = None;
        assert_eq!(
            strings(&validate_object_meta(&m, true, name_is_dns_subdomain)),
            vec!["metadata.namespace: Required value"]
        );
        m.namespace = Some("x".into());
        assert_eq!(
            strings(&validate_object_meta(&m, false, name_is_dns_subdomain)),
            vec!["metadata.namespace: Forbidden: not allowed on this type"]
        );
    }

    #[test]
    fn val_05_generation_must_not_be_negative() {
        let mut m = meta("pi");
        m.generation = Some(-1);
        let errs = validate_object_meta(&m, true, name_is_dns_subdomain);
        assert_eq!(strings(&errs), vec!["metadata.generation: Invalid value: -1: must be greater than or equal to 0"]);
    }

    #[test]
    fn val_24_finalizers_orphan_and_foreground_conflict() {
        let mut m = meta("pi");
        m.finalizers = Some(vec!["foregroundDeletion".into(), "orphan".into()]);
        let errs = validate_object_meta(&m, true, name_is_dns_subdomain);
        assert_eq!(
            strings(&errs),
            vec!["metadata.finalizers: Invalid value: [\"foregroundDeletion\",\"orphan\"]: finalizer orphan and foregroundDeletion cannot be both set"]
        );
    }

    #[test]
    fn val_24_unprefixed_finalizers_must_be_standard() {
        let mut m = meta("pi");
        m.finalizers = Some(vec!["example.com/ok".into(), "custom".into(), "kubernetes".into()]);
        let errs = validate_object_meta(&m, true, name_is_dns_subdomain);
        assert_eq!(
            strings(&errs),
            vec!["metadata.finalizers[1]: Invalid value: \"custom\": name is neither a standard finalizer name nor is it fully qualified"]
        );
    }

    #[test]
    fn val_25_owner_references_need_every_field_and_one_controller() {
        let mut m = meta("pi");
        let owner = |kind: &str, name: &str| OwnerReference {
            api_version: "v1".into(),
            kind: kind.into(),
            name: name.into(),
            uid: "u".into(),
            controller: Some(true),
            ..Default::default()
        };
        m.owner_references = Some(vec![
            OwnerReference { api_version: "apps/".into(), ..Default::default() },
            owner("A", "a"),
            owner("B", "b"),
        ]);
        let errs = strings(&validate_object_meta(&m, true, name_is_dns_subdomain));
        assert_eq!(errs[0], "metadata.ownerReferences.apiVersion: Invalid value: \"apps/\": version must not be empty");
        assert_eq!(errs[1], "metadata.ownerReferences.kind: Invalid value: \"\": must not be empty");
        assert_eq!(errs[2], "metadata.ownerReferences.name: Invalid value: \"\": must not be empty");
        assert_eq!(errs[3], "metadata.ownerReferences.uid: Invalid value: \"\": must not be empty");
        assert_eq!(errs.len(), 5);
        assert!(errs[4].starts_with("metadata.ownerReferences: Invalid value: [{"));
        assert!(errs[4].ends_with(
            "Only one reference can have Controller set to true. Found \"true\" in references for A/a and B/b"
        ));
    }

    #[test]
    fn val_21_name_namespace_uid_are_immutable() {
        let mut old = meta("pi");
        old.uid = Some("u1".into());
        let mut new = meta("pj");
        new.namespace = Some("other".into());
        new.uid = Some("u2".into());
        assert_eq!(
            strings(&validate_object_meta_update(&new, &old)),
            vec![
                "metadata.name: Invalid value: \"pj\": field is immutable",
                "metadata.namespace: Invalid value: \"other\": field is immutable",
                "metadata.uid: Invalid value: \"u2\": field is immutable",
            ]
        );
        new = meta("pi");
        assert!(validate_object_meta_update(&new, &old).is_empty(), "a missing uid is filled from storage");
    }

    #[test]
    fn val_21_no_new_finalizers_while_deleting() {
        let mut old = meta("pi");
        old.finalizers = Some(vec!["orphan".into()]);
        old.deletion_timestamp = Some(Time(jiff::Timestamp::UNIX_EPOCH));
        let mut new = old.clone();
        new.finalizers = Some(vec!["orphan".into(), "example.com/b".into(), "example.com/a".into()]);
        assert_eq!(
            strings(&validate_object_meta_update(&new, &old)),
            vec!["metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"example.com/a\", \"example.com/b\"}"]
        );
        new.finalizers = Some(vec![]);
        assert!(validate_object_meta_update(&new, &old).is_empty());
    }

    #[test]
    fn managed_fields_operation_is_checked() {
        let mut m = meta("pi");
        m.managed_fields = Some(vec![ManagedFieldsEntry { operation: Some("Patch".into()), ..Default::default() }]);
        assert_eq!(
            strings(&validate_object_meta(&m, true, name_is_dns_subdomain)),
            vec!["metadata.managedFields[0].operation: Invalid value: \"Patch\": must be `Apply` or `Update`"]
        );
    }
}
