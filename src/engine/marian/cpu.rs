//! Which instruction set the engine's kernels use: the widest this CPU has, or the one `DICH_CPU` forces.
//!
//! `DICH_CPU=avx512|avx2|portable` (any case; empty or `auto`: detect) picks the f32 products, attention, softmax
//! and int8 products of one family, so that any machine can measure a narrower path (an AVX-512 server measuring
//! what an AVX2-only desktop runs). `avx512` is the 512-bit kernels (int8: AVX-512 VNNI, and AMX from 8 rows where
//! the CPU has it); `avx2` is AVX2 + FMA (int8: `vpmaddubsw`, without VNNI, as AMD Zen 2/3 and older Intel); and
//! `portable` plain Rust. An unknown value, or a kernel this CPU cannot run, is an error (the engine does not load)
//! rather than a silent fallback: a measurement must not quietly run another kernel than the one asked.

use std::sync::OnceLock;

use crate::t;

/// The environment variable that forces a kernel family.
pub const CPU_ENV: &str = "DICH_CPU";

/// A family of kernels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Isa {
    /// Plain Rust (what the compiler makes of it for the baseline CPU).
    Portable,
    /// AVX2 and FMA, 16 registers of 256 bits.
    Avx2,
    /// AVX-512 (F, BW, VNNI for int8), 32 registers of 512 bits.
    Avx512,
}

impl Isa {
    /// The name `DICH_CPU` takes.
    pub fn name(self) -> &'static str {
        match self {
            Isa::Portable => "portable",
            Isa::Avx2 => "avx2",
            Isa::Avx512 => "avx512",
        }
    }

    /// Whether this CPU runs the family.
    pub fn runs_here(self) -> bool {
        match self {
            Isa::Portable => true,
            #[cfg(target_arch = "x86_64")]
            Isa::Avx2 => std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma"),
            #[cfg(target_arch = "x86_64")]
            Isa::Avx512 => {
                std::is_x86_feature_detected!("avx512f")
                    && std::is_x86_feature_detected!("avx512bw")
                    && std::is_x86_feature_detected!("avx512vnni")
                    && Isa::Avx2.runs_here()
            }
            #[cfg(not(target_arch = "x86_64"))]
            _ => false,
        }
    }

    /// The widest family this CPU runs.
    pub fn widest() -> Isa {
        [Isa::Avx512, Isa::Avx2].into_iter().find(|isa| isa.runs_here()).unwrap_or(Isa::Portable)
    }

    /// The family a `DICH_CPU` value asks for: `None`, empty or `auto` is the widest `runs` allows; an unknown name
    /// or a family `runs` refuses is an error message naming the variable and what this CPU can run.
    pub fn choose(value: Option<&str>, runs: impl Fn(Isa) -> bool) -> Result<Isa, String> {
        let all = [Isa::Avx512, Isa::Avx2, Isa::Portable];
        let usable: Vec<&str> = all.iter().filter(|&&isa| runs(isa)).map(|isa| isa.name()).collect();
        let value = value.map(str::trim).unwrap_or("");
        if value.is_empty() || value.eq_ignore_ascii_case("auto") {
            return Ok(all.into_iter().find(|&isa| runs(isa)).unwrap_or(Isa::Portable));
        }
        let Some(isa) = all.into_iter().find(|isa| isa.name().eq_ignore_ascii_case(value)) else {
            return Err(t!("marian-cpu-unknown", variable = CPU_ENV, value = value, usable = usable.join(", ")));
        };
        if !runs(isa) {
            return Err(t!("marian-cpu-unavailable", variable = CPU_ENV, value = value, usable = usable.join(", ")));
        }
        Ok(isa)
    }
}

/// The family `DICH_CPU` asks for on this CPU (read once), or why it cannot be used.
pub fn selected() -> Result<Isa, String> {
    static SELECTED: OnceLock<Result<Isa, String>> = OnceLock::new();
    SELECTED.get_or_init(|| Isa::choose(std::env::var(CPU_ENV).ok().as_deref(), Isa::runs_here)).clone()
}

/// Whether `DICH_CPU` names a family (rather than being unset, empty or `auto`).
pub fn forced() -> bool {
    std::env::var(CPU_ENV).is_ok_and(|v| !v.trim().is_empty() && !v.trim().eq_ignore_ascii_case("auto"))
}

/// The family the kernels use: [`selected`], or the widest this CPU has when `DICH_CPU` is unusable (the engine
/// refuses to load then, see `MarianEngine::load`; this only serves code that calls the kernels directly).
pub fn isa() -> Isa {
    selected().unwrap_or_else(|_| Isa::widest())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dich_cpu_picks_a_family_or_says_what_runs_here() {
        let all = |_: Isa| true;
        let no_avx512 = |isa: Isa| isa != Isa::Avx512;
        assert_eq!(Isa::choose(None, all), Ok(Isa::Avx512));
        assert_eq!(Isa::choose(Some(""), no_avx512), Ok(Isa::Avx2));
        assert_eq!(Isa::choose(Some("auto"), |isa| isa == Isa::Portable), Ok(Isa::Portable));
        assert_eq!(Isa::choose(Some(" AVX2 "), all), Ok(Isa::Avx2));
        assert_eq!(Isa::choose(Some("portable"), no_avx512), Ok(Isa::Portable));
        let unknown = Isa::choose(Some("sse9"), no_avx512).unwrap_err();
        assert!(unknown.contains("DICH_CPU") && unknown.contains("\"sse9\""), "{unknown}");
        assert!(unknown.contains("avx2, portable"), "{unknown}");
        let missing = Isa::choose(Some("avx512"), no_avx512).unwrap_err();
        assert!(missing.contains("avx512") && missing.contains("avx2, portable"), "{missing}");
        assert_ne!(unknown, missing);
        // What the kernels use is always something this CPU runs.
        assert!(isa().runs_here() && Isa::widest().runs_here());
    }
}
