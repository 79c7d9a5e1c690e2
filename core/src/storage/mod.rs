//! The versioned store: objects as their serialized bytes (typed on demand), one global
//! resourceVersion counter (CRE-06) and the log of changes watches are served from.

use std::collections::{BTreeMap, VecDeque};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

pub mod list;
pub mod watch;

/// One version of an object as reads see it: its wire JSON (compact, `kind`/`apiVersion` first,
/// serialized once at write time and reused by every GET, LIST and watcher), its resourceVersion,
/// and what label and field selectors test. The bytes of a version never change (a change is a
/// new `ObjState`), so where their metadata lies is found at most once.
#[derive(Clone, Debug)]
pub struct ObjState {
    pub bytes: Arc<[u8]>,
    pub rv: u64,
    pub labels: BTreeMap<String, String>,
    pub fields: Vec<(&'static str, String)>,
    layout: OnceLock<Option<Layout>>,
    /// Whether every FieldsV1 of the managedFields list is known to be written canonically (this
    /// server's text edits wrote the list): the next text edit then need not check it.
    canonical_list: bool,
}

/// Where an object's top-level metadata object (`{…}`) and its managedFields list (`[…]`) lie in
/// its wire bytes. Metadata-only writes, managedFields edits and decodes without the list all
/// start from these spans; the write that puts bytes together knows them, and bytes written
/// whole are scanned once, when first needed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    pub meta: Range<usize>,
    pub list: Option<Range<usize>>,
}

impl Layout {
    /// The layout of an object's wire bytes, found by skipping values ([`crate::schema::span`]):
    /// the serializer writes metadata third, so the scan stops long before spec and status.
    /// `None` if the bytes have no metadata object.
    pub fn of(bytes: &[u8]) -> Option<Layout> {
        use crate::schema::span;
        let start = span::member_start(bytes, 0, "metadata")?;
        let (meta, list) = span::object_and_member(bytes, start, "managedFields")?;
        Some(Layout { meta, list: list.filter(|list| bytes.get(list.start) == Some(&b'[')) })
    }
}

impl ObjState {
    /// A version as stored; where its metadata lies is found when first needed.
    pub fn new(
        bytes: Arc<[u8]>,
        rv: u64,
        labels: BTreeMap<String, String>,
        fields: Vec<(&'static str, String)>,
    ) -> Self {
        ObjState { bytes, rv, labels, fields, layout: OnceLock::new(), canonical_list: false }
    }

    /// This state, its managedFields list known (`true`) or not known to hold canonical FieldsV1
    /// throughout. Debug builds check what is claimed.
    pub(crate) fn with_canonical_list(mut self, canonical: bool) -> Self {
        debug_assert!(
            !canonical || self.managed_list().is_none_or(crate::managed::text::all_canonical),
            "a list claimed canonical"
        );
        self.canonical_list = canonical;
        self
    }

    /// See [`ObjState::with_canonical_list`].
    pub fn canonical_list(&self) -> bool {
        self.canonical_list
    }

    /// This state, with the layout of its bytes as the write that put them together knows it.
    pub(crate) fn with_layout(self, layout: Layout) -> Self {
        debug_assert_eq!(Some(&layout), Layout::of(&self.bytes).as_ref(), "the layout a write computes");
        let _ = self.layout.set(Some(layout));
        self
    }

    /// Where the metadata and its managedFields list lie in the bytes.
    pub fn layout(&self) -> Option<&Layout> {
        self.layout.get_or_init(|| Layout::of(&self.bytes)).as_ref()
    }

    /// The top-level metadata's managedFields list (`[…]`) as a slice of the bytes: where the
    /// layout says it is, nothing decoded or allocated.
    pub fn managed_list(&self) -> Option<&[u8]> {
        self.bytes.get(self.layout()?.list.clone()?)
    }

    /// The value of a selectable field.
    pub fn field(&self, name: &str) -> Option<String> {
        self.fields.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone())
    }
}

/// An object as stored: its current [`ObjState`], and the typed value decoded from its bytes on
/// first use. Reads never need the typed value, and a resident object is only its bytes: the
/// typed structs of a Job take more than twice its JSON. Writes and controller passes decode it
/// once per version; the state is shared, so taking a stored object out of the table copies no
/// fields.
#[derive(Clone, Debug)]
pub struct Stored<T> {
    pub state: Arc<ObjState>,
    pub(crate) typed: OnceLock<Arc<T>>,
}

impl<T> Stored<T> {
    pub fn new(state: Arc<ObjState>) -> Self {
        Stored { state, typed: OnceLock::new() }
    }
}

/// The key of an object: namespace (empty for cluster-scoped) and name. Orders as LST-02 wants.
pub type Key = (String, String);

/// A key as borrowed strings, so lookups and range starts allocate nothing: `(String, String)`
/// borrows as it and both order by namespace, then name.
trait KeyView {
    fn parts(&self) -> (&str, &str);
}

impl KeyView for Key {
    fn parts(&self) -> (&str, &str) {
        (&self.0, &self.1)
    }
}

impl KeyView for (&str, &str) {
    fn parts(&self) -> (&str, &str) {
        (self.0, self.1)
    }
}

impl<'a> std::borrow::Borrow<dyn KeyView + 'a> for Key {
    fn borrow(&self) -> &(dyn KeyView + 'a) {
        self
    }
}

impl PartialEq for dyn KeyView + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.parts() == other.parts()
    }
}

impl Eq for dyn KeyView + '_ {}

impl PartialOrd for dyn KeyView + '_ {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for dyn KeyView + '_ {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.parts().cmp(&other.parts())
    }
}

/// One resource's objects, ordered by key.
#[derive(Clone, Debug)]
pub struct Table<T> {
    pub items: BTreeMap<Key, Stored<T>>,
}

impl<T> Default for Table<T> {
    fn default() -> Self {
        Table { items: BTreeMap::new() }
    }
}

impl<T> Table<T> {
    pub fn get(&self, ns: &str, name: &str) -> Option<&Stored<T>> {
        self.items.get(&(ns, name) as &dyn KeyView)
    }
    pub fn contains(&self, ns: &str, name: &str) -> bool {
        self.get(ns, name).is_some()
    }
    /// The objects of one namespace (`None`: all), in key order.
    pub fn scan<'a>(&'a self, ns: Option<&'a str>) -> impl Iterator<Item = (&'a Key, &'a Stored<T>)> + 'a {
        use std::ops::Bound::{Included, Unbounded};
        let range = match ns {
            Some(ns) => self.items.range::<dyn KeyView, _>((Included(&(ns, "") as &dyn KeyView), Unbounded)),
            None => self.items.range::<Key, _>(..),
        };
        range.take_while(move |(k, _)| ns.is_none_or(|ns| k.0 == ns))
    }
    /// The objects of namespace `ns` (`""`: cluster-scoped) whose names sort after `after`, in key
    /// order: where the next page of a list starts, without walking the pages before it.
    pub fn scan_after<'a>(&'a self, ns: &'a str, after: &str) -> impl Iterator<Item = (&'a Key, &'a Stored<T>)> + 'a {
        use std::ops::Bound::{Excluded, Unbounded};
        self.items
            .range::<dyn KeyView, _>((Excluded(&(ns, after) as &dyn KeyView), Unbounded))
            .take_while(move |(k, _)| k.0 == ns)
    }
}

/// What happened to an object.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventType {
    Added,
    Modified,
    Deleted,
}

impl EventType {
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Added => "ADDED",
            EventType::Modified => "MODIFIED",
            EventType::Deleted => "DELETED",
        }
    }
}

/// One change, as recorded for watches and consistent lists: the new state (for DELETED, the last
/// state at the deletion's resourceVersion) and the state before it.
#[derive(Clone, Debug)]
pub struct Change {
    pub rv: u64,
    pub resource: &'static str,
    pub kind: EventType,
    pub key: Key,
    pub state: Arc<ObjState>,
    pub prev: Option<Arc<ObjState>>,
}

/// How many changes are kept for watch resumption and paging; older resourceVersions answer 410.
pub const HISTORY: usize = 10_000;

/// The global revision and the bounded change log.
#[derive(Clone, Debug)]
pub struct Revision {
    pub current: u64,
    pub log: VecDeque<Change>,
    /// How many changes the log keeps.
    pub capacity: usize,
}

impl Default for Revision {
    fn default() -> Self {
        Revision { current: 0, log: VecDeque::new(), capacity: HISTORY }
    }
}

impl Revision {
    /// The changes after `rv`, found by binary search (the log is in resourceVersion order).
    pub fn since(&self, rv: u64) -> impl Iterator<Item = &Change> {
        self.log.range(self.log.partition_point(|c| c.rv <= rv)..)
    }

    /// The oldest resourceVersion a watch or a consistent list can still start from.
    pub fn oldest(&self) -> u64 {
        self.log.front().map_or(self.current, |c| c.rv.saturating_sub(1))
    }

    /// Takes the next resourceVersion.
    pub fn bump(&mut self) -> u64 {
        self.current += 1;
        self.current
    }
    /// Records a change (at the rv just taken).
    pub fn record(&mut self, change: Change) {
        while self.log.len() >= self.capacity.max(1) {
            self.log.pop_front();
        }
        self.log.push_back(change);
    }
}
