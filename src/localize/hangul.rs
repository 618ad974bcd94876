//! Vietnamese names in Hangul by the National Institute of Korean Language's rules for Vietnamese (외래어
//! 표기법, 베트남어): "Nguyễn Phú Trọng" → "응우옌 푸 쫑", "Phạm Minh Chính" → "팜 민 찐", "Tô Lâm" → "또 럼", as
//! Korean media write them. Names with a settled Korean form (호찌민, 하노이) belong in the term bases.

use super::syllable::{parse, rewrite_names, Parts};

// Jamo indices of the Hangul syllable block (U+AC00 + (initial × 21 + vowel) × 28 + final).
const G: u32 = 0; // ㄱ
const KK: u32 = 1; // ㄲ
const N: u32 = 2; // ㄴ
const D: u32 = 3; // ㄷ
const TT: u32 = 4; // ㄸ
const R: u32 = 5; // ㄹ
const M: u32 = 6; // ㅁ
const B: u32 = 7; // ㅂ
const S: u32 = 9; // ㅅ
const SS: u32 = 10; // ㅆ
const NONE: u32 = 11; // ㅇ (no sound as an initial)
const J: u32 = 12; // ㅈ
const JJ: u32 = 13; // ㅉ
const K: u32 = 15; // ㅋ
const T: u32 = 16; // ㅌ
const P: u32 = 17; // ㅍ
const H: u32 = 18; // ㅎ

// Vowels.
const A: u32 = 0; // ㅏ
const AE: u32 = 1; // ㅐ
const YA: u32 = 2; // ㅑ
const EO: u32 = 4; // ㅓ
const E: u32 = 5; // ㅔ
const YEO: u32 = 6; // ㅕ
const YE: u32 = 7; // ㅖ
const O: u32 = 8; // ㅗ
const WA: u32 = 9; // ㅘ
const YO: u32 = 12; // ㅛ
const U: u32 = 13; // ㅜ
const WO: u32 = 14; // ㅝ
const WI: u32 = 16; // ㅟ
const YU: u32 = 17; // ㅠ
const EU: u32 = 18; // ㅡ
const I: u32 = 20; // ㅣ

// Finals.
const F_G: u32 = 1;
const F_N: u32 = 4;
const F_M: u32 = 16;
const F_B: u32 = 17;
const F_S: u32 = 19;
const F_NG: u32 = 21;

fn block(initial: u32, vowel: u32, last: u32) -> char {
    char::from_u32(0xAC00 + (initial * 21 + vowel) * 28 + last).expect("a Hangul syllable")
}

fn initial(latin: &str) -> u32 {
    match latin {
        "b" | "v" => B,
        "c" | "k" | "q" | "qu" => KK,
        "ch" | "tr" => JJ,
        "d" | "gi" => J,
        "đ" => D,
        "g" | "gh" => G,
        "h" => H,
        "kh" => K,
        "l" | "r" => R,
        "m" => M,
        "n" | "nh" => N,
        "ph" => P,
        "s" => S,
        "t" => TT,
        "th" => T,
        "x" => SS,
        _ => NONE,
    }
}

/// A single vowel letter's Hangul vowel.
fn vowel(c: char) -> Option<u32> {
    Some(match c {
        'a' | 'ă' => A,
        'â' | 'ơ' => EO,
        'e' => AE,
        'ê' => E,
        'i' | 'y' => I,
        'o' | 'ô' => O,
        'u' => U,
        'ư' => EU,
        _ => return None,
    })
}

/// After nh, the first vowel is palatalized: nha → 냐, nhơ → 녀, nho → 뇨, nhu → 뉴, nhê → 녜.
fn palatal(v: u32) -> u32 {
    match v {
        A => YA,
        EO => YEO,
        O => YO,
        U => YU,
        E => YE,
        other => other,
    }
}

fn write(parts: &Parts) -> Option<String> {
    let mut vowels: Vec<u32> = Vec::new();
    let letters: Vec<char> = parts.vowels.chars().collect();
    let mut i = 0;
    while i < letters.len() {
        // "yê" and the "yê" of "uyê" are one sound, 예.
        if letters[i] == 'y' && letters.get(i + 1) == Some(&'ê') {
            vowels.push(YE);
            i += 2;
            continue;
        }
        vowels.push(vowel(letters[i])?);
        i += 1;
    }
    let mut onset = initial(parts.initial);
    let mut out: Vec<(u32, u32, u32)> = Vec::new();
    if matches!(parts.initial, "ng" | "ngh") {
        // ng before a vowel is a syllable of its own: Nguyễn → 응우옌.
        out.push((NONE, EU, F_NG));
        onset = NONE;
    }
    let mut rest = vowels.as_slice();
    if parts.initial == "qu" {
        // qu + a → 꽈, qu + â/ơ → 꿔, qu + y/i → 뀌; otherwise 꾸 and the vowels after.
        let joined = match rest.first() {
            Some(&A) => Some(WA),
            Some(&EO) => Some(WO),
            Some(&I) => Some(WI),
            _ => None,
        };
        match joined {
            Some(v) => {
                out.push((KK, v, 0));
                rest = &rest[1..];
            }
            None => out.push((KK, U, 0)),
        }
        onset = NONE;
    }
    for (n, &v) in rest.iter().enumerate() {
        let v = if n == 0 && parts.initial == "nh" { palatal(v) } else { v };
        out.push((if n == 0 { onset } else { NONE }, v, 0));
    }
    let last_vowel = out.last().map(|s| s.1)?;
    let end = match parts.last {
        "c" => Some(F_G),
        "m" => Some(F_M),
        "n" => Some(F_N),
        "ng" => Some(F_NG),
        "p" => Some(F_B),
        "t" => Some(F_S),
        // nh and ch after i close it (Minh → 민, Chích → 찍); after another vowel they add 인/익 (Thanh → 타인).
        "nh" | "ch" => {
            let close = if parts.last == "nh" { F_N } else { F_G };
            if last_vowel == I {
                Some(close)
            } else {
                out.push((NONE, I, close));
                None
            }
        }
        _ => None,
    };
    if let (Some(end), Some(syllable)) = (end, out.last_mut()) {
        syllable.2 = end;
    }
    Some(out.into_iter().map(|(l, v, t)| block(l, v, t)).collect())
}

/// One Vietnamese syllable in Hangul; `None` when it is not one.
pub fn syllable(word: &str) -> Option<String> {
    parse(word).and_then(|parts| write(&parts))
}

/// Runs of two or more capitalized Vietnamese syllables in `text` (a Korean text where names were left in
/// Latin letters) written in Hangul, a space between syllables as Korean media write names.
pub fn transcribe_names(text: &str) -> String {
    rewrite_names(text, write)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_korean_media_write_them() {
        let names = [
            ("Nguyễn Phú Trọng", "응우옌 푸 쫑"),
            ("Phạm Minh Chính", "팜 민 찐"),
            ("Tô Lâm", "또 럼"),
            ("Lương Cường", "르엉 끄엉"),
            ("Võ Văn Thưởng", "보 반 트엉"),
            ("Trần Thanh Mẫn", "쩐 타인 먼"),
            ("Hồ Chí Minh", "호 찌 민"),
            ("Hà Nội", "하 노이"),
            ("Đà Nẵng", "다 낭"),
            ("Quảng Nam", "꽝 남"),
        ];
        for (latin, hangul) in names {
            assert_eq!(transcribe_names(latin), hangul, "{latin}");
        }
        // Hangul and foreign words stay; a name runs up to the particle after it.
        assert_eq!(transcribe_names("또 럼 서기장과 Tô Lâm 및 Samsung"), "또 럼 서기장과 또 럼 및 Samsung");
        assert_eq!(transcribe_names("서기장 Tô Lâm은"), "서기장 또 럼은");
    }
}
