//! The wire serializer: typed objects straight to compact JSON bytes in Go field order (GEN-04).
//!
//! k8s-openapi serializes struct fields alphabetically; the apiserver writes Go struct order. Going
//! through a `serde_json::Value` to reorder costs a tree of allocations per write, so this
//! serializer writes bytes directly: a struct with a known order is written field by field into
//! the output, then its fields are put in order in place, through one scratch buffer and one
//! stack of field ranges shared by the whole serialization (no allocation per struct).
//! Everything else is written as serde_json writes it (same escaping and number formatting).

use serde::ser::{self, Impossible, Serialize};
use std::fmt;

/// Maps a struct name (as k8s-openapi serializes it) to its Go field order.
pub type Order = fn(&str) -> Option<&'static [&'static str]>;

/// Serializes `value` with the structs named by `order` in Go field order.
pub fn to_vec<T: Serialize + ?Sized>(value: &T, order: Order) -> Result<Vec<u8>, Error> {
    let mut w = Writer { out: Vec::with_capacity(2048), scratch: Vec::new(), fields: Vec::new(), order };
    value.serialize(Wire { w: &mut w })?;
    Ok(w.out)
}

/// The state of one serialization.
struct Writer {
    out: Vec<u8>,
    /// Where a struct's fields are copied while they are written back in order.
    scratch: Vec<u8>,
    /// The fields of the structs being written, innermost last: name and byte range in `out`.
    fields: Vec<(&'static str, usize, usize)>,
    order: Order,
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
    w: &'a mut Writer,
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
        self.w.out.extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Done {
        scalar(&mut self.w.out, &v)
    }
    fn serialize_i16(self, v: i16) -> Done {
        scalar(&mut self.w.out, &v)
    }
    fn serialize_i32(self, v: i32) -> Done {
        scalar(&mut self.w.out, &v)
    }
    fn serialize_i64(self, v: i64) -> Done {
        scalar(&mut self.w.out, &v)
    }
    fn serialize_u8(self, v: u8) -> Done {
        scalar(&mut self.w.out, &v)
    }
    fn serialize_u16(self, v: u16) -> Done {
        scalar(&mut self.w.out, &v)
    }
    fn serialize_u32(self, v: u32) -> Done {
        scalar(&mut self.w.out, &v)
    }
    fn serialize_u64(self, v: u64) -> Done {
        scalar(&mut self.w.out, &v)
    }
    fn serialize_f32(self, v: f32) -> Done {
        scalar(&mut self.w.out, &v)
    }
    fn serialize_f64(self, v: f64) -> Done {
        scalar(&mut self.w.out, &v)
    }
    fn serialize_char(self, v: char) -> Done {
        scalar(&mut self.w.out, &v)
    }
    fn serialize_str(self, v: &str) -> Done {
        scalar(&mut self.w.out, v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Done {
        scalar(&mut self.w.out, v)
    }
    fn serialize_none(self) -> Done {
        self.w.out.extend_from_slice(b"null");
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
        scalar(&mut self.w.out, variant)
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
        self.w.out.push(b'{');
        scalar(&mut self.w.out, variant)?;
        self.w.out.push(b':');
        value.serialize(Wire { w: &mut *self.w })?;
        self.w.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Seq<'a>, Error> {
        self.w.out.push(b'[');
        Ok(Seq { w: self.w, first: true })
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
        self.w.out.push(b'{');
        Ok(Map { w: self.w, first: true })
    }
    fn serialize_struct(self, name: &'static str, _len: usize) -> Result<Struct<'a>, Error> {
        self.w.out.push(b'{');
        let body = self.w.out.len();
        let base = self.w.fields.len();
        Ok(Struct { table: (self.w.order)(name), name, body, base, w: self.w })
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
    w: &'a mut Writer,
    first: bool,
}

impl Seq<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        if !std::mem::take(&mut self.first) {
            self.w.out.push(b',');
        }
        value.serialize(Wire { w: &mut *self.w })
    }
}

impl ser::SerializeSeq for Seq<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        self.element(value)
    }
    fn end(self) -> Done {
        self.w.out.push(b']');
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
    w: &'a mut Writer,
    first: bool,
}

impl ser::SerializeMap for Map<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Done {
        if !std::mem::take(&mut self.first) {
            self.w.out.push(b',');
        }
        let start = self.w.out.len();
        key.serialize(Wire { w: &mut *self.w })?;
        // Keys are strings in JSON: a number key is quoted, as serde_json does.
        if self.w.out.get(start) != Some(&b'"') {
            self.w.out.insert(start, b'"');
            self.w.out.push(b'"');
        }
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Done {
        self.w.out.push(b':');
        value.serialize(Wire { w: &mut *self.w })
    }
    fn end(self) -> Done {
        self.w.out.push(b'}');
        Ok(())
    }
}

/// A struct being written. With a Go order (`table`), fields are written unseparated and their
/// byte ranges pushed on the writer's stack (from `base`); `end` writes them back in order with commas.
struct Struct<'a> {
    w: &'a mut Writer,
    name: &'static str,
    table: Option<&'static [&'static str]>,
    /// Where the fields start (after `{`).
    body: usize,
    /// Where this struct's fields start on the stack.
    base: usize,
}

impl ser::SerializeStruct for Struct<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Done {
        if self.table.is_none() && self.w.fields.len() > self.base {
            self.w.out.push(b',');
        }
        let start = self.w.out.len();
        // Field names are Rust identifiers' serialized names: nothing to escape.
        self.w.out.push(b'"');
        self.w.out.extend_from_slice(key.as_bytes());
        self.w.out.extend_from_slice(b"\":");
        value.serialize(Wire { w: &mut *self.w })?;
        let end = self.w.out.len();
        self.w.fields.push((key, start, end));
        Ok(())
    }
    fn end(self) -> Done {
        let Writer { out, scratch, fields, .. } = self.w;
        let Some(table) = self.table else {
            fields.truncate(self.base);
            out.push(b'}');
            return Ok(());
        };
        scratch.clear();
        scratch.extend_from_slice(&out[self.body..]);
        out.truncate(self.body);
        let mine = &fields[self.base..];
        let nulls = super::order::nulls(self.name);
        let mut first = true;
        let mut comma = |out: &mut Vec<u8>| {
            if !std::mem::take(&mut first) {
                out.push(b',');
            }
        };
        for name in table {
            match mine.iter().find(|(k, _, _)| k == name) {
                Some(&(_, s, e)) => {
                    comma(out);
                    out.extend_from_slice(&scratch[s - self.body..e - self.body]);
                }
                None if nulls.contains(name) => {
                    comma(out);
                    out.push(b'"');
                    out.extend_from_slice(name.as_bytes());
                    out.extend_from_slice(b"\":null");
                }
                None => {}
            }
        }
        for &(k, s, e) in mine {
            if !table.contains(&k) {
                comma(out);
                out.extend_from_slice(&scratch[s - self.body..e - self.body]);
            }
        }
        fields.truncate(self.base);
        out.push(b'}');
        Ok(())
    }
}
