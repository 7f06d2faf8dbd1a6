//! Decimal numbers in strings, without core's `<f64 as FromStr>` (dec2flt, ~4 KB of wasm): the
//! grammar of `str::parse::<f64>` is checked by hand and the value comes from serde_json's parser,
//! which the crate links anyway.

/// The parts of a string that `str::parse::<f64>` accepts: `[+-]? (inf | infinity | nan)` (any
/// case), or `[+-]? digits? (. digits?)? ([eE] [+-]? digits)?` with at least one mantissa digit.
enum Float<'s> {
    Infinite,
    NaN,
    Finite {
        negative: bool,
        int: &'s str,
        frac: &'s str,
        exp: Option<&'s str>,
    },
}

fn digits(s: &str) -> usize {
    s.bytes().take_while(u8::is_ascii_digit).count()
}

fn split(s: &str) -> Option<Float<'_>> {
    let (negative, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, s.get(1..)?),
        Some(b'+') => (false, s.get(1..)?),
        _ => (false, s),
    };
    if rest.eq_ignore_ascii_case("inf") || rest.eq_ignore_ascii_case("infinity") {
        return Some(Float::Infinite);
    }
    if rest.eq_ignore_ascii_case("nan") {
        return Some(Float::NaN);
    }
    let int_len = digits(rest);
    let int = rest.get(..int_len)?;
    let mut rest = rest.get(int_len..)?;
    let mut frac = "";
    if let Some(after) = rest.strip_prefix('.') {
        let n = digits(after);
        frac = after.get(..n)?;
        rest = after.get(n..)?;
    }
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let exp = match rest.as_bytes().first() {
        None => None,
        Some(b'e' | b'E') => {
            let e = rest.get(1..)?;
            let unsigned = e.strip_prefix(['+', '-']).unwrap_or(e);
            if unsigned.is_empty() || digits(unsigned) != unsigned.len() {
                return None;
            }
            Some(e)
        }
        Some(_) => return None,
    };
    Some(Float::Finite {
        negative,
        int,
        frac,
        exp,
    })
}

/// Whether `str::parse::<f64>` accepts `s`.
pub(crate) fn is_float(s: &str) -> bool {
    split(s).is_some()
}

/// `s.parse::<f64>().ok()`, for ports and port ranges (exact for integers; other decimals as
/// serde_json reads them).
pub(crate) fn parse_float(s: &str) -> Option<f64> {
    match split(s)? {
        Float::Infinite => Some(f64::INFINITY),
        Float::NaN => Some(f64::NAN),
        Float::Finite {
            negative,
            int,
            frac,
            exp,
        } => {
            if frac.is_empty() && exp.is_none() {
                if let Some(n) = parse_u64(int) {
                    #[allow(clippy::cast_precision_loss)]
                    let value = n as f64;
                    return Some(if negative { -value } else { value });
                }
            }
            // As JSON: no leading zeros, a digit on both sides of the point.
            let int = int.trim_start_matches('0');
            let mut json = String::with_capacity(s.len() + 3);
            if negative {
                json.push('-');
            }
            json.push_str(if int.is_empty() { "0" } else { int });
            if !frac.is_empty() {
                json.push('.');
                json.push_str(frac);
            }
            if let Some(exp) = exp {
                json.push('e');
                json.push_str(exp);
            }
            // serde_json refuses magnitudes beyond f64, where `str::parse` gives infinity.
            Some(serde_json::from_str::<f64>(&json).unwrap_or(if negative {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            }))
        }
    }
}

/// A string of ASCII digits as `u64`; `None` when empty, not all digits, or too large.
pub(crate) fn parse_u64(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    s.bytes().try_fold(0u64, |acc, b| {
        if b.is_ascii_digit() {
            acc.checked_mul(10)?.checked_add(u64::from(b - b'0'))
        } else {
            None
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_str_parse() {
        let cases = [
            "1.e5",
            "1.",
            ".",
            ".5",
            "e5",
            "1e",
            "1e+5",
            "1E-2",
            "+5",
            "-5",
            "080",
            "inf",
            "Infinity",
            "INF",
            "nan",
            "-nan",
            "+inf",
            "infinit",
            "1_0",
            "0x10",
            " 5",
            "5e400",
            "-5e400",
            "-",
            "",
            "8080",
            "65535",
            "0",
            "-0",
            "00",
            "1.5e3",
            "18446744073709551616",
            "99999999999999999999",
            "3.14159",
            "1e-400",
            "5.",
            "+",
            "e",
            "1e+",
            "1e-",
            "abc",
            "80a",
            "8.0.0",
        ];
        for s in cases {
            let expected = s.parse::<f64>().ok();
            let got = parse_float(s);
            assert_eq!(is_float(s), expected.is_some(), "{s:?}");
            match (expected, got) {
                (Some(e), Some(g)) if e.is_nan() => assert!(g.is_nan(), "{s:?}"),
                (e, g) => assert_eq!(e, g, "{s:?}"),
            }
        }
    }
}
