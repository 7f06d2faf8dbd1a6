//! The live deployment store behind `DeploymentStore`: a normalised model of deployments, jobs,
//! events and revisions with an explicit state per resource (`model.rs`), changed only by inputs
//! (answers, stream frames, errors); a driver that issues the requests and keeps opened
//! deployments live through the client core (`driver.rs`); the one server clock (`server_time.rs`);
//! and the human labels and error sentences (`labels.rs`, `explain.rs`). Pure Rust: the host
//! supplies the client, a clock and a way to spawn futures; tests supply fakes.

pub mod driver;
pub mod entry;
pub mod explain;
pub mod frames;
pub mod labels;
pub mod model;
pub mod server_time;
