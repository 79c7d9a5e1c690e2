//! Pod volumes (`ValidateVolumes`): names, exactly one source, and the common sources' required fields.

use super::names::dns1123_label_errors;
use crate::field::{FieldError, Path};
use k8s_openapi::api::core::v1::{KeyToPath, Volume};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};

const FILE_MODE_ERROR_MSG: &str = "must be a number between 0 and 0777 (octal), both inclusive";

/// Volume sources in the order Go checks them: (JSON key, path segment Go reports when a second one is set).
const SOURCES: [(&str, &str); 30] = [
    ("emptyDir", "emptyDir"),
    ("hostPath", "hostPath"),
    ("gitRepo", "gitRepo"),
    ("gcePersistentDisk", "gcePersistentDisk"),
    ("awsElasticBlockStore", "awsElasticBlockStore"),
    ("secret", "secret"),
    ("nfs", "nfs"),
    ("iscsi", "iscsi"),
    ("glusterfs", "glusterfs"),
    ("flocker", "flocker"),
    ("persistentVolumeClaim", "persistentVolumeClaim"),
    ("rbd", "rbd"),
    ("cinder", "cinder"),
    ("cephfs", "cephFS"),
    ("quobyte", "quobyte"),
    ("downwardAPI", "downwarAPI"),
    ("fc", "fc"),
    ("flexVolume", "flexVolume"),
    ("configMap", "configMap"),
    ("azureFile", "azureFile"),
    ("vsphereVolume", "vsphereVolume"),
    ("photonPersistentDisk", "photonPersistentDisk"),
    ("portworxVolume", "portworxVolume"),
    ("azureDisk", "azureDisk"),
    ("storageos", "storageos"),
    ("projected", "projected"),
    ("scaleIO", "scaleIO"),
    ("csi", "csi"),
    ("ephemeral", "ephemeral"),
    ("image", "image"),
];

/// The volumes that validated, by name, and the errors. Containers may only mount volumes of the first.
pub fn validate_volumes<'a>(volumes: &'a [Volume], path: &Path) -> (BTreeMap<&'a str, &'a Volume>, Vec<FieldError>) {
    let mut valid = BTreeMap::new();
    let mut names = BTreeSet::new();
    let mut errs = Vec::new();
    for (i, volume) in volumes.iter().enumerate() {
        let volume_path = path.index(i);
        let name_path = volume_path.child("name");
        let mut volume_errs = validate_volume_source(volume, &volume_path);
        if volume.name.is_empty() {
            volume_errs.push(FieldError::required(&name_path, ""));
        } else {
            let name = json!(volume.name);
            volume_errs
                .extend(dns1123_label_errors(&volume.name).iter().map(|m| FieldError::invalid(&name_path, &name, m)));
        }
        if names.contains(volume.name.as_str()) {
            volume_errs.push(FieldError::duplicate(&name_path, &json!(volume.name)));
        }
        if volume_errs.is_empty() {
            names.insert(volume.name.as_str());
            valid.insert(volume.name.as_str(), volume);
        } else {
            errs.extend(volume_errs);
        }
    }
    (valid, errs)
}

fn validate_volume_source(volume: &Volume, path: &Path) -> Vec<FieldError> {
    let serialized = crate::validation::equality::to_json(volume);
    let mut errs = Vec::new();
    let mut count = 0;
    for (key, segment) in SOURCES {
        if serialized.get(key).is_none() {
            continue;
        }
        if count > 0 {
            errs.push(FieldError::forbidden(&path.child(segment), "may not specify more than 1 volume type"));
            continue;
        }
        count += 1;
        errs.extend(validate_source_fields(volume, key, &path.child(segment)));
    }
    if count == 0 {
        errs.push(FieldError::required(path, "must specify a volume type"));
    }
    errs
}

/// Required fields of the common sources; the others are accepted as given.
fn validate_source_fields(volume: &Volume, key: &str, path: &Path) -> Vec<FieldError> {
    match key {
        "hostPath" => volume.host_path.as_ref().map(|h| validate_host_path(&h.path, path)).unwrap_or_default(),
        "secret" => volume
            .secret
            .as_ref()
            .map(|s| {
                let mut errs = Vec::new();
                if s.secret_name.as_deref().unwrap_or("").is_empty() {
                    errs.push(FieldError::required(&path.child("secretName"), ""));
                }
                errs.extend(validate_mode(s.default_mode, &path.child("defaultMode")));
                errs.extend(validate_items(s.items.as_deref().unwrap_or(&[]), &path.child("items")));
                errs
            })
            .unwrap_or_default(),
        "configMap" => volume
            .config_map
            .as_ref()
            .map(|c| {
                let mut errs = Vec::new();
                if c.name.is_empty() {
                    errs.push(FieldError::required(&path.child("name"), ""));
                }
                errs.extend(validate_mode(c.default_mode, &path.child("defaultMode")));
                errs.extend(validate_items(c.items.as_deref().unwrap_or(&[]), &path.child("items")));
                errs
            })
            .unwrap_or_default(),
        "persistentVolumeClaim" => volume
            .persistent_volume_claim
            .as_ref()
            .filter(|p| p.claim_name.is_empty())
            .map(|_| vec![FieldError::required(&path.child("claimName"), "")])
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn validate_host_path(host_path: &str, path: &Path) -> Vec<FieldError> {
    let path = path.child("path");
    if host_path.is_empty() {
        return vec![FieldError::required(&path, "")];
    }
    validate_path_no_backsteps(host_path, &path)
}

fn validate_mode(mode: Option<i32>, path: &Path) -> Vec<FieldError> {
    match mode {
        Some(m) if !(0..=0o777).contains(&m) => vec![FieldError::invalid(path, &json!(m), FILE_MODE_ERROR_MSG)],
        _ => Vec::new(),
    }
}

fn validate_items(items: &[KeyToPath], path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let item_path = path.index(i);
        if item.key.is_empty() {
            errs.push(FieldError::required(&item_path.child("key"), ""));
        }
        if item.path.is_empty() {
            errs.push(FieldError::required(&item_path.child("path"), ""));
        }
        errs.extend(validate_local_non_reserved_path(&item.path, &item_path.child("path")));
        errs.extend(validate_mode(item.mode, &item_path.child("mode")));
    }
    errs
}

/// `validatePathNoBacksteps`: no `..` component.
pub fn validate_path_no_backsteps(target: &str, path: &Path) -> Vec<FieldError> {
    if target.split('/').any(|part| part == "..") {
        return vec![FieldError::invalid(path, &json!(target), "must not contain '..'")];
    }
    Vec::new()
}

/// `validateLocalDescendingPath`: relative and without `..` components.
pub fn validate_local_descending_path(target: &str, path: &Path) -> Vec<FieldError> {
    let mut errs = Vec::new();
    if target.starts_with('/') {
        errs.push(FieldError::invalid(path, &json!(target), "must be a relative path"));
    }
    errs.extend(validate_path_no_backsteps(target, path));
    errs
}

/// `ValidateLocalNonReservedPath`: a descending path that does not start with `..`.
fn validate_local_non_reserved_path(target: &str, path: &Path) -> Vec<FieldError> {
    let mut errs = validate_local_descending_path(target, path);
    if target.starts_with("..") && !target.starts_with("../") {
        errs.push(FieldError::invalid(path, &json!(target), "must not start with '..'"));
    }
    errs
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::core::v1::{ConfigMapVolumeSource, EmptyDirVolumeSource, SecretVolumeSource};

    fn strings(errs: &[FieldError]) -> Vec<String> {
        errs.iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn val_16_volumes_need_one_source_and_unique_names() {
        let path = Path::new("spec.template.spec.volumes");
        let ok = Volume { name: "data".into(), empty_dir: Some(EmptyDirVolumeSource::default()), ..Default::default() };
        let none = Volume { name: "none".into(), ..Default::default() };
        let two = Volume {
            name: "two".into(),
            empty_dir: Some(EmptyDirVolumeSource::default()),
            config_map: Some(ConfigMapVolumeSource::default()),
            ..Default::default()
        };
        let secret = Volume {
            name: "s".into(),
            secret: Some(SecretVolumeSource { default_mode: Some(0o1000), ..Default::default() }),
            ..Default::default()
        };
        let volumes = [ok.clone(), none, two, ok, secret];
        let (valid, errs) = validate_volumes(&volumes, &path);
        assert_eq!(
            strings(&errs),
            vec![
                "spec.template.spec.volumes[1]: Required value: must specify a volume type",
                "spec.template.spec.volumes[2].configMap: Forbidden: may not specify more than 1 volume type",
                "spec.template.spec.volumes[3].name: Duplicate value: \"data\"",
                "spec.template.spec.volumes[4].secret.secretName: Required value",
                "spec.template.spec.volumes[4].secret.defaultMode: Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive",
            ]
        );
        assert_eq!(valid.keys().copied().collect::<Vec<_>>(), vec!["data"]);
    }
}
