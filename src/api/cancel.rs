//! Cancellation without a runtime: a [`Cancel`] fires once (the caller aborted, a time limit
//! passed, a watch was closed) and everything subscribed to it learns at once. [`bounded`] races
//! a piece of work against a cancel and a deadline.

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::task::{Context, Poll};

use futures_util::future::poll_fn;

type Hook = Box<dyn FnOnce()>;

#[derive(Default)]
struct State {
    fired: Cell<bool>,
    next_id: Cell<u64>,
    hooks: RefCell<Vec<(u64, Hook)>>,
}

/// A one-shot signal, shared by cloning.
#[derive(Clone, Default)]
pub struct Cancel(Rc<State>);

impl std::fmt::Debug for Cancel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Cancel(fired: {})", self.is_fired())
    }
}

impl Cancel {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn is_fired(&self) -> bool {
        self.0.fired.get()
    }

    /// Fires it (again: nothing happens) and runs every hook.
    pub fn fire(&self) {
        if self.0.fired.replace(true) {
            return;
        }
        // Taken out first: a hook may subscribe or unsubscribe.
        let hooks = std::mem::take(&mut *self.0.hooks.borrow_mut());
        for (_, hook) in hooks {
            hook();
        }
    }

    /// Runs `hook` when it fires (now, if it already did). Dropping the subscription removes a
    /// hook that has not run.
    pub fn on_fire(&self, hook: impl FnOnce() + 'static) -> Subscription {
        if self.is_fired() {
            hook();
            return Subscription::default();
        }
        let id = self.0.next_id.get();
        self.0.next_id.set(id + 1);
        self.0.hooks.borrow_mut().push((id, Box::new(hook)));
        Subscription {
            state: Rc::downgrade(&self.0),
            id,
        }
    }

    /// A child that fires when this one does (or on its own).
    pub fn child(&self) -> (Cancel, Subscription) {
        let child = Cancel::new();
        let link = child.clone();
        let sub = self.on_fire(move || link.fire());
        (child, sub)
    }

    /// Resolves when it fires.
    pub fn fired(&self) -> Fired {
        Fired {
            cancel: self.clone(),
            waiting: None,
        }
    }
}

/// The future of [`Cancel::fired`].
pub struct Fired {
    cancel: Cancel,
    waiting: Option<Subscription>,
}

impl Future for Fired {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.cancel.is_fired() {
            return Poll::Ready(());
        }
        let waker = cx.waker().clone();
        // Replaces (and so unsubscribes) the hook of the previous poll.
        self.waiting = Some(self.cancel.on_fire(move || waker.wake()));
        Poll::Pending
    }
}

/// Removes its hook when dropped.
#[derive(Default)]
#[must_use = "dropping a subscription removes its hook"]
pub struct Subscription {
    state: Weak<State>,
    id: u64,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        if let Some(state) = self.state.upgrade() {
            if let Ok(mut hooks) = state.hooks.try_borrow_mut() {
                hooks.retain(|(id, _)| *id != self.id);
            }
        }
    }
}

/// How [`bounded`] work ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Bounded<T> {
    Done(T),
    Cancelled,
    TimedOut,
}

/// Runs `work` until it ends, `cancel` fires or `timer` resolves, whichever comes first (a
/// cancel or timer already due wins over work that is also ready). The losers are dropped.
pub async fn bounded<T>(
    work: impl Future<Output = T>,
    cancel: Option<&Cancel>,
    timer: Option<Pin<Box<dyn Future<Output = ()>>>>,
) -> Bounded<T> {
    let mut work = std::pin::pin!(work);
    let mut stop = cancel.map(Cancel::fired);
    let mut timer = timer;
    poll_fn(|cx| {
        if let Some(stop) = stop.as_mut() {
            if Pin::new(stop).poll(cx).is_ready() {
                return Poll::Ready(Bounded::Cancelled);
            }
        }
        if let Some(timer) = timer.as_mut() {
            if timer.as_mut().poll(cx).is_ready() {
                return Poll::Ready(Bounded::TimedOut);
            }
        }
        work.as_mut().poll(cx).map(Bounded::Done)
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hooks_run_once_and_dropped_subscriptions_do_not_run() {
        let cancel = Cancel::new();
        let count = Rc::new(Cell::new(0));
        let c = count.clone();
        let kept = cancel.on_fire(move || c.set(c.get() + 1));
        let c = count.clone();
        drop(cancel.on_fire(move || c.set(c.get() + 10)));
        assert_eq!(cancel.0.hooks.borrow().len(), 1, "the dropped hook is gone");
        cancel.fire();
        cancel.fire();
        assert_eq!(count.get(), 1);
        drop(kept);
        // Subscribing after it fired runs the hook at once.
        let c = count.clone();
        let _late = cancel.on_fire(move || c.set(c.get() + 100));
        assert_eq!(count.get(), 101);
    }

    #[test]
    fn a_child_fires_with_its_parent() {
        let parent = Cancel::new();
        let (child, link) = parent.child();
        let (other, other_link) = parent.child();
        drop(other_link);
        parent.fire();
        assert!(child.is_fired());
        assert!(
            !other.is_fired(),
            "unlinked when its subscription was dropped"
        );
        drop(link);
    }
}
