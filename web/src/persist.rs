//! Keeping and sharing: the state saved in localStorage, export/import files, and links that carry a request.

use crate::api::{SavedServer, Target};
use crate::form::RequestForm;
use crate::state::{AppState, Exchange, LessonAt};
use base64::Engine;
use serde::{Deserialize, Serialize};

/// The localStorage key.
pub const STORAGE_KEY: &str = "jobsim-playground";
/// The format version of saved state.
pub const VERSION: u32 = 1;
/// Bodies longer than this are cut when saved.
const MAX_SAVED_BODY: usize = 64 * 1024;

/// What survives a reload, and what an export file holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Persisted {
    pub version: u32,
    pub form: RequestForm,
    pub target: Target,
    pub remote_base: String,
    pub history: Vec<Exchange>,
    pub lesson: Option<LessonAt>,
    pub speed: u32,
    pub yaml: bool,
    /// The in-tab server's state.
    pub server: Option<SavedServer>,
}

impl Default for Persisted {
    fn default() -> Self {
        Persisted {
            version: VERSION,
            form: RequestForm::default(),
            target: Target::InTab,
            remote_base: String::new(),
            history: Vec::new(),
            lesson: None,
            speed: 1,
            yaml: false,
            server: None,
        }
    }
}

impl Persisted {
    /// The parts of the UI state worth keeping, with the server's state.
    pub fn capture(s: &AppState, server: Option<SavedServer>) -> Self {
        let history = s
            .history
            .iter()
            .map(|e| {
                let mut e = e.clone();
                if let Ok(r) = &mut e.result {
                    cut(&mut r.body);
                }
                cut(&mut e.sent.body);
                if let Some(b) = &mut e.before {
                    cut(b);
                }
                e
            })
            .collect();
        Persisted {
            version: VERSION,
            form: s.form.clone(),
            target: s.target.clone(),
            remote_base: s.remote_base.clone(),
            history,
            lesson: s.lesson,
            speed: s.speed,
            yaml: s.yaml,
            server,
        }
    }

    /// Reads an export file (or saved state).
    pub fn from_json(text: &str) -> Result<Persisted, String> {
        // One deserializer for the whole file (parsing into a Value first would add a second one).
        let t = text.trim_start();
        if !t.starts_with('{') || !t.contains("\"version\"") || !t.contains("\"form\"") {
            return Err("not a playground export".into());
        }
        let p: Persisted = serde_json::from_str(t).map_err(|e| format!("not a playground export: {e}"))?;
        if p.version != VERSION {
            return Err(format!("unsupported export version {}", p.version));
        }
        Ok(p)
    }

    /// Writes an export file (compact: the same writer as the saved state).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

fn cut(s: &mut String) {
    if s.len() > MAX_SAVED_BODY {
        let mut end = MAX_SAVED_BODY;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
        s.push_str("\n… (cut when saved)");
    }
}

/// The `#r=…` fragment that carries a request.
pub fn link_fragment(form: &RequestForm) -> String {
    let json = serde_json::to_vec(form).unwrap_or_default();
    format!("#r={}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json))
}

/// The request carried by a `#r=…` fragment.
pub fn form_from_fragment(fragment: &str) -> Option<RequestForm> {
    let data = fragment.trim_start_matches('#').strip_prefix("r=")?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(data.trim()).ok()?;
    let form: RequestForm = serde_json::from_str(std::str::from_utf8(&bytes).ok()?).ok()?;
    crate::catalogue::endpoint(&form.endpoint)?;
    Some(form)
}

/// Reads the saved state from localStorage.
pub fn load() -> Option<Persisted> {
    #[cfg(target_arch = "wasm32")]
    {
        let storage = web_sys::window()?.local_storage().ok()??;
        let text = storage.get_item(STORAGE_KEY).ok()??;
        Persisted::from_json(&text).ok()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        None
    }
}

/// Writes the state to localStorage; `false` when the browser refused (quota, private mode).
pub fn store(p: &Persisted) -> bool {
    #[cfg(target_arch = "wasm32")]
    {
        let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else { return false };
        // Over quota: keep fewer (the newest) history entries until it fits.
        for keep in [usize::MAX, 50, 10, 0] {
            let mut smaller = p.clone();
            let n = smaller.history.len();
            smaller.history.drain(..n.saturating_sub(keep));
            let text = serde_json::to_string(&smaller).unwrap_or_default();
            if storage.set_item(STORAGE_KEY, &text).is_ok() {
                return true;
            }
        }
        false
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = p;
        true
    }
}

/// Removes the saved state.
pub fn clear() {
    #[cfg(target_arch = "wasm32")]
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.remove_item(STORAGE_KEY);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_round_trip() {
        let mut f = RequestForm { name: "ünïcode job".into(), ..RequestForm::default() };
        f.set_param("dryRun", "All");
        let frag = link_fragment(&f);
        assert!(frag.starts_with("#r="));
        assert_eq!(form_from_fragment(&frag), Some(f));
        assert_eq!(form_from_fragment("#r=!!!"), None);
        assert_eq!(form_from_fragment("#other"), None);
    }

    #[test]
    fn exports_round_trip_and_reject_junk() {
        let p = Persisted { speed: 10, ..Persisted::default() };
        assert_eq!(Persisted::from_json(&p.to_json()).unwrap(), p);
        assert!(Persisted::from_json("[]").is_err());
        assert!(Persisted::from_json(r#"{"version":99}"#).is_err());
    }
}
