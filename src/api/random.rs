//! Random bytes, as the client core sees them: the host provides them (the JS side's
//! `crypto.getRandomValues`), tests a fixed sequence. Used for idempotency keys, which must not
//! collide between clients but need not be secret.

/// Fills buffers with random bytes.
pub trait Random {
    fn fill(&self, buf: &mut [u8]);
}

/// A random UUID (version 4, RFC 9562 layout): `xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`.
pub fn uuid_v4(random: &dyn Random) -> String {
    let mut b = [0u8; 16];
    random.fill(&mut b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    // 8-4-4-4-12 hex digits.
    let mut out = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        crate::diagnostics::push_hex(&mut out, u32::from(*byte), 2, false);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixed(u8);
    impl Random for Fixed {
        fn fill(&self, buf: &mut [u8]) {
            buf.fill(self.0);
        }
    }

    #[test]
    fn uuid_v4_sets_version_and_variant() {
        assert_eq!(
            uuid_v4(&Fixed(0xff)),
            "ffffffff-ffff-4fff-bfff-ffffffffffff"
        );
        assert_eq!(uuid_v4(&Fixed(0)), "00000000-0000-4000-8000-000000000000");
    }
}
