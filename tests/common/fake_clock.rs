//! The fake clock of the native client and store tests: time moves only when the test's executor
//! finds nothing left to do, and then jumps to the next timer. Shared by `tests/api_client/` and
//! `tests/store/` (each includes this file with `#[path]`).

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::task::{Poll, Waker};

use nosana_deployments::api::clock::Clock;
use nosana_deployments::api::transport::LocalFuture;

struct Timer {
    at: f64,
    fired: Cell<bool>,
    waker: RefCell<Option<Waker>>,
}

#[derive(Default)]
pub(crate) struct FakeClock {
    now: Cell<f64>,
    timers: RefCell<Vec<Rc<Timer>>>,
}

impl FakeClock {
    /// A clock that reads `ms` (since the epoch) until a timer moves it.
    #[allow(dead_code)] // the client tests start at 0
    pub(crate) fn starting_at(ms: f64) -> Self {
        Self {
            now: Cell::new(ms),
            timers: RefCell::default(),
        }
    }

    pub(crate) fn now(&self) -> f64 {
        self.now.get()
    }

    /// Jumps to the earliest pending timer and fires it; `false` when no timer is pending.
    pub(crate) fn advance(&self) -> bool {
        // A timer whose sleep was dropped is only held here: forget it.
        self.timers
            .borrow_mut()
            .retain(|t| Rc::strong_count(t) > 1 && !t.fired.get());
        let next = self
            .timers
            .borrow()
            .iter()
            .map(|t| t.at)
            .fold(f64::INFINITY, f64::min);
        if !next.is_finite() {
            return false;
        }
        self.now.set(self.now.get().max(next));
        for t in self.timers.borrow().iter().filter(|t| t.at <= next) {
            t.fired.set(true);
            if let Some(w) = t.waker.borrow_mut().take() {
                w.wake();
            }
        }
        true
    }
}

impl Clock for FakeClock {
    fn now_ms(&self) -> f64 {
        self.now.get()
    }

    fn sleep(&self, ms: f64) -> LocalFuture<'static, ()> {
        let timer = Rc::new(Timer {
            at: self.now.get() + ms.max(0.0),
            fired: Cell::new(false),
            waker: RefCell::new(None),
        });
        self.timers.borrow_mut().push(timer.clone());
        Box::pin(std::future::poll_fn(move |cx| {
            if timer.fired.get() {
                Poll::Ready(())
            } else {
                *timer.waker.borrow_mut() = Some(cx.waker().clone());
                Poll::Pending
            }
        }))
    }
}
