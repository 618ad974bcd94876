//! Names and codes: with or without Vietnamese diacritics per channel, fixed English forms of a few places,
//! and document codes in ASCII ("QĐ" → "QD").

use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// `text` without diacritics: tone and vowel marks dropped, "Đ"/"đ" → "D"/"d" ("Phan Thiết" → "Phan Thiet").
pub fn fold_diacritics(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'Đ' | 'Ð' => 'D',
            'đ' => 'd',
            other => other,
        })
        .nfc()
        .collect()
}

/// True when a word can only be Vietnamese: it holds đ, ơ, ư, ă, or a hook above, dot below or tilde mark.
fn looks_vietnamese(word: &str) -> bool {
    // Only a word in Latin letters: Russian "й" is "и" with the breve that Vietnamese "ă" has.
    in_latin_letters(word)
        && (word.nfd().any(|c| matches!(c, 'đ' | 'Đ' | '\u{031B}' | '\u{0306}' | '\u{0309}' | '\u{0323}' | '\u{0303}'))
            || word.chars().any(|c| matches!(c, 'ơ' | 'ư' | 'ă' | 'Ơ' | 'Ư' | 'Ă')))
}

/// True when every letter of `word` is a Latin one (Vietnamese letters included).
fn in_latin_letters(word: &str) -> bool {
    word.chars().all(|c| !c.is_alphabetic() || is_latin_letter(c))
}

/// A letter of the Latin script, Vietnamese letters included.
pub fn is_latin_letter(c: char) -> bool {
    c.is_alphabetic() && matches!(c as u32, 0..=0x024F | 0x1E00..=0x1EFF)
}

/// Places with a fixed English form, matched without diacritics.
const FIXED_EN: [(&str, &str); 6] = [
    ("Thanh pho Ho Chi Minh", "Ho Chi Minh City"),
    ("TP. Ho Chi Minh", "Ho Chi Minh City"),
    ("TP.HCM", "Ho Chi Minh City"),
    ("Ha Noi", "Hanoi"),
    ("Viet Nam", "Vietnam"),
    ("Thu do Hanoi", "Hanoi"),
];

/// Drops Vietnamese diacritics from the words of a `lang` text: in English every word is folded; in languages
/// with their own accents (French, German, …) only words that can only be Vietnamese are. English text also
/// gets the fixed English forms ("Hà Nội" → "Hanoi", "Việt Nam" → "Vietnam").
pub fn strip_diacritics(text: &str, lang: &str) -> String {
    let primary = lang.split('-').next().unwrap_or(lang);
    let english = primary == "en";
    // In a language written in another script, every accented word in Latin letters is a Vietnamese name.
    let own_script =
        matches!(primary, "ru" | "uk" | "bg" | "be" | "sr" | "zh" | "ja" | "ko" | "th" | "lo" | "km" | "ar" | "el");
    let mut out = fold_words(text, english || own_script);
    if english {
        for (from, to) in FIXED_EN {
            out = out.replace(from, to);
        }
    }
    out
}

/// A Vietnamese name without diacritics, whatever the language: every word in Latin letters is folded, words in
/// another script (a name already in Cyrillic, "Чан Дык Куан") are left as they are.
pub fn fold_name(name: &str) -> String {
    fold_words(name, true)
}

/// Folds the words of `text` in Latin letters: all of them with `fold_all`, else only those that can only be
/// Vietnamese.
fn fold_words(text: &str, fold_all: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if (fold_all && in_latin_letters(word)) || looks_vietnamese(word) {
            out.push_str(&fold_diacritics(word));
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    // A word ends where the script changes too: Chinese and Japanese write a name with no space before the next
    // word ("Trần Đức Quận主持").
    let mut word_is_latin = false;
    for c in text.chars() {
        if is_combining_mark(c) {
            word.push(c);
        } else if c.is_alphanumeric() {
            let latin = c.is_ascii_digit() || is_latin_letter(c);
            if latin != word_is_latin {
                flush(&mut word, &mut out);
                word_is_latin = latin;
            }
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Upper-case codes and acronyms written with Đ: "QĐ", "123/QĐ-UBND", "ĐNND", "NĐ-CP".
static CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[A-Z0-9Đ]*Đ[A-Z0-9Đ]*(?:[/-][A-Z0-9Đ]+)*\b").expect("code pattern"));

/// Document codes and acronyms in ASCII: "Quyết định 123/QĐ-UBND" → "123/QD-UBND", "ĐNND" → "DNND". Words with
/// other diacritics ("ĐÀ LẠT") are names, not codes, and are left alone.
pub fn ascii_codes(text: &str) -> String {
    CODE.replace_all(text, |caps: &regex::Captures<'_>| {
        let code = &caps[0];
        let letters = code.chars().filter(|c| c.is_alphabetic()).count();
        if letters >= 2 {
            code.replace('Đ', "D")
        } else {
            code.to_string()
        }
    })
    .into_owned()
}

/// Does an English place name take "the" after a preposition ("Consul General of the Republic of Korea",
/// "Ambassador to the Philippines")? Names built on a common noun (Republic, Kingdom, States, Federation …) and
/// plural names and the short forms of such names ("the UAE") do; plain names ("Laos", "Japan") do not.
fn english_place_takes_the(name: &str) -> bool {
    const NOUNS: &[&str] = &[
        "Republic",
        "Kingdom",
        "States",
        "Federation",
        "Emirates",
        "Islands",
        "Union",
        "Commonwealth",
        "Principality",
        "Sultanate",
        "Duchy",
        "Confederation",
        "Coast",
        "Strip",
        "Bank",
    ];
    const PLURAL: &[&str] = &["Philippines", "Netherlands", "Maldives", "Bahamas", "Gambia", "Comoros", "Holy See"];
    // Short forms of such names.
    const SHORT: &[&str] = &["UAE", "UK", "US", "USA", "DPRK", "RoK", "EU", "Lao PDR"];
    !name.starts_with("the ")
        && !name.starts_with("The ")
        && (PLURAL.contains(&name) || SHORT.contains(&name) || name.split(' ').any(|word| NOUNS.contains(&word)))
}

/// Does `text` end with a preposition a place name follows ("… of ", "… to ")?
fn ends_with_preposition(text: &str) -> bool {
    ["of ", "to ", "in ", "with ", "for ", "from ", "and ", "at ", "between "]
        .iter()
        .any(|p| text.ends_with(p) && (text.len() == p.len() || text[..text.len() - p.len()].ends_with(' ')))
}

/// Appends the English place name `name` to `out`, a rendering being built, with "the" where English needs it
/// after the preposition `out` ends with ("Consul General of " + "Republic of Korea").
pub fn push_english_place(out: &mut String, name: &str) {
    if ends_with_preposition(out) && english_place_takes_the(name) {
        out.push_str("the ");
    }
    out.push_str(name);
}

/// Appends the English name of a body, `name`, whose source text is `source`, to `out`, a composed title being built.
/// After "Minister of the " a ministry is named by its field. An acronym English reads as a word, kept in English,
/// stands alone wherever it fills a slot, and drops a "the" before it ("Director-General of UNESCO", "Chairman of
/// ASOSAI"); a university or college named by its proper name drops it too ("Rector of Can Tho University"). Letters
/// read one by one keep the article and the expansion ("… of the World Trade Organization (WTO)").
pub fn push_english_body(out: &mut String, source: &str, name: &str) {
    // A minister is "of" the ministry's field: "Deputy Minister of Culture, Sports and Tourism", not "… of the
    // Ministry of Culture, Sports and Tourism".
    if let Some(field) = name.strip_prefix("Ministry of ").filter(|_| out.ends_with("Minister of the ")) {
        out.truncate(out.len() - "the ".len());
        out.push_str(field);
        return;
    }
    let acronym = is_word_acronym(source) && name.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| w == source);
    let name = if acronym { source } else { name };
    if (acronym || is_proper_university(name)) && out.ends_with(" the ") {
        out.truncate(out.len() - "the ".len());
    }
    out.push_str(name);
}

/// Is `text` an acronym English pronounces as a word ("UNESCO", "ASEAN", "NATO", "APEC"), not letter by letter
/// ("WTO", "VCCI", "OECD", "UNDP")? Capitals only, four or more, two vowels or more, neither two vowels at the start
/// nor two consonants at the end, and never three consonants in a row.
fn is_word_acronym(text: &str) -> bool {
    let letters = text.as_bytes();
    let vowel = |b: &u8| b"AEIOU".contains(b);
    letters.len() >= 4
        && letters.iter().all(u8::is_ascii_uppercase)
        && letters.iter().filter(|b| vowel(b)).count() >= 2
        && !(vowel(&letters[0]) && vowel(&letters[1]))
        && !letters[letters.len() - 2..].iter().all(|b| !vowel(b))
        && !letters.windows(3).any(|w| w.iter().all(|b| !vowel(b)))
}

/// Is `name` a university or college named by its proper name, with no "of" ("Can Tho University", "Thu Dau Mot
/// University"), which English writes without "the" (not "the University of Danang")?
fn is_proper_university(name: &str) -> bool {
    let mut words = name.split(' ');
    matches!(words.next_back(), Some("University" | "College"))
        && name.contains(' ')
        && words.all(|w| w.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_known_by_their_own_names_take_no_article_in_a_title() {
        let body = |source: &str, name: &str| {
            let mut out = "Chairman of the ".to_string();
            push_english_body(&mut out, source, name);
            out
        };
        assert_eq!(body("ASOSAI", "Asian Organization of Supreme Audit Institutions (ASOSAI)"), "Chairman of ASOSAI");
        assert_eq!(
            body("UNESCO", "UNESCO (United Nations Educational, Scientific and Cultural Organization)"),
            "Chairman of UNESCO"
        );
        assert_eq!(body("WTO", "World Trade Organization (WTO)"), "Chairman of the World Trade Organization (WTO)");
        assert_eq!(
            body("VCCI", "Vietnam Chamber of Commerce and Industry (VCCI)"),
            "Chairman of the Vietnam Chamber of Commerce and Industry (VCCI)"
        );
        assert_eq!(body("Trường Đại học Cần Thơ", "Can Tho University"), "Chairman of Can Tho University");
        assert_eq!(body("Đại học Đà Nẵng", "University of Danang"), "Chairman of the University of Danang");
        assert_eq!(body("Hội Nông dân", "Farmers' Union"), "Chairman of the Farmers' Union");
        let mut minister = "Deputy Minister of the ".to_string();
        push_english_body(&mut minister, "Bộ VHTT&DL", "Ministry of Culture, Sports and Tourism");
        assert_eq!(minister, "Deputy Minister of Culture, Sports and Tourism");
        // An acronym whose English rendering does not use it is rendered in full.
        assert_eq!(body("UBND", "People's Committee"), "Chairman of the People's Committee");
    }

    #[test]
    fn english_place_names_get_the_where_english_needs_it() {
        let place = |before: &str, name: &str| {
            let mut out = before.to_string();
            push_english_place(&mut out, name);
            out
        };
        assert_eq!(place("Consul General of ", "Republic of Korea"), "Consul General of the Republic of Korea");
        assert_eq!(place("Ambassador to ", "Philippines"), "Ambassador to the Philippines");
        assert_eq!(place("President of ", "UAE"), "President of the UAE");
        assert_eq!(place("Ambassador of ", "Laos"), "Ambassador of Laos");
        // Not after a preposition, or already with its article.
        assert_eq!(place("", "Republic of Korea"), "Republic of Korea");
        assert_eq!(place("Embassy of ", "the Gambia"), "Embassy of the Gambia");
        assert_eq!(place("Chief of ", "United States"), "Chief of the United States");
        assert_eq!(place("Chiefof ", "United States"), "Chiefof United States");
    }

    #[test]
    fn folding_drops_every_mark() {
        assert_eq!(
            fold_diacritics("Phan Thiết, Đắk Nông, Nguyễn Phương Nga"),
            "Phan Thiet, Dak Nong, Nguyen Phuong Nga"
        );
        assert_eq!(fold_diacritics("Tô Lâm"), "To Lam");
    }

    #[test]
    fn english_folds_all_other_languages_only_vietnamese_words() {
        assert_eq!(
            strip_diacritics("Ông Dương Văn An tại Hà Nội, Việt Nam", "en"),
            "Ong Duong Van An tai Hanoi, Vietnam"
        );
        assert_eq!(strip_diacritics("Le député Dương Văn An à Hà Nội", "fr"), "Le député Duong Van An à Hà Noi");
        // A name run into Japanese, Chinese or Korean words is folded all the same.
        assert_eq!(strip_diacritics("Tô Lâm書記長とPhạm Minh Chính首相", "ja"), "To Lam書記長とPham Minh Chinh首相");
        assert_eq!(strip_diacritics("苏林Tô Lâm总书记", "zh"), "苏林To Lam总书记");
        assert_eq!(strip_diacritics("서기장 Tô Lâm은", "ko"), "서기장 To Lam은");
    }

    #[test]
    fn a_name_written_against_chinese_characters_is_folded_whole() {
        // From the approved Chinese memory of examples/multilingual.
        assert_eq!(
            strip_diacritics("会议由林同省人民议会主席Trần Đức Quận主持。", "zh"),
            "会议由林同省人民议会主席Tran Duc Quan主持。"
        );
        assert_eq!(strip_diacritics("2022年，Lạc Dương县", "ja"), "2022年，Lac Duong县");
        // Cyrillic keeps its own marks, whether precomposed or not.
        assert_eq!(strip_diacritics("Чан Дык Куан и Йен", "ru"), "Чан Дык Куан и Йен");
        assert_eq!(strip_diacritics("и\u{306}", "ru"), "и\u{306}");
    }

    #[test]
    fn codes_become_ascii() {
        assert_eq!(
            ascii_codes("Quyết định 123/QĐ-UBND và ĐNND, Nghị định 100/2019/NĐ-CP"),
            "Quyết định 123/QD-UBND và DNND, Nghị định 100/2019/ND-CP"
        );
        assert_eq!(ascii_codes("ĐÀ LẠT, Đảng"), "ĐÀ LẠT, Đảng");
    }
}
