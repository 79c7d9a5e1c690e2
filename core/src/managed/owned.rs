//! The JSON field ownership is computed over, built only for the top-level fields that can
//! matter: an update that left `spec` as it was never turns it into a tree to walk.

use serde::ser::{Error as _, Impossible, SerializeStruct, Serializer};
use serde::Serialize;
use serde_json::{Error, Map, Value};

/// `obj` (a kind's top-level struct) as a JSON object without the top-level fields named in
/// `skip`, which are neither serialized nor allocated: what `serde_json::to_value` gives with
/// those members removed (key order does not matter for ownership, so the wire reordering is
/// skipped). Every kind is a struct; anything else gives `Null`. Callers pass objects without
/// managedFields (never owned, and costly to copy).
pub fn owned_value<T: Serialize>(obj: &T, skip: &[&str]) -> Value {
    obj.serialize(Without(skip)).unwrap_or(Value::Null)
}

/// A serializer of one struct that leaves some of its fields out; anything else is refused.
struct Without<'a>(&'a [&'a str]);

/// The fields kept so far.
struct Fields<'a> {
    skip: &'a [&'a str],
    map: Map<String, Value>,
}

impl SerializeStruct for Fields<'_> {
    type Ok = Value;
    type Error = Error;

    fn serialize_field<F: ?Sized + Serialize>(&mut self, key: &'static str, value: &F) -> Result<(), Error> {
        if !self.skip.contains(&key) {
            self.map.insert(key.to_string(), serde_json::to_value(value)?);
        }
        Ok(())
    }

    fn end(self) -> Result<Value, Error> {
        Ok(Value::Object(self.map))
    }
}

fn not_a_struct() -> Error {
    Error::custom("not a struct")
}

impl<'a> Serializer for Without<'a> {
    type Ok = Value;
    type Error = Error;
    type SerializeSeq = Impossible<Value, Error>;
    type SerializeTuple = Impossible<Value, Error>;
    type SerializeTupleStruct = Impossible<Value, Error>;
    type SerializeTupleVariant = Impossible<Value, Error>;
    type SerializeMap = Impossible<Value, Error>;
    type SerializeStruct = Fields<'a>;
    type SerializeStructVariant = Impossible<Value, Error>;

    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Fields<'a>, Error> {
        Ok(Fields { skip: self.0, map: Map::with_capacity(len) })
    }

    fn serialize_bool(self, _: bool) -> Result<Value, Error> {
        Err(not_a_struct())
    }
    fn serialize_i8(self, _: i8) -> Result<Value, Error> {
        Err(not_a_struct())
    }
    fn serialize_i16(self, _: i16) -> Result<Value, Error> {
        Err(not_a_struct())
    }
    fn serialize_i32(self, _: i32) -> Result<Value, Error> {
        Err(not_a_struct())
    }
    fn serialize_i64(self, _: i64) -> Result<Value, Error> {
        Err(not_a_struct())
    }
    fn serialize_u8(self, _: u8) -> Result<Value, Error> {
        Err(not_a_struct())
    }
    fn serialize_u16(self, _: u16) -> Result<Value, Error> {
        Err(not_a_struct())
    }
    fn serialize_u32(self, _: u32) -> Result<Value, Error> {
        Err(not_a_struct())
    }
    fn serialize_u64(self, _: u64) -> Result<Value, Error> {
        Err(not_a_struct())
    }
    fn serialize_f32(self, _: f32) -> Result<Value, Error> {
        Err(not_a_struct())
    }
    fn serialize_f64(self, _: f64) -> Result<Value, Error> {
        Err(not_a_struct())
    }
    fn serialize_char(self, _: char) -> Result<Value, Error> {
        Err(not_a_struct())
    }
    fn serialize_str(self, _: &str) -> Result<Value, Error> {
        Err(not_a_struct())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<Value, Error> {
        Err(not_a_struct())
    }
    fn serialize_none(self) -> Result<Value, Error> {
        Err(not_a_struct())
    }
    fn serialize_some<V: ?Sized + Serialize>(self, _: &V) -> Result<Value, Error> {
        Err(not_a_struct())
    }
    fn serialize_unit(self) -> Result<Value, Error> {
        Err(not_a_struct())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Value, Error> {
        Err(not_a_struct())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result<Value, Error> {
        Err(not_a_struct())
    }
    fn serialize_newtype_struct<V: ?Sized + Serialize>(self, _: &'static str, _: &V) -> Result<Value, Error> {
        Err(not_a_struct())
    }
    fn serialize_newtype_variant<V: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &V,
    ) -> Result<Value, Error> {
        Err(not_a_struct())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(not_a_struct())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> {
        Err(not_a_struct())
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, Error> {
        Err(not_a_struct())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(not_a_struct())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(not_a_struct())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(not_a_struct())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use k8s_openapi::api::batch::v1::{Job, JobSpec, JobStatus};
    use k8s_openapi::apimachinery::pkg::apis::meta::v1::ObjectMeta;

    #[test]
    fn leaves_out_the_named_fields_and_nothing_else() {
        let job = Job {
            metadata: ObjectMeta { name: Some("a".into()), ..Default::default() },
            spec: Some(JobSpec { parallelism: Some(2), ..Default::default() }),
            status: Some(JobStatus { active: Some(1), ..Default::default() }),
        };
        let whole = serde_json::to_value(&job).unwrap();
        assert_eq!(owned_value(&job, &[]), whole);
        let mut without = whole.clone();
        let m = without.as_object_mut().unwrap();
        m.remove("spec");
        m.remove("kind");
        assert_eq!(owned_value(&job, &["spec", "kind", "absent"]), without);
        assert_eq!(owned_value(&vec![1, 2], &["spec"]), Value::Null, "not a struct");
    }
}
