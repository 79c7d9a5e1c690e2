//! The JSON that field ownership is computed over. An apply's intent arrives as JSON and is walked
//! as a `serde_json::Value`; a typed object is serialized into a [`Tree`] instead, whose struct
//! keys are the `&'static str` names serde hands over (no key is allocated or hashed) and which
//! leaves out, as it is built, what no manager owns: `apiVersion`, `kind`, the fields the
//! endpoint resets and the metadata the server sets.

use super::SERVER_METADATA;
use serde::ser::{self, Serialize, SerializeMap, SerializeSeq, SerializeStruct, Serializer};
use serde_json::{Error, Value};
use std::borrow::Cow;

/// What the field-set walks read of a JSON value.
pub trait Json: PartialEq + Sized {
    /// The members of a non-empty object; `None` for anything else.
    fn members(&self) -> Option<impl Iterator<Item = (&str, &Self)>>;
    /// The items of a non-empty array; `None` for anything else.
    fn items(&self) -> Option<&[Self]>;
    /// An object or an array, empty or not.
    fn is_structured(&self) -> bool;
    fn is_null(&self) -> bool;
    /// The member `key` of an object.
    fn get(&self, key: &str) -> Option<&Self>;
    /// Compact JSON text.
    fn text(&self) -> String;
}

impl Json for Value {
    fn members(&self) -> Option<impl Iterator<Item = (&str, &Self)>> {
        match self {
            Value::Object(m) if !m.is_empty() => Some(m.iter().map(|(k, v)| (k.as_str(), v))),
            _ => None,
        }
    }
    fn items(&self) -> Option<&[Self]> {
        match self {
            Value::Array(items) if !items.is_empty() => Some(items),
            _ => None,
        }
    }
    fn is_structured(&self) -> bool {
        matches!(self, Value::Object(_) | Value::Array(_))
    }
    fn is_null(&self) -> bool {
        self.is_null()
    }
    fn get(&self, key: &str) -> Option<&Self> {
        Value::get(self, key)
    }
    fn text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// A JSON value built from a typed object.
#[derive(Clone, Debug)]
pub enum Tree {
    Null,
    /// A string, number or boolean.
    Scalar(Value),
    /// Members in the order they were written; `sorted` when their keys ascend (a map's always
    /// do: Kubernetes types hold maps as `BTreeMap`s), so a look-up can bisect.
    Object {
        sorted: bool,
        members: Vec<(Cow<'static, str>, Tree)>,
    },
    Array(Vec<Tree>),
}

impl Tree {
    fn object(members: Vec<(Cow<'static, str>, Tree)>) -> Tree {
        let sorted = members.windows(2).all(|w| w[0].0 < w[1].0);
        Tree::Object { sorted, members }
    }

    /// The tree as a `serde_json::Value`, members in their order.
    pub fn into_value(self) -> Value {
        match self {
            Tree::Null => Value::Null,
            Tree::Scalar(v) => v,
            Tree::Array(items) => Value::Array(items.into_iter().map(Tree::into_value).collect()),
            Tree::Object { members, .. } => {
                Value::Object(members.into_iter().map(|(k, v)| (k.into_owned(), v.into_value())).collect())
            }
        }
    }

    fn scalar(v: Value) -> Tree {
        if v.is_null() {
            Tree::Null
        } else {
            Tree::Scalar(v)
        }
    }
}

/// Objects are equal with the same members in any order, as `serde_json::Value`'s are.
impl PartialEq for Tree {
    fn eq(&self, other: &Tree) -> bool {
        match (self, other) {
            (Tree::Null, Tree::Null) => true,
            (Tree::Scalar(a), Tree::Scalar(b)) => a == b,
            (Tree::Array(a), Tree::Array(b)) => a == b,
            (Tree::Object { members: a, .. }, Tree::Object { members: b, .. }) => {
                a.len() == b.len()
                    && a.iter().zip(b).enumerate().all(|(i, ((ka, va), (kb, vb)))| {
                        if ka == kb {
                            va == vb
                        } else {
                            a[i..].iter().all(|(k, v)| other.get(k) == Some(v))
                        }
                    })
            }
            _ => false,
        }
    }
}

impl Json for Tree {
    fn members(&self) -> Option<impl Iterator<Item = (&str, &Self)>> {
        match self {
            Tree::Object { members, .. } if !members.is_empty() => Some(members.iter().map(|(k, v)| (k.as_ref(), v))),
            _ => None,
        }
    }
    fn items(&self) -> Option<&[Self]> {
        match self {
            Tree::Array(items) if !items.is_empty() => Some(items),
            _ => None,
        }
    }
    fn is_structured(&self) -> bool {
        matches!(self, Tree::Object { .. } | Tree::Array(_))
    }
    fn is_null(&self) -> bool {
        matches!(self, Tree::Null)
    }
    fn get(&self, key: &str) -> Option<&Self> {
        match self {
            Tree::Object { sorted: true, members } => {
                members.binary_search_by(|(k, _)| k.as_ref().cmp(key)).ok().map(|i| &members[i].1)
            }
            Tree::Object { sorted: false, members } => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    fn text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl Serialize for Tree {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Tree::Null => s.serialize_unit(),
            Tree::Scalar(v) => v.serialize(s),
            Tree::Array(items) => items.serialize(s),
            Tree::Object { members, .. } => {
                let mut m = s.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    m.serialize_entry(k.as_ref(), v)?;
                }
                m.end()
            }
        }
    }
}

/// `obj` (a kind's top-level struct) as the tree ownership is computed over: without
/// `apiVersion`, `kind`, the top-level fields named in `skip` (neither serialized nor
/// allocated), the metadata fields the server sets, and metadata itself when nothing else is
/// left in it. What `serde_json::to_value` gives with those members removed.
pub fn owned_tree<T: Serialize + ?Sized>(obj: &T, skip: &[&str]) -> Tree {
    obj.serialize(Build(Filter::Top(skip))).unwrap_or(Tree::Null)
}

/// `value` as JSON, what `serde_json::to_value` gives: built through the same serializer as
/// [`owned_tree`], so the Kubernetes types are not compiled for a second one (in wasm, each is
/// tens of kilobytes).
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Value {
    keep(value).map_or(Value::Null, Tree::into_value)
}

/// Which members of a struct are left out.
#[derive(Clone, Copy)]
enum Filter<'a> {
    Keep,
    /// The object itself: these fields, `apiVersion` and `kind`; its `metadata` is filtered.
    Top(&'a [&'a str]),
    /// The object's metadata.
    Metadata,
}

impl Filter<'_> {
    fn keeps(self, key: &str) -> bool {
        match self {
            Filter::Keep => true,
            Filter::Top(skip) => key != "apiVersion" && key != "kind" && !skip.contains(&key),
            Filter::Metadata => !SERVER_METADATA.contains(&key),
        }
    }
}

/// Serializes into a [`Tree`].
struct Build<'a>(Filter<'a>);

/// A struct's members so far.
struct Fields<'a> {
    filter: Filter<'a>,
    members: Vec<(Cow<'static, str>, Tree)>,
    /// A struct variant's name: its fields are written as `{variant: {…}}`.
    variant: Option<&'static str>,
}

/// A map's members so far, and the key of the value to come.
struct Members {
    members: Vec<(Cow<'static, str>, Tree)>,
    key: Option<String>,
}

/// A sequence's items so far.
struct Items {
    items: Vec<Tree>,
    variant: Option<&'static str>,
}

fn keep<T: Serialize + ?Sized>(v: &T) -> Result<Tree, Error> {
    v.serialize(Build(Filter::Keep))
}

fn wrap(variant: Option<&'static str>, tree: Tree) -> Tree {
    match variant {
        Some(v) => Tree::object(vec![(Cow::Borrowed(v), tree)]),
        None => tree,
    }
}

impl SerializeStruct for Fields<'_> {
    type Ok = Tree;
    type Error = Error;

    fn serialize_field<F: ?Sized + Serialize>(&mut self, key: &'static str, value: &F) -> Result<(), Error> {
        if !self.filter.keeps(key) {
            return Ok(());
        }
        let tree = match self.filter {
            Filter::Top(_) if key == "metadata" => match value.serialize(Build(Filter::Metadata))? {
                Tree::Object { members, .. } if members.is_empty() => return Ok(()),
                tree => tree,
            },
            _ => keep(value)?,
        };
        self.members.push((Cow::Borrowed(key), tree));
        Ok(())
    }

    fn end(self) -> Result<Tree, Error> {
        Ok(wrap(self.variant, Tree::object(self.members)))
    }
}

/// A struct variant's fields are a struct's (kept whole), wrapped in `{variant: …}`.
impl ser::SerializeStructVariant for Fields<'_> {
    type Ok = Tree;
    type Error = Error;

    fn serialize_field<F: ?Sized + Serialize>(&mut self, key: &'static str, value: &F) -> Result<(), Error> {
        SerializeStruct::serialize_field(self, key, value)
    }

    fn end(self) -> Result<Tree, Error> {
        SerializeStruct::end(self)
    }
}

impl SerializeMap for Members {
    type Ok = Tree;
    type Error = Error;

    fn serialize_key<K: ?Sized + Serialize>(&mut self, key: &K) -> Result<(), Error> {
        self.key = Some(match keep(key)? {
            Tree::Scalar(Value::String(s)) => s,
            Tree::Scalar(v @ (Value::Number(_) | Value::Bool(_))) => v.to_string(),
            _ => return Err(ser::Error::custom("key must be a string")),
        });
        Ok(())
    }

    fn serialize_value<V: ?Sized + Serialize>(&mut self, value: &V) -> Result<(), Error> {
        let key = self.key.take().ok_or_else(|| <Error as ser::Error>::custom("value without a key"))?;
        self.members.push((Cow::Owned(key), keep(value)?));
        Ok(())
    }

    fn end(self) -> Result<Tree, Error> {
        Ok(Tree::object(self.members))
    }
}

impl SerializeSeq for Items {
    type Ok = Tree;
    type Error = Error;

    fn serialize_element<V: ?Sized + Serialize>(&mut self, value: &V) -> Result<(), Error> {
        self.items.push(keep(value)?);
        Ok(())
    }

    fn end(self) -> Result<Tree, Error> {
        Ok(wrap(self.variant, Tree::Array(self.items)))
    }
}

/// Tuples, tuple structs and tuple variants are written as sequences.
macro_rules! as_seq {
    ($($t:ident::$m:ident),*) => {$(
        impl ser::$t for Items {
            type Ok = Tree;
            type Error = Error;

            fn $m<V: ?Sized + Serialize>(&mut self, value: &V) -> Result<(), Error> {
                SerializeSeq::serialize_element(self, value)
            }

            fn end(self) -> Result<Tree, Error> {
                SerializeSeq::end(self)
            }
        }
    )*};
}

as_seq!(
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// Integers are numbers as they are.
macro_rules! integers {
    ($($m:ident: $t:ty),*) => {$(
        fn $m(self, v: $t) -> Result<Tree, Error> {
            Ok(Tree::Scalar(v.into()))
        }
    )*};
}

impl<'a> Serializer for Build<'a> {
    type Ok = Tree;
    type Error = Error;
    type SerializeSeq = Items;
    type SerializeTuple = Items;
    type SerializeTupleStruct = Items;
    type SerializeTupleVariant = Items;
    type SerializeMap = Members;
    type SerializeStruct = Fields<'a>;
    type SerializeStructVariant = Fields<'a>;

    fn serialize_bool(self, v: bool) -> Result<Tree, Error> {
        Ok(Tree::Scalar(Value::Bool(v)))
    }
    integers!(serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64);
    integers!(serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64);
    fn serialize_f32(self, v: f32) -> Result<Tree, Error> {
        Ok(Tree::scalar(v.into()))
    }
    fn serialize_f64(self, v: f64) -> Result<Tree, Error> {
        Ok(Tree::scalar(v.into()))
    }
    fn serialize_char(self, v: char) -> Result<Tree, Error> {
        Ok(Tree::Scalar(Value::String(v.to_string())))
    }
    fn serialize_str(self, v: &str) -> Result<Tree, Error> {
        Ok(Tree::Scalar(Value::String(v.to_owned())))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Tree, Error> {
        Ok(Tree::Array(v.iter().map(|b| Tree::Scalar((*b).into())).collect()))
    }
    fn serialize_none(self) -> Result<Tree, Error> {
        Ok(Tree::Null)
    }
    fn serialize_some<V: ?Sized + Serialize>(self, value: &V) -> Result<Tree, Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Tree, Error> {
        Ok(Tree::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Tree, Error> {
        Ok(Tree::Null)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<Tree, Error> {
        Ok(Tree::Scalar(Value::String(variant.to_owned())))
    }
    fn serialize_newtype_struct<V: ?Sized + Serialize>(self, _: &'static str, value: &V) -> Result<Tree, Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<V: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &V,
    ) -> Result<Tree, Error> {
        Ok(wrap(Some(variant), keep(value)?))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Items, Error> {
        Ok(Items { items: Vec::with_capacity(len.unwrap_or(0)), variant: None })
    }
    fn serialize_tuple(self, len: usize) -> Result<Items, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Items, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Items, Error> {
        Ok(Items { items: Vec::with_capacity(len), variant: Some(variant) })
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Members, Error> {
        Ok(Members { members: Vec::with_capacity(len.unwrap_or(0)), key: None })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Fields<'a>, Error> {
        Ok(Fields { filter: self.0, members: Vec::with_capacity(len), variant: None })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Fields<'a>, Error> {
        Ok(Fields { filter: Filter::Keep, members: Vec::with_capacity(len), variant: Some(variant) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::managed::fieldset::FieldSet;
    use crate::managed::strip;
    use k8s_openapi::api::batch::v1::Job;
    use serde_json::json;

    /// Jobs that differ in every kind of field: maps, keyed lists, sets, atomic lists and
    /// structs, scalars, server-set metadata, status.
    fn jobs() -> Vec<Job> {
        let base = json!({
            "apiVersion": "batch/v1", "kind": "Job",
            "metadata": {
                "name": "a", "namespace": "default", "uid": "u", "resourceVersion": "7", "generation": 1,
                "creationTimestamp": "2026-01-01T00:00:00Z",
                "labels": {"app": "a", "tier": "x"}, "annotations": {"note": "n"},
                "finalizers": ["f/one", "f/two"],
                "ownerReferences": [{"apiVersion": "v1", "kind": "ConfigMap", "name": "o", "uid": "ou"}],
                "managedFields": [{"manager": "m", "operation": "Update", "fieldsType": "FieldsV1", "fieldsV1": {"f:spec": {}}}]
            },
            "spec": {
                "parallelism": 2, "completions": 4, "backoffLimit": 6,
                "selector": {"matchLabels": {"app": "a"}},
                "template": {
                    "metadata": {"labels": {"app": "a"}},
                    "spec": {
                        "restartPolicy": "Never",
                        "containers": [
                            {"name": "c", "image": "busybox", "args": ["a", "b"],
                             "ports": [{"containerPort": 80, "protocol": "TCP"}, {"containerPort": 53, "protocol": "UDP"}],
                             "env": [{"name": "E", "value": "1"}, {"name": "F", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}],
                             "resources": {"limits": {"cpu": "1"}, "requests": {"cpu": "500m", "memory": "1Gi"}}},
                            {"name": "d", "image": "alpine", "resources": {}}
                        ],
                        "tolerations": [{"key": "k", "operator": "Exists"}],
                        "affinity": {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [{"key": "z", "operator": "In", "values": ["1"]}]}]}}},
                        "nodeSelector": {"disk": "ssd"}
                    }
                }
            },
            "status": {"active": 1, "conditions": [{"type": "Suspended", "status": "False"}]}
        });
        let edits: Vec<fn(&mut Value)> = vec![
            |_| {},
            |v| v["spec"]["parallelism"] = json!(3),
            |v| v["metadata"]["labels"]["tier"] = json!("y"),
            |v| v["metadata"]["labels"] = json!({}),
            |v| v["metadata"]["finalizers"] = json!(["f/two", "f/three"]),
            |v| v["spec"]["template"]["spec"]["containers"][0]["ports"][1]["containerPort"] = json!(54),
            |v| v["spec"]["template"]["spec"]["containers"][0]["env"] = json!([{"name": "F", "value": "2"}]),
            |v| v["spec"]["template"]["spec"]["containers"].as_array_mut().unwrap().truncate(1),
            |v| v["spec"]["template"]["spec"]["containers"][1]["resources"] = json!({"limits": {"memory": "1Gi"}}),
            |v| v["spec"]["template"]["spec"]["tolerations"][0]["operator"] = json!("Equal"),
            |v| v["spec"]["template"]["spec"]["affinity"]["nodeAffinity"] = json!({}),
            |v| v["spec"]["selector"]["matchLabels"]["more"] = json!("m"),
            |v| v["metadata"]["ownerReferences"][0]["name"] = json!("p"),
            |v| v["metadata"]["generation"] = json!(2),
            |v| v["status"]["active"] = json!(0),
            |v| {
                v.as_object_mut().unwrap().remove("spec");
            },
            |v| v["metadata"] = json!({"name": "a"}),
        ];
        edits
            .into_iter()
            .map(|edit| {
                let mut v = base.clone();
                edit(&mut v);
                serde_json::from_value(v).unwrap()
            })
            .collect()
    }

    const SKIPS: [&[&str]; 4] = [&[], &["status"], &["spec", "status"], &["metadata", "status"]];

    #[test]
    fn a_tree_is_the_json_without_what_no_manager_owns() {
        for job in jobs() {
            for skip in SKIPS {
                let tree = serde_json::to_value(owned_tree(&job, skip)).unwrap();
                assert_eq!(tree, strip(&serde_json::to_value(&job).unwrap(), skip), "{skip:?}");
            }
        }
    }

    #[test]
    fn field_sets_of_trees_are_those_of_the_json() {
        let jobs = jobs();
        let json = |job: &Job, skip| strip(&serde_json::to_value(job).unwrap(), skip);
        for skip in SKIPS {
            for old in &jobs {
                assert_eq!(FieldSet::from_value(&owned_tree(old, skip)), FieldSet::from_value(&json(old, skip)));
                for new in &jobs {
                    let trees = FieldSet::compare(&owned_tree(old, skip), &owned_tree(new, skip));
                    assert_eq!(trees, FieldSet::compare(&json(old, skip), &json(new, skip)), "{skip:?}");
                }
            }
        }
    }

    #[test]
    fn to_value_is_serde_jsons() {
        for job in jobs() {
            assert_eq!(to_value(&job), serde_json::to_value(&job).unwrap());
            assert_eq!(to_value(&job.spec), serde_json::to_value(&job.spec).unwrap());
        }
        let odd = (f64::NAN, 'c', std::collections::BTreeMap::from([(1, true)]), b"ab".as_slice(), None::<u8>);
        assert_eq!(to_value(&odd), serde_json::to_value(odd).unwrap());
        #[derive(serde::Serialize)]
        enum Variants {
            Unit,
            Newtype(u8),
            Tuple(u8, &'static str),
            Struct { a: u8, b: Option<u8> },
        }
        let variants =
            [Variants::Unit, Variants::Newtype(1), Variants::Tuple(2, "t"), Variants::Struct { a: 3, b: None }];
        assert_eq!(to_value(&variants), serde_json::to_value(&variants).unwrap());
    }

    #[test]
    fn trees_are_equal_whatever_the_order_of_members() {
        let ab = Tree::object(vec![("a".into(), Tree::Scalar(json!(1))), ("b".into(), Tree::Null)]);
        let ba = Tree::object(vec![("b".into(), Tree::Null), ("a".into(), Tree::Scalar(json!(1)))]);
        let a2 = Tree::object(vec![("a".into(), Tree::Scalar(json!(2))), ("b".into(), Tree::Null)]);
        let a = Tree::object(vec![("a".into(), Tree::Scalar(json!(1)))]);
        assert_eq!(ab, ba);
        assert_ne!(ab, a2);
        assert_ne!(ba, a2);
        assert_ne!(ab, a);
        assert_eq!(ba.get("a"), Some(&Tree::Scalar(json!(1))));
        assert_eq!(ab.get("b"), Some(&Tree::Null));
        assert_eq!(ab.get("c"), None);
        assert_eq!(owned_tree(&vec![1, 2], &[]).items().map(<[Tree]>::len), Some(2));
    }
}
