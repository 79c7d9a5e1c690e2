//! Strategic merge patch (PAT-07) as kube-apiserver applies it: `StrategicMergeMapPatch` of
//! k8s.io/apimachinery with the server's options (parallel deletion lists are applied, unmatched `null`s
//! are dropped). List strategies and merge keys come from [`crate::schema::lists`]. Errors carry the Go
//! library's text, values rendered the way Go's `%v` prints decoded JSON (`map[k:v]` with sorted keys).

use std::fmt::Write as _;

use serde_json::{Map, Value};

use crate::schema::lists::{list_type, smp_merge_key, ListType};

type Object = Map<String, Value>;
type Result<T> = std::result::Result<T, SmpError>;

const DIRECTIVE: &str = "$patch";
const RETAIN_KEYS: &str = "$retainKeys";
const DELETE_FROM_PRIMITIVE_LIST: &str = "$deleteFromPrimitiveList";
const SET_ELEMENT_ORDER: &str = "$setElementOrder";

const MAP_TYPE: &str = "map[string]interface {}";
const SLICE_TYPE: &str = "[]interface {}";

const ERR_PRIMITIVE_LIST: &str = "invalid patch format of primitive list";
const ERR_RETAIN_KEYS: &str = "invalid patch format of retainKeys";
const ERR_SET_ELEMENT_ORDER: &str = "invalid patch format of setElementOrder list";
const ERR_LIST_OF_LISTS: &str = "lists of lists are not supported";
/// Go fails this way when the first element of a list being merged is `null`.
const ERR_NIL_ELEMENT: &str = "runtime error: invalid memory address or nil pointer dereference";

static NULL: Value = Value::Null;

/// Why a strategic merge patch was rejected; the text is the Go library's error message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SmpError {
    /// 400 `BadRequest` with this message.
    BadRequest(String),
    /// 422 `Invalid`; clients see the generic message of PAT-05, not this text.
    Invalid(String),
}

impl std::fmt::Display for SmpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::BadRequest(message) | Self::Invalid(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for SmpError {}

/// Applies a strategic merge patch to `original` (both JSON values of a whole Job, or of its status write).
///
/// A `null` patch changes nothing; any other non-object patch fails as Go's decoder does. A non-object
/// `original` counts as `{}`.
pub fn apply(original: &Value, patch: &Value) -> Result<Value> {
    let patch = match patch {
        Value::Object(patch) => patch.clone(),
        Value::Null => return Ok(original.clone()),
        other => {
            let kind = json_kind(other);
            return Err(bad(format!("json: cannot unmarshal {kind} into Go value of type {MAP_TYPE}")));
        }
    };
    let original = original.as_object().cloned().unwrap_or_default();
    merge_map(original, patch, "").map(Value::Object)
}

fn bad(message: impl Into<String>) -> SmpError {
    SmpError::BadRequest(message.into())
}

/// How the list at a field path merges: by `key`, as a set of scalars (`merge` with an empty key), or not at
/// all (replaced whole).
#[derive(Clone, Copy)]
struct ListStrategy {
    merge: bool,
    key: &'static str,
}

impl ListStrategy {
    fn of(path: &str) -> Self {
        match smp_merge_key(path) {
            Some(key) => Self { merge: true, key },
            None => Self { merge: list_type(path) == ListType::Set, key: "" },
        }
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

// ---------------------------------------------------------------------------------------------------------
// Maps

/// Merges `patch` into `original`, both found at field path `path` (`mergeMap`).
fn merge_map(mut original: Object, mut patch: Object, path: &str) -> Result<Object> {
    if patch.contains_key(DIRECTIVE) {
        return map_directive(patch);
    }
    apply_retain_keys(&mut original, &mut patch)?;
    merge_ordered_lists(&mut original, &mut patch, path)?;
    for (key, value) in patch {
        merge_field(&mut original, key, value, path)?;
    }
    Ok(original)
}

/// `$patch` in a map: `replace` takes the rest of the patch as it is, `delete` leaves an empty map.
fn map_directive(mut patch: Object) -> Result<Object> {
    match patch.get(DIRECTIVE).and_then(Value::as_str) {
        Some("replace") => {
            patch.shift_remove(DIRECTIVE);
            Ok(patch)
        }
        Some("delete") => Ok(Object::new()),
        _ => Err(bad_patch_type(patch.get(DIRECTIVE).unwrap_or(&NULL), go_format_map(&patch, Verb::V))),
    }
}

/// `$retainKeys`: every other key of the patch must be listed; keys of `original` not listed are cleared.
fn apply_retain_keys(original: &mut Object, patch: &mut Object) -> Result<()> {
    let Some(retain) = patch.shift_remove(RETAIN_KEYS) else {
        return Ok(());
    };
    let Value::Array(retain) = retain else {
        return Err(bad(ERR_RETAIN_KEYS));
    };
    let retained = |key: &str| retain.iter().any(|item| item.as_str() == Some(key));
    let unlisted = patch.iter().any(|(key, value)| {
        !value.is_null()
            && !key.starts_with(DELETE_FROM_PRIMITIVE_LIST)
            && !key.starts_with(SET_ELEMENT_ORDER)
            && !retained(key)
    });
    if unlisted {
        return Err(bad(ERR_RETAIN_KEYS));
    }
    original.retain(|key, _| retained(key));
    Ok(())
}

/// One entry of the patch: `null` deletes, a new key takes the cleaned patch value, maps and lists of the same
/// type merge, anything else replaces. `$deleteFromPrimitiveList/<field>` entries merge as deletion lists.
fn merge_field(original: &mut Object, key: String, value: Value, path: &str) -> Result<()> {
    let (key, deletion_list) = if key.starts_with(DELETE_FROM_PRIMITIVE_LIST) {
        let field = extract_key(&key, DELETE_FROM_PRIMITIVE_LIST, ERR_PRIMITIVE_LIST)?;
        (if field.is_empty() { key.clone() } else { field.to_owned() }, true)
    } else {
        (key, false)
    };
    if value.is_null() {
        original.shift_remove(&key);
        return Ok(());
    }
    let same_type = original.get(&key).is_some_and(|current| go_type(current) == go_type(&value));
    if !same_type {
        if !deletion_list {
            put_cleaned(original, key, value);
        }
        return Ok(());
    }
    let child = join(path, &key);
    let Some(current) = original.get_mut(&key) else {
        return Ok(());
    };
    *current = match (std::mem::take(current), value) {
        (Value::Object(current), Value::Object(patch)) => Value::Object(merge_map(current, patch, &child)?),
        (Value::Array(current), Value::Array(patch)) => {
            Value::Array(merge_list(current, patch, &child, deletion_list)?)
        }
        (_, scalar) => scalar,
    };
    Ok(())
}

/// Stores a patch value that merges with nothing: `null`s dropped at every depth, then maps carrying `$patch`
/// removed (the key itself goes when the value is such a map).
fn put_cleaned(original: &mut Object, key: String, mut value: Value) {
    discard_nulls(&mut value);
    match remove_directives(value) {
        Some(value) => {
            original.insert(key, value);
        }
        None => {
            original.shift_remove(&key);
        }
    }
}

fn discard_nulls(value: &mut Value) {
    match value {
        Value::Object(fields) => {
            fields.retain(|_, field| !field.is_null());
            fields.values_mut().for_each(discard_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(discard_nulls),
        _ => {}
    }
}

/// Drops every map that carries `$patch` (`None` when `value` itself is one); other directive keys stay.
fn remove_directives(value: Value) -> Option<Value> {
    match value {
        Value::Object(fields) if fields.contains_key(DIRECTIVE) => None,
        Value::Object(fields) => Some(Value::Object(
            fields.into_iter().filter_map(|(key, field)| Some((key, remove_directives(field)?))).collect(),
        )),
        Value::Array(items) => Some(Value::Array(remove_directives_in_list(items))),
        scalar => Some(scalar),
    }
}

fn remove_directives_in_list(items: Vec<Value>) -> Vec<Value> {
    items.into_iter().filter_map(remove_directives).collect()
}

/// The field named after `prefix/` in a directive key.
fn extract_key<'a>(key: &'a str, prefix: &str, error: &str) -> Result<&'a str> {
    match key.split_once('/') {
        Some((head, field)) if head == prefix => Ok(field),
        _ => Err(bad(error)),
    }
}

// ---------------------------------------------------------------------------------------------------------
// Lists

/// Merges the list at `path` per its strategy; lists without one are replaced by the patch as it is.
/// Deletion lists always go through the merge (`mergeSliceHandler`).
fn merge_list(current: Vec<Value>, patch: Vec<Value>, path: &str, deletion_list: bool) -> Result<Vec<Value>> {
    let strategy = ListStrategy::of(path);
    if strategy.merge || deletion_list {
        merge_slice(current, patch, path, strategy.key, deletion_list)
    } else {
        Ok(patch)
    }
}

/// `mergeSlice`: maps merge by `key` (honouring `$patch` elements), scalars form a set, or are deleted when
/// `patch` is a deletion list. The result is ordered as Go orders it: patch items in patch order, interleaved
/// with untouched items by their original positions.
fn merge_slice(
    current: Vec<Value>,
    patch: Vec<Value>,
    path: &str,
    key: &str,
    deletion_list: bool,
) -> Result<Vec<Value>> {
    if current.is_empty() && patch.is_empty() {
        return Ok(current);
    }
    let kind = element_type(&current, &patch)?;
    let (merged, patch, current) = if kind == GoType::Map {
        if key.is_empty() {
            return Err(bad(format!("cannot merge lists without merge key for {}", element_kind_name(path))));
        }
        let (current, patch) = split_special_elements(current, patch, key)?;
        (merge_elements(current.clone(), &patch, key, path)?, patch, current)
    } else {
        if deletion_list {
            return Ok(current.into_iter().filter(|item| !patch.iter().any(|gone| go_eq(gone, item))).collect());
        }
        let both = current.iter().chain(&patch).cloned().collect();
        (deduplicate_scalars(both), patch, current)
    };
    let (listed, unlisted) = partition(merged, &patch, key)?;
    normalize_element_order(listed, unlisted, &patch, &current, key, kind)
}

/// The Go kind of the list's element type, as merge errors name it.
fn element_kind_name(path: &str) -> &'static str {
    if list_type(path) == ListType::Set {
        "string"
    } else {
        "struct"
    }
}

/// Applies `{"$patch":"delete", <key>: v}` elements to `current` and notes `{"$patch":"replace"}`, which makes
/// the remaining patch elements the whole list. Returns the list to merge into and the plain patch elements.
fn split_special_elements(mut current: Vec<Value>, patch: Vec<Value>, key: &str) -> Result<(Vec<Value>, Vec<Value>)> {
    let mut plain = Vec::new();
    let mut replace = false;
    for item in patch {
        let Some(directive) = item.get(DIRECTIVE) else {
            plain.push(item);
            continue;
        };
        match directive.as_str() {
            Some("delete") => {
                let Some(value) = item.get(key) else {
                    return Err(no_merge_key(&item, key));
                };
                while let Some(index) = find_by_key(&current, key, value)? {
                    current.remove(index);
                }
            }
            Some("replace") => replace = true,
            Some("merge") => return Err(bad("merging lists cannot yet be specified in the patch")),
            _ => return Err(bad_patch_type(directive, go_format(&item, Verb::V))),
        }
    }
    Ok(if replace { (plain, Vec::new()) } else { (current, plain) })
}

/// Merges each patch element into the element with the same merge key value, or appends it as it is.
fn merge_elements(mut current: Vec<Value>, patch: &[Value], key: &str, path: &str) -> Result<Vec<Value>> {
    for item in patch {
        let Value::Object(fields) = item else {
            continue;
        };
        let Some(value) = fields.get(key) else {
            return Err(no_merge_key(item, key));
        };
        let Some(index) = find_by_key(&current, key, value)? else {
            current.push(item.clone());
            continue;
        };
        if let Some(Value::Object(target)) = current.get_mut(index) {
            let merged = merge_map(std::mem::take(target), fields.clone(), path)?;
            *target = merged;
        }
    }
    Ok(current)
}

/// Index of the first map whose `key` equals `value`; every item must be a map.
fn find_by_key(items: &[Value], key: &str, value: &Value) -> Result<Option<usize>> {
    for (index, item) in items.iter().enumerate() {
        let Value::Object(fields) = item else {
            return Err(bad(format!("value for key {index} is not a map.")));
        };
        if fields.get(key).is_some_and(|found| go_eq(found, value)) {
            return Ok(Some(index));
        }
    }
    Ok(None)
}

/// Go's in-place deduplication: a duplicate is overwritten by the last element, so order is not kept.
fn deduplicate_scalars(mut items: Vec<Value>) -> Vec<Value> {
    let mut last = items.len().saturating_sub(1);
    let mut i = 0;
    while i < last {
        let mut j = i + 1;
        while j <= last {
            if items.get(i).zip(items.get(j)).is_some_and(|(a, b)| go_eq(a, b)) {
                items.swap_remove(j);
                last -= 1;
            } else {
                j += 1;
            }
        }
        i += 1;
    }
    items
}

/// The Go type shared by all elements of both lists (`sliceElementType`).
fn element_type(current: &[Value], patch: &[Value]) -> Result<GoType> {
    let mut first = None;
    for item in current.iter().chain(patch) {
        let found = go_type(item);
        match first {
            None if found == GoType::Nil => return Err(bad(ERR_NIL_ELEMENT)),
            None if found == GoType::Slice => return Err(SmpError::Invalid(ERR_LIST_OF_LISTS.to_owned())),
            None => first = Some(found),
            Some(expected) if expected != found => {
                let lists = format!("[{} {}]", go_list(current), go_list(patch));
                return Err(bad(format!("list element types are not identical: {lists}")));
            }
            Some(_) => {}
        }
    }
    first.ok_or_else(|| bad("no elements in any of the given slices"))
}

// ---------------------------------------------------------------------------------------------------------
// Order

/// `$setElementOrder/<field>`: merges that field's list now and orders it: listed items in the directive's
/// order, unlisted (server-only) items slotted in by their original positions.
fn merge_ordered_lists(original: &mut Object, patch: &mut Object, path: &str) -> Result<()> {
    let keys: Vec<String> = patch.keys().filter(|key| key.starts_with(SET_ELEMENT_ORDER)).cloned().collect();
    for key in keys {
        let Some(order) = patch.shift_remove(&key) else {
            continue;
        };
        let order = match order {
            Value::Array(order) => order,
            other => return Err(bad_arg_type(SLICE_TYPE, &other)),
        };
        let field = extract_key(&key, SET_ELEMENT_ORDER, ERR_SET_ELEMENT_ORDER)?.to_owned();
        let current = list_field(original, &field)?;
        let patched = list_field(patch, &field)?;
        let child = join(path, &field);
        let merge_key = ListStrategy::of(&child).key;
        validate_element_order(patched.as_deref().unwrap_or_default(), &order, merge_key)?;
        let merged = match (&current, &patched) {
            (Some(current), None) => current.clone(),
            (None, Some(patched)) => remove_directives_in_list(patched.clone()),
            (Some(current), Some(patched)) => merge_list(current.clone(), patched.clone(), &child, false)?,
            (None, None) => continue,
        };
        let (current, patched) = (current.unwrap_or_default(), patched.unwrap_or_default());
        let (listed, unlisted) = partition(merged, &order, merge_key)?;
        let kind = element_type(&current, &patched)?;
        let ordered = normalize_element_order(listed, unlisted, &order, &current, merge_key, kind)?;
        original.insert(field.clone(), Value::Array(ordered));
        patch.shift_remove(&field);
    }
    Ok(())
}

/// The list stored under `field`, if any; a non-list there is an error.
fn list_field(object: &Object, field: &str) -> Result<Option<Vec<Value>>> {
    match object.get(field) {
        None => Ok(None),
        Some(Value::Array(items)) => Ok(Some(items.clone())),
        Some(other) => Err(bad_arg_type(SLICE_TYPE, other)),
    }
}

/// The patch list's items (deletions and directive elements aside) must appear in the order list, in order.
fn validate_element_order(patch: &[Value], order: &[Value], key: &str) -> Result<()> {
    if order.is_empty() || patch.is_empty() {
        return Ok(());
    }
    let mut kept = Vec::new();
    for item in patch {
        if key.is_empty() || !is_deletion(item)? {
            kept.push(item);
        }
    }
    let (mut p, mut o) = (0, 0);
    while let (Some(item), Some(ordered)) = (kept.get(p), order.get(o)) {
        if item.get(DIRECTIVE).is_some() {
            p += 1;
            continue;
        }
        if merge_key_values_equal(item, ordered, key)? {
            p += 1;
        }
        o += 1;
    }
    if p < kept.len() && o >= order.len() {
        let (patch, order) = (go_list(patch), go_list(order));
        return Err(bad(format!(
            "The order in patch list:\n{patch}\n doesn't match {SET_ELEMENT_ORDER} list:\n{order}\n"
        )));
    }
    Ok(())
}

/// Whether two items name the same element: equal merge key values, or equal scalars when `key` is empty.
fn merge_key_values_equal(left: &Value, right: &Value, key: &str) -> Result<bool> {
    if key.is_empty() {
        return Ok(go_eq(left, right));
    }
    let left_value = merge_key_value(left, key)?;
    let right_value = merge_key_value(right, key)?;
    Ok(go_eq(left_value, right_value))
}

fn merge_key_value<'a>(item: &'a Value, key: &str) -> Result<&'a Value> {
    let Value::Object(fields) = item else {
        return Err(bad_arg_type(MAP_TYPE, item));
    };
    fields.get(key).ok_or_else(|| no_merge_key(item, key))
}

fn is_deletion(item: &Value) -> Result<bool> {
    match item {
        Value::Object(fields) => Ok(fields.get(DIRECTIVE).and_then(Value::as_str) == Some("delete")),
        other => Err(bad_arg_type(MAP_TYPE, other)),
    }
}

/// Splits `merged` into items present in `by` (matched by merge key, or as scalars) and the others.
fn partition(merged: Vec<Value>, by: &[Value], key: &str) -> Result<(Vec<Value>, Vec<Value>)> {
    let mut listed = Vec::new();
    let mut unlisted = Vec::new();
    for item in merged {
        let found = if key.is_empty() {
            by.iter().any(|other| go_eq(other, &item))
        } else {
            let value = match &item {
                Value::Object(fields) => fields.get(key).ok_or_else(|| no_merge_key(&item, key))?,
                other => return Err(bad_arg_type(MAP_TYPE, other)),
            };
            find_by_key(by, key, value)?.is_some()
        };
        if found {
            listed.push(item);
        } else {
            unlisted.push(item);
        }
    }
    Ok((listed, unlisted))
}

/// Sorts `listed` by `listed_order` and `unlisted` by `server_order`, then merges the two (`normalizeElementOrder`).
fn normalize_element_order(
    listed: Vec<Value>,
    unlisted: Vec<Value>,
    listed_order: &[Value],
    server_order: &[Value],
    key: &str,
    kind: GoType,
) -> Result<Vec<Value>> {
    let listed = normalize_slice_order(listed, listed_order, key, kind)?;
    let unlisted = normalize_slice_order(unlisted, server_order, key, kind)?;
    Ok(merge_sorted(unlisted, listed, server_order, key, kind))
}

/// Stable-sorts `items` by their positions in `order` with Go's comparator, under which an item missing from
/// `order` sorts before anything; `$patch: delete` maps go last.
fn normalize_slice_order(items: Vec<Value>, order: &[Value], key: &str, kind: GoType) -> Result<Vec<Value>> {
    let (items, deletions) = if kind == GoType::Map {
        for item in items.iter().chain(order) {
            merge_key_value(item, key)?;
        }
        let mut kept = Vec::new();
        let mut deletions = Vec::new();
        for item in items {
            if is_deletion(&item)? {
                deletions.push(item);
            } else {
                kept.push(item);
            }
        }
        (kept, deletions)
    } else {
        (items, Vec::new())
    };
    let mut keyed: Vec<_> = items.into_iter().map(|item| (index_of(order, &item, key, kind), item)).collect();
    go_stable_sort(&mut keyed, &|a, b| match (a.0, b.0) {
        (Some(a), Some(b)) => a < b,
        _ => true,
    });
    Ok(keyed.into_iter().map(|(_, item)| item).chain(deletions).collect())
}

/// Merges server-only items (`left`) into patch items (`right`): a left item goes first only when both are in
/// `server_order` and it comes earlier there.
fn merge_sorted(left: Vec<Value>, right: Vec<Value>, server_order: &[Value], key: &str, kind: GoType) -> Vec<Value> {
    let mut merged = Vec::with_capacity(left.len() + right.len());
    let mut left = left.into_iter().peekable();
    let mut right = right.into_iter().peekable();
    while let (Some(l), Some(r)) = (left.peek(), right.peek()) {
        let left_first = match (index_of(server_order, l, key, kind), index_of(server_order, r, key, kind)) {
            (Some(l), Some(r)) => l < r,
            _ => false,
        };
        merged.extend(if left_first { left.next() } else { right.next() });
    }
    merged.extend(left);
    merged.extend(right);
    merged
}

/// Position of `item` in `list`, comparing merge key values for maps (a missing key reads as `null`).
fn index_of(list: &[Value], item: &Value, key: &str, kind: GoType) -> Option<usize> {
    let wanted = identity(item, key, kind);
    list.iter().position(|other| go_eq(identity(other, key, kind), wanted))
}

/// What `index_of` compares: the merge key value of a map (`null` when absent), or the item itself.
fn identity<'a>(item: &'a Value, key: &str, kind: GoType) -> &'a Value {
    if kind == GoType::Map {
        item.as_object().and_then(|fields| fields.get(key)).unwrap_or(&NULL)
    } else {
        item
    }
}

/// Go's `sort.SliceStable`: insertion-sorted blocks of 20 merged by SymMerge, step for step, so that the
/// inconsistent comparator above gives Go's order.
fn go_stable_sort<T>(data: &mut [T], less: &dyn Fn(&T, &T) -> bool) {
    let n = data.len();
    let mut block = 20;
    let (mut a, mut b) = (0, block);
    while b <= n {
        insertion_sort(data, a, b, less);
        a = b;
        b += block;
    }
    insertion_sort(data, a, n, less);
    while block < n {
        (a, b) = (0, 2 * block);
        while b <= n {
            sym_merge(data, a, a + block, b, less);
            a = b;
            b += 2 * block;
        }
        if a + block < n {
            sym_merge(data, a, a + block, n, less);
        }
        block *= 2;
    }
}

fn insertion_sort<T>(data: &mut [T], a: usize, b: usize, less: &dyn Fn(&T, &T) -> bool) {
    for i in a + 1..b {
        let mut j = i;
        while j > a && less(&data[j], &data[j - 1]) {
            data.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// Merges the sorted runs `data[a..m]` and `data[m..b]` (requires `a < m < b`).
fn sym_merge<T>(data: &mut [T], a: usize, m: usize, b: usize, less: &dyn Fn(&T, &T) -> bool) {
    if m - a == 1 {
        let (mut i, mut j) = (m, b);
        while i < j {
            let h = (i + j) / 2;
            if less(&data[h], &data[a]) {
                i = h + 1;
            } else {
                j = h;
            }
        }
        for k in a..i - 1 {
            data.swap(k, k + 1);
        }
        return;
    }
    if b - m == 1 {
        let (mut i, mut j) = (a, m);
        while i < j {
            let h = (i + j) / 2;
            if !less(&data[m], &data[h]) {
                i = h + 1;
            } else {
                j = h;
            }
        }
        for k in (i + 1..=m).rev() {
            data.swap(k, k - 1);
        }
        return;
    }
    let mid = (a + b) / 2;
    let n = mid + m;
    let (mut start, mut r) = if m > mid { (n - b, mid) } else { (a, m) };
    let p = n - 1;
    while start < r {
        let c = (start + r) / 2;
        if !less(&data[p - c], &data[c]) {
            start = c + 1;
        } else {
            r = c;
        }
    }
    let end = n - start;
    if start < m && m < end {
        rotate(data, start, m, end);
    }
    if a < start && start < mid {
        sym_merge(data, a, start, mid, less);
    }
    if mid < end && end < b {
        sym_merge(data, mid, end, b, less);
    }
}

/// Swaps the blocks `data[a..m]` and `data[m..b]` with block swaps, as Go does.
fn rotate<T>(data: &mut [T], a: usize, m: usize, b: usize) {
    let (mut i, mut j) = (m - a, b - m);
    while i != j {
        if i > j {
            swap_range(data, m - i, m, j);
            i -= j;
        } else {
            swap_range(data, m - i, m + j - i, i);
            j -= i;
        }
    }
    swap_range(data, m - i, m, i);
}

fn swap_range<T>(data: &mut [T], a: usize, b: usize, n: usize) {
    for i in 0..n {
        data.swap(a + i, b + i);
    }
}

// ---------------------------------------------------------------------------------------------------------
// Go's view of decoded JSON: types, equality, formatting

/// The dynamic type a JSON value has once decoded by Go (integers as `int64`, other numbers as `float64`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum GoType {
    Nil,
    Bool,
    Int,
    Float,
    Str,
    Slice,
    Map,
}

fn go_type(value: &Value) -> GoType {
    match value {
        Value::Null => GoType::Nil,
        Value::Bool(_) => GoType::Bool,
        Value::Number(n) if n.as_i64().is_some() => GoType::Int,
        Value::Number(_) => GoType::Float,
        Value::String(_) => GoType::Str,
        Value::Array(_) => GoType::Slice,
        Value::Object(_) => GoType::Map,
    }
}

/// Go's `==` on interface values. Maps and slices never compare equal (Go cannot compare them at all).
fn go_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(a), Value::Bool(b)) => a == b,
        (Value::String(a), Value::String(b)) => a == b,
        (Value::Number(a), Value::Number(b)) => match (a.as_i64(), b.as_i64()) {
            (Some(a), Some(b)) => a == b,
            (None, None) => a.as_f64() == b.as_f64(),
            _ => false,
        },
        _ => false,
    }
}

/// Go's type name (`reflect.TypeOf(v)` printed with `%s`).
fn go_type_name(value: &Value) -> &'static str {
    match go_type(value) {
        GoType::Nil => "%!s(<nil>)",
        GoType::Bool => "bool",
        GoType::Int => "int64",
        GoType::Float => "float64",
        GoType::Str => "string",
        GoType::Slice => SLICE_TYPE,
        GoType::Map => MAP_TYPE,
    }
}

fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn bad_arg_type(expected: &str, actual: &Value) -> SmpError {
    bad(format!("expected a {expected}, but received a {}", go_type_name(actual)))
}

fn no_merge_key(item: &Value, key: &str) -> SmpError {
    bad(format!("map: {} does not contain declared merge key: {key}", go_format(item, Verb::V)))
}

/// `$patch` with a value other than `replace`/`delete` (and `merge` in lists); `map` is the map, as printed.
fn bad_patch_type(directive: &Value, map: String) -> SmpError {
    bad(format!("unknown patch type: {} in map: {map}", go_format(directive, Verb::S)))
}

/// A fmt verb: `%v`, or `%s` (which flags non-strings, e.g. `%!s(int64=1)`; a nested `nil` prints `<nil>`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Verb {
    V,
    S,
}

fn go_format(value: &Value, verb: Verb) -> String {
    if verb == Verb::S && value.is_null() {
        return "%!s(<nil>)".to_owned();
    }
    let mut out = String::new();
    write_go(value, verb, &mut out);
    out
}

fn go_format_map(map: &Object, verb: Verb) -> String {
    let mut out = String::new();
    write_go_map(map, verb, &mut out);
    out
}

/// `%v` of a list as Go prints a `[]interface{}`: `[a b]`.
fn go_list(items: &[Value]) -> String {
    let mut out = String::new();
    write_go_list(items, Verb::V, &mut out);
    out
}

fn write_go(value: &Value, verb: Verb, out: &mut String) {
    match value {
        Value::String(s) => out.push_str(s),
        Value::Array(items) => write_go_list(items, verb, out),
        Value::Object(map) => write_go_map(map, verb, out),
        Value::Null => out.push_str("<nil>"),
        scalar if verb == Verb::S => {
            let _ = write!(out, "%!s({}={})", go_type_name(scalar), go_scalar(scalar));
        }
        scalar => out.push_str(&go_scalar(scalar)),
    }
}

fn write_go_list(items: &[Value], verb: Verb, out: &mut String) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        write_go(item, verb, out);
    }
    out.push(']');
}

fn write_go_map(map: &Object, verb: Verb, out: &mut String) {
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    out.push_str("map[");
    for (i, (key, value)) in entries.into_iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(key);
        out.push(':');
        write_go(value, verb, out);
    }
    out.push(']');
}

fn go_scalar(value: &Value) -> String {
    match value {
        Value::Null => "<nil>".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => match n.as_i64() {
            Some(i) => i.to_string(),
            None => go_float(n.as_f64().unwrap_or_default()),
        },
        other => go_format(other, Verb::V),
    }
}

/// A `float64` as Go's `%v` prints it: shortest digits, exponent form below 1e-4 and from 1e6 on.
fn go_float(f: f64) -> String {
    let scientific = format!("{f:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(mantissa) => ("-", mantissa),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if !(-4..6).contains(&exponent) {
        let mut rest = digits.chars();
        let first = rest.next().unwrap_or('0');
        let fraction: String = rest.collect();
        let dot = if fraction.is_empty() { "" } else { "." };
        let exponent_sign = if exponent < 0 { '-' } else { '+' };
        return format!("{sign}{first}{dot}{fraction}e{exponent_sign}{:02}", exponent.unsigned_abs());
    }
    if exponent < 0 {
        let zeros = "0".repeat(exponent.unsigned_abs() as usize - 1);
        return format!("{sign}0.{zeros}{digits}");
    }
    let whole = exponent.unsigned_abs() as usize + 1;
    if digits.len() <= whole {
        format!("{sign}{digits}{}", "0".repeat(whole - digits.len()))
    } else {
        let (int, fraction) = digits.split_at(whole);
        format!("{sign}{int}.{fraction}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A stored Job as the registry keeps it: defaulted, with status.
    fn job() -> Value {
        json!({
            "apiVersion": "batch/v1",
            "kind": "Job",
            "metadata": {
                "name": "pi",
                "namespace": "default",
                "uid": "0f4c6f5e-2f3a-4d8e-9c71-2b1e5d8a7c10",
                "resourceVersion": "1042",
                "generation": 1,
                "creationTimestamp": "2025-05-20T10:00:00Z",
                "labels": {"app": "pi", "team": "math"},
                "finalizers": ["example.com/audit", "example.com/cleanup"]
            },
            "spec": {
                "parallelism": 1,
                "completions": 1,
                "activeDeadlineSeconds": 600,
                "backoffLimit": 6,
                "completionMode": "NonIndexed",
                "suspend": false,
                "podFailurePolicy": {
                    "rules": [{"action": "FailJob", "onExitCodes": {"operator": "In", "values": [42]}}]
                },
                "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "0f4c6f5e-2f3a-4d8e-9c71-2b1e5d8a7c10"}},
                "template": {
                    "metadata": {"labels": {"app": "pi", "job-name": "pi"}},
                    "spec": {
                        "restartPolicy": "Never",
                        "volumes": [{"name": "scratch", "emptyDir": {}}],
                        "containers": [
                            {
                                "name": "main",
                                "image": "perl:5.34",
                                "command": ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"],
                                "env": [{"name": "MODE", "value": "fast"}, {"name": "DEBUG", "value": "0"}],
                                "ports": [{"containerPort": 8080, "protocol": "TCP", "name": "http"}],
                                "volumeMounts": [{"name": "scratch", "mountPath": "/scratch"}],
                                "resources": {"limits": {"cpu": "500m"}}
                            },
                            {"name": "sidecar", "image": "busybox:1.36", "args": ["sleep", "3600"]}
                        ],
                        "tolerations": [
                            {"key": "dedicated", "operator": "Equal", "value": "batch", "effect": "NoSchedule"}
                        ]
                    }
                }
            },
            "status": {
                "conditions": [{
                    "type": "Suspended",
                    "status": "False",
                    "lastProbeTime": "2025-05-20T10:00:05Z",
                    "lastTransitionTime": "2025-05-20T10:00:05Z",
                    "reason": "JobResumed",
                    "message": "Job resumed"
                }],
                "startTime": "2025-05-20T10:00:05Z",
                "active": 1,
                "terminating": 0,
                "ready": 0
            }
        })
    }

    fn patched(patch: Value) -> Value {
        match apply(&job(), &patch) {
            Ok(result) => result,
            Err(error) => panic!("patch {patch} failed: {error:?}"),
        }
    }

    fn pod_spec_patch(spec: Value) -> Value {
        json!({"spec": {"template": {"spec": spec}}})
    }

    fn containers(result: &Value) -> &Value {
        &result["spec"]["template"]["spec"]["containers"]
    }

    fn bad_request(patch: Value) -> String {
        match apply(&job(), &patch) {
            Err(SmpError::BadRequest(message)) => message,
            other => panic!("expected a BadRequest, got {other:?}"),
        }
    }

    #[test]
    fn pat_07_containers_merge_by_name() {
        let result = patched(pod_spec_patch(json!({"containers": [
            {"name": "sidecar", "image": "busybox:1.37"},
            {"name": "main", "resources": {"limits": {"memory": "1Gi"}}}
        ]})));
        let mut main = job()["spec"]["template"]["spec"]["containers"][0].clone();
        main["resources"]["limits"]["memory"] = json!("1Gi");
        let sidecar = json!({"name": "sidecar", "image": "busybox:1.37", "args": ["sleep", "3600"]});
        assert_eq!(containers(&result), &json!([sidecar, main]));
    }

    #[test]
    fn pat_07_untouched_fields_survive_a_merge() {
        let result = patched(json!({"spec": {"parallelism": 3}}));
        let mut expected = job();
        expected["spec"]["parallelism"] = json!(3);
        assert_eq!(result, expected);
    }

    #[test]
    fn pat_07_new_list_items_come_before_server_only_items() {
        let result = patched(pod_spec_patch(json!({"containers": [{"name": "logger", "image": "fluent-bit:3.2"}]})));
        let names: Vec<_> = containers(&result).as_array().into_iter().flatten().map(|c| c["name"].clone()).collect();
        assert_eq!(names, [json!("logger"), json!("main"), json!("sidecar")]);
    }

    #[test]
    fn pat_07_updated_items_keep_their_place_among_server_only_items() {
        let result = patched(pod_spec_patch(json!({"containers": [{"name": "sidecar", "image": "busybox:1.37"}]})));
        assert_eq!(containers(&result)[0]["name"], "main");
        assert_eq!(
            containers(&result)[1],
            json!({"name": "sidecar", "image": "busybox:1.37", "args": ["sleep", "3600"]})
        );
    }

    #[test]
    fn pat_07_env_merge_by_name() {
        let result = patched(pod_spec_patch(json!({"containers": [{"name": "main", "env": [
            {"name": "DEBUG", "$patch": "delete"},
            {"name": "MODE", "value": "slow"},
            {"name": "LEVEL", "value": "3"}
        ]}]})));
        assert_eq!(
            containers(&result)[0]["env"],
            json!([{"name": "MODE", "value": "slow"}, {"name": "LEVEL", "value": "3"}])
        );
        assert_eq!(containers(&result)[1]["name"], "sidecar");
    }

    #[test]
    fn pat_07_ports_merge_by_container_port() {
        let result = patched(pod_spec_patch(json!({"containers": [{"name": "main", "ports": [
            {"containerPort": 8080, "protocol": "UDP"},
            {"containerPort": 9090, "name": "metrics"}
        ]}]})));
        assert_eq!(
            containers(&result)[0]["ports"],
            json!([{"containerPort": 8080, "protocol": "UDP", "name": "http"}, {"containerPort": 9090, "name": "metrics"}])
        );
    }

    #[test]
    fn pat_07_finalizers_merged_set() {
        let result = patched(json!({"metadata": {"finalizers": ["example.com/retain", "example.com/audit"]}}));
        assert_eq!(
            result["metadata"]["finalizers"],
            json!(["example.com/retain", "example.com/audit", "example.com/cleanup"])
        );
        let result = patched(json!({"metadata": {"finalizers": ["example.com/cleanup", "example.com/cleanup"]}}));
        assert_eq!(result["metadata"]["finalizers"], json!(["example.com/audit", "example.com/cleanup"]));
    }

    #[test]
    fn pat_07_conditions_merge_by_type() {
        let result = patched(json!({"status": {"conditions": [
            {"type": "Complete", "status": "True", "reason": "CompletionsReached"},
            {"type": "Suspended", "status": "True", "reason": "JobSuspended", "message": "Job suspended"}
        ]}}));
        assert_eq!(
            result["status"]["conditions"],
            json!([
                {"type": "Complete", "status": "True", "reason": "CompletionsReached"},
                {
                    "type": "Suspended",
                    "status": "True",
                    "lastProbeTime": "2025-05-20T10:00:05Z",
                    "lastTransitionTime": "2025-05-20T10:00:05Z",
                    "reason": "JobSuspended",
                    "message": "Job suspended"
                }
            ])
        );
    }

    #[test]
    fn pat_07_command_replaced_atomically() {
        let result = patched(pod_spec_patch(json!({
            "containers": [{"name": "main", "command": ["perl", "-e", "exit 0"]}],
            "tolerations": [{"key": "gpu", "operator": "Exists"}]
        })));
        assert_eq!(containers(&result)[0]["command"], json!(["perl", "-e", "exit 0"]));
        assert_eq!(result["spec"]["template"]["spec"]["tolerations"], json!([{"key": "gpu", "operator": "Exists"}]));
        let result = patched(
            json!({"spec": {"podFailurePolicy": {"rules": [{"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]}]}}}),
        );
        assert_eq!(
            result["spec"]["podFailurePolicy"],
            json!({"rules": [{"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]}]})
        );
    }

    #[test]
    fn pat_07_patch_delete_directive() {
        let result = patched(pod_spec_patch(json!({"containers": [{"name": "sidecar", "$patch": "delete"}]})));
        assert_eq!(containers(&result), &json!([job()["spec"]["template"]["spec"]["containers"][0]]));
        // On a map the directive empties it; on a field the Job lacks it adds nothing.
        let result =
            patched(json!({"spec": {"podFailurePolicy": {"$patch": "delete"}, "successPolicy": {"$patch": "delete"}}}));
        assert_eq!(result["spec"]["podFailurePolicy"], json!({}));
        assert_eq!(result["spec"].get("successPolicy"), None);
        assert_eq!(apply(&job(), &json!({"$patch": "delete"})), Ok(json!({})));
    }

    #[test]
    fn pat_07_patch_replace_directive() {
        let result =
            patched(json!({"spec": {"template": {"metadata": {"labels": {"$patch": "replace", "app": "tau"}}}}}));
        assert_eq!(result["spec"]["template"]["metadata"]["labels"], json!({"app": "tau"}));
        let result = patched(pod_spec_patch(json!({"containers": [
            {"name": "main", "env": [{"$patch": "replace"}, {"name": "ONLY", "value": "1"}]}
        ]})));
        assert_eq!(containers(&result)[0]["env"], json!([{"name": "ONLY", "value": "1"}]));
        let result = patched(pod_spec_patch(
            json!({"containers": [{"$patch": "replace"}, {"name": "solo", "image": "alpine:3.20"}]}),
        ));
        assert_eq!(containers(&result), &json!([{"name": "solo", "image": "alpine:3.20"}]));
    }

    #[test]
    fn pat_07_retain_keys() {
        let result = patched(pod_spec_patch(json!({"volumes": [
            {"name": "scratch", "$retainKeys": ["name", "hostPath"], "hostPath": {"path": "/data", "type": "Directory"}}
        ]})));
        assert_eq!(
            result["spec"]["template"]["spec"]["volumes"],
            json!([{"name": "scratch", "hostPath": {"path": "/data", "type": "Directory"}}])
        );
    }

    #[test]
    fn pat_07_retain_keys_must_list_every_patched_field() {
        let unlisted = pod_spec_patch(json!({"volumes": [
            {"name": "scratch", "$retainKeys": ["name"], "hostPath": {"path": "/data"}}
        ]}));
        assert_eq!(bad_request(unlisted), "invalid patch format of retainKeys");
        let not_a_list = pod_spec_patch(json!({"volumes": [{"name": "scratch", "$retainKeys": "name"}]}));
        assert_eq!(bad_request(not_a_list), "invalid patch format of retainKeys");
    }

    #[test]
    fn pat_07_delete_from_primitive_list() {
        let result = patched(json!({"metadata": {"$deleteFromPrimitiveList/finalizers": ["example.com/audit"]}}));
        assert_eq!(result["metadata"]["finalizers"], json!(["example.com/cleanup"]));
        let result = patched(pod_spec_patch(json!({"containers": [
            {"name": "sidecar", "$deleteFromPrimitiveList/args": ["3600"]}
        ]})));
        assert_eq!(containers(&result)[1]["args"], json!(["sleep"]));
    }

    #[test]
    fn pat_07_set_element_order() {
        let result = patched(pod_spec_patch(json!({
            "$setElementOrder/containers": [{"name": "sidecar"}, {"name": "main"}],
            "containers": [{"name": "main", "image": "perl:5.36"}]
        })));
        let mut main = job()["spec"]["template"]["spec"]["containers"][0].clone();
        main["image"] = json!("perl:5.36");
        let sidecar = job()["spec"]["template"]["spec"]["containers"][1].clone();
        assert_eq!(containers(&result), &json!([sidecar, main]));
        let result = patched(json!({"metadata": {
            "$setElementOrder/finalizers": ["example.com/cleanup", "example.com/new", "example.com/audit"],
            "finalizers": ["example.com/new"]
        }}));
        assert_eq!(
            result["metadata"]["finalizers"],
            json!(["example.com/cleanup", "example.com/new", "example.com/audit"])
        );
    }

    #[test]
    fn pat_07_unordered_items_follow_go_stable_sort() {
        // An empty order list leaves every item unordered; Go's comparator then reverses them.
        let result = patched(json!({"spec": {"template": {"metadata": {
            "$setElementOrder/finalizers": [],
            "finalizers": ["a.example.com/x", "b.example.com/y", "c.example.com/z"]
        }}}}));
        assert_eq!(
            result["spec"]["template"]["metadata"]["finalizers"],
            json!(["c.example.com/z", "b.example.com/y", "a.example.com/x"])
        );
    }

    #[test]
    fn pat_06_null_deletes_key() {
        let result = patched(json!({
            "metadata": {"labels": {"team": null}},
            "spec": {"activeDeadlineSeconds": null, "ttlSecondsAfterFinished": null}
        }));
        let mut expected = job();
        expected["metadata"]["labels"] = json!({"app": "pi"});
        if let Some(spec) = expected["spec"].as_object_mut() {
            spec.shift_remove("activeDeadlineSeconds");
        }
        assert_eq!(result, expected);
    }

    #[test]
    fn pat_07_new_fields_drop_nulls_and_directive_maps() {
        let result = patched(pod_spec_patch(json!({"affinity": {
            "nodeAffinity": null,
            "podAntiAffinity": {"$patch": "replace", "preferredDuringSchedulingIgnoredDuringExecution": []},
            "podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
                {"topologyKey": "zone", "labelSelector": {"matchLabels": {"app": "pi", "tier": null}}}
            ]}
        }})));
        assert_eq!(
            result["spec"]["template"]["spec"]["affinity"],
            json!({"podAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
                {"topologyKey": "zone", "labelSelector": {"matchLabels": {"app": "pi"}}}
            ]}})
        );
    }

    #[test]
    fn pat_07_null_patch_changes_nothing() {
        assert_eq!(apply(&job(), &Value::Null), Ok(job()));
    }

    #[test]
    fn pat_07_patch_must_be_an_object() {
        for (patch, kind) in [(json!([]), "array"), (json!("x"), "string"), (json!(3), "number"), (json!(true), "bool")]
        {
            let expected = format!("json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}");
            assert_eq!(bad_request(patch), expected);
        }
    }

    #[test]
    fn pat_07_unknown_patch_directive_on_a_map() {
        let merge = json!({"spec": {"$patch": "merge", "parallelism": 2}});
        assert_eq!(bad_request(merge), "unknown patch type: merge in map: map[$patch:merge parallelism:2]");
        let number = json!({"spec": {"$patch": 1}});
        assert_eq!(bad_request(number), "unknown patch type: %!s(int64=1) in map: map[$patch:1]");
        let null = json!({"spec": {"$patch": null}});
        assert_eq!(bad_request(null), "unknown patch type: %!s(<nil>) in map: map[$patch:<nil>]");
        let map = json!({"spec": {"$patch": {"a": 1, "b": null, "c": [true, "x"]}}});
        assert_eq!(
            bad_request(map),
            "unknown patch type: map[a:%!s(int64=1) b:<nil> c:[%!s(bool=true) x]] in map: map[$patch:map[a:1 b:<nil> c:[true x]]]"
        );
    }

    #[test]
    fn pat_07_unknown_patch_directive_in_a_list() {
        let merge = pod_spec_patch(json!({"containers": [{"name": "main", "$patch": "merge"}]}));
        assert_eq!(bad_request(merge), "merging lists cannot yet be specified in the patch");
        let remove = pod_spec_patch(json!({"containers": [{"name": "main", "$patch": "remove"}]}));
        assert_eq!(bad_request(remove), "unknown patch type: remove in map: map[$patch:remove name:main]");
    }

    #[test]
    fn pat_07_missing_merge_key() {
        let no_name = pod_spec_patch(json!({"containers": [{"image": "nginx:1.27"}]}));
        assert_eq!(bad_request(no_name), "map: map[image:nginx:1.27] does not contain declared merge key: name");
        let deletion = pod_spec_patch(json!({"containers": [{"name": "main", "env": [{"$patch": "delete"}]}]}));
        assert_eq!(bad_request(deletion), "map: map[$patch:delete] does not contain declared merge key: name");
        let float =
            pod_spec_patch(json!({"containers": [{"name": "main", "ports": [{"hostPort": 1.5e6, "x": null}]}]}));
        assert_eq!(
            bad_request(float),
            "map: map[hostPort:1.5e+06 x:<nil>] does not contain declared merge key: containerPort"
        );
    }

    #[test]
    fn pat_07_list_of_lists_is_invalid() {
        let mut original = job();
        original["metadata"]["finalizers"] = json!([]);
        let patch = json!({"metadata": {"finalizers": [["example.com/audit"]]}});
        assert_eq!(apply(&original, &patch), Err(SmpError::Invalid("lists of lists are not supported".into())));
    }

    #[test]
    fn pat_07_mixed_element_types() {
        let patch = json!({"metadata": {"finalizers": [7]}});
        assert_eq!(
            bad_request(patch),
            "list element types are not identical: [[example.com/audit example.com/cleanup] [7]]"
        );
        let no_key = pod_spec_patch(json!({"$deleteFromPrimitiveList/tolerations": [{"key": "dedicated"}]}));
        assert_eq!(bad_request(no_key), "cannot merge lists without merge key for struct");
    }

    #[test]
    fn pat_07_bad_directive_keys() {
        let primitive = json!({"metadata": {"$deleteFromPrimitiveList:finalizers": ["example.com/audit"]}});
        assert_eq!(bad_request(primitive), "invalid patch format of primitive list");
        let order = json!({"metadata": {"$setElementOrder-finalizers": []}});
        assert_eq!(bad_request(order), "invalid patch format of setElementOrder list");
        let not_a_list = pod_spec_patch(json!({"$setElementOrder/containers": "main"}));
        assert_eq!(bad_request(not_a_list), "expected a []interface {}, but received a string");
    }

    #[test]
    fn pat_07_set_element_order_must_match_the_patch() {
        let patch = pod_spec_patch(json!({
            "$setElementOrder/containers": [{"name": "main"}],
            "containers": [{"name": "sidecar", "image": "busybox:1.37"}]
        }));
        assert_eq!(
            bad_request(patch),
            "The order in patch list:\n[map[image:busybox:1.37 name:sidecar]]\n doesn't match $setElementOrder list:\n[map[name:main]]\n"
        );
        let mut original = job();
        if let Some(meta) = original["metadata"].as_object_mut() {
            meta.shift_remove("finalizers");
        }
        let empty = json!({"metadata": {"$setElementOrder/finalizers": ["example.com/audit"], "finalizers": []}});
        assert_eq!(apply(&original, &empty), Err(bad("no elements in any of the given slices")));
    }

    #[test]
    fn pat_07_deeply_nested_maps_merge() {
        let nest = |leaf: Value| (0..126).fold(leaf, |inner, _| json!({"x": inner}));
        let original = json!({"spec": nest(json!({"a": 1, "b": 2}))});
        let patch = json!({"spec": nest(json!({"b": null, "c": 3}))});
        assert_eq!(apply(&original, &patch), Ok(json!({"spec": nest(json!({"a": 1, "c": 3}))})));
    }

    #[test]
    fn pat_07_go_float_format() {
        let cases = [
            (1.5, "1.5"),
            (0.0001, "0.0001"),
            (1.5e-5, "1.5e-05"),
            (123456.0, "123456"),
            (1234567.0, "1.234567e+06"),
            (-2.5e300, "-2.5e+300"),
            (100.25, "100.25"),
            (0.0, "0"),
        ];
        for (value, text) in cases {
            assert_eq!(go_float(value), text, "{value}");
        }
    }

    #[test]
    fn pat_07_go_stable_sort_matches_go_with_unordered_items() {
        // Multiples of 3 are missing from the order; Go's sort.SliceStable gives this permutation.
        let position = |v: usize| if v % 3 > 0 { Some((v * 7) % 11) } else { None };
        let mut items: Vec<usize> = (0..30).collect();
        go_stable_sort(&mut items, &|a, b| match (position(*a), position(*b)) {
            (Some(a), Some(b)) => a < b,
            _ => true,
        });
        let go = [
            27, 24, 22, 18, 15, 12, 11, 9, 8, 19, 29, 26, 23, 21, 20, 6, 5, 16, 3, 2, 13, 10, 7, 4, 1, 17, 28, 14, 25,
            0,
        ];
        assert_eq!(items, go);
    }

    #[test]
    fn pat_07_go_stable_sort_is_a_stable_sort() {
        for n in 0..70usize {
            let mut items: Vec<(usize, usize)> = (0..n).map(|i| ((i * 7919) % 5, i)).collect();
            let mut expected = items.clone();
            expected.sort_by_key(|item| item.0);
            go_stable_sort(&mut items, &|a, b| a.0 < b.0);
            assert_eq!(items, expected, "n = {n}");
        }
    }
}
