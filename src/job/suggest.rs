//! "Did you mean": the known name nearest to a misspelled one. One implementation for every
//! suggestion (unknown job-definition keys, unknown deployment fields, the language service's
//! quick fixes), so a hint and its fix always name the same key.

/// Words longer than this get no suggestion: no key, field or enum value is near them, and the
/// edit distance costs time in proportion to the word's length (docs/robustness.md, R1).
pub(crate) const MAX_SUGGESTED_LEN: usize = 64;

/// Lower-case ASCII letters and digits only: `rotationTime`, `rotation-time` and `ROTATION_TIME`
/// all become `rotationtime`. ASCII only: Unicode case tables would cost the wasm ~10 KB.
fn normalize(s: &str) -> String {
    s.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The one candidate nearest to `word`, when it is near enough to be a typo of it:
/// 1. the only candidate equal to `word` ignoring case, `_` and `-` (`rotationTime` →
///    `rotation_time`), else
/// 2. the only candidate at the smallest optimal-string-alignment distance (edits and swaps of
///    neighbours, on the normalised words), when that distance is at most 2 and at most half the
///    word's length.
///
/// Two candidates equally near give no suggestion: a guess between them would be a coin toss.
/// The cost is bounded: words over [`MAX_SUGGESTED_LEN`] bytes are skipped, and so is every
/// candidate whose length differs by more than 2 (the distance could not be 2 or less).
pub(crate) fn nearest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    if word.len() > MAX_SUGGESTED_LEN {
        return None;
    }
    let same: Vec<&'c str> = candidates
        .iter()
        .copied()
        .filter(|c| c.eq_ignore_ascii_case(word))
        .collect();
    if let [one] = same.as_slice() {
        return Some(one);
    }
    let wanted = normalize(word);
    let normalized: Vec<(&'c str, String)> =
        candidates.iter().map(|c| (*c, normalize(c))).collect();
    let equal: Vec<&'c str> = normalized
        .iter()
        .filter(|(_, n)| *n == wanted)
        .map(|(c, _)| *c)
        .collect();
    match equal.as_slice() {
        [one] => return Some(one),
        [] => {}
        _ => return None,
    }
    let limit = (wanted.len() / 2).min(2);
    let mut best: Option<(usize, Vec<&'c str>)> = None;
    for (c, n) in &normalized {
        if n.len().abs_diff(wanted.len()) > limit {
            continue;
        }
        let distance = strsim::osa_distance(&wanted, n);
        match &mut best {
            Some((d, found)) if distance == *d => found.push(c),
            Some((d, _)) if distance > *d => {}
            _ => best = Some((distance, vec![c])),
        }
    }
    let (distance, found) = best?;
    match found.as_slice() {
        [one] if distance > 0 && distance <= limit => Some(one),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_of_one_candidate_are_found() {
        assert_eq!(nearest("imgae", &["image", "cmd"]), Some("image"));
        assert_eq!(nearest("IMAGE", &["image", "cmd"]), Some("image"));
        assert_eq!(nearest("contaner", &["container"]), Some("container"));
        assert_eq!(
            nearest("rotationTime", &["rotation_time", "timeout"]),
            Some("rotation_time")
        );
        assert_eq!(
            nearest("on_failure", &["no", "on-failure"]),
            Some("on-failure")
        );
        assert_eq!(
            nearest("dependson", &["depends_on", "group"]),
            Some("depends_on")
        );
    }

    #[test]
    fn far_or_ambiguous_words_get_nothing() {
        assert_eq!(nearest("xyz", &["image", "cmd"]), None);
        // "ab" is 1 from both, and under half of a 2-letter word anyway.
        assert_eq!(nearest("ab", &["aa", "bb"]), None);
        assert_eq!(nearest("envs", &["env", "envy"]), None);
        assert_eq!(nearest("", &["a"]), None);
        assert_eq!(nearest("image", &[]), None);
    }

    #[test]
    fn long_words_get_nothing() {
        let at_limit = format!("{}x", "a".repeat(MAX_SUGGESTED_LEN - 1));
        let candidate = "a".repeat(MAX_SUGGESTED_LEN);
        assert_eq!(nearest(&at_limit, &[&candidate]), Some(candidate.as_str()));
        let beyond = format!("{at_limit}a");
        let candidate = "a".repeat(MAX_SUGGESTED_LEN + 1);
        assert_eq!(nearest(&beyond, &[&candidate]), None);
    }
}
