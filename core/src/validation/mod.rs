//! Validation shared by every resource: names, labels, annotations, object metadata, label selectors and pod
//! templates, reporting apimachinery's exact field paths and messages.

pub mod containers;
pub mod equality;
pub mod labels;
pub mod names;
pub mod objectmeta;
pub mod podtemplate;
pub mod selector;
pub mod volumes;

pub use equality::{semantic_eq, to_json, validate_immutable, FIELD_IMMUTABLE_ERROR_MSG};
pub use labels::{validate_annotations, validate_label_name, validate_labels};
pub use names::{
    dns1123_label_errors, dns1123_subdomain_errors, label_value_errors, name_is_dns_label, name_is_dns_subdomain,
    qualified_name_errors,
};
pub use objectmeta::{
    validate_finalizers, validate_nonnegative, validate_object_meta, validate_object_meta_update,
    validate_owner_references, NameValidator, IS_NEGATIVE_ERROR_MSG,
};
pub use podtemplate::{validate_pod_spec, validate_pod_template_spec};
pub use selector::{label_selector_has_invalid_label_value, selector_rejects, validate_label_selector};
