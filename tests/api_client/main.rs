//! The client core, natively: retries, time limits, waiting, watching, signing, guards and
//! paging, through a scripted fake transport and a fake clock (see `fakes.rs`).

// Test helpers fail the test by panicking, like the tests themselves.
#![allow(clippy::indexing_slicing, clippy::panic, clippy::unwrap_used)]

mod auth;
mod deadline;
#[path = "../common/fake_body.rs"]
mod fake_body;
#[path = "../common/fake_clock.rs"]
mod fake_clock;
mod fakes;
mod guards;
mod headers;
mod pages;
mod retry;
mod service;
mod wait;
mod watch;
