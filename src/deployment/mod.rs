//! Deployment create/update bodies, strategies, cron schedules and the status state machine.
//!
//! - [`validate_create`] / [`validate_update`]: request bodies, with the server's rules and the
//!   stricter checks for what the server accepts but the worker or the chain fails on later.
//! - [`ssh`]: SSH public keys as the service checks them (one line each, and the set's caps).
//! - [`schedule`]: cron schedules as the service runs them (validate, next fire times, describe).
//! - [`status`]: the status state machine, refusals, automatic transitions and update effects.
//!
//! The rules are documented in `docs/deployment-rules.md`.

mod body;
pub(crate) mod civil;
mod fields;
mod member;
pub mod rules;
pub mod schedule;
pub mod ssh;
pub mod status;

pub use body::{
    base58_decode, public_key_problem, validate_create, validate_update, MAX_SAFE_INTEGER,
    MIN_LONG_TIMEOUT, ROTATION_MARGIN,
};
pub use fields::{
    exposes_a_port, idempotency_key_problem, MAX_IDEMPOTENCY_KEY_LEN, MAX_REQUIREMENT_KEY_UNITS,
};
pub use rules::RULES;
pub use status::{
    allowed_actions, automatic_transitions, can_perform, is_active, is_terminal, next_status,
    refusal, transition_table, update_effect, Action, AutomaticTransition, Effect, EffectKind,
    RefusalKind, RefusedAction, Status, Strategy, TransitionTable, UnknownName, UserTransition,
};
