//! What each deployment event `type` means, in words a dashboard can show next to the server's
//! own `message` (base spec §4.5; the addendum §7 added the SSH key and reservation events).

/// `(type, description)` for every event type the service is known to emit.
pub const EVENT_TYPES: [(&str, &str); 14] = [
    ("JOB_LIST_CONFIRMED", "Jobs were posted to the market."),
    (
        "JOB_LIST_ERROR",
        "Posting jobs to the market failed; the service retries.",
    ),
    (
        "JOB_EXTEND_SUCCESSFUL",
        "A running job's time was extended.",
    ),
    (
        "JOB_EXTEND_ERROR",
        "Extending a running job failed; the service retries.",
    ),
    ("JOB_STOPPED_CONFIRMED", "A job was stopped."),
    (
        "JOB_STOP_ERROR",
        "Stopping a job failed; the service retries.",
    ),
    (
        "RAPID_COMPLETION_THROTTLE",
        "Jobs keep finishing within minutes; new jobs are posted more slowly.",
    ),
    (
        "RAPID_COMPLETION_FAIL_SAFE",
        "Jobs kept finishing within minutes; the deployment was stopped to save credits.",
    ),
    (
        "FRPS_TUNNEL_LOST",
        "An endpoint went offline: its tunnel to the node was lost.",
    ),
    (
        "FRPS_TUNNEL_RECOVERED",
        "An endpoint is online again: its tunnel to the node is back.",
    ),
    (
        "MIGRATION_ERROR",
        "The service could not migrate this deployment's stored data.",
    ),
    (
        "SSH_KEYS_UPDATED",
        "The deployment's SSH keys changed; running jobs were updated, each with its own result.",
    ),
    (
        "JOB_RESERVE_CONFIRMED",
        "Nodes that meet the requirements were reserved for new jobs.",
    ),
    (
        "JOB_RESERVE_SHORTFALL",
        "Some jobs are waiting: not enough nodes meet the requirements on this market yet.",
    ),
];

/// The description of event type `kind`, if it is a known one.
pub fn describe(kind: &str) -> Option<&'static str> {
    EVENT_TYPES
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, d)| *d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_is_described_once_and_the_new_ones_are_there() {
        for (i, (kind, text)) in EVENT_TYPES.iter().enumerate() {
            assert!(text.ends_with('.') && text.len() > 15, "{kind}");
            assert!(
                EVENT_TYPES.iter().skip(i + 1).all(|(k, _)| k != kind),
                "{kind}"
            );
        }
        for new in [
            "SSH_KEYS_UPDATED",
            "JOB_RESERVE_CONFIRMED",
            "JOB_RESERVE_SHORTFALL",
        ] {
            assert!(describe(new).is_some(), "{new}");
        }
        assert!(describe("SSH_KEYS_UPDATED").unwrap().contains("SSH keys"));
        assert_eq!(describe("NOPE"), None);
    }
}
