//! List types of the Job's schema (`x-kubernetes-list-type` / `x-kubernetes-list-map-keys` and the
//! strategic-merge keys). Paths are field paths without indexes, e.g. `spec.template.spec.containers`.

/// How a list is merged and owned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListType {
    /// Replaced whole; owned as one field.
    Atomic,
    /// A set of scalars (`metadata.finalizers`).
    Set,
    /// A list of objects keyed by these fields.
    Map(&'static [&'static str]),
}

const POD: &str = "spec.template.spec";

/// Lists inside a container, relative to the container.
const CONTAINER_LISTS: &[(&str, ListType)] = &[
    ("env", ListType::Map(&["name"])),
    ("ports", ListType::Map(&["containerPort", "protocol"])),
    ("volumeMounts", ListType::Map(&["mountPath"])),
    ("volumeDevices", ListType::Map(&["devicePath"])),
    ("resizePolicy", ListType::Atomic),
];

/// Lists of the pod spec, relative to it.
const POD_LISTS: &[(&str, ListType)] = &[
    ("containers", ListType::Map(&["name"])),
    ("initContainers", ListType::Map(&["name"])),
    ("ephemeralContainers", ListType::Map(&["name"])),
    ("volumes", ListType::Map(&["name"])),
    ("imagePullSecrets", ListType::Map(&["name"])),
    ("hostAliases", ListType::Map(&["ip"])),
    ("topologySpreadConstraints", ListType::Map(&["topologyKey", "whenUnsatisfiable"])),
    ("schedulingGates", ListType::Map(&["name"])),
    ("resourceClaims", ListType::Map(&["name"])),
];

/// The list type at `path` (indexes stripped). Lists not in the schema tables are atomic.
pub fn list_type(path: &str) -> ListType {
    match path {
        "metadata.finalizers" | "spec.template.metadata.finalizers" => return ListType::Set,
        "metadata.ownerReferences" | "spec.template.metadata.ownerReferences" => return ListType::Map(&["uid"]),
        _ => {}
    }
    if let Some(rest) = path.strip_prefix(POD).and_then(|r| r.strip_prefix('.')) {
        if let Some(t) = POD_LISTS.iter().find(|(p, _)| *p == rest) {
            return t.1;
        }
        for c in ["containers.", "initContainers.", "ephemeralContainers."] {
            if let Some(field) = rest.strip_prefix(c) {
                if let Some(t) = CONTAINER_LISTS.iter().find(|(p, _)| *p == field) {
                    return t.1;
                }
            }
        }
    }
    ListType::Atomic
}

/// Strategic-merge-patch merge key of the list at `path`, where SMP differs from apply (PAT-07):
/// container ports merge by `containerPort` alone and `status.conditions` merges by `type`.
pub fn smp_merge_key(path: &str) -> Option<&'static str> {
    if path == "status.conditions" {
        return Some("type");
    }
    if path.ends_with(".ports") && path.starts_with(POD) {
        return Some("containerPort");
    }
    match list_type(path) {
        ListType::Map(keys) => keys.first().copied(),
        _ => None,
    }
}

/// Strips `[i]` indexes from a field path: `a[0].b` → `a.b`.
pub fn strip_indexes(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pat_12_list_types_from_the_schema() {
        assert_eq!(list_type("spec.template.spec.containers"), ListType::Map(&["name"]));
        assert_eq!(list_type("spec.template.spec.containers.ports"), ListType::Map(&["containerPort", "protocol"]));
        assert_eq!(list_type("metadata.finalizers"), ListType::Set);
        assert_eq!(list_type("status.conditions"), ListType::Atomic);
        assert_eq!(list_type("spec.template.spec.containers.command"), ListType::Atomic);
        assert_eq!(smp_merge_key("spec.template.spec.containers.ports"), Some("containerPort"));
        assert_eq!(smp_merge_key("status.conditions"), Some("type"));
        assert_eq!(strip_indexes("a[0].b[k].c"), "a.b.c");
    }
}
