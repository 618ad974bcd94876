//! Vietnamese names in katakana, as Japanese newspapers, NHK and the Japanese Wikipedia write them: "Nguyễn Phú
//! Trọng" → "グエン・フー・チョン", "Phạm Minh Chính" → "ファム・ミン・チン", "Võ Văn Thưởng" → "ボー・バン・トゥオン".
//!
//! Japanese has no single official rule for Vietnamese; the tables follow what the press writes, read from:
//! - leaders: Kyodo and Jiji via Yahoo! News Japan and shinchonews.com (グエン・フー・チョン, トー・ラム, 2024-07-19),
//!   Nippon TV, Mainichi, Asahi, Jiji and NNA (ボー・バン・トゥオン, 2024-03-20), Jiji (ルオン・クオン, 2024-10-21),
//!   wisebk.com (ファム・ミン・チン, 2021-04-05), VOV World Japanese (チャン・タイン・マン, 2024-05-20),
//!   ideintl.com (ブイ・タイン・ソン, ファン・バン・ザン, グエン・ホン・ジエン, レ・ミン・ホアン, 2021-04-08);
//! - the Japanese Wikipedia's articles on the leaders (グエン・タン・ズン, グエン・スアン・フック,
//!   チャン・ダイ・クアン, チュオン・タン・サン, ダン・ティ・ゴック・ティン, ホー・チ・ミン);
//! - province names as Japanese writes them (lamthexanh.com and duhocdieuduongnhatban.net lists: ハノイ,
//!   ハイフォン, ダナン, ビントゥアン, ファンティエット, クアンニン, バクニン, バリア, ニャチャン …).
//!
//! What those sources agree on: v is written with the b row as the press does (ボー, バン; the Wikipedia writes
//! ヴォー, ヴァン), d and gi with the z row (ズン, ザン; ジ before i), r and l with the r row (バリア), ch and tr
//! alike (チン, チョン), t and th alike (タン, タイン); -anh is アイン, -inh イン; -c, -t, -p take a small tsu
//! (フック, ティエット, ザップ) except -ac (バクニン); o, ô, ơ without a final are long (トー, ホー, ドー; but
//! Ngô is ゴ), and u after ph, b, v too (フー, ブー). Tones are not written. A person's syllables are separated by
//! the middle dot (nakaguro) as Japanese writes foreign personal names; a place is written in one piece
//! (ビントゥアン省): a run before a place word (省, 市, 空港 …) and the well-known places of [`PLACES`] are places.
//! Names with a settled rendering in the term bases (a `ja` column) are written by the engines before this runs.

use super::syllable::{parse, rewrite_runs, toneless, Parts};

const DOT: char = '・';

/// Well-known places as Japanese writes them, compared without tones and case (old and new tone placement
/// give the same key). Some differ from the syllable rules (ベトナム, not ベットナム; バンメトート).
const PLACES: [(&str, &str); 16] = [
    ("việt nam", "ベトナム"),
    ("hà nội", "ハノイ"),
    ("đà nẵng", "ダナン"),
    ("hải phòng", "ハイフォン"),
    ("huế", "フエ"),
    ("cần thơ", "カントー"),
    ("sài gòn", "サイゴン"),
    ("nha trang", "ニャチャン"),
    ("hạ long", "ハロン"),
    ("hội an", "ホイアン"),
    ("đà lạt", "ダラット"),
    ("vũng tàu", "ブンタウ"),
    ("điện biên phủ", "ディエンビエンフー"),
    ("buôn ma thuột", "バンメトート"),
    ("mê kông", "メコン"),
    ("thành phố hồ chí minh", "ホーチミン市"),
];

/// Japanese words that follow a place's name (province, city, district, commune, bay, island, airport …): the
/// run before them is written in one piece.
const PLACE_WORDS: &str = "省 市 県 郡 区 村 町 坊 社 湾 諸島 島 川 江 山 峠 空港 港 橋 駅 通り 湖 地方 特別区";

/// The kana row of an initial consonant: the five kana of a, i, u, e, o.
fn row(initial: &str) -> [&'static str; 5] {
    match initial {
        "b" | "v" => ["バ", "ビ", "ブ", "ベ", "ボ"],
        "c" | "k" | "kh" | "qu" => ["カ", "キ", "ク", "ケ", "コ"],
        "g" | "gh" | "ng" | "ngh" => ["ガ", "ギ", "グ", "ゲ", "ゴ"],
        "s" | "x" => ["サ", "シ", "ス", "セ", "ソ"],
        "d" | "gi" => ["ザ", "ジ", "ズ", "ゼ", "ゾ"],
        "l" | "r" => ["ラ", "リ", "ル", "レ", "ロ"],
        "t" | "th" => ["タ", "ティ", "トゥ", "テ", "ト"],
        "đ" => ["ダ", "ディ", "ドゥ", "デ", "ド"],
        "n" => ["ナ", "ニ", "ヌ", "ネ", "ノ"],
        "nh" => ["ニャ", "ニ", "ニュ", "ニェ", "ニョ"],
        "h" => ["ハ", "ヒ", "フ", "ヘ", "ホ"],
        "ph" => ["ファ", "フィ", "フ", "フェ", "フォ"],
        "p" => ["パ", "ピ", "プ", "ペ", "ポ"],
        "m" => ["マ", "ミ", "ム", "メ", "モ"],
        "ch" | "tr" => ["チャ", "チ", "チュ", "チェ", "チョ"],
        _ => ["ア", "イ", "ウ", "エ", "オ"],
    }
}

/// Index of a Japanese vowel in a kana row.
fn column(vowel: char) -> usize {
    match vowel {
        'a' => 0,
        'i' => 1,
        'u' => 2,
        'e' => 3,
        _ => 4,
    }
}

/// The Japanese vowels a Vietnamese vowel group is heard as (tones removed).
fn sounds(vowels: &str) -> Option<&'static str> {
    Some(match vowels {
        "a" | "ă" | "â" => "a",
        "e" | "ê" => "e",
        "i" | "y" => "i",
        "o" | "ô" | "ơ" => "o",
        "u" | "ư" => "u",
        "ai" | "ay" | "ây" => "ai",
        "ao" => "ao",
        "au" | "âu" => "au",
        "eo" => "eo",
        "êu" => "eu",
        "ia" => "ia",
        "iê" | "yê" => "ie",
        "iu" => "iu",
        "iêu" | "yêu" => "ieu",
        "oa" | "oă" => "oa",
        "oe" => "oe",
        "oi" | "ôi" | "ơi" => "oi",
        "oai" | "oay" => "oai",
        "ua" | "uâ" | "uă" | "ưa" => "ua",
        "uô" | "ươ" | "uơ" => "uo",
        "uôi" | "ươi" => "uoi",
        "ươu" => "uou",
        "uê" | "uyê" => "ue",
        "ui" | "ưi" | "uy" => "ui",
        "uya" => "uia",
        "uây" => "uai",
        "ưu" => "uu",
        _ => return None,
    })
}

/// One syllable in katakana; `None` when its vowels are no Vietnamese group.
fn write(parts: &Parts) -> Option<String> {
    let vowels: String = if parts.initial == "qu" {
        // qu is k + u: Quang クアン, Quốc クオック, Quý クイ, Quyết クエット, Quế クエ.
        let after = match parts.vowels.as_str() {
            "yê" | "iê" => "e",
            "yêu" | "iêu" => "eu",
            other => sounds(other)?,
        };
        format!("u{after}")
    } else {
        sounds(&parts.vowels)?.to_string()
    };
    let mut sounds = vowels.chars();
    let first = sounds.next()?;
    let mut out = String::from(row(parts.initial)[column(first)]);
    for vowel in sounds {
        out.push_str(row("")[column(vowel)]);
    }
    let last_sound = vowels.chars().last()?;
    match parts.last {
        "m" => out.push('ム'),
        "n" | "ng" => out.push('ン'),
        // Thanh タイン, Mạnh マイン; Minh ミン.
        "nh" if last_sound == 'a' => out.push_str("イン"),
        "nh" => out.push('ン'),
        // Bắc バク, Bạc バク: the press writes no small tsu after a.
        "c" if matches!(parts.vowels.as_str(), "a" | "ă") => out.push('ク'),
        "c" | "ch" => out.push_str("ック"),
        "t" => out.push_str("ット"),
        "p" => out.push_str("ップ"),
        _ => {
            let long = match parts.vowels.as_str() {
                "o" | "ô" | "ơ" => !matches!(parts.initial, "ng" | "ngh"),
                "u" => matches!(parts.initial, "ph" | "b" | "v"),
                // Lý リー (Phủ Lý フーリー in the province lists); Thị ティ and Chí チ (with i) stay short.
                "y" => !matches!(parts.initial, "" | "qu"),
                _ => false,
            };
            if long {
                out.push('ー');
            }
        }
    }
    Some(out)
}

/// One Vietnamese syllable in katakana; `None` when it is not one.
pub fn syllable(word: &str) -> Option<String> {
    parse(word).and_then(|parts| write(&parts))
}

/// A run of capitalized syllables: a well-known place, a place before a place word, or a person.
fn write_run(words: &[&str], _before: &str, after: &str) -> Option<String> {
    let key = words.iter().map(|w| toneless(w)).collect::<Vec<_>>().join(" ");
    if let Some((_, japanese)) = PLACES.iter().find(|(latin, _)| toneless(latin) == key) {
        return Some(japanese.to_string());
    }
    // A single word is not taken for a name unless it is a well-known place (Huế).
    if words.len() < 2 {
        return None;
    }
    let syllables: Vec<String> = words.iter().map(|w| syllable(w)).collect::<Option<_>>()?;
    let place = PLACE_WORDS.split(' ').any(|word| after.trim_start().starts_with(word));
    Some(if place { syllables.concat() } else { syllables.join(&DOT.to_string()) })
}

/// Runs of capitalized Vietnamese syllables in `text` (a Japanese text where names were left in Latin letters)
/// written in katakana: people with the middle dot, places in one piece; every other word stays as it is.
pub fn transcribe_names(text: &str) -> String {
    rewrite_runs(text, write_run)
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn leaders_as_japanese_media_write_them() {
        let names = [
            // Kyodo, Jiji (Yahoo! News Japan, 2024-07-19).
            ("Nguyễn Phú Trọng", "グエン・フー・チョン"),
            ("Tô Lâm", "トー・ラム"),
            // wisebk.com, 亜州ビジネス (2021-04-05); Jiji (2024-10-21).
            ("Phạm Minh Chính", "ファム・ミン・チン"),
            ("Lương Cường", "ルオン・クオン"),
            // Nippon TV, Mainichi, Asahi (2024-03-20).
            ("Võ Văn Thưởng", "ボー・バン・トゥオン"),
            ("Nguyễn Xuân Phúc", "グエン・スアン・フック"),
            // VOV World Japanese (2024-05-20).
            ("Trần Thanh Mẫn", "チャン・タイン・マン"),
            // ideintl.com, the new cabinet (2021-04-08).
            ("Bùi Thanh Sơn", "ブイ・タイン・ソン"),
            ("Phan Văn Giang", "ファン・バン・ザン"),
            ("Nguyễn Hồng Diên", "グエン・ホン・ジエン"),
            ("Lê Minh Hoan", "レ・ミン・ホアン"),
            // Japanese Wikipedia.
            ("Nguyễn Tấn Dũng", "グエン・タン・ズン"),
            ("Trần Đại Quang", "チャン・ダイ・クアン"),
            ("Trương Tấn Sang", "チュオン・タン・サン"),
            ("Đặng Thị Ngọc Thịnh", "ダン・ティ・ゴック・ティン"),
            ("Hồ Chí Minh", "ホー・チ・ミン"),
            ("Lê Duẩn", "レ・ズアン"),
            ("Nông Đức Mạnh", "ノン・ドゥック・マイン"),
        ];
        for (latin, katakana) in names {
            assert_eq!(transcribe_names(latin), katakana, "{latin}");
        }
    }

    #[test]
    fn places_are_written_in_one_piece() {
        // Province lists (lamthexanh.com, duhocdieuduongnhatban.net) and the Japanese press.
        let fixed = [
            ("Hà Nội", "ハノイ"),
            ("Việt Nam", "ベトナム"),
            ("Đà Nẵng", "ダナン"),
            ("Hải Phòng", "ハイフォン"),
            ("Huế", "フエ"),
            ("Cần Thơ", "カントー"),
        ];
        for (latin, katakana) in fixed {
            assert_eq!(transcribe_names(latin), katakana, "{latin}");
        }
        let before_place_words = [
            ("Bình Thuận省", "ビントゥアン省"),
            ("Phan Thiết市", "ファンティエット市"),
            ("Quảng Ninh省", "クアンニン省"),
            ("Bắc Ninh省", "バクニン省"),
            ("Bình Dương省", "ビンズオン省"),
            ("Khánh Hòa省", "カインホア省"),
            ("Nghệ An省", "ゲアン省"),
            ("Bà Rịa 省", "バリア 省"),
            ("Hồ Chí Minh市", "ホーチミン市"),
            ("Nội Bài空港", "ノイバイ空港"),
        ];
        for (latin, katakana) in before_place_words {
            assert_eq!(transcribe_names(latin), katakana, "{latin}");
        }
    }

    #[test]
    fn every_tone_spelling_gives_the_same_katakana() {
        for text in ["Khánh Hòa省", "Khánh Hoà省", "KHÁNH HÒA省"] {
            assert_eq!(transcribe_names(text), "カインホア省", "{text}");
            assert_eq!(transcribe_names(&text.nfd().collect::<String>()), "カインホア省", "NFD {text}");
        }
        for text in ["Nguyễn Thị Thúy Hòa", "Nguyễn Thị Thuý Hoà"] {
            assert_eq!(transcribe_names(text), "グエン・ティ・トゥイ・ホア", "{text}");
            assert_eq!(transcribe_names(&text.nfd().collect::<String>()), "グエン・ティ・トゥイ・ホア", "NFD {text}");
        }
    }

    #[test]
    fn headline_capitals() {
        assert_eq!(transcribe_names("NGUYỄN PHÚ TRỌNG書記長が死去"), "グエン・フー・チョン書記長が死去");
        assert_eq!(transcribe_names("TÔ LÂM氏、HÀ NỘIで"), "トー・ラム氏、ハノイで");
    }

    #[test]
    fn only_names_in_latin_letters_change() {
        assert_eq!(
            transcribe_names("トー・ラム書記長はTô Lâm氏とUNESCOおよびMicrosoft Officeを訪れた。"),
            "トー・ラム書記長はトー・ラム氏とUNESCOおよびMicrosoft Officeを訪れた。"
        );
        // One capitalized word alone is no name (unless a well-known place); foreign words stay; a syllable the
        // parser cannot read (Đắk) keeps its whole run in Latin letters.
        assert_eq!(transcribe_names("Lâm と Strong Wind"), "Lâm と Strong Wind");
        assert_eq!(transcribe_names("Đắk Lắk省"), "Đắk Lắk省");
        assert_eq!(transcribe_names(""), "");
        assert_eq!(syllable("Quyết").as_deref(), Some("クエット"));
        assert_eq!(syllable("Giáp").as_deref(), Some("ザップ"));
        assert_eq!(syllable("Ngô").as_deref(), Some("ゴ"));
        assert_eq!(syllable("Lý").as_deref(), Some("リー"));
    }
}
