//! Snapshots: the whole state of a server as one JSON document, and back (`ApiServer::snapshot`,
//! `ApiServer::restore`). Objects keep their bytes, resourceVersions and managedFields; the clock
//! and the random generator continue where they were, so a restored server replays identically.

use crate::registry::{Db, Resource};
use crate::storage::Table;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The format of a snapshot; a different version is refused.
pub const VERSION: u32 = 1;

/// The serialized form.
#[derive(Serialize, Deserialize)]
pub struct Snapshot {
    pub version: u32,
    #[serde(rename = "resourceVersion")]
    pub resource_version: u64,
    /// Server time, in seconds since the Unix epoch.
    pub now: i64,
    /// The state of the seeded random generator.
    pub rng: u64,
    pub namespaces: Vec<Value>,
    pub jobs: Vec<Value>,
    #[serde(default)]
    pub pods: Vec<Value>,
    #[serde(default)]
    pub events: Vec<Value>,
    /// The simulated controller's own state (what each pod will do, back-off timers).
    #[serde(default)]
    pub controller: Value,
}

fn dump<T: Resource>(table: &Table<T>) -> Vec<Value> {
    table.items.values().filter_map(|s| serde_json::from_slice(&s.state.bytes).ok()).collect()
}

/// Writes the store.
pub fn take(db: &Db, now: i64, rng: u64) -> Snapshot {
    Snapshot {
        version: VERSION,
        resource_version: db.rev.current,
        now,
        rng,
        namespaces: dump(&db.namespaces),
        jobs: dump(&db.jobs),
        pods: dump(&db.pods),
        events: dump(&db.events),
        controller: Value::Null,
    }
}

fn load<T: Resource>(items: Vec<Value>, table: &mut Table<T>, max_rv: u64) -> Result<(), String> {
    for v in items {
        let obj: T = crate::codec::from_value(&v).map_err(|e| format!("invalid {} in snapshot: {e}", T::KIND))?;
        let meta = obj.metadata();
        let name =
            meta.name.clone().filter(|n| !n.is_empty()).ok_or_else(|| format!("a {} without a name", T::KIND))?;
        let ns = if T::NAMESPACED { meta.namespace.clone().unwrap_or_default() } else { String::new() };
        let rv: u64 = meta
            .resource_version
            .as_deref()
            .and_then(|r| r.parse().ok())
            .filter(|rv| *rv <= max_rv)
            .ok_or_else(|| format!("{} {ns}/{name} has no valid resourceVersion", T::KIND))?;
        if table.items.insert((ns.clone(), name.clone()), obj.stored(rv, false)).is_some() {
            return Err(format!("{} {ns}/{name} appears twice", T::KIND));
        }
    }
    Ok(())
}

/// Rebuilds a store from a snapshot; nothing is built unless all of it is valid.
pub fn restore(text: &str) -> Result<(Db, i64, u64, crate::controller::State), String> {
    let s: Snapshot = serde_json::from_str(text).map_err(|e| format!("invalid snapshot: {e}"))?;
    if s.version != VERSION {
        return Err(format!("unsupported snapshot version {} (expected {VERSION})", s.version));
    }
    let mut db = Db::default();
    db.rev.current = s.resource_version;
    load(s.namespaces, &mut db.namespaces, s.resource_version)?;
    load(s.jobs, &mut db.jobs, s.resource_version)?;
    load(s.pods, &mut db.pods, s.resource_version)?;
    load(s.events, &mut db.events, s.resource_version)?;
    let controller = if s.controller.is_null() {
        crate::controller::State::default()
    } else {
        crate::codec::from_value(&s.controller).map_err(|e| format!("invalid controller state in snapshot: {e}"))?
    };
    Ok((db, s.now, s.rng, controller))
}
