//! The random streams a fault plan draws from: one [`SplitMix64`] stream per request, forked
//! from the seed by endpoint, order id and request number, so that a request's fault depends on
//! nothing else (not on how concurrent requests interleave).

use super::Endpoint;
use msp_core::prng::SplitMix64;

/// The stream for the `nth` request to `endpoint` naming `order_id`, under `seed`.
pub(super) fn stream(seed: u64, endpoint: Endpoint, order_id: &str, nth: u32) -> SplitMix64 {
    let stream = fork(SplitMix64::new(seed), endpoint.salt());
    let stream = fork(stream, fnv1a(order_id.as_bytes()));
    fork(stream, u64::from(nth))
}

/// A new stream, determined by `stream`'s next word and `salt`.
fn fork(mut stream: SplitMix64, salt: u64) -> SplitMix64 {
    SplitMix64::new(stream.next_u64() ^ salt.wrapping_mul(0xD6E8_FEB8_6659_FD93))
}

/// FNV-1a, to turn an order id into a salt (and a key of the request numbering).
pub(super) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xCBF2_9CE4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_published_vectors() {
        // From the FNV reference test suite (http://www.isthe.com/chongo/tech/comp/fnv/).
        assert_eq!(fnv1a(b""), 0xCBF2_9CE4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xAF63_DC4C_8601_EC8C);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_F739_67E8);
    }

    #[test]
    fn every_input_changes_the_stream() {
        let mut base = stream(1, Endpoint::CreateOrder, "a", 0);
        let first = base.next_u64();
        for mut other in [
            stream(2, Endpoint::CreateOrder, "a", 0),
            stream(1, Endpoint::GetOrder, "a", 0),
            stream(1, Endpoint::CreateOrder, "b", 0),
            stream(1, Endpoint::CreateOrder, "a", 1),
        ] {
            assert_ne!(other.next_u64(), first);
        }
        assert_eq!(
            stream(1, Endpoint::CreateOrder, "a", 0).next_u64(),
            first,
            "the same inputs, the same stream"
        );
    }
}
