//! SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", 2014):
//! small, fast and well mixed. The client's retry jitter and the sandbox's seeded faults need
//! spread and reproducibility, not secrecy: never use it for keys or tokens.

/// The increment of the generator's state: the golden ratio in 64 bits.
const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// One SplitMix64 step as a function: mixes `x` plus the golden-ratio increment into a
/// well-spread word. The `n`-th output (from 0) of [`SplitMix64::new(seed)`](SplitMix64::new) is
/// `splitmix(seed + n * 0x9E37_79B9_7F4A_7C15)`.
pub fn splitmix(x: u64) -> u64 {
    let mut x = x.wrapping_add(GAMMA);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// The SplitMix64 generator: a stream of words drawn from a seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// The stream drawn from `seed`.
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    /// The next word.
    pub fn next_u64(&mut self) -> u64 {
        let word = splitmix(self.state);
        self.state = self.state.wrapping_add(GAMMA);
        word
    }

    /// The next draw, uniform in `[0, 1)` (the word's top 53 bits).
    pub fn next_unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_reference_outputs() {
        // The first outputs for seed 1234567 of the reference implementation
        // (https://prng.di.unimi.it/splitmix64.c).
        let mut rng = SplitMix64::new(1_234_567);
        let words: Vec<u64> = (0..5).map(|_| rng.next_u64()).collect();
        assert_eq!(
            words,
            [
                6_457_827_717_110_365_317,
                3_203_168_211_198_807_973,
                9_817_491_932_198_370_423,
                4_593_380_528_125_082_431,
                16_408_922_859_458_223_821,
            ]
        );
    }

    #[test]
    fn the_generator_steps_the_function() {
        let mut rng = SplitMix64::new(42);
        for n in 0..4u64 {
            assert_eq!(
                rng.next_u64(),
                splitmix(42u64.wrapping_add(n.wrapping_mul(GAMMA)))
            );
        }
    }

    #[test]
    fn units_are_in_the_half_open_interval() {
        let mut rng = SplitMix64::new(7);
        let draws: Vec<f64> = (0..10_000).map(|_| rng.next_unit()).collect();
        assert!(draws.iter().all(|u| (0.0..1.0).contains(u)));
        let mean = draws.iter().sum::<f64>() / draws.len() as f64;
        assert!((0.49..0.51).contains(&mean), "{mean}");
    }
}
