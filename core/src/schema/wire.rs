//! The wire serializer: typed objects straight to compact JSON bytes in Go field order (GEN-04).
//!
//! k8s-openapi serializes struct fields alphabetically; the apiserver writes Go struct order. Going
//! through a `serde_json::Value` to reorder costs a tree of allocations per write, so this
//! serializer writes bytes directly: a struct with a known order is written field by field into
//! the output, then its fields are put in order in place. Everything else is written as
//! serde_json writes it (same escaping and number formatting).

use serde::ser::{self, Impossible, Serialize};
use std::fmt;

/// Maps a struct name (as k8s-openapi serializes it) to its Go field order.
pub type Order = fn(&str) -> Option<&'static [&'static str]>;

/// Serializes `value` with the structs named by `order` in Go field order.
pub fn to_vec<T: Serialize + ?Sized>(value: &T, order: Order) -> Result<Vec<u8>, Error> {
    let mut out = Vec::with_capacity(1024);
    value.serialize(Wire { out: &mut out, order })?;
    Ok(out)
}

/// A value that cannot be written as JSON (never produced by the Kubernetes types).
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// Writes a scalar exactly as serde_json does.
fn scalar<T: Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) -> Result<(), Error> {
    serde_json::to_writer(out, v).map_err(|e| Error(e.to_string()))
}

struct Wire<'a> {
    out: &'a mut Vec<u8>,
    order: Order,
}

type Done = Result<(), Error>;

impl<'a> ser::Serializer for Wire<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Seq<'a>;
    type SerializeTuple = Seq<'a>;
    type SerializeTupleStruct = Seq<'a>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Map<'a>;
    type SerializeStruct = Struct<'a>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_bool(self, v: bool) -> Done {
        self.out.extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Done {
        scalar(self.out, &v)
    }
    fn serialize_i16(self, v: i16) -> Done {
        scalar(self.out, &v)
    }
    fn serialize_i32(self, v: i32) -> Done {
        scalar(self.out, &v)
    }
    fn serialize_i64(self, v: i64) -> Done {
        scalar(self.out, &v)
    }
    fn serialize_u8(self, v: u8) -> Done {
        scalar(self.out, &v)
    }
    fn serialize_u16(self, v: u16) -> Done {
        scalar(self.out, &v)
    }
    fn serialize_u32(self, v: u32) -> Done {
        scalar(self.out, &v)
    }
    fn serialize_u64(self, v: u64) -> Done {
        scalar(self.out, &v)
    }
    fn serialize_f32(self, v: f32) -> Done {
        scalar(self.out, &v)
    }
    fn serialize_f64(self, v: f64) -> Done {
        scalar(self.out, &v)
    }
    fn serialize_char(self, v: char) -> Done {
        scalar(self.out, &v)
    }
    fn serialize_str(self, v: &str) -> Done {
        scalar(self.out, v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Done {
        scalar(self.out, v)
    }
    fn serialize_none(self) -> Done {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Done {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Done {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Done {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _name: &'static str, _index: u32, variant: &'static str) -> Done {
        scalar(self.out, variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _name: &'static str, value: &T) -> Done {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Done {
        self.out.push(b'{');
        scalar(self.out, variant)?;
        self.out.push(b':');
        value.serialize(Wire { out: &mut *self.out, order: self.order })?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Seq<'a>, Error> {
        self.out.push(b'[');
        Ok(Seq { out: self.out, order: self.order, first: true })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<Seq<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(Error(format!("{name}: tuple variants have no JSON form here")))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Map<'a>, Error> {
        self.out.push(b'{');
        Ok(Map { out: self.out, order: self.order, first: true })
    }
    fn serialize_struct(self, name: &'static str, _len: usize) -> Result<Struct<'a>, Error> {
        self.out.push(b'{');
        let body = self.out.len();
        Ok(Struct { table: (self.order)(name), name, body, fields: Vec::new(), out: self.out, order: self.order })
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(Error(format!("{name}: struct variants have no JSON form here")))
    }
}

struct Seq<'a> {
    out: &'a mut Vec<u8>,
    order: Order,
    first: bool,
}

impl Seq<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        if !std::mem::take(&mut self.first) {
            self.out.push(b',');
        }
        value.serialize(Wire { out: &mut *self.out, order: self.order })
    }
}

impl ser::SerializeSeq for Seq<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        self.element(value)
    }
    fn end(self) -> Done {
        self.out.push(b']');
        Ok(())
    }
}

impl ser::SerializeTuple for Seq<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        self.element(value)
    }
    fn end(self) -> Done {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Seq<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        self.element(value)
    }
    fn end(self) -> Done {
        ser::SerializeSeq::end(self)
    }
}

struct Map<'a> {
    out: &'a mut Vec<u8>,
    order: Order,
    first: bool,
}

impl ser::SerializeMap for Map<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        if !std::mem::take(&mut self.first) {
            self.out.push(b',');
        }
        let start = self.out.len();
        key.serialize(Wire { out: &mut *self.out, order: self.order })?;
        // Keys are strings in JSON: a number key is quoted, as serde_json does.
        if self.out.get(start) != Some(&b'"') {
            self.out.insert(start, b'"');
            self.out.push(b'"');
        }
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        self.out.push(b':');
        value.serialize(Wire { out: &mut *self.out, order: self.order })
    }
    fn end(self) -> Done {
        self.out.push(b'}');
        Ok(())
    }
}

/// A struct being written. With a Go order (`table`), fields are written unseparated and their
/// byte ranges remembered; `end` rewrites them in order with commas.
struct Struct<'a> {
    out: &'a mut Vec<u8>,
    order: Order,
    name: &'static str,
    table: Option<&'static [&'static str]>,
    /// Where the fields start (after `{`).
    body: usize,
    /// Each field written so far: its name and byte range in `out`.
    fields: Vec<(&'static str, usize, usize)>,
}

impl ser::SerializeStruct for Struct<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done {
        if self.table.is_none() && !self.fields.is_empty() {
            self.out.push(b',');
        }
        let start = self.out.len();
        scalar(self.out, key)?;
        self.out.push(b':');
        value.serialize(Wire { out: &mut *self.out, order: self.order })?;
        self.fields.push((key, start, self.out.len()));
        Ok(())
    }
    fn end(self) -> Done {
        let Some(table) = self.table else {
            self.out.push(b'}');
            return Ok(());
        };
        let written = self.out.split_off(self.body);
        let nulls = super::order::nulls(self.name);
        let mut first = true;
        let mut emit = |out: &mut Vec<u8>, bytes: &[u8]| {
            if !std::mem::take(&mut first) {
                out.push(b',');
            }
            out.extend_from_slice(bytes);
        };
        for name in table {
            match self.fields.iter().find(|(k, _, _)| k == name) {
                Some(&(_, s, e)) => emit(self.out, &written[s - self.body..e - self.body]),
                None if nulls.contains(name) => emit(self.out, format!("\"{name}\":null").as_bytes()),
                None => {}
            }
        }
        for &(k, s, e) in &self.fields {
            if !table.contains(&k) {
                emit(self.out, &written[s - self.body..e - self.body]);
            }
        }
        self.out.push(b'}');
        Ok(())
    }
}
