//! The validation context: a cheap borrowed path stack and the issue collector. Owned paths are
//! built only when an issue is kept, so a valid document allocates nothing per node, and an issue
//! past the cap on listed issues (`crate::source::Collector`) is only counted: the common issues
//! (wrong types, unknown keys, missing fields) build their message only then, too.

use crate::json::{Array, Object, Value};

use crate::diagnostics::{Anchor, Issue, Issues, PathSegment, Rule};
use crate::source::{Collector, Step};

use super::rules::{INVALID_TYPE, MISSING_FIELD, UNKNOWN_KEY};

#[derive(Debug, Clone, Copy)]
pub(crate) enum Seg<'a> {
    Key(&'a str),
    Index(usize),
}

pub(crate) struct Ctx<'a> {
    path: Vec<Seg<'a>>,
    issues: Collector<'a>,
    /// The allowed keys the last object with an unknown key does not have yet (the candidates of
    /// "did you mean"), by the object's start offset: computed once per object, not once per
    /// unknown key, so an object of n unknown keys costs O(n), not O(n²).
    free_keys: Option<(usize, Vec<&'static str>)>,
}

const NULL_HINT: &str =
    "Leave optional fields out instead of setting them to null: @nosana/types rejects null.";

impl<'a> Ctx<'a> {
    /// A context for the walk of `root` (issue paths are relative to it).
    pub(crate) fn new(warnings: bool, root: Value<'a>) -> Self {
        Self {
            path: Vec::with_capacity(16),
            issues: Collector::new(root, warnings),
            free_keys: None,
        }
    }

    /// The issues reported, and the count of those left out.
    pub(crate) fn finish(self) -> Issues {
        self.issues.finish()
    }

    pub(crate) fn key<R>(&mut self, key: &'a str, f: impl FnOnce(&mut Self) -> R) -> R {
        self.path.push(Seg::Key(key));
        let result = f(self);
        self.path.pop();
        result
    }

    pub(crate) fn index<R>(&mut self, index: usize, f: impl FnOnce(&mut Self) -> R) -> R {
        self.path.push(Seg::Index(index));
        let result = f(self);
        self.path.pop();
        result
    }

    pub(crate) fn depth(&self) -> usize {
        self.path.len()
    }

    fn owned_path(&self) -> Vec<PathSegment> {
        self.path
            .iter()
            .map(|seg| match seg {
                Seg::Key(k) => PathSegment::Key((*k).to_owned()),
                Seg::Index(i) => PathSegment::Index(*i),
            })
            .collect()
    }

    /// A readable name for the value at the current path: `image`, `cmd[2]`, "the job definition".
    pub(crate) fn label(&self) -> String {
        let mut iter = self.path.iter().rev();
        match iter.next() {
            None => "the job definition".to_owned(),
            Some(Seg::Key(k)) => format!("\"{k}\""),
            Some(Seg::Index(i)) => {
                let mut indexes = vec![*i];
                for seg in iter {
                    match seg {
                        Seg::Index(j) => indexes.push(*j),
                        Seg::Key(k) => {
                            let mut s = format!("\"{k}");
                            for j in indexes.iter().rev() {
                                s.push_str(&format!("[{j}]"));
                            }
                            s.push('"');
                            return s;
                        }
                    }
                }
                format!("element {i}")
            }
        }
    }

    pub(crate) fn wants(&self, rule: &Rule) -> bool {
        self.issues.wants(rule.severity)
    }

    /// Reports an issue at the current path.
    pub(crate) fn report(&mut self, rule: &Rule, message: impl Into<String>) {
        if self.wants(rule) {
            self.push(rule, message.into(), None, false);
        }
    }

    pub(crate) fn report_hint(
        &mut self,
        rule: &Rule,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        // Left-out warnings cost no allocation (the strings are often `&'static str`).
        if self.wants(rule) {
            self.push(rule, message.into(), Some(hint.into()), false);
        }
    }

    /// Reports an issue about the member key at the current path.
    pub(crate) fn report_key(
        &mut self,
        rule: &Rule,
        message: impl Into<String>,
        hint: Option<String>,
    ) {
        if self.wants(rule) {
            self.push(rule, message.into(), hint, true);
        }
    }

    fn push(&mut self, rule: &Rule, message: String, hint: Option<String>, at_key: bool) {
        self.push_with(rule, at_key, |_| (message, hint));
    }

    /// Reports an issue at the current path whose message and hint `text` makes, only if the issue
    /// is kept (see the module docs).
    fn push_with(
        &mut self,
        rule: &Rule,
        at_key: bool,
        text: impl FnOnce(&Self) -> (String, Option<String>),
    ) {
        if !self.wants(rule) {
            return;
        }
        let anchor = if at_key { Anchor::Key } else { Anchor::Value };
        let steps = self.path.iter().map(|seg| match *seg {
            Seg::Key(key) => Step::Key(key),
            Seg::Index(index) => Step::Index(index),
        });
        let position = self.issues.position(steps, anchor);
        if let Some(place) = self.issues.reserve(position, rule.severity) {
            let (message, hint) = text(self);
            let mut issue = Issue::new(rule, self.owned_path(), message);
            if let Some(hint) = hint {
                issue = issue.with_hint(hint);
            }
            if at_key {
                issue = issue.at_key();
            }
            self.issues.keep(place, issue);
        }
    }

    /// Lets a checker outside this walk report straight into the collector (so it builds only the
    /// issues kept), with the current path as the prefix of its issue paths.
    pub(crate) fn report_into(&mut self, f: impl FnOnce(&mut Collector<'a>, &[PathSegment])) {
        let prefix = self.owned_path();
        f(&mut self.issues, &prefix);
    }

    /// Reports that the current value is not of the `expected` type.
    pub(crate) fn type_error(&mut self, value: Value<'_>, expected: &str) {
        self.push_with(&INVALID_TYPE, false, |c| {
            let message = format!(
                "{} must be {expected}, not {}",
                c.label(),
                value.type_name()
            );
            (message, value.is_null().then(|| NULL_HINT.to_owned()))
        });
    }

    pub(crate) fn object<'v>(&mut self, value: Value<'v>) -> Option<Object<'v>> {
        let object = value.as_object();
        if object.is_none() {
            self.type_error(value, "an object");
        }
        object
    }

    pub(crate) fn array<'v>(&mut self, value: Value<'v>) -> Option<Array<'v>> {
        let array = value.as_array();
        if array.is_none() {
            self.type_error(value, "an array");
        }
        array
    }

    pub(crate) fn string<'v>(&mut self, value: Value<'v>) -> Option<&'v str> {
        let s = value.as_str();
        if s.is_none() {
            self.type_error(value, "a string");
        }
        s
    }

    pub(crate) fn boolean(&mut self, value: Value<'_>) {
        if !value.is_boolean() {
            self.type_error(value, "a boolean");
        }
    }

    pub(crate) fn number(&mut self, value: Value<'_>) -> Option<f64> {
        let n = value.as_f64();
        if n.is_none() {
            self.type_error(value, "a number");
        }
        n
    }

    /// Reports each key of `map` not in `allowed`, at the key. `what` names the object in messages.
    pub(crate) fn unknown_keys(&mut self, map: Object<'a>, allowed: &[&'static str], what: &str) {
        for key in map.keys() {
            if !allowed.contains(&key) {
                self.unknown_key(map, key, allowed, what);
            }
        }
    }

    /// Reports one unknown member `key` of `map` (the object at the current path), at the key.
    /// The hint suggests the allowed key it is a typo of (one `map` does not have yet: the quick
    /// fix renames it to the same key), then lists the allowed keys; both are built only when the
    /// issue is kept.
    pub(crate) fn unknown_key(
        &mut self,
        map: Object<'a>,
        key: &'a str,
        allowed: &[&'static str],
        what: &str,
    ) {
        if !self.wants(&UNKNOWN_KEY) {
            return;
        }
        let at = map.value().span().start;
        if !matches!(&self.free_keys, Some((start, _)) if *start == at) {
            let free = allowed
                .iter()
                .copied()
                .filter(|k| !map.contains_key(k))
                .collect();
            self.free_keys = Some((at, free));
        }
        self.key(key, |c| {
            c.push_with(&UNKNOWN_KEY, true, |c| {
                let list = format!("Allowed keys: {}.", allowed.join(", "));
                let free = c.free_keys.as_ref().map_or(&[][..], |(_, f)| f.as_slice());
                let hint = match super::suggest::nearest(key, free) {
                    Some(near) => format!("Did you mean \"{near}\"? {list}"),
                    None => list,
                };
                (format!("\"{key}\" is not a field of {what}"), Some(hint))
            });
        });
    }

    /// Reports a missing required `key` of the object at the current path. The issue's path is
    /// the missing member's (as for deployment bodies), so its range is the object's key or
    /// opening brace (`source::attach_ranges`), not the whole object.
    pub(crate) fn missing(&mut self, key: &'static str, what: &str) {
        self.key(key, |c| {
            c.push_with(&MISSING_FIELD, false, |_| {
                (format!("\"{key}\" is required in {what}"), None)
            });
        });
    }

    /// [`Ctx::field`] for a member already found (`value`) by a walk over the object's entries.
    pub(crate) fn found(
        &mut self,
        key: &'static str,
        value: Option<Value<'a>>,
        required: Option<&str>,
        f: impl FnOnce(&mut Self, Value<'a>),
    ) {
        match value {
            Some(value) => self.key(key, |c| f(c, value)),
            None => {
                if let Some(what) = required {
                    self.missing(key, what);
                }
            }
        }
    }

    /// Runs `f` on the member `key` if present; reports it missing if `required`.
    pub(crate) fn field(
        &mut self,
        map: Object<'a>,
        key: &'static str,
        required: Option<&str>,
        f: impl FnOnce(&mut Self, Value<'a>),
    ) {
        match map.get(key) {
            Some(value) => self.key(key, |c| f(c, value)),
            None => {
                if let Some(what) = required {
                    self.missing(key, what);
                }
            }
        }
    }
}
