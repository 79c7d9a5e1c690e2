//! The handle to the in-tab server, shared with every component through a yew context.

use crate::api::{self, OpenWatch, SavedServer, WatchKey};
use jobsim::ApiServer;
use std::cell::RefCell;
use std::rc::Rc;

/// What lives next to the server: when its clock started and the open watches.
#[derive(Debug)]
pub struct Runtime {
    /// The clock's start (seconds since the epoch).
    pub start_time: i64,
    pub watches: Vec<(WatchKey, OpenWatch)>,
    /// The next id for a history entry or a watch.
    pub next_id: u64,
}

/// The in-tab server and its runtime. Cloning shares them; equality is identity.
#[derive(Clone)]
pub struct ServerHandle {
    pub server: Rc<RefCell<ApiServer>>,
    pub runtime: Rc<RefCell<Runtime>>,
}

impl PartialEq for ServerHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.server, &other.server) && Rc::ptr_eq(&self.runtime, &other.runtime)
    }
}

impl ServerHandle {
    /// A server rebuilt from `saved`, or a fresh one.
    #[cfg(test)]
    pub fn new(saved: Option<&SavedServer>) -> Self {
        Self::restored(saved).0
    }

    /// Like [`ServerHandle::new`], also saying why a saved state was refused.
    pub fn restored(saved: Option<&SavedServer>) -> (Self, Option<String>) {
        let (server, start_time, refused) = api::restore(saved);
        let h = ServerHandle {
            server: Rc::new(RefCell::new(server)),
            runtime: Rc::new(RefCell::new(Runtime { start_time, watches: Vec::new(), next_id: 1 })),
        };
        (h, refused)
    }

    /// A fresh id for a history entry or a watch (never reused in this page).
    pub fn next_id(&self) -> u64 {
        match self.runtime.try_borrow_mut() {
            Ok(mut rt) => {
                let id = rt.next_id;
                rt.next_id += 1;
                id
            }
            Err(_) => 0,
        }
    }

    /// Makes sure new ids come after `id`.
    pub fn ids_after(&self, id: u64) {
        if let Ok(mut rt) = self.runtime.try_borrow_mut() {
            rt.next_id = rt.next_id.max(id + 1);
        }
    }
}
