//! Cooperative cancellation of long work (a draft check, a search's expansion, an export).
//!
//! The core is synchronous and runs on blocking threads, where a future cannot be dropped: work
//! that may take long takes a [`Cancel`] and asks it, every few thousand steps, whether to go on.
//! The HTTP edge makes one per request and holds its [`CancelOnDrop`] guard inside the request's
//! future, so a timeout or a client that goes away (both drop that future) stops the work too.
//! A token may be the [`Cancel::child`] of another: the server makes every request's token a
//! child of its shutdown token, so stopping the server stops the work in flight as well.

use crate::error::{Error, Result};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// A flag shared by whoever started some work and the work itself, with an optional deadline.
/// Cheap to clone; [`Cancel::never`] is for callers (the CLI, tests) that never stop early.
#[derive(Debug, Clone, Default)]
pub struct Cancel {
    flag: Option<Arc<AtomicBool>>,
    deadline: Option<Instant>,
    /// Cancelled too when this one is (see [`Cancel::child`]).
    parent: Option<Arc<Cancel>>,
}

impl Cancel {
    /// Work that is never cancelled.
    pub fn never() -> Cancel {
        Cancel::default()
    }

    /// A cancellable token and the guard that cancels it when dropped.
    pub fn new() -> (Cancel, CancelOnDrop) {
        let flag = Arc::new(AtomicBool::new(false));
        (
            Cancel {
                flag: Some(flag.clone()),
                deadline: None,
                parent: None,
            },
            CancelOnDrop { flag },
        )
    }

    /// A token of its own (cancelled by its guard) that is also cancelled whenever this one is.
    pub fn child(&self) -> (Cancel, CancelOnDrop) {
        let (mut child, guard) = Cancel::new();
        if self.flag.is_some() || self.deadline.is_some() || self.parent.is_some() {
            child.parent = Some(Arc::new(self.clone()));
        }
        (child, guard)
    }

    /// The same token, also cancelled once `deadline` has passed.
    pub fn with_deadline(mut self, deadline: Instant) -> Cancel {
        self.deadline = Some(self.deadline.map_or(deadline, |d| d.min(deadline)));
        self
    }

    /// Whether the work should stop now.
    pub fn is_cancelled(&self) -> bool {
        self.flag
            .as_ref()
            .is_some_and(|flag| flag.load(Ordering::Relaxed))
            || self.deadline.is_some_and(|d| Instant::now() >= d)
            || self.parent.as_ref().is_some_and(|p| p.is_cancelled())
    }

    /// `Err(Error::Cancelled)` when the work should stop; call it inside long loops.
    pub fn check(&self) -> Result<()> {
        if self.is_cancelled() {
            Err(Error::Cancelled)
        } else {
            Ok(())
        }
    }
}

/// Cancels its [`Cancel`] when dropped (or when [`CancelOnDrop::cancel`] is called).
#[derive(Debug)]
pub struct CancelOnDrop {
    flag: Arc<AtomicBool>,
}

impl CancelOnDrop {
    /// Cancels now.
    pub fn cancel(&self) {
        self.flag.store(true, Ordering::Relaxed);
    }
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.cancel();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn work_that_is_never_cancelled_goes_on() {
        assert!(Cancel::never().check().is_ok());
    }

    #[test]
    fn dropping_the_guard_cancels_the_work() {
        let (cancel, guard) = Cancel::new();
        let worker = cancel.clone();
        assert!(!worker.is_cancelled());
        drop(guard);
        assert!(worker.is_cancelled());
        assert!(matches!(worker.check(), Err(Error::Cancelled)));
    }

    #[test]
    fn cancelling_a_parent_cancels_its_children_not_the_reverse() {
        let (parent, parent_guard) = Cancel::new();
        let (child, child_guard) = parent.child();
        let (grandchild, _g) = child.child();
        let (sibling, _s) = parent.child();
        drop(child_guard);
        assert!(child.is_cancelled() && grandchild.is_cancelled());
        assert!(!parent.is_cancelled() && !sibling.is_cancelled());
        parent_guard.cancel();
        assert!(sibling.is_cancelled());
        let (of_never, _n) = Cancel::never().child();
        assert!(!of_never.is_cancelled());
    }

    #[test]
    fn a_passed_deadline_cancels_the_work() {
        let cancel = Cancel::never().with_deadline(Instant::now() - Duration::from_millis(1));
        assert!(cancel.is_cancelled());
        let later = Cancel::never().with_deadline(Instant::now() + Duration::from_secs(60));
        assert!(!later.is_cancelled());
    }
}
