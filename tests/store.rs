//! The deployment store, natively: the model's states, the driver's requests, live updates,
//! deletion and archival elsewhere, optimistic actions and their rollback, polling and
//! reconnection, release and dispose — through a fake server and a fake clock (`store/fakes.rs`).

// Test helpers fail the test by panicking, like the tests themselves.
#![allow(clippy::indexing_slicing, clippy::panic, clippy::unwrap_used)]

#[path = "store/actions.rs"]
mod actions;
#[path = "common/fake_body.rs"]
mod fake_body;
#[path = "common/fake_clock.rs"]
mod fake_clock;
#[path = "store/fakes.rs"]
mod fakes;
#[path = "store/live.rs"]
mod live;
#[path = "store/loading.rs"]
mod loading;
