//! Delete with DeleteOptions: preconditions, propagation via the `orphan`/`foregroundDeletion`
//! finalizers, deletionTimestamp, and the 200-object / 202 / 200-Status answers (DEL-*).

use super::resource::{Db, Resource};
use super::store::{bytes_with_marks, commit_delete, commit_marks, Ctx, Outcome};
use super::strategy::{Propagation, Strategy};
use crate::field::{FieldError, Path};
use crate::http::status::{Details, Reason, Status};
use crate::storage::EventType;
use serde::Deserialize;
use serde_json::Value;

/// The first and last instants a timestamp is written as and read back from: RFC 3339 starts at
/// year 0000, and the clock's range ends at `9999-12-30T22:00:00Z`.
const RFC3339_FIRST: jiff::Timestamp = jiff::Timestamp::constant(-62_167_219_200, 0);
const RFC3339_LAST: jiff::Timestamp = jiff::Timestamp::constant(253_402_207_200, 0);

pub const ORPHAN: &str = "orphan";
pub const FOREGROUND: &str = "foregroundDeletion";

/// `DeleteOptions` as a body or query carries them.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct DeleteOptions {
    pub kind: Option<String>,
    pub api_version: Option<String>,
    pub grace_period_seconds: Option<i64>,
    pub preconditions: Option<Preconditions>,
    pub orphan_dependents: Option<bool>,
    pub propagation_policy: Option<String>,
    #[serde(default)]
    pub dry_run: Vec<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Preconditions {
    pub uid: Option<String>,
    pub resource_version: Option<String>,
}

impl DeleteOptions {
    /// DEL-07 and DRY-01 checks, as a 422 of kind DeleteOptions.
    pub fn validate(&self) -> Result<Option<Propagation>, Status> {
        let path = Path::new("propagationPolicy");
        let mut errors = Vec::new();
        if let Some(bad) = self.dry_run.iter().find(|d| d.as_str() != "All") {
            let _ = bad;
            errors.push(FieldError::not_supported(&Path::new("dryRun"), &Value::from(self.dry_run.clone()), &["All"]));
        }
        let policy = match self.propagation_policy.as_deref() {
            None => None,
            Some("Orphan") => Some(Propagation::Orphan),
            Some("Background") => Some(Propagation::Background),
            Some("Foreground") => Some(Propagation::Foreground),
            Some(other) => {
                errors.push(FieldError::not_supported(
                    &path,
                    &Value::from(other),
                    &["Foreground", "Background", "Orphan", "nil"],
                ));
                None
            }
        };
        if let (Some(p), Some(_)) = (self.propagation_policy.as_deref(), self.orphan_dependents) {
            errors.push(FieldError::invalid(
                &path,
                &Value::from(p),
                "orphanDependents and deletionPropagation cannot be both set",
            ));
        }
        if !errors.is_empty() {
            return Err(Status::invalid_options("DeleteOptions", &errors));
        }
        Ok(policy.or(match self.orphan_dependents {
            Some(true) => Some(Propagation::Orphan),
            Some(false) => Some(Propagation::Background),
            None => None,
        }))
    }

    pub fn is_dry_run(&self) -> bool {
        !self.dry_run.is_empty()
    }
}

fn precondition_conflict<T: Resource>(name: &str, what: &str, given: &str, actual: &str, tail: &str) -> Status {
    let msg = format!(
        "Operation cannot be fulfilled on {}.{} \"{name}\": the {what} in the precondition ({given}) does not match the {what} in record ({actual}). {tail}",
        T::KIND,
        T::GROUP
    );
    Status::new(Reason::Conflict, msg).with_details(Details {
        name: name.to_string(),
        group: T::GROUP.to_string(),
        kind: T::KIND.to_string(),
        ..Details::default()
    })
}

/// Deletes one object, or marks it for deletion while finalizers remain.
pub fn delete<T: Resource, S: Strategy<T>>(
    db: &mut Db,
    s: &S,
    ns: &str,
    name: &str,
    opts: &DeleteOptions,
    ctx: &mut Ctx,
) -> Result<DeleteOutcome, Status> {
    let requested = opts.validate()?;
    let key_ns = if T::NAMESPACED { ns } else { "" };
    let old = T::table(db).get(key_ns, name).cloned().ok_or_else(|| Status::not_found(T::GR, name))?;
    let meta = old.marks();
    if let Some(p) = &opts.preconditions {
        let uid = meta.uid.clone().unwrap_or_default();
        if let Some(want) = p.uid.as_deref().filter(|u| *u != uid) {
            return Err(precondition_conflict::<T>(
                name,
                "UID",
                want,
                &uid,
                "The object might have been deleted and then recreated",
            ));
        }
        let rv = old.state.rv.to_string();
        if let Some(want) = p.resource_version.as_deref().filter(|r| *r != rv) {
            return Err(precondition_conflict::<T>(
                name,
                "ResourceVersion",
                want,
                &rv,
                "The object might have been modified",
            ));
        }
    }
    let mut warnings = Vec::new();
    if requested.is_none() {
        if let Some(w) = s.default_propagation_warning() {
            warnings.push(w.to_string());
        }
    }
    let existing = meta.finalizers.clone().unwrap_or_default();
    let policy = requested.unwrap_or_else(|| {
        if existing.iter().any(|f| f == ORPHAN) {
            Propagation::Orphan
        } else if existing.iter().any(|f| f == FOREGROUND) {
            Propagation::Foreground
        } else {
            s.default_propagation()
        }
    });
    let mut finalizers: Vec<String> = existing.iter().filter(|f| *f != ORPHAN && *f != FOREGROUND).cloned().collect();
    match policy {
        Propagation::Orphan => finalizers.push(ORPHAN.to_string()),
        Propagation::Foreground => finalizers.push(FOREGROUND.to_string()),
        Propagation::Background => {}
    }
    let uid = meta.uid.clone().unwrap_or_default();
    // Graceful deletion: the object stays, terminating, until its grace period is over.
    let grace = s.grace_period(&old, opts.grace_period_seconds).filter(|g| *g > 0);
    let shortening = grace.is_some_and(|g| meta.deletion_grace_period_seconds.is_none_or(|cur| g < cur));
    if let (Some(g), true) = (grace, shortening) {
        let mut m = meta;
        // Out-of-range grace periods end at the first or last time a timestamp can be written as
        // instead of overflowing.
        let secs = jiff::SignedDuration::from_secs;
        let start = m.deletion_timestamp.as_ref().map_or(ctx.now, |t| {
            t.0.checked_sub(secs(m.deletion_grace_period_seconds.unwrap_or(0))).unwrap_or(jiff::Timestamp::MIN)
        });
        let end = start.checked_add(secs(g)).unwrap_or(jiff::Timestamp::MAX).clamp(RFC3339_FIRST, RFC3339_LAST);
        m.deletion_timestamp = Some(k8s_openapi::apimachinery::pkg::apis::meta::v1::Time(end));
        m.deletion_grace_period_seconds = Some(g);
        m.finalizers = (!finalizers.is_empty()).then_some(finalizers);
        let bytes = if ctx.dry_run {
            bytes_with_marks(&old, &m)
        } else {
            commit_marks(db, key_ns, name, &old, &m, EventType::Modified).state.bytes.clone()
        };
        return Ok(DeleteOutcome::Pending(Outcome { code: 200, bytes, warnings }));
    }
    if finalizers.is_empty() {
        let status = Status::success(Details {
            name: name.to_string(),
            group: T::GR.group.to_string(),
            kind: T::GR.resource.to_string(),
            uid,
            ..Details::default()
        });
        if !ctx.dry_run {
            commit_delete(db, key_ns, name, &old);
        }
        return Ok(DeleteOutcome::Deleted { status, warnings });
    }
    let code = if opts.orphan_dependents == Some(false) { 202 } else { 200 };
    // Already terminating with these finalizers: nothing to write.
    let unchanged = meta.deletion_timestamp.is_some()
        && meta.deletion_grace_period_seconds == Some(0)
        && meta.finalizers.as_ref() == Some(&finalizers);
    if unchanged {
        return Ok(DeleteOutcome::Pending(Outcome { code, bytes: old.state.bytes.clone(), warnings }));
    }
    let mut m = meta;
    if m.deletion_timestamp.is_none() {
        m.deletion_timestamp = Some(ctx.time());
        m.generation = Some(m.generation.unwrap_or(0) + 1);
    }
    m.deletion_grace_period_seconds = Some(0);
    m.finalizers = Some(finalizers);
    let bytes = if ctx.dry_run {
        bytes_with_marks(&old, &m)
    } else {
        commit_marks(db, key_ns, name, &old, &m, EventType::Modified).state.bytes.clone()
    };
    Ok(DeleteOutcome::Pending(Outcome { code, bytes, warnings }))
}

/// What a delete did.
#[derive(Clone, Debug)]
pub enum DeleteOutcome {
    /// The object is gone: a Success Status (DEL-02).
    Deleted { status: Status, warnings: Vec<String> },
    /// The object stays until its finalizers are removed: the object itself (DEL-03, DEL-10).
    Pending(Outcome),
}
