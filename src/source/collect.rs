//! Bounded issue collection: the rules report every issue here, and only the first
//! [`MAX_ISSUES`](crate::diagnostics::MAX_ISSUES) in document order are ever built. The rest are counted (with their severity)
//! and dropped before their message, path, pointer or range exist, so a document with a million
//! problems costs the memory of a thousand issues.
//!
//! Document order is the order of [`super::validate`]: by where each issue points (its value, or
//! its key for an `at_key` issue), ties in the order the rules reported them. The rules do not
//! report in document order (the structural walk follows the schema, then the semantic walk runs),
//! so the kept issues are a bounded max-heap on (position, report order): an issue is built only if
//! it would be among the first `MAX_ISSUES` of those seen so far, and evicts the last one then.
//! The result is exactly the first `MAX_ISSUES` of the unbounded, sorted list
//! (`tests/bounded_issues.rs` checks it). Each walk reports mostly in document order, so an
//! evicted issue (built, then dropped) is rare: at most about `MAX_ISSUES` per walk.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::locate::{Locator, Step};
use crate::diagnostics::{Anchor, Issue, Issues, LeftOut, PathSegment, Severity};
use crate::json::Value;

/// Collects the issues of one document (or of one value in it: paths are relative to `root`).
pub struct Collector<'d> {
    root: Value<'d>,
    warnings: bool,
    locator: Locator,
    kept: BinaryHeap<Kept>,
    /// [`MAX_ISSUES`](crate::diagnostics::MAX_ISSUES) (tests set another: `diagnostics::with_issue_cap`).
    cap: usize,
    /// Report order of the next issue.
    seq: usize,
    left_out: LeftOut,
}

/// Where a reserved issue goes: its position and report order.
#[derive(Debug)]
#[must_use]
pub(crate) struct Place {
    position: usize,
    seq: usize,
}

/// A built issue and its place in document order.
struct Kept {
    position: usize,
    seq: usize,
    issue: Issue,
}

impl Kept {
    fn key(&self) -> (usize, usize) {
        (self.position, self.seq)
    }
}

impl PartialEq for Kept {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key()
    }
}

impl Eq for Kept {}

impl PartialOrd for Kept {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Kept {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl<'d> Collector<'d> {
    /// A collector for issues whose paths start at `root`. Without `warnings`, warnings are
    /// dropped as they come (neither built nor counted).
    pub fn new(root: Value<'d>, warnings: bool) -> Self {
        Self {
            root,
            warnings,
            locator: Locator::default(),
            kept: BinaryHeap::new(),
            cap: crate::diagnostics::issue_cap(),
            seq: 0,
            left_out: LeftOut::default(),
        }
    }

    /// Whether an issue of `severity` is reported at all.
    pub fn wants(&self, severity: Severity) -> bool {
        self.warnings || severity == Severity::Error
    }

    /// Where the issue at `path` (below the root) with `anchor` stands in the text.
    pub(crate) fn position<'p>(
        &mut self,
        path: impl ExactSizeIterator<Item = Step<'p>>,
        anchor: Anchor,
    ) -> usize {
        self.locator.locate(self.root, path, anchor).start
    }

    /// Reports an issue of `severity` at byte `position`, built by `build` only if it is among the
    /// first [`MAX_ISSUES`](crate::diagnostics::MAX_ISSUES) so far. `position` must be where the built issue's path and anchor
    /// point (the start of its value's span, or of its key's).
    pub fn offer(&mut self, position: usize, severity: Severity, build: impl FnOnce() -> Issue) {
        if let Some(place) = self.reserve(position, severity) {
            self.keep(place, build());
        }
    }

    /// [`Collector::offer`] in two steps, for a caller that builds the issue from state it shares
    /// with the collector: `Some` when the issue is to be built and given to [`Collector::keep`]
    /// (room was made for it), `None` when it was only counted (or is an unwanted warning).
    pub(crate) fn reserve(&mut self, position: usize, severity: Severity) -> Option<Place> {
        if !self.wants(severity) {
            return None;
        }
        let seq = self.seq;
        self.seq += 1;
        if self.kept.len() >= self.cap {
            // Full: a later issue at the same place sorts after every kept one.
            match self.kept.peek() {
                Some(last) if position < last.position => {
                    if let Some(evicted) = self.kept.pop() {
                        self.left_out.count(evicted.issue.severity);
                    }
                }
                _ => {
                    self.left_out.count(severity);
                    return None;
                }
            }
        }
        Some(Place { position, seq })
    }

    /// Keeps the issue built for `place` (from [`Collector::reserve`]).
    pub(crate) fn keep(&mut self, place: Place, issue: Issue) {
        self.kept.push(Kept {
            position: place.position,
            seq: place.seq,
            issue,
        });
    }

    /// Reports an issue already built (its position found from its path and anchor).
    pub fn push(&mut self, issue: Issue) {
        if !self.wants(issue.severity) {
            return;
        }
        let position = self
            .locator
            .locate_path(self.root, &issue.path, issue.anchor)
            .start;
        self.offer(position, issue.severity, || issue);
    }

    /// Reports the issues of a nested validation (e.g. a job definition inside a deployment body),
    /// their paths relative to `prefix`, with the count of those it left out.
    pub fn merge(&mut self, nested: Issues, prefix: &[PathSegment]) {
        self.left_out.add(nested.left_out);
        for issue in nested.issues {
            self.push(issue.nested_under(prefix));
        }
    }

    /// The built issues in report order, and the count of the rest.
    pub fn finish(self) -> Issues {
        let kept = self.kept.into_vec();
        let order = super::order::stable_order(kept.iter().map(|k| k.seq));
        Issues {
            issues: super::order::permuted(kept, &order)
                .into_iter()
                .map(|k| k.issue)
                .collect(),
            left_out: self.left_out,
        }
    }
}

impl Extend<Issue> for Collector<'_> {
    fn extend<I: IntoIterator<Item = Issue>>(&mut self, issues: I) {
        for issue in issues {
            self.push(issue);
        }
    }
}
