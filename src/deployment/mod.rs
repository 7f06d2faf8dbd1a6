//! Deployment create/update bodies, strategies, cron schedules and the status state machine.

use crate::diagnostics::Rule;

/// Every deployment rule. (Stub.)
pub static RULES: &[Rule] = &[];
