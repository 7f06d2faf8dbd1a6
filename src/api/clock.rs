//! Time, as the client core sees it: a [`Clock`] (now, sleep) the host provides, and the jitter
//! of backoff delays from a seeded generator, so tests drive both deterministically.

use std::cell::Cell;

use super::transport::LocalFuture;

/// Milliseconds and sleeps. The wasm build uses `Date.now` and `setTimeout`; tests a fake clock
/// that jumps to the next deadline. A dropped sleep must release its timer.
pub trait Clock {
    /// Milliseconds since the Unix epoch (`Date.now()`; a fake clock may start at 0), never going
    /// backwards within one client. An HTTP-date `Retry-After` is measured against it.
    fn now_ms(&self) -> f64;
    /// Resolves once `ms` milliseconds have passed.
    fn sleep(&self, ms: f64) -> LocalFuture<'static, ()>;
}

/// Uniform numbers in [0, 1) for backoff jitter (SplitMix64: tiny, good enough to spread the
/// retries of many clients; not for anything secret).
#[derive(Debug)]
pub struct Jitter(Cell<u64>);

impl Jitter {
    pub fn new(seed: u64) -> Self {
        Self(Cell::new(seed))
    }

    pub fn next(&self) -> f64 {
        let state = self.0.get().wrapping_add(0x9E37_79B9_7F4A_7C15);
        self.0.set(state);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        // The top 53 bits, as a fraction.
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_is_seeded_and_in_range() {
        let (a, b) = (Jitter::new(7), Jitter::new(7));
        let xs: Vec<f64> = (0..1000).map(|_| a.next()).collect();
        assert!(xs.iter().all(|x| (0.0..1.0).contains(x)));
        assert_eq!(xs.first().copied(), Some(b.next()));
        let mean = xs.iter().sum::<f64>() / 1000.0;
        assert!((0.4..0.6).contains(&mean), "{mean}");
        assert_ne!(Jitter::new(8).next(), Jitter::new(7).next());
    }
}
