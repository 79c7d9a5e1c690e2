//! LIST for every resource: selectors, resourceVersion semantics, paging with continue tokens
//! over a consistent snapshot (LST-*).

use super::resource::{Db, Resource};
use crate::http::params::ListParams;
use crate::http::status::{Cause, Details, Reason, Status};
use crate::selectors::{fields, labels};
use crate::storage::list::{decode_continue, encode_continue, relative_key, snapshot};
use crate::storage::watch::Filter;
use crate::storage::{Key, ObjState};
use std::sync::Arc;

/// The filter of a list or watch, from its selectors (LST-05, LST-06, WAT-13).
pub fn filter<T: Resource>(p: &ListParams, ns: Option<&str>, name: Option<&str>) -> Result<Filter, Status> {
    let labels = labels::parse(&p.label_selector).map_err(Status::bad_request)?;
    let mut field_text = p.field_selector.clone();
    if let Some(name) = name {
        let given = fields::parse(&p.field_selector).map_err(Status::bad_request)?;
        if !p.field_selector.is_empty() && given.requires_exact("metadata.name") != Some(name) {
            return Err(Status::bad_request("fieldSelector metadata.name doesn't match requested name"));
        }
        if p.field_selector.is_empty() {
            field_text = format!("metadata.name={name}");
        }
    }
    let fields = fields::parse(&field_text).map_err(Status::bad_request)?;
    fields::check_supported(&fields, T::FIELDS, T::FIELD_KIND).map_err(Status::bad_request)?;
    Ok(Filter { namespace: ns.map(str::to_string), labels, fields })
}

/// One page of a list.
pub struct Page {
    pub rv: u64,
    pub items: Vec<Arc<ObjState>>,
    pub continue_token: Option<String>,
    pub remaining: Option<u64>,
}

fn too_large(n: u64, current: u64) -> Status {
    Status::new(Reason::Timeout, format!("Timeout: Too large resource version: {n}, current: {current}")).with_details(
        Details {
            causes: vec![Cause {
                reason: "ResourceVersionTooLarge".into(),
                message: "Too large resource version".into(),
                field: String::new(),
            }],
            retry_after_seconds: Some(1),
            ..Details::default()
        },
    )
}

const CONTINUE_EXPIRED: &str = "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

/// Lists the objects of `T` in `ns` (or all namespaces) as the options say.
pub fn list<T: Resource>(db: &Db, p: &ListParams, ns: Option<&str>) -> Result<Page, Status> {
    let filter = filter::<T>(p, ns, None)?;
    let current = db.rev.current;
    let all = ns.is_none() && T::NAMESPACED;
    let mut start = None;
    let mut paging = p.limit > 0;
    let at = if !p.continue_token.is_empty() {
        if !p.resource_version.is_empty() && p.resource_version != "0" {
            return Err(Status::bad_request("specifying resource version is not allowed when using continue"));
        }
        let token = decode_continue(&p.continue_token)
            .map_err(|e| Status::bad_request(format!("invalid continue token: {e}")))?;
        start = Some(token.start.clone());
        if token.rv < 0 {
            current
        } else {
            let at = token.rv as u64;
            if at > current {
                // A token from the future (forged): as a resourceVersion the store has not reached.
                return Err(too_large(at, current));
            }
            if at < db.rev.oldest() {
                let mut s = Status::new(Reason::Expired, CONTINUE_EXPIRED);
                s.continue_token = Some(encode_continue(-1, &token.start));
                return Err(s);
            }
            at
        }
    } else {
        match (p.resource_version.as_str(), p.resource_version_match.as_str()) {
            ("", _) => current,
            ("0", "") => {
                paging = false;
                current
            }
            (rv, m) => {
                let n: u64 = rv.parse().unwrap_or(0);
                if n > current {
                    return Err(too_large(n, current));
                }
                if m == "Exact" {
                    if n < db.rev.oldest() {
                        return Err(Status::new(
                            Reason::Expired,
                            "The resourceVersion for the provided list is too old.",
                        ));
                    }
                    n
                } else {
                    current
                }
            }
        }
    };
    let table = T::table(db);
    let keep = |k: &Key, s: &ObjState| filter.matches(k, s);
    let mut selected: Box<dyn Iterator<Item = (&Key, Arc<ObjState>)>> = match start.as_deref() {
        // The current state of one namespace (or of a cluster-scoped resource), in the key order
        // its pages follow: read lazily from where the page starts, so paging through a list
        // costs each page its own items, not the ones before it.
        start if !all && at >= db.rev.current => {
            let scan = match start {
                Some(s) => Box::new(table.scan_after(ns.unwrap_or(""), s)) as Box<dyn Iterator<Item = _>>,
                None => Box::new(table.scan(ns)),
            };
            Box::new(scan.filter(move |(k, s)| keep(k, &s.state)).map(|(k, s)| (k, s.state.clone())))
        }
        _ => {
            let scan = table.scan(ns).map(|(k, s)| (k, &s.state));
            // Within one namespace the relative key is the name: compared without building it.
            let after_start = |k: &Key| match start.as_deref() {
                None => true,
                Some(s) if all => relative_key(k, true).as_str() > s,
                Some(s) => k.1.as_str() > s,
            };
            let mut items = snapshot(scan, &db.rev, T::GR.resource, ns, at, |k, s| after_start(k) && keep(k, s))
                .ok_or_else(|| Status::new(Reason::Expired, "The resourceVersion for the provided list is too old."))?;
            if all {
                // Storage keys are `<ns>/<name>` strings: `a-b/x` sorts before `a/y` (LST-02).
                items.sort_by_cached_key(|(k, _)| relative_key(k, true));
            }
            Box::new(items.into_iter())
        }
    };
    let mut out = Vec::new();
    let mut last: Option<&Key> = None;
    let limit = if paging { p.limit as usize } else { usize::MAX };
    for (k, s) in selected.by_ref() {
        if out.len() == limit {
            // One more exists: this page ends here. How many is told only without selectors.
            let has_selectors = !p.label_selector.is_empty() || !p.field_selector.is_empty();
            let remaining = (!has_selectors).then(|| 1 + selected.count() as u64);
            let token = last.map(|k| encode_continue(at as i64, &relative_key(k, all)));
            return Ok(Page { rv: at, items: out, continue_token: token, remaining });
        }
        last = Some(k);
        out.push(s);
    }
    Ok(Page { rv: at, items: out, continue_token: None, remaining: None })
}

/// The wire JSON of a list: `{"kind":"<Kind>List",…,"items":[…]}` with each item's stored bytes
/// minus its own `kind`/`apiVersion` (LST-01), built without re-serializing any object.
pub fn list_bytes<T: Resource>(page: &Page) -> Vec<u8> {
    let prefix = format!("{{\"kind\":\"{}\",\"apiVersion\":\"{}\",", T::KIND, T::API_VERSION);
    let mut meta = serde_json::json!({"resourceVersion": page.rv.to_string()});
    if let Some(c) = &page.continue_token {
        meta["continue"] = c.clone().into();
    }
    if let Some(r) = page.remaining {
        meta["remainingItemCount"] = r.into();
    }
    let size: usize = page.items.iter().map(|s| s.bytes.len()).sum();
    // Room for every item and the newline the response ends with.
    let mut out = Vec::with_capacity(size + 128 + 2 * page.items.len());
    out.extend_from_slice(
        format!("{{\"kind\":\"{}List\",\"apiVersion\":\"{}\",\"metadata\":", T::KIND, T::API_VERSION).as_bytes(),
    );
    out.extend_from_slice(meta.to_string().as_bytes());
    out.extend_from_slice(b",\"items\":[");
    for (i, s) in page.items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        match s.bytes.strip_prefix(prefix.as_bytes()) {
            Some(rest) => {
                out.push(b'{');
                out.extend_from_slice(rest);
            }
            None => out.extend_from_slice(&s.bytes),
        }
    }
    out.extend_from_slice(b"]}");
    out
}
