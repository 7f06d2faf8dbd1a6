//! Human labels for statuses and actions, and the sentences of `explain.rs`, by locale. English is
//! built in; other locales are registered at run time as flat tables (`status.RUNNING`,
//! `action.updateReplicaCount`, `error.network.summary`, …). A key a table lacks falls back to
//! English, a locale falls back to its language (`fr-BE` → `fr`) and then to English.

use std::cell::RefCell;

use crate::deployment::{Action, Status};

/// The English table: every key any lookup uses.
pub const ENGLISH: &[(&str, &str)] = &[
    ("status.DRAFT", "Draft"),
    ("status.STARTING", "Starting"),
    ("status.RUNNING", "Running"),
    ("status.STOPPING", "Stopping"),
    ("status.STOPPED", "Stopped"),
    ("status.ARCHIVED", "Archived"),
    ("status.ERROR", "Error"),
    ("status.INSUFFICIENT_FUNDS", "Insufficient funds"),
    ("action.start", "Start"),
    ("action.stop", "Stop"),
    ("action.archive", "Archive"),
    ("action.delete", "Delete"),
    ("action.rename", "Rename"),
    ("action.updateReplicaCount", "Change replica count"),
    ("action.updateTimeout", "Change timeout"),
    ("action.updateSchedule", "Change schedule"),
    ("action.createRevision", "New revision"),
    ("action.updateActiveRevision", "Switch active revision"),
    ("action.listTasks", "List tasks"),
    ("action.duplicate", "Duplicate"),
    ("action.updateMarket", "Change market"),
    ("action.updateRequirements", "Change requirements"),
    ("action.updateStartupTimeout", "Change startup timeout"),
    ("action.listSshKeys", "List SSH keys"),
    ("action.addSshKeys", "Add SSH keys"),
    ("action.revokeSshKeys", "Revoke SSH keys"),
    ("error.network.summary", "The API could not be reached."),
    ("error.network.advice", "Check that the API URL in Settings is right and that the server is running."),
    ("error.cors.summary", "The browser blocked the request to the API."),
    ("error.cors.advice", "The API must allow this page's origin (CORS): use an API on the same origin, or ask its operator to allow this one."),
    ("error.timeout.summary", "The API took too long to answer."),
    ("error.timeout.advice", "Try again; if it keeps happening, check your connection and the server."),
    ("error.aborted.summary", "The request was cancelled."),
    ("error.aborted.advice", "Try again if you still want it."),
    ("error.unauthorized.summary", "The API did not accept your credentials."),
    ("error.unauthorized.advice", "Connect your wallet (or check the API key) and try again."),
    ("error.forbidden.summary", "You are not allowed to do this."),
    ("error.forbidden.advice", "Check that the connected wallet owns this deployment."),
    ("error.deploymentGone.summary", "This deployment no longer exists."),
    ("error.deploymentGone.advice", "It was probably deleted elsewhere; refresh the list."),
    ("error.jobGone.summary", "This job does not exist."),
    ("error.jobGone.advice", "Refresh the list of jobs."),
    ("error.vaultGone.summary", "This vault does not exist."),
    ("error.vaultGone.advice", "Check the vault address."),
    ("error.revisionGone.summary", "This revision does not exist."),
    ("error.revisionGone.advice", "Pick one of the deployment's revisions."),
    ("error.notFound.summary", "What was asked for does not exist."),
    ("error.notFound.advice", "Refresh and check the address."),
    ("error.invalidState.summary", "“{action}” is not possible while the deployment is {status}."),
    ("error.invalidState.advice", "Wait for the status to change, or refresh to see the current one."),
    ("error.invalidStateUnknown.summary", "This action is not possible in the deployment's current status."),
    ("error.invalidStateUnknown.advice", "Refresh to see the current status."),
    ("error.archived.summary", "The deployment is archived, so it cannot change."),
    ("error.archived.advice", "Duplicate it to run it again."),
    ("error.validation.summary", "The request was refused: some values are not valid."),
    ("error.validation.advice", "Fix the values shown and try again."),
    ("error.tooLarge.summary", "The request is too large."),
    ("error.tooLarge.advice", "Make the job definition smaller."),
    ("error.wrongStrategy.summary", "This change does not apply to the deployment's strategy."),
    ("error.wrongStrategy.advice", "Check which settings the strategy takes."),
    ("error.vaultEmpty.summary", "The vault has no funds."),
    ("error.vaultEmpty.advice", "Top up the vault, then try again."),
    ("error.idempotency.summary", "A create with this idempotency key was already sent with another body."),
    ("error.idempotency.advice", "Use a new idempotency key for a different deployment."),
    ("error.rateLimited.summary", "Too many requests were sent."),
    ("error.rateLimited.advice", "Wait a moment and try again."),
    ("error.server.summary", "The server failed to handle the request."),
    ("error.server.advice", "Try again in a moment; if it keeps failing, the service may be down."),
    ("error.unavailable.summary", "The service is unavailable right now."),
    ("error.unavailable.advice", "Try again in a moment."),
    ("error.invalidResponse.summary", "The API answered with something unexpected."),
    ("error.invalidResponse.advice", "Check that the API URL in Settings points to a Nosana Deployments API."),
    ("error.unsupported.summary", "This server does not support that yet."),
    ("error.unsupported.advice", "Use a newer API server, or do without this feature."),
    ("error.invalidArgument.summary", "The page called the API the wrong way."),
    ("error.invalidArgument.advice", "This is a bug in the page; reload it, and report it if it persists."),
    ("error.unknown.summary", "Something went wrong."),
    ("error.unknown.advice", "Try again; if it keeps happening, reload the page."),
];

thread_local! {
    /// (locale, table): a handful of locales at most.
    static LOCALES: RefCell<Vec<(String, Table)>> = RefCell::default();
}

/// A locale's (key, text) pairs. A few dozen keys at most: a scan finds one, and a map type of its
/// own would cost more wasm than it saves.
pub type Table = Vec<(String, String)>;

/// A key no table has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey(pub String);

/// Registers (or replaces) the table of `locale` (compared in lower case). Every key must be
/// one of [`ENGLISH`]'s: a typo is refused rather than silently never used.
pub fn register_locale(locale: &str, table: Table) -> Result<(), UnknownKey> {
    if let Some((k, _)) = table
        .iter()
        .find(|(k, _)| !ENGLISH.iter().any(|(e, _)| e == k))
    {
        return Err(UnknownKey(k.clone()));
    }
    let locale = locale.to_ascii_lowercase();
    LOCALES.with(|l| {
        let mut l = l.borrow_mut();
        l.retain(|(name, _)| *name != locale);
        l.push((locale, table));
    });
    Ok(())
}

/// The text of `key` in `locale` (exact, then its language, then English).
pub fn text(key: &str, locale: Option<&str>) -> String {
    if let Some(locale) = locale.map(str::to_ascii_lowercase) {
        let language = locale.split(['-', '_']).next().unwrap_or("").to_owned();
        let found = LOCALES.with(|l| {
            let l = l.borrow();
            [locale.as_str(), language.as_str()]
                .iter()
                .find_map(|name| {
                    l.iter()
                        .find(|(n, _)| n == name)
                        .and_then(|(_, t)| t.iter().find(|(k, _)| k == key))
                        .map(|(_, text)| text.clone())
                })
        });
        if let Some(t) = found {
            return t;
        }
    }
    ENGLISH
        .iter()
        .find(|(k, _)| *k == key)
        .map_or_else(|| key.to_owned(), |(_, v)| (*v).to_owned())
}

/// "Running", "Insufficient funds".
pub fn status_label(status: Status, locale: Option<&str>) -> String {
    text(&format!("status.{}", status.as_str()), locale)
}

/// "Change replica count".
pub fn action_label(action: Action, locale: Option<&str>) -> String {
    text(&format!("action.{}", action.as_str()), locale)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_and_action_has_an_english_label() {
        for s in Status::ALL {
            assert_ne!(status_label(s, None), format!("status.{}", s.as_str()));
        }
        for a in Action::ALL {
            assert_ne!(action_label(a, None), format!("action.{}", a.as_str()));
        }
        assert_eq!(
            status_label(Status::InsufficientFunds, None),
            "Insufficient funds"
        );
        assert_eq!(
            action_label(Action::UpdateReplicaCount, None),
            "Change replica count"
        );
    }

    #[test]
    fn locales_fall_back_to_their_language_then_english() {
        let table = [("status.RUNNING".to_owned(), "En cours".to_owned())].into();
        register_locale("fr", table).unwrap_or_default();
        assert_eq!(status_label(Status::Running, Some("fr-BE")), "En cours");
        assert_eq!(status_label(Status::Stopped, Some("fr")), "Stopped");
        assert_eq!(status_label(Status::Running, Some("de")), "Running");
        let typo = [("status.RUNNIN".to_owned(), "x".to_owned())].into();
        assert_eq!(
            register_locale("fr", typo),
            Err(UnknownKey("status.RUNNIN".into()))
        );
    }
}
