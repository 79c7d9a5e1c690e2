//! Field sets as structured-merge-diff defines them, and their FieldsV1 JSON form
//! (`{"f:spec":{"f:template":{…}}}`, `k:{"name":"c"}` for keyed list items, `v:"x"` for set items,
//! `.` for a node that is itself a member).

use super::tree::Json;
use crate::schema::lists::{list_type, ListType};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A path element in FieldsV1 notation: `f:name`, `k:{…}` or `v:…`.
pub type Element = String;

/// A set of field paths, held as the tree FieldsV1 draws: each node is a path, `member` when the
/// path itself is in the set. Set operations walk two trees side by side, so computing ownership
/// costs one pass over the object rather than a look-up per path. No node is empty: a node is a
/// member or has children.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldSet {
    member: bool,
    children: BTreeMap<Element, FieldSet>,
}

/// Fields whose value is a map (string keys chosen by users), owned key by key with a `.` member.
const MAP_FIELDS: &[&str] = &["labels", "annotations", "matchLabels", "nodeSelector", "limits", "requests", "overhead"];
/// Structs that are atomic (`+structType=atomic`): owned as one leaf.
const ATOMIC_STRUCTS: &[&str] = &["spec.selector", "spec.template.spec.affinity"];

impl FieldSet {
    pub fn is_empty(&self) -> bool {
        !self.member && self.children.is_empty()
    }

    /// Every field present in an (already stripped) object value.
    pub fn from_value<J: Json>(v: &J) -> Self {
        let mut set = FieldSet::default();
        walk(v, Against::Nothing, &mut String::new(), &mut set);
        set
    }

    /// Compares two objects: (fields of `new` added or modified relative to `old`, fields of `old` that `new` removed).
    pub fn compare<J: Json>(old: &J, new: &J) -> (Self, Self) {
        let mut changed = FieldSet::default();
        walk(new, Against::Value(old), &mut String::new(), &mut changed);
        let mut removed = FieldSet::default();
        walk_removed(old, new, &mut String::new(), &mut removed);
        (changed, removed)
    }

    pub fn union(&self, other: &FieldSet) -> FieldSet {
        let mut out = self.clone();
        out.add(other);
        out
    }

    fn add(&mut self, other: &FieldSet) {
        self.member |= other.member;
        for (k, child) in &other.children {
            match self.children.get_mut(k) {
                Some(mine) => mine.add(child),
                None => {
                    self.children.insert(k.clone(), child.clone());
                }
            }
        }
    }

    /// `self ∪ other`, moving `other`'s nodes in rather than copying them.
    pub fn absorb(&mut self, other: FieldSet) {
        self.member |= other.member;
        for (k, child) in other.children {
            match self.children.get_mut(&k) {
                Some(mine) => mine.absorb(child),
                None => {
                    self.children.insert(k, child);
                }
            }
        }
    }

    /// `self − other`, in place.
    pub fn remove_all(&mut self, other: &FieldSet) {
        self.member &= !other.member;
        for (k, theirs) in &other.children {
            if let Some(mine) = self.children.get_mut(k) {
                mine.remove_all(theirs);
                if mine.is_empty() {
                    self.children.remove(k);
                }
            }
        }
    }

    pub fn minus(&self, other: &FieldSet) -> FieldSet {
        let mut out = FieldSet { member: self.member && !other.member, children: BTreeMap::new() };
        for (k, child) in &self.children {
            let rest = match other.children.get(k) {
                Some(theirs) => child.minus(theirs),
                None => child.clone(),
            };
            if !rest.is_empty() {
                out.children.insert(k.clone(), rest);
            }
        }
        out
    }

    /// Whether `path` is in the set.
    pub fn contains(&self, path: &[Element]) -> bool {
        let mut node = self;
        for el in path {
            match node.children.get(el) {
                Some(child) => node = child,
                None => return false,
            }
        }
        node.member
    }

    /// Adds one path.
    pub fn insert(&mut self, path: &[Element]) {
        let mut node = self;
        for el in path {
            node = node.children.entry(el.clone()).or_default();
        }
        node.member = true;
    }

    /// The paths in the set, in order (a path before the paths below it).
    pub fn paths(&self) -> Vec<Vec<Element>> {
        fn rec(node: &FieldSet, path: &mut Vec<Element>, out: &mut Vec<Vec<Element>>) {
            if node.member {
                out.push(path.clone());
            }
            for (k, child) in &node.children {
                path.push(k.clone());
                rec(child, path, out);
                path.pop();
            }
        }
        let mut out = Vec::new();
        rec(self, &mut Vec::new(), &mut out);
        out
    }

    /// The FieldsV1 JSON of this set: a member with children carries `.`, keys sorted.
    pub fn to_fields_v1(&self) -> Value {
        let mut m = Map::new();
        if self.member && !self.children.is_empty() {
            m.insert(".".to_string(), Value::Object(Map::new()));
        }
        for (k, child) in &self.children {
            m.insert(k.clone(), child.to_fields_v1());
        }
        Value::Object(m)
    }

    /// [`to_fields_v1`](Self::to_fields_v1) written out as JSON text, without the tree.
    pub fn write_fields_v1(&self, out: &mut Vec<u8>) {
        out.push(b'{');
        let mut first = true;
        if self.member && !self.children.is_empty() {
            out.extend_from_slice(b"\".\":{}");
            first = false;
        }
        for (k, child) in &self.children {
            if !std::mem::take(&mut first) {
                out.push(b',');
            }
            let _ = serde_json::to_writer(&mut *out, k);
            out.push(b':');
            child.write_fields_v1(out);
        }
        out.push(b'}');
    }

    /// [`to_fields_v1`](Self::to_fields_v1), moving the element names into the JSON rather than
    /// copying them.
    pub fn into_fields_v1(self) -> Value {
        let mut m = Map::new();
        if self.member && !self.children.is_empty() {
            m.insert(".".to_string(), Value::Object(Map::new()));
        }
        for (k, child) in self.children {
            m.insert(k, child.into_fields_v1());
        }
        Value::Object(m)
    }

    /// Parses FieldsV1 JSON.
    pub fn from_fields_v1(v: &Value) -> Self {
        fn rec(v: &Value, node: &mut FieldSet, top: bool) {
            let Value::Object(m) = v else { return };
            if m.is_empty() && !top {
                node.member = true;
                return;
            }
            for (k, child) in m {
                if k == "." {
                    node.member = !top || node.member;
                    continue;
                }
                let mut sub = FieldSet::default();
                rec(child, &mut sub, false);
                if !sub.is_empty() {
                    node.children.entry(k.clone()).or_default().absorb(sub);
                }
            }
        }
        let mut set = FieldSet::default();
        rec(v, &mut set, true);
        set
    }
}

/// Whether `v` is FieldsV1 JSON exactly as [`FieldSet::to_fields_v1`] writes it: objects only,
/// keys in order, `.` only beside children. Entries this server wrote are; an entry a client sent
/// may not be, and is rewritten through a [`FieldSet`] instead of edited in place.
pub fn is_canonical_v1(v: &Value) -> bool {
    fn node(m: &Map<String, Value>, top: bool) -> bool {
        let mut last: Option<&str> = None;
        for (k, child) in m {
            if last.is_some_and(|l| l >= k.as_str()) {
                return false;
            }
            last = Some(k);
            let Value::Object(c) = child else { return false };
            if k == "." {
                if top || m.len() == 1 || !c.is_empty() {
                    return false;
                }
            } else if !node(c, false) {
                return false;
            }
        }
        true
    }
    matches!(v, Value::Object(m) if node(m, true))
}

/// Adds `set` to canonical FieldsV1 JSON in place, keeping it canonical (what
/// `from_fields_v1(v1).absorb(set)` then `to_fields_v1` gives, without building either tree).
/// Returns whether any field was added.
pub fn add_to_v1(v1: &mut Value, set: &FieldSet) -> bool {
    fn node(m: &mut Map<String, Value>, set: &FieldSet, top: bool) -> bool {
        let was_member = !top && (m.is_empty() || m.contains_key("."));
        let mut grew = false;
        let mut inserted = false;
        for (k, child) in &set.children {
            match m.get_mut(k.as_str()) {
                Some(Value::Object(c)) => grew |= node(c, child, false),
                _ => {
                    m.insert(k.clone(), child.to_fields_v1());
                    grew = true;
                    inserted = true;
                }
            }
        }
        let member = was_member || (!top && set.member);
        grew |= member != was_member;
        if member && !m.is_empty() && !m.contains_key(".") {
            m.insert(".".to_string(), Value::Object(Map::new()));
            inserted = true;
        }
        if inserted {
            m.sort_keys();
        }
        grew
    }
    match v1 {
        Value::Object(m) => node(m, set, true),
        _ => {
            *v1 = set.to_fields_v1();
            !set.is_empty()
        }
    }
}

/// Takes `set` out of canonical FieldsV1 JSON in place, keeping it canonical (what
/// `from_fields_v1(v1).remove_all(set)` then `to_fields_v1` gives). Returns whether any field was
/// removed.
pub fn remove_from_v1(v1: &mut Value, set: &FieldSet) -> bool {
    /// (whether anything went, whether the node still owns something).
    fn node(m: &mut Map<String, Value>, set: &FieldSet, top: bool) -> (bool, bool) {
        let was_member = !top && (m.is_empty() || m.contains_key("."));
        let mut shrank = false;
        for (k, theirs) in &set.children {
            let Some(Value::Object(c)) = m.get_mut(k.as_str()) else { continue };
            let (s, keep) = node(c, theirs, false);
            shrank |= s;
            if !keep {
                m.shift_remove(k.as_str());
            }
        }
        let member = was_member && !set.member;
        shrank |= member != was_member;
        let children = m.len() > usize::from(m.contains_key("."));
        if !(member && children) {
            // `.` only marks a member beside children; a member without children is `{}`.
            m.shift_remove(".");
        }
        (shrank, member || children)
    }
    match v1 {
        Value::Object(m) => node(m, set, true).0,
        _ => false,
    }
}

/// The members of a canonical FieldsV1 object as text, keys unescaped, `.` apart: what the text
/// edits below walk. The text is checked canonical once, beforehand ([`is_canonical_v1_text`]);
/// `None` only for text that does not parse.
struct TextNode<'t> {
    dot: bool,
    /// (key unescaped, key as written with its quotes, value as written).
    children: Vec<(std::borrow::Cow<'t, str>, &'t [u8], &'t [u8])>,
}

impl<'t> TextNode<'t> {
    fn read(text: &'t [u8]) -> Option<Self> {
        let members = crate::schema::span::members(text, 0)?;
        let mut node = TextNode { dot: false, children: Vec::with_capacity(members.len()) };
        for (key, value) in members {
            let raw = &text[key];
            match key_name(raw)? {
                name if name == "." => node.dot = true,
                name => node.children.push((name, raw, &text[value])),
            }
        }
        Some(node)
    }
}

/// [`is_canonical_v1`] on FieldsV1 text as the wire serializer writes it (compact), read in one
/// pass.
pub(crate) fn is_canonical_v1_text(text: &[u8]) -> bool {
    /// The end of the canonical object at `i`.
    fn object(t: &[u8], mut i: usize, top: bool) -> Option<usize> {
        if *t.get(i)? != b'{' {
            return None;
        }
        i += 1;
        if *t.get(i)? == b'}' {
            return Some(i + 1);
        }
        let (mut last, mut dot, mut members) = (None, false, 0);
        loop {
            let key_end = crate::schema::span::string_end(t, i)?;
            let name = key_bytes(&t[i..key_end])?;
            if *t.get(key_end)? != b':' {
                return None;
            }
            let value = key_end + 1;
            if *name == *b"." {
                if top || members > 0 || t.get(value..value + 2)? != b"{}" {
                    return None;
                }
                dot = true;
                i = value + 2;
            } else {
                if last.as_ref().is_some_and(|l| *l >= name) {
                    return None;
                }
                i = object(t, value, false)?;
                last = Some(name);
            }
            members += 1;
            match *t.get(i)? {
                b',' => i += 1,
                b'}' if !(dot && members == 1) => return Some(i + 1),
                _ => return None,
            }
        }
    }
    object(text, 0, true) == Some(text.len())
}

/// A key as written (with its quotes), unescaped, as bytes: borrowed when it has no escapes.
/// Bytes order as the strings they spell do (UTF-8 keeps code point order).
fn key_bytes(raw: &[u8]) -> Option<std::borrow::Cow<'_, [u8]>> {
    let inner = raw.get(1..raw.len().checked_sub(1)?)?;
    match inner.contains(&b'\\') {
        false => Some(std::borrow::Cow::Borrowed(inner)),
        true => serde_json::from_slice::<String>(raw).ok().map(|k| std::borrow::Cow::Owned(k.into_bytes())),
    }
}

/// A key as written (with its quotes), unescaped.
fn key_name(raw: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
    use std::borrow::Cow;
    match key_bytes(raw)? {
        Cow::Borrowed(bytes) => std::str::from_utf8(bytes).ok().map(Cow::Borrowed),
        Cow::Owned(bytes) => String::from_utf8(bytes).ok().map(Cow::Owned),
    }
}

/// [`add_to_v1`] on canonical FieldsV1 text ([`is_canonical_v1_text`]): the text with `set`
/// added, and whether any field was added. What the set does not touch is copied as written.
pub(crate) fn add_to_v1_text(text: &[u8], set: &FieldSet) -> Option<(Vec<u8>, bool)> {
    fn node(text: &[u8], set: &FieldSet, top: bool, out: &mut Vec<u8>) -> Option<bool> {
        let n = TextNode::read(text)?;
        let was_member = !top && (n.dot || n.children.is_empty());
        let member = was_member || (!top && set.member);
        let mut grew = member != was_member;
        out.push(b'{');
        let mut first = true;
        let mut comma = |out: &mut Vec<u8>| {
            if !std::mem::take(&mut first) {
                out.push(b',');
            }
        };
        if member && (!n.children.is_empty() || !set.children.is_empty()) {
            comma(out);
            out.extend_from_slice(b"\".\":{}");
        }
        // A member the text does not have yet, written from the set.
        let new = |out: &mut Vec<u8>, k: &Element, child: &FieldSet| {
            let _ = serde_json::to_writer(&mut *out, k);
            out.push(b':');
            child.write_fields_v1(out);
        };
        let mut theirs = set.children.iter().peekable();
        for (name, raw, value) in &n.children {
            while let Some((k, child)) = theirs.next_if(|(k, _)| k.as_str() < name.as_ref()) {
                comma(out);
                new(out, k, child);
                grew = true;
            }
            comma(out);
            out.extend_from_slice(raw);
            out.push(b':');
            match theirs.next_if(|(k, _)| k.as_str() == name.as_ref()) {
                Some((_, child)) => grew |= node(value, child, false, out)?,
                None => out.extend_from_slice(value),
            }
        }
        for (k, child) in theirs {
            comma(out);
            new(out, k, child);
            grew = true;
        }
        out.push(b'}');
        Some(grew)
    }
    let mut out = Vec::with_capacity(text.len() + 64);
    let grew = node(text, set, true, &mut out)?;
    Some((out, grew))
}

/// [`remove_from_v1`] on canonical FieldsV1 text ([`is_canonical_v1_text`]): the text without
/// `set`, and whether any field was removed.
pub(crate) fn remove_from_v1_text(text: &[u8], set: &FieldSet) -> Option<(Vec<u8>, bool)> {
    /// Writes the node less `set`; (whether anything went, whether the node still owns something).
    fn node(text: &[u8], set: &FieldSet, top: bool, out: &mut Vec<u8>) -> Option<(bool, bool)> {
        let n = TextNode::read(text)?;
        let was_member = !top && (n.dot || n.children.is_empty());
        let member = was_member && !set.member;
        let mut shrank = member != was_member;
        out.push(b'{');
        let start = out.len();
        let mut children = 0;
        for (name, raw, value) in &n.children {
            let before = out.len();
            if children > 0 {
                out.push(b',');
            }
            out.extend_from_slice(raw);
            out.push(b':');
            match set.children.get(name.as_ref()) {
                Some(theirs) => {
                    let (s, keep) = node(value, theirs, false, out)?;
                    shrank |= s;
                    if !keep {
                        out.truncate(before);
                        continue;
                    }
                }
                None => out.extend_from_slice(value),
            }
            children += 1;
        }
        // `.` marks a member beside children; a member without children is `{}`.
        if member && children > 0 {
            out.splice(start..start, b"\".\":{},".iter().copied());
        }
        out.push(b'}');
        Some((shrank, member || children > 0))
    }
    let mut out = Vec::with_capacity(text.len());
    let (shrank, _) = node(text, set, true, &mut out)?;
    Some((out, shrank))
}

impl FieldSet {
    /// The element names of the set's member paths' last steps, as JSON strings (`"f:name"`): a
    /// FieldsV1 that owns one of the paths holds its last step as a key, written so.
    pub fn member_keys(&self) -> Vec<String> {
        fn rec(set: &FieldSet, out: &mut Vec<String>) {
            for (k, child) in &set.children {
                if child.member {
                    out.push(serde_json::to_string(k).unwrap_or_default());
                }
                rec(child, out);
            }
        }
        let mut out = Vec::new();
        rec(self, &mut out);
        out
    }
}

/// What a walk compares against: nothing (every field counts) or the old value at the same path
/// (only fields that differ count).
enum Against<'a, J> {
    Nothing,
    Value(&'a J),
}

impl<J> Clone for Against<'_, J> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<J> Copy for Against<'_, J> {}

impl<'a, J: Json> Against<'a, J> {
    /// Whether the leaf `v` counts: always without an old value; otherwise when it differs and is
    /// not a non-empty object (containers count through their fields).
    fn counts(self, v: &J) -> bool {
        match self {
            Against::Nothing => true,
            Against::Value(old) => v.members().is_none() && old != v,
        }
    }
    fn field(self, k: &str) -> Against<'a, J> {
        match self {
            Against::Value(old) => old.get(k).map_or(Against::Nothing, Against::Value),
            Against::Nothing => Against::Nothing,
        }
    }
    fn item(self, find: impl Fn(&J) -> bool) -> Against<'a, J> {
        match self {
            Against::Value(old) => {
                old.items().and_then(|items| items.iter().find(|i| find(i))).map_or(Against::Nothing, Against::Value)
            }
            Against::Nothing => Against::Nothing,
        }
    }
}

/// Adds the fields of `v` (those that differ from `old`, when given) to `node`, which stands for
/// `v`'s own path; `path` is the dotted path without list indexes, for the schema tables, grown
/// and cut back as the walk goes. Element names are only formatted for what is added.
/// Returns whether anything was added.
fn walk<J: Json>(v: &J, old: Against<J>, path: &mut String, node: &mut FieldSet) -> bool {
    let top = path.is_empty();
    let atomic = ATOMIC_STRUCTS.contains(&path.as_str());
    if let (Some(members), false) = (v.members(), atomic) {
        let is_map = is_map_field(path);
        let mut added = false;
        if is_map && old.counts(v) {
            node.member = true;
            added = true;
        }
        for (k, child) in members {
            let mut sub = FieldSet::default();
            let child_added = if is_map {
                let counts = old.field(k).counts(child);
                sub.member = counts;
                counts
            } else {
                let len = crate::field::push_segment(path, k);
                let added = walk(child, old.field(k), path, &mut sub);
                path.truncate(len);
                added
            };
            if child_added {
                node.children.insert(field_element(k), sub);
                added = true;
            }
        }
        added
    } else if let Some(items) = v.items() {
        match list_type(path) {
            ListType::Atomic => set_member(node, old.counts(v)),
            ListType::Set => {
                let mut added = false;
                for item in items {
                    let against = old.item(|i| same_set_item(i, item));
                    if against.counts(item) {
                        node.children.insert(set_element(item), FieldSet { member: true, children: BTreeMap::new() });
                        added = true;
                    }
                }
                added
            }
            ListType::Map(keys) => {
                let mut added = false;
                for item in items {
                    let against = old.item(|i| same_key(i, item, keys));
                    let mut sub = FieldSet { member: against.counts(item), children: BTreeMap::new() };
                    walk(item, against, path, &mut sub);
                    if !sub.is_empty() {
                        node.children.insert(key_element(item, keys), sub);
                        added = true;
                    }
                }
                added
            }
        }
    } else if v.is_null() {
        false
    } else {
        !top && set_member(node, old.counts(v))
    }
}

/// Adds to `node` the fields of `old` that `new` (the value at the same path, `Null` when absent)
/// no longer has: `FieldSet::from_value(old).minus(&FieldSet::from_value(new))` in one walk.
fn walk_removed<J: Json>(old: &J, new: &J, path: &mut String, node: &mut FieldSet) {
    node.member |= own_member(old, path) && !own_member(new, path);
    let atomic = ATOMIC_STRUCTS.contains(&path.as_str());
    if let (Some(members), false) = (old.members(), atomic) {
        let theirs = new.members().is_some().then_some(new);
        let is_map = is_map_field(path);
        for (k, child) in members {
            let mut sub = FieldSet::default();
            let len = crate::field::push_segment(path, k);
            match theirs.and_then(|n| n.get(k)) {
                Some(_) if is_map => {}
                None if is_map => sub.member = true,
                Some(now) => walk_removed(child, now, path, &mut sub),
                None => {
                    walk(child, Against::Nothing, path, &mut sub);
                }
            }
            path.truncate(len);
            if !sub.is_empty() {
                node.children.insert(field_element(k), sub);
            }
        }
    } else if let Some(items) = old.items() {
        let theirs: &[J] = new.items().unwrap_or(&[]);
        match list_type(path) {
            ListType::Atomic => {}
            ListType::Set => {
                for item in items {
                    if !theirs.iter().any(|i| same_set_item(i, item)) {
                        node.children.insert(set_element(item), FieldSet { member: true, children: BTreeMap::new() });
                    }
                }
            }
            ListType::Map(keys) => {
                for item in items {
                    let mut sub = FieldSet::default();
                    match theirs.iter().rev().find(|i| same_key(*i, item, keys)) {
                        Some(now) => {
                            walk_removed(item, now, path, &mut sub);
                            // Both items are members of their lists.
                            sub.member = false;
                        }
                        None => {
                            sub.member = true;
                            walk(item, Against::Nothing, path, &mut sub);
                        }
                    }
                    let el = key_element(item, keys);
                    if !sub.is_empty() {
                        node.children.insert(el, sub);
                    } else {
                        // A later duplicate of an item replaces an earlier one, as in from_value.
                        node.children.remove(&el);
                    }
                }
            }
        }
    }
}

/// Whether the node for `v` at `path` is itself a member of `from_value`'s set (not only through
/// its children): leaves below the top, atomic lists and structs, and whole maps.
fn own_member<J: Json>(v: &J, path: &str) -> bool {
    if v.members().is_some() && !ATOMIC_STRUCTS.contains(&path) {
        is_map_field(path)
    } else if v.items().is_some() {
        matches!(list_type(path), ListType::Atomic)
    } else {
        !v.is_null() && !path.is_empty()
    }
}

/// Whether the object at `path` is a map with user-chosen keys.
fn is_map_field(path: &str) -> bool {
    !path.is_empty() && MAP_FIELDS.contains(&path.rsplit('.').next().unwrap_or(""))
}

fn field_element(k: &str) -> Element {
    let mut el = String::with_capacity(k.len() + 2);
    el.push_str("f:");
    el.push_str(k);
    el
}

fn key_element<J: Json>(item: &J, keys: &[&str]) -> Element {
    format!("k:{}", item_key(item, keys))
}

fn set_element<J: Json>(item: &J) -> Element {
    format!("v:{}", item.text())
}

/// Set items are told apart by their JSON text (objects compare by text, not by key set).
fn same_set_item<J: Json>(a: &J, b: &J) -> bool {
    if a.is_structured() || b.is_structured() {
        a.text() == b.text()
    } else {
        a == b
    }
}

fn same_key<J: Json>(a: &J, b: &J, keys: &[&str]) -> bool {
    keys.iter().all(|k| a.get(k) == b.get(k))
}

fn set_member(node: &mut FieldSet, counts: bool) -> bool {
    node.member |= counts;
    counts
}

/// `{"name":"c"}` — the key fields of a list item, in key order, as compact JSON.
pub fn item_key<J: Json>(item: &J, keys: &[&str]) -> String {
    let mut out = String::from("{");
    for k in keys {
        if let Some(v) = item.get(k) {
            if out.len() > 1 {
                out.push(',');
            }
            out.push_str(&serde_json::to_string(k).unwrap_or_default());
            out.push(':');
            out.push_str(&v.text());
        }
    }
    out.push('}');
    out
}

/// The value at a FieldsV1 path.
pub fn lookup<'a>(v: &'a Value, path: &[Element]) -> Option<&'a Value> {
    let mut cur = v;
    for el in path {
        cur = if let Some(name) = el.strip_prefix("f:") {
            cur.get(name)?
        } else if let Some(key) = el.strip_prefix("k:") {
            let want: Map<String, Value> = serde_json::from_str(key).ok()?;
            cur.as_array()?.iter().find(|item| want.iter().all(|(k, v)| item.get(k) == Some(v)))?
        } else if let Some(val) = el.strip_prefix("v:") {
            let want: Value = serde_json::from_str(val).ok()?;
            cur.as_array()?.iter().find(|item| **item == want)?
        } else {
            return None;
        };
    }
    Some(cur)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn cre_08_fields_v1_shape() {
        let v = json!({"metadata":{"labels":{"app":"x"}},"spec":{"backoffLimit":4,"template":{"spec":{
            "containers":[{"name":"pi","image":"perl","command":["perl"],"resources":{}}],"securityContext":{}}}}});
        let f = FieldSet::from_value(&v).to_fields_v1();
        assert_eq!(
            f,
            json!({"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:backoffLimit":{},"f:template":{"f:spec":{
                "f:containers":{"k:{\"name\":\"pi\"}":{".":{},"f:command":{},"f:image":{},"f:name":{},"f:resources":{}}},
                "f:securityContext":{}}}}})
        );
        assert_eq!(FieldSet::from_fields_v1(&f), FieldSet::from_value(&v));
    }

    /// A small Job-shaped value with a map, a keyed list, a set, an atomic list, an atomic
    /// struct, nulls and empty containers in varying combinations.
    fn job_like() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let scalar = prop_oneof![Just(Value::Null), Just(json!(1)), Just(json!("a")), Just(json!({})), Just(json!([]))];
        let labels = proptest::collection::btree_map("[ab]", prop_oneof![Just(json!("x")), Just(Value::Null)], 0..3)
            .prop_map(|m| Value::Object(m.into_iter().collect()));
        let container = ("[cd]", scalar.clone(), proptest::option::of(Just(json!(["sh", "-c"])))).prop_map(
            |(name, image, command)| {
                let mut c = json!({"name": name, "image": image});
                if let Some(cmd) = command {
                    c["command"] = cmd;
                }
                c
            },
        );
        let containers = proptest::collection::vec(container, 0..3);
        let finalizers = proptest::collection::vec(prop_oneof![Just(json!("f1")), Just(json!("f2"))], 0..3);
        let selector = proptest::option::of(Just(json!({"matchLabels": {"a": "b"}})));
        (labels, containers, finalizers, scalar, selector).prop_map(
            |(labels, containers, finalizers, extra, selector)| {
                let mut v = json!({"metadata": {"labels": labels, "finalizers": finalizers},
                "spec": {"extra": extra, "template": {"spec": {"containers": containers}}}});
                if let Some(sel) = selector {
                    v["spec"]["selector"] = sel;
                }
                v
            },
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig {
            cases: 512,
            failure_persistence: None,
            ..proptest::prelude::ProptestConfig::default()
        })]
        /// The one-walk removal equals the set difference of the two objects' field sets, and the
        /// in-place union and difference equal the copying ones.
        #[test]
        fn removed_fields_are_the_set_difference(old in job_like(), new in job_like()) {
            let (_, removed) = FieldSet::compare(&old, &new);
            proptest::prop_assert_eq!(&removed, &FieldSet::from_value(&old).minus(&FieldSet::from_value(&new)));
            let (a, b) = (FieldSet::from_value(&old), FieldSet::from_value(&new));
            let mut moved = a.clone();
            moved.absorb(b.clone());
            proptest::prop_assert_eq!(&moved, &a.union(&b));
            let mut cut = a.clone();
            cut.remove_all(&b);
            proptest::prop_assert_eq!(&cut, &a.minus(&b));
        }

        /// Editing FieldsV1 JSON in place gives the JSON of the edited set, stays canonical, and
        /// says whether the set changed.
        #[test]
        fn fields_v1_edited_in_place_equals_the_set_operations(old in job_like(), new in job_like(), other in job_like()) {
            let (a, b) = (FieldSet::from_value(&old), FieldSet::from_value(&new));
            let (changed, removed) = FieldSet::compare(&other, &new);
            for (x, y) in [(&a, &b), (&a, &changed), (&b, &removed), (&changed, &a)] {
                let v1 = x.to_fields_v1();
                proptest::prop_assert!(is_canonical_v1(&v1), "{}", v1);
                let mut grown = v1.clone();
                let grew = add_to_v1(&mut grown, y);
                let union = x.union(y);
                proptest::prop_assert_eq!(&grown, &union.to_fields_v1());
                proptest::prop_assert_eq!(grew, union != *x);
                proptest::prop_assert!(is_canonical_v1(&grown), "{}", grown);
                let mut cut = v1.clone();
                let shrank = remove_from_v1(&mut cut, y);
                let rest = x.minus(y);
                proptest::prop_assert_eq!(&cut, &rest.to_fields_v1());
                proptest::prop_assert_eq!(shrank, rest != *x);
                proptest::prop_assert!(is_canonical_v1(&cut), "{}", cut);
            }
        }

        /// The text edits write the text of what the typed edits give, byte for byte, and say the
        /// same about whether anything changed.
        #[test]
        fn fields_v1_edited_as_text_equals_edited_as_json(old in job_like(), new in job_like(), other in job_like()) {
            let (a, b) = (FieldSet::from_value(&old), FieldSet::from_value(&new));
            let (changed, removed) = FieldSet::compare(&other, &new);
            for (x, y) in [(&a, &b), (&a, &changed), (&b, &removed), (&changed, &a), (&a, &a)] {
                let v1 = x.to_fields_v1();
                let text = serde_json::to_vec(&v1).unwrap();
                proptest::prop_assert!(is_canonical_v1_text(&text));
                let mut grown = v1.clone();
                let grew = add_to_v1(&mut grown, y);
                let (grown_text, grew_text) = add_to_v1_text(&text, y).unwrap();
                proptest::prop_assert_eq!(String::from_utf8(grown_text).unwrap(), grown.to_string());
                proptest::prop_assert_eq!(grew_text, grew);
                let mut cut = v1.clone();
                let shrank = remove_from_v1(&mut cut, y);
                let (cut_text, shrank_text) = remove_from_v1_text(&text, y).unwrap();
                proptest::prop_assert_eq!(String::from_utf8(cut_text).unwrap(), cut.to_string());
                proptest::prop_assert_eq!(shrank_text, shrank);
            }
        }
    }

    #[test]
    fn fields_v1_text_is_canonical_as_its_json_is() {
        let cases = [
            json!({"f:a":{},"f:b":{}}),
            json!({"f:spec":{".":{},"f:x":{}}}),
            json!({}),
            json!({"f:spec":{"k:{\"name\":\"c\"}":{".":{},"f:image":{}},"k:{\"name\":\"d\"}":{}}}),
            json!({"f:b":{},"f:a":{}}),
            json!({"f:spec":{".":{}}}),
            json!({".":{},"f:a":{}}),
            json!({"f:spec":{".":{"f:x":{}},"f:y":{}}}),
            json!({"f:spec":{"f:y":{},"f:x":{}}}),
            json!({"f:a":1}),
            json!([]),
        ];
        for v in cases {
            let text = serde_json::to_vec(&v).unwrap();
            assert_eq!(is_canonical_v1_text(&text), is_canonical_v1(&v), "{v}");
        }
    }

    #[test]
    fn fields_v1_that_a_client_may_send_is_not_canonical() {
        for v in [json!({"f:a":{},"f:b":{}}), json!({"f:spec":{".":{},"f:x":{}}}), json!({})] {
            assert!(is_canonical_v1(&v), "{v}");
        }
        for v in [
            json!({"f:b":{},"f:a":{}}),
            json!({"f:spec":{".":{}}}),
            json!({".":{},"f:a":{}}),
            json!({"f:spec":{".":{"f:x":{}},"f:y":{}}}),
            json!({"f:a":1}),
            json!([]),
        ] {
            assert!(!is_canonical_v1(&v), "{v}");
        }
    }

    #[test]
    fn put_12_changed_fields() {
        let old = json!({"spec":{"parallelism":1,"backoffLimit":6}});
        let new = json!({"spec":{"parallelism":2,"backoffLimit":6}});
        let (c, removed) = FieldSet::compare(&old, &new);
        assert_eq!(c.paths(), vec![vec!["f:spec".to_string(), "f:parallelism".to_string()]]);
        assert!(removed.is_empty());
        let (_, removed) = FieldSet::compare(&new, &json!({"spec":{"parallelism":2}}));
        assert!(removed.contains(&["f:spec".to_string(), "f:backoffLimit".to_string()]));
    }
}
