//! Cron schedules as the Deployment Manager runs them: 5 fields (minute hour day-of-month month
//! day-of-week), `cron-parser@5` semantics, UTC, seconds fixed at 0.
//!
//! Accepted: `*`, `?` (day fields), numbers, ranges `a-b`, steps `*/n`, `a/n` (= `a-max/n`),
//! `a-b/n`, lists, 3-letter month and day names (case-insensitive), day-of-week `7` = Sunday,
//! `L` in day-of-month (last day), `nL` in day-of-week (last weekday `n` of the month), `n#k`
//! (k-th weekday `n`, k 1–5). Day-of-month and day-of-week both restricted → either may match
//! (Vixie cron; a field counts as unrestricted only when it is literally `*` or `?`; `#k` narrows
//! the day-of-week side only).
//!
//! Rejected although the API accepts them (the worker's cron-parser throws, or the schedule would
//! be unpredictable): out-of-range values, `H` (cron-parser draws a new random value on every parse
//! and the service re-parses at each fire), a bare `L` in day-of-week, duplicates (0 included; 7
//! is Sunday like 0), names glued to other text (`janfeb`, `1jan`), schedules that
//! never fire or fire less than once in 10 years. Stricter than cron-parser, where its parser
//! silently ignores text: `1-2-3`, `5L` in day-of-month, `L` inside ranges or steps, a month name in
//! day-of-week and the reverse, steps that are not plain numbers.

use std::fmt;

use serde::Serialize;

use super::civil::{days_from_civil, days_in_month, format_iso_utc, MS_PER_DAY, MS_PER_MINUTE};
use super::rules::{CRON_FIELD_COUNT, CRON_NEVER_FIRES, CRON_TOO_RARE, INVALID_CRON};
use crate::diagnostics::{Issue, Rule};

mod engine;
use engine::Engine;

pub use super::civil::format_iso_utc as format_iso;

/// Longest gap between two fires that we accept, and the horizon of a `next_times` search.
/// 10 years: Feb 29 schedules have 8-year gaps around non-leap century years (2096 → 2104).
pub const MAX_GAP_DAYS: i64 = 3653;
/// The most fire times one `next_times` call returns.
pub const MAX_COUNT: usize = 1000;
/// The longest schedule accepted, in bytes.
pub const MAX_EXPRESSION_LEN: usize = 1024;
/// JavaScript `Date` range: ±8.64e15 ms.
const JS_DATE_LIMIT_MS: i64 = 8_640_000_000_000_000;

/// One of the five cron fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CronField {
    Minute,
    Hour,
    DayOfMonth,
    Month,
    DayOfWeek,
}

impl CronField {
    pub const ALL: [CronField; 5] = [
        CronField::Minute,
        CronField::Hour,
        CronField::DayOfMonth,
        CronField::Month,
        CronField::DayOfWeek,
    ];

    /// The English name used in messages ("day-of-month").
    pub fn label(self) -> &'static str {
        match self {
            CronField::Minute => "minute",
            CronField::Hour => "hour",
            CronField::DayOfMonth => "day-of-month",
            CronField::Month => "month",
            CronField::DayOfWeek => "day-of-week",
        }
    }

    /// Inclusive value range (day-of-week allows 7 = Sunday).
    pub fn bounds(self) -> (u32, u32) {
        match self {
            CronField::Minute => (0, 59),
            CronField::Hour => (0, 23),
            CronField::DayOfMonth => (1, 31),
            CronField::Month => (1, 12),
            CronField::DayOfWeek => (0, 7),
        }
    }
}

/// Why a schedule was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CronErrorKind {
    /// Not exactly 5 fields (the server's regex).
    FieldCount,
    /// A field does not parse or is out of range.
    Invalid,
    /// The schedule matches no instant at all.
    NeverFires,
    /// Gaps of more than 10 years between fires.
    TooRare,
    /// `next_times` got a bad start instant or count, or ran past the JS date range.
    BadArgument,
}

/// A schedule error: the failing field (when one is to blame) and a human reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CronError {
    pub kind: CronErrorKind,
    /// The rule code (`invalidCron`, `cronFieldCount`, …), empty for `BadArgument`.
    pub code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<CronField>,
    pub message: String,
}

impl CronError {
    fn new(kind: CronErrorKind, field: Option<CronField>, message: impl Into<String>) -> Self {
        let code = match kind {
            CronErrorKind::FieldCount => CRON_FIELD_COUNT.code,
            CronErrorKind::Invalid => INVALID_CRON.code,
            CronErrorKind::NeverFires => CRON_NEVER_FIRES.code,
            CronErrorKind::TooRare => CRON_TOO_RARE.code,
            CronErrorKind::BadArgument => "",
        };
        Self {
            kind,
            code,
            field,
            message: message.into(),
        }
    }

    fn invalid(field: CronField, message: impl Into<String>) -> Self {
        Self::new(CronErrorKind::Invalid, Some(field), message)
    }

    fn rule(&self) -> Option<&'static Rule> {
        match self.kind {
            CronErrorKind::FieldCount => Some(&CRON_FIELD_COUNT),
            CronErrorKind::Invalid => Some(&INVALID_CRON),
            CronErrorKind::NeverFires => Some(&CRON_NEVER_FIRES),
            CronErrorKind::TooRare => Some(&CRON_TOO_RARE),
            CronErrorKind::BadArgument => None,
        }
    }
}

impl fmt::Display for CronError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CronError {}

/// A parsed schedule: our reading of its fields (for messages and the description) and the
/// croner engine that matches and searches (`schedule/engine.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cron {
    fields: Fields,
    engine: Engine,
}

/// The five fields as bit sets, expanded as cron-parser expands them; seconds are always 0.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Fields {
    minutes: u64,
    hours: u32,
    /// Bits 1..=31.
    days_of_month: u32,
    last_day_of_month: bool,
    dom_wildcard: bool,
    /// Bits 1..=12.
    months: u16,
    /// Bits 0..=6 (Sunday = 0).
    days_of_week: u8,
    /// `nL`: bit n set when "last weekday n of the month" is selected.
    last_weekdays: u8,
    dow_wildcard: bool,
    /// `n#k`: k (1–5), 0 when absent.
    nth: u32,
}

const MONTH_NAMES: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];
const DAY_NAMES: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/// A parsed value of one field, before it becomes a bit set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Atom {
    Num(u32),
    /// `L` in day-of-month.
    Last,
    /// `nL` in day-of-week.
    LastWeekday(u32),
}

fn describe_atom(atom: Atom) -> String {
    match atom {
        Atom::Num(n) => n.to_string(),
        Atom::Last => "L".to_owned(),
        Atom::LastWeekday(n) => format!("{n}L"),
    }
}

/// Replaces 3-letter names by numbers, as cron-parser does (`/[a-z]{3}/gi`). Refuses what
/// cron-parser 5 throws on (a name glued to a digit, a `/` or another name: `janfeb`, `1jan`,
/// `*/mon`) and a month name in day-of-week or the reverse (where it throws too).
fn replace_names(field: CronField, text: &str) -> Result<String, CronError> {
    let (own, other, own_kind, other_kind, base) = if field == CronField::Month {
        (&MONTH_NAMES[..], &DAY_NAMES[..], "month", "day", 1)
    } else {
        (&DAY_NAMES[..], &MONTH_NAMES[..], "day", "month", 0)
    };
    let unknown = |run: &str| {
        CronError::invalid(
            field,
            format!(
                "{} has an unknown name \"{run}\" (use 3-letter {own_kind} names like {})",
                field.label(),
                own.iter().take(3).copied().collect::<Vec<_>>().join(", ")
            ),
        )
    };
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        if !c.is_ascii_alphabetic() {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        while chars.get(i).is_some_and(char::is_ascii_alphabetic) {
            i += 1;
        }
        let run: String = chars.get(start..i).unwrap_or(&[]).iter().collect();
        // A lone `L` (day fields) or `H` stays for later checks; longer runs must be names.
        if run.len() < 3 {
            out.push_str(&run);
            continue;
        }
        let lower = run.to_ascii_lowercase();
        let glued = start
            .checked_sub(1)
            .and_then(|j| chars.get(j))
            .is_some_and(|c| c.is_ascii_digit() || *c == '/')
            || chars.get(i).is_some_and(char::is_ascii_digit);
        if run.len() > 3 || glued {
            let all_names = lower
                .as_bytes()
                .chunks(3)
                .all(|chunk| own.iter().any(|n| n.as_bytes() == chunk));
            if !all_names {
                return Err(unknown(&run));
            }
            return Err(CronError::invalid(
                field,
                format!(
                    "{} \"{text}\": a name stands alone, between commas, dashes or spaces (cron-parser throws on \"{run}\" glued to its neighbours)",
                    field.label()
                ),
            ));
        }
        if let Some(index) = own.iter().position(|n| *n == lower) {
            out.push_str(&(index + base).to_string());
        } else if other.contains(&lower.as_str()) {
            return Err(CronError::invalid(
                field,
                format!(
                    "{} has \"{lower}\", which is a {other_kind} name, not a {own_kind} name",
                    field.label()
                ),
            ));
        } else {
            return Err(unknown(&run));
        }
    }
    Ok(out)
}

fn parse_number(field: CronField, text: &str, whole: &str) -> Result<u32, CronError> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CronError::invalid(
            field,
            format!(
                "{} \"{whole}\" is not a number, range, step or list",
                field.label()
            ),
        ));
    }
    let (lo, hi) = field.bounds();
    let parsed = text.parse::<u64>().ok();
    match parsed {
        Some(v) if v >= u64::from(lo) && v <= u64::from(hi) => Ok(u32::try_from(v).unwrap_or(lo)),
        Some(v) => Err(CronError::invalid(
            field,
            format!("{} {v} is out of range {lo}–{hi}", field.label()),
        )),
        None => Err(CronError::invalid(
            field,
            format!(
                "{} {}… is out of range {lo}–{hi}",
                field.label(),
                text.chars().take(12).collect::<String>()
            ),
        )),
    }
}

/// `a-b` (both numbers) → (a, b), checked against the field's bounds.
fn parse_range(field: CronField, text: &str, whole: &str) -> Result<(u32, u32), CronError> {
    let mut parts = text.split('-');
    let (Some(a), Some(b), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(CronError::invalid(
            field,
            format!("{} \"{whole}\" has a malformed range", field.label()),
        ));
    };
    let lo = parse_number(field, a, whole)?;
    let hi = parse_number(field, b, whole)?;
    if lo > hi {
        return Err(CronError::invalid(
            field,
            format!(
                "{} range {lo}-{hi} is backwards (cron does not wrap around)",
                field.label()
            ),
        ));
    }
    Ok((lo, hi))
}

/// Values of `lo-hi/step`, as cron-parser builds them (day-of-week: a range whose steps land on
/// 7 also selects 0, Sunday; `2-7/3` is Tuesday and Friday only).
fn expand(field: CronField, lo: u32, hi: u32, step: u32, out: &mut Vec<Atom>) {
    let mut seen: Vec<u32> = Vec::new();
    if field == CronField::DayOfWeek && hi % 7 == 0 && (hi - lo) % step.max(1) == 0 {
        seen.push(0);
    }
    let mut v = lo;
    while v <= hi {
        if !seen.contains(&v) {
            seen.push(v);
        }
        v = v.saturating_add(step);
        if step == 0 {
            break;
        }
    }
    out.extend(seen.into_iter().map(Atom::Num));
}

fn parse_atom(field: CronField, atom: &str, out: &mut Vec<Atom>) -> Result<(), CronError> {
    let (lo_bound, hi_bound) = field.bounds();
    if atom.contains('L') {
        return match field {
            CronField::DayOfMonth if atom == "L" => {
                out.push(Atom::Last);
                Ok(())
            }
            CronField::DayOfMonth => Err(CronError::invalid(
                field,
                format!(
                    "day-of-month \"{atom}\": L stands alone (last day of the month); cron-parser ignores anything around it"
                ),
            )),
            CronField::DayOfWeek if atom == "L" => Err(CronError::invalid(
                field,
                "day-of-week L needs a weekday before it (5L = last Friday of the month); a bare L makes cron-parser throw",
            )),
            CronField::DayOfWeek => {
                let digits = atom.strip_suffix('L').unwrap_or("");
                if digits.len() != 1 {
                    return Err(CronError::invalid(
                        field,
                        format!(
                            "day-of-week \"{atom}\": write nL with one weekday 0–7 (5L = last Friday), not in a range or step"
                        ),
                    ));
                }
                let n = parse_number(field, digits, atom)?;
                out.push(Atom::LastWeekday(n % 7));
                Ok(())
            }
            _ => Err(CronError::invalid(
                field,
                format!("{} does not accept L", field.label()),
            )),
        };
    }
    let mut parts = atom.split('/');
    let base = parts.next().unwrap_or("");
    let step = parts.next();
    if parts.next().is_some() {
        return Err(CronError::invalid(
            field,
            format!("{} \"{atom}\" has more than one /", field.label()),
        ));
    }
    let wildcard = base == "*" || base == "?";
    match step {
        Some(step_text) => {
            if step_text.is_empty() || !step_text.bytes().all(|b| b.is_ascii_digit()) {
                return Err(CronError::invalid(
                    field,
                    format!(
                        "{} step \"{step_text}\" in \"{atom}\" is not a whole number",
                        field.label()
                    ),
                ));
            }
            let step = step_text.parse::<u32>().unwrap_or(u32::MAX);
            if step == 0 {
                return Err(CronError::invalid(
                    field,
                    format!("{} step in \"{atom}\" must be at least 1", field.label()),
                ));
            }
            let (lo, hi) = if wildcard {
                (lo_bound, hi_bound)
            } else if base.contains('-') {
                parse_range(field, base, atom)?
            } else {
                (parse_number(field, base, atom)?, hi_bound)
            };
            expand(field, lo, hi, step, out);
        }
        None if wildcard => expand(field, lo_bound, hi_bound, 1, out),
        None if base.contains('-') => {
            let (lo, hi) = parse_range(field, base, atom)?;
            expand(field, lo, hi, 1, out);
        }
        None => {
            let v = parse_number(field, base, atom)?;
            out.push(Atom::Num(if field == CronField::DayOfWeek {
                v % 7
            } else {
                v
            }));
        }
    }
    Ok(())
}

/// Parses one field into its atoms and the `n#k` occurrence (day-of-week only).
fn parse_field(field: CronField, raw: &str) -> Result<(Vec<Atom>, u32), CronError> {
    let text = if matches!(field, CronField::Month | CronField::DayOfWeek) {
        replace_names(field, raw)?
    } else {
        raw.to_owned()
    };
    if text.contains('H') {
        return Err(CronError::invalid(
            field,
            format!(
                "{} uses H (hash), which is not supported: cron-parser picks a new random value each time the service re-parses the schedule, so fire times would drift",
                field.label()
            ),
        ));
    }
    let allowed: &[char] = match field {
        CronField::DayOfMonth => &['?', 'L'],
        CronField::DayOfWeek => &['?', 'L', '#'],
        _ => &[],
    };
    if let Some(bad) = text.chars().find(|c| {
        !(c.is_ascii_digit() || matches!(c, ',' | '*' | '/' | '-') || allowed.contains(c))
    }) {
        return Err(CronError::invalid(
            field,
            format!(
                "{} \"{raw}\" has an invalid character '{bad}'",
                field.label()
            ),
        ));
    }
    let mut nth = 0;
    let mut body = text.as_str();
    if field == CronField::DayOfWeek && text.contains('#') {
        if text.contains([',', '-', '/', '*', '?', 'L']) {
            return Err(CronError::invalid(
                field,
                format!(
                    "day-of-week \"{raw}\": # takes a single weekday (1#2 = second Monday), not a list, range, step or wildcard"
                ),
            ));
        }
        let mut parts = text.split('#');
        let (Some(day), Some(k), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(CronError::invalid(
                field,
                format!("day-of-week \"{raw}\" has more than one #"),
            ));
        };
        if day.contains([',', '-', '/', '*', '?', 'L']) || day.is_empty() {
            return Err(CronError::invalid(
                field,
                format!(
                    "day-of-week \"{raw}\": # takes a single weekday (1#2 = second Monday), not a list, range, step or wildcard"
                ),
            ));
        }
        nth = match k.parse::<u32>() {
            Ok(n) if (1..=5).contains(&n) && k.len() == 1 => n,
            _ => {
                return Err(CronError::invalid(
                    field,
                    format!("day-of-week \"{raw}\": the occurrence after # must be 1–5"),
                ))
            }
        };
        body = day;
    }
    let mut atoms = Vec::new();
    for atom in body.split(',') {
        if atom.is_empty() {
            return Err(CronError::invalid(
                field,
                format!("{} \"{raw}\" has an empty list item", field.label()),
            ));
        }
        parse_atom(field, atom, &mut atoms)?;
    }
    if let Some(dup) = first_duplicate(&atoms) {
        let sunday = if field == CronField::DayOfWeek && dup == Atom::Num(0) {
            " (7 is Sunday too, like 0)"
        } else {
            ""
        };
        return Err(CronError::invalid(
            field,
            format!(
                "{} \"{raw}\" selects {} twice{sunday}; cron-parser throws on duplicates",
                field.label(),
                describe_atom(dup)
            ),
        ));
    }
    Ok((atoms, nth))
}

/// The duplicate cron-parser throws on: it sorts the values and stops at the first one it meets
/// twice, so the smallest atom (in `Atom`'s order) that occurs more than once. Bit sets instead of
/// a sort (a sort's code is several KB of wasm): every value is a field value, at most 59.
fn first_duplicate(atoms: &[Atom]) -> Option<Atom> {
    // [Num, Last, LastWeekday]: each kind's values seen once, and seen twice.
    let (mut once, mut twice) = ([0u64; 3], [0u64; 3]);
    for atom in atoms {
        let (kind, value) = match *atom {
            Atom::Num(n) => (0, n),
            Atom::Last => (1, 0),
            Atom::LastWeekday(n) => (2, n),
        };
        let bit = 1u64.checked_shl(value).unwrap_or(0);
        if let (Some(o), Some(t)) = (once.get_mut(kind), twice.get_mut(kind)) {
            *t |= *o & bit;
            *o |= bit;
        }
    }
    let [num, last, weekday] = twice;
    if num != 0 {
        Some(Atom::Num(num.trailing_zeros()))
    } else if last != 0 {
        Some(Atom::Last)
    } else if weekday != 0 {
        Some(Atom::LastWeekday(weekday.trailing_zeros()))
    } else {
        None
    }
}

/// Splits like the server's regex `^\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*$`.
fn split_fields(expr: &str) -> Result<[&str; 5], CronError> {
    let parts: Vec<&str> = expr.split_whitespace().collect();
    match parts.as_slice() {
        [a, b, c, d, e] => Ok([a, b, c, d, e]),
        _ => {
            let hint = if expr.trim_start().starts_with('@') {
                " (@daily and other aliases are refused by the server; write 0 0 * * *)"
            } else if parts.len() == 6 {
                " (seconds are not supported: drop the first field)"
            } else {
                ""
            };
            Err(CronError::new(
                CronErrorKind::FieldCount,
                None,
                format!(
                    "a schedule has 5 fields (minute hour day-of-month month day-of-week), found {}{hint}",
                    parts.len()
                ),
            ))
        }
    }
}

fn bits<T>(atoms: &[Atom], to: impl Fn(u32) -> T, or: impl Fn(T, T) -> T, zero: T) -> T
where
    T: Copy,
{
    atoms.iter().fold(zero, |acc, a| match a {
        Atom::Num(n) => or(acc, to(*n)),
        _ => acc,
    })
}

impl Cron {
    /// Parses a 5-field expression (field count, then every field, then whether it ever fires).
    pub fn parse(expr: &str) -> Result<Self, CronError> {
        // Real schedules are a few dozen characters; without a cap, a list of repeated ranges
        // expands to memory in proportion to the sum of its ranges (docs/robustness.md, R5).
        if expr.len() > MAX_EXPRESSION_LEN {
            return Err(CronError::new(
                CronErrorKind::Invalid,
                None,
                format!(
                    "the schedule is {} characters long; at most {MAX_EXPRESSION_LEN} are accepted",
                    expr.len()
                ),
            ));
        }
        let [minute, hour, dom, month, dow] = split_fields(expr)?;
        let (minute_atoms, _) = parse_field(CronField::Minute, minute)?;
        let (hour_atoms, _) = parse_field(CronField::Hour, hour)?;
        let (dom_atoms, _) = parse_field(CronField::DayOfMonth, dom)?;
        let (month_atoms, _) = parse_field(CronField::Month, month)?;
        let (dow_atoms, nth) = parse_field(CronField::DayOfWeek, dow)?;
        let fields = Fields {
            minutes: bits(&minute_atoms, |n| 1u64 << (n & 63), |a, b| a | b, 0),
            hours: bits(&hour_atoms, |n| 1u32 << (n & 31), |a, b| a | b, 0),
            days_of_month: bits(&dom_atoms, |n| 1u32 << (n & 31), |a, b| a | b, 0),
            last_day_of_month: dom_atoms.contains(&Atom::Last),
            dom_wildcard: dom == "*" || dom == "?",
            months: bits(&month_atoms, |n| 1u16 << (n & 15), |a, b| a | b, 0),
            // 7 only ever matches through the 0 that cron-parser adds for it.
            days_of_week: bits(
                &dow_atoms,
                |n| if n < 7 { 1u8 << n } else { 0 },
                |a, b| a | b,
                0,
            ),
            last_weekdays: dow_atoms.iter().fold(0u8, |acc, a| match a {
                Atom::LastWeekday(n) => acc | (1u8 << (n % 7)),
                _ => acc,
            }),
            dow_wildcard: dow == "*" || dow == "?",
            nth,
        };
        // Only a bug of ours could make croner refuse the canonical pattern; say so, don't panic.
        let engine = Engine::new(&fields)
            .map_err(|reason| CronError::new(CronErrorKind::Invalid, None, reason))?;
        fields.check_fires(&engine)?;
        Ok(Cron { fields, engine })
    }

    /// Whether the schedule fires at this instant (whole minutes only).
    pub fn matches(&self, unix_ms: i64) -> bool {
        self.engine.matches(unix_ms)
    }

    /// The first fire time strictly after `after_ms`, searching at most `MAX_GAP_DAYS` days.
    pub fn next_after(&self, after_ms: i64) -> Option<i64> {
        let start = after_ms
            .div_euclid(MS_PER_MINUTE)
            .checked_add(1)?
            .checked_mul(MS_PER_MINUTE)?;
        self.engine.next_from(start, MAX_GAP_DAYS)
    }

    /// Short English, e.g. "every day at 02:30 UTC", "every 15 minutes",
    /// "at 09:00 UTC on Monday through Friday".
    pub fn describe(&self) -> String {
        self.fields.describe()
    }
}

impl Fields {
    /// Whether some day fires at least once a year, read from the sets: every month has the
    /// days 1–28 and a last day, every weekday, its 1st to 4th and its last occurrence.
    fn fires_every_year(&self) -> bool {
        let dom_yearly =
            self.dom_wildcard || self.days_of_month & 0x1fff_fffe != 0 || self.last_day_of_month;
        let dow_yearly = self.nth <= 4 && (self.days_of_week != 0 || self.last_weekdays != 0);
        match (self.dom_wildcard, self.dow_wildcard) {
            (_, true) => dom_yearly,
            (true, false) => dow_yearly,
            (false, false) => dom_yearly || dow_yearly,
        }
    }

    /// Scans one full 400-year Gregorian cycle (which repeats weekdays too) for firing days,
    /// asking the engine whether each day's first selected minute fires. Only schedules that
    /// [`Self::fires_every_year`] cannot vouch for get here, and those can fire on days 29–31
    /// only (a day-of-month limited to them, or the 5th weekday `n#5`): just those are asked.
    fn check_fires(&self, engine: &Engine) -> Result<(), CronError> {
        if self.fires_every_year() {
            return Ok(());
        }
        let first_minute =
            i64::from(self.hours.trailing_zeros()) * 60 + i64::from(self.minutes.trailing_zeros());
        let start = days_from_civil(2000, 1, 1);
        let mut first: Option<i64> = None;
        let mut previous: Option<i64> = None;
        let mut max_gap = 0i64;
        for (year, month) in (2000..2400).flat_map(|y| (1..=12).map(move |m| (y, m))) {
            for d in 29..=days_in_month(year, month) {
                let day = days_from_civil(year, month, d) - start;
                if engine.matches((start + day) * MS_PER_DAY + first_minute * MS_PER_MINUTE) {
                    if let Some(p) = previous {
                        max_gap = max_gap.max(day - p);
                    }
                    first.get_or_insert(day);
                    previous = Some(day);
                }
            }
        }
        let (Some(first), Some(last)) = (first, previous) else {
            return Err(CronError::new(
                CronErrorKind::NeverFires,
                None,
                self.never_fires_reason(),
            ));
        };
        max_gap = max_gap.max(first + 146_097 - last);
        if max_gap > MAX_GAP_DAYS {
            return Err(CronError::new(
                CronErrorKind::TooRare,
                None,
                format!(
                    "the schedule can go {} years without firing; cron-parser gives up searching and throws in the worker",
                    max_gap / 365
                ),
            ));
        }
        Ok(())
    }

    fn never_fires_reason(&self) -> String {
        if self.dow_wildcard && self.nth == 0 {
            format!(
                "the schedule never fires: day-of-month {} does not occur in {}",
                join_and(
                    &set_words(u64::from(self.days_of_month), 1, 31, &|n| n.to_string()),
                    "or"
                ),
                join_and(&set_words(u64::from(self.months), 1, 12, &month_name), "or")
            )
        } else {
            "the schedule never fires: no day matches the day-of-month or day-of-week field"
                .to_owned()
        }
    }
}

/// Parses a schedule: the typed form of [`validate`].
pub fn parse(expr: &str) -> Result<Cron, CronError> {
    Cron::parse(expr)
}

/// Validates a schedule; issues have an empty path (callers nest them under `schedule`).
pub fn validate(expr: &str) -> Vec<Issue> {
    match Cron::parse(expr) {
        Ok(_) => Vec::new(),
        Err(e) => match e.rule() {
            Some(rule) => vec![Issue::new(rule, Vec::new(), e.message)],
            None => Vec::new(),
        },
    }
}

/// The next `count` fire times (unix ms, UTC) strictly after `from_unix_ms` — exactly the
/// times cron-parser's `next()` yields from that date. Fails on an invalid schedule, a start
/// outside the JS `Date` range, `count` above [`MAX_COUNT`], or no fire within 10 years.
pub fn next_times(expr: &str, from_unix_ms: f64, count: usize) -> Result<Vec<i64>, CronError> {
    let cron = Cron::parse(expr)?;
    if !from_unix_ms.is_finite() || from_unix_ms.abs() > 8.64e15 {
        return Err(CronError::new(
            CronErrorKind::BadArgument,
            None,
            "the start time must be a finite unix time in milliseconds within the JavaScript Date range",
        ));
    }
    if count > MAX_COUNT {
        return Err(CronError::new(
            CronErrorKind::BadArgument,
            None,
            format!("at most {MAX_COUNT} fire times can be computed at once"),
        ));
    }
    // In range by the check above.
    #[allow(clippy::cast_possible_truncation)]
    let mut from = from_unix_ms.floor() as i64;
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        match cron.next_after(from) {
            Some(t) if t <= JS_DATE_LIMIT_MS => {
                out.push(t);
                from = t;
            }
            Some(_) => {
                return Err(CronError::new(
                    CronErrorKind::BadArgument,
                    None,
                    "fire times beyond the JavaScript Date range",
                ))
            }
            None => {
                return Err(CronError::new(
                    CronErrorKind::NeverFires,
                    None,
                    format!(
                        "no fire time within 10 years after {}",
                        format_iso_utc(from)
                    ),
                ))
            }
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// describe

const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn month_name(n: u32) -> String {
    MONTHS
        .get(n.wrapping_sub(1) as usize)
        .copied()
        .unwrap_or("?")
        .to_owned()
}

fn weekday_name(n: u32) -> String {
    WEEKDAYS.get(n as usize).copied().unwrap_or("?").to_owned()
}

fn members(set: u64, lo: u32, hi: u32) -> Vec<u32> {
    (lo..=hi).filter(|i| set & (1u64 << i) != 0).collect()
}

/// Set members as words, consecutive runs of 3+ written "A through B".
/// Takes `&dyn Fn` and a plain `u64`: one copy in the wasm for every kind of field and name.
fn set_words(set: u64, lo: u32, hi: u32, name: &dyn Fn(u32) -> String) -> Vec<String> {
    let values = members(set, lo, hi);
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&start) = values.get(i) {
        let mut j = i;
        while values.get(j + 1) == Some(&(values.get(j).copied().unwrap_or(0) + 1)) {
            j += 1;
        }
        let end = values.get(j).copied().unwrap_or(start);
        if j >= i + 2 {
            out.push(format!("{} through {}", name(start), name(end)));
        } else {
            for v in values.get(i..=j).unwrap_or(&[]) {
                out.push(name(*v));
            }
        }
        i = j + 1;
    }
    out
}

fn join_and(words: &[String], conj: &str) -> String {
    match words {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} {conj} {last}", init.join(", ")),
    }
}

/// `Some(step)` when the set is exactly lo, lo+step, … covering the field from `lo`.
fn uniform_step(values: &[u32], lo: u32, hi: u32) -> Option<u32> {
    let (&first, &second) = (values.first()?, values.get(1)?);
    let step = second - first;
    let expected: Vec<u32> = (lo..=hi).step_by(step as usize).collect();
    (first == lo && step > 1 && values == expected.as_slice()).then_some(step)
}

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (1, 11) | (2, 12) | (3, 13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

impl Fields {
    fn describe_time(&self) -> String {
        let minutes = members(self.minutes, 0, 59);
        let hours = members(u64::from(self.hours), 0, 23);
        let all_hours = hours.len() == 24;
        match (minutes.as_slice(), hours.as_slice()) {
            (m, _) if m.len() == 60 && all_hours => "every minute".to_owned(),
            (m, _) if all_hours && uniform_step(m, 0, 59).is_some() => {
                format!("every {} minutes", uniform_step(m, 0, 59).unwrap_or(1))
            }
            ([0], _) if all_hours => "every hour".to_owned(),
            ([0], hs) if hs.len() >= 3 && uniform_step(hs, 0, 23).is_some() => {
                format!("every {} hours", uniform_step(hs, 0, 23).unwrap_or(1))
            }
            ([m], hs) if hs.len() >= 3 && uniform_step(hs, 0, 23).is_some() => format!(
                "every {} hours at minute {m}",
                uniform_step(hs, 0, 23).unwrap_or(1)
            ),
            ([m], _) if all_hours => format!("every hour at minute {m}"),
            (ms, hs) if hs.len() * ms.len() <= 4 => {
                let times: Vec<String> = hs
                    .iter()
                    .flat_map(|h| ms.iter().map(move |m| format!("{h:02}:{m:02}")))
                    .collect();
                format!("at {} UTC", join_and(&times, "and"))
            }
            (m, _) if m.len() == 60 => format!(
                "every minute during hour {} UTC",
                join_and(
                    &set_words(u64::from(self.hours), 0, 23, &|h| format!("{h:02}")),
                    "and"
                )
            ),
            (m, hs) => {
                let minute_text = match uniform_step(m, 0, 59) {
                    Some(step) => format!("every {step} minutes"),
                    None => format!(
                        "at minute {}",
                        join_and(&set_words(self.minutes, 0, 59, &|n| n.to_string()), "and")
                    ),
                };
                let hour_text = match uniform_step(hs, 0, 23) {
                    Some(step) => format!("every {step} hours"),
                    None if all_hours => "every hour".to_owned(),
                    None => format!(
                        "during hour {} UTC",
                        join_and(
                            &set_words(u64::from(self.hours), 0, 23, &|h| format!("{h:02}")),
                            "and"
                        )
                    ),
                };
                format!("{minute_text}, {hour_text}")
            }
        }
    }

    fn describe_days(&self) -> Option<String> {
        let dom_words = {
            let mut w = set_words(u64::from(self.days_of_month), 1, 31, &ordinal);
            if self.last_day_of_month {
                w.push("last day".to_owned());
            }
            w
        };
        let dow_words = {
            let mut w = set_words(u64::from(self.days_of_week), 0, 6, &weekday_name);
            for d in members(u64::from(self.last_weekdays), 0, 6) {
                w.push(format!("the last {} of the month", weekday_name(d)));
            }
            w
        };
        let all_weekdays = self.days_of_week == 0x7f;
        let all_dom = self.days_of_month == 0xffff_fffe;
        let dom_text = format!("on the {} of the month", join_and(&dom_words, "and"));
        let dow_text = if self.nth > 0 {
            format!(
                "on the {} {} of the month",
                ordinal(self.nth),
                join_and(&dow_words, "or")
            )
        } else {
            format!("on {}", join_and(&dow_words, "and"))
        };
        let dom_restricted = !self.dom_wildcard && (!all_dom || self.last_day_of_month);
        let dow_restricted = !self.dow_wildcard && (self.nth > 0 || !all_weekdays);
        match (self.dom_wildcard, self.dow_wildcard) {
            (false, false) if dom_restricted && dow_restricted => {
                Some(format!("{dom_text} or {dow_text}"))
            }
            // Both restricted but one covers every day: the OR fires every day.
            (false, false) => None,
            (true, false) if dow_restricted => Some(dow_text),
            (_, true) if dom_restricted => Some(dom_text),
            _ => None,
        }
    }

    fn describe_months(&self) -> Option<String> {
        (self.months != 0x1ffe).then(|| {
            format!(
                "in {}",
                join_and(
                    &set_words(u64::from(self.months), 1, 12, &month_name),
                    "and"
                )
            )
        })
    }

    fn describe(&self) -> String {
        let time = self.describe_time();
        let days = self.describe_days();
        let months = self.describe_months();
        let mut out = match (&days, time.starts_with("at ")) {
            (None, true) => format!("every day {time}"),
            _ => time,
        };
        for part in [days, months].into_iter().flatten() {
            out.push(' ');
            out.push_str(&part);
        }
        out
    }
}

/// Short English description of a valid schedule.
pub fn describe(expr: &str) -> Result<String, CronError> {
    Ok(Cron::parse(expr)?.describe())
}
