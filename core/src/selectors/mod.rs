//! Label and field selectors as kube-apiserver parses, matches and prints them (LST-05, LST-06, WAT-12, WAT-13):
//! the `labelSelector` / `fieldSelector` query grammars with their exact error messages, and the string form of
//! a `metav1.LabelSelector` shown in Tables.

pub mod fields;
pub mod labels;
