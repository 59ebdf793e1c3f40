//! Text → index terms. `search.js` applies the same rules to a query, so keep the two in step.
//!
//! Chinese is not segmented into words: every run of CJK ideographs yields its character
//! bigrams, so any substring of two or more characters can be found by intersecting the
//! bigrams of the query. Each run also yields its last character as a unigram; together with
//! the bigrams that start with a character, that finds a one-character query exactly (the
//! client scans the bigrams by prefix, which the sorted, range-sharded index makes cheap).
//! Other letters and digits make words, lower-cased (`12.37` and `pm2.5` stay one word).
//! Where a word touches a CJK run with nothing between (`投资12.37亿元`), the word and the
//! neighbouring character make a mixed pair (`资12.37`, `12.37亿`), so a phrase that mixes
//! figures and text is matched as a phrase, not as scattered pieces. A 文号 anywhere is recognised with
//! look-alike brackets, full-width digits and `第` normalised, and indexed whole in its
//! standard form `云政发〔2022〕5号`; a 事项编码 (`YZ-XK-0001`) is indexed whole as well.
//! Every character is folded first ([`fold`]): full-width forms to ASCII, and traditional
//! characters to simplified (`政府資訊公開` is indexed and looked up as `政府资讯公开`).

/// Where in an entry a term was found. Higher ranks first: title > 文号/编码 > summary > body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Body = 0,
    Summary = 1,
    Number = 2,
    Title = 3,
}

impl Field {
    /// The field of a posting's two low bits.
    pub fn from_bits(v: u32) -> Field {
        match v & 3 {
            3 => Field::Title,
            2 => Field::Number,
            1 => Field::Summary,
            _ => Field::Body,
        }
    }
}

/// One index term. Grams are kept as chars so tokenising a body allocates nothing per bigram.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Term {
    /// Two CJK characters, or one followed by `'\0'` (the last character of a run).
    Gram([char; 2]),
    /// A word, a word and an adjacent CJK character, a 文号 in standard form, or a whole 事项编码.
    Text(String),
}

impl Term {
    /// The term as stored in the index and looked up by the client.
    pub fn key(&self) -> String {
        match self {
            Term::Gram([a, '\0']) => a.to_string(),
            Term::Gram([a, b]) => [*a, *b].iter().collect(),
            Term::Text(s) => s.clone(),
        }
    }
}

/// Longest word kept; longer ones are cut (the client cuts the same way).
pub const MAX_WORD: usize = 32;
/// Longest issuer kept in a 文号 found in running text (suffixes of a longer run are indexed).
const MAX_ISSUER: usize = 12;

/// CJK ideographs: the unified blocks, extension A and B–F, compatibility ideographs and 〇.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3007 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// Letters and digits that make words (CJK excluded).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_cjk(c)
}

/// Full-width ASCII → ASCII and the ideographic space → space; ASCII letters lower-cased;
/// traditional characters → simplified ([`simplified`]), so either script finds the other.
pub fn fold(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    };
    if is_cjk(c) {
        simplified(c)
    } else {
        c.to_ascii_lowercase()
    }
}

/// The simplified form of a traditional character (OpenCC's table, one character each:
/// `src/search/t2s.rs`), or the character itself. Every indexed character and every body the
/// `traditional-script` lint reads passes here: a character of the Basic Multilingual Plane
/// that the table does not change is answered from a bit set, without a search.
pub fn simplified(c: char) -> char {
    static CHANGED: std::sync::OnceLock<Box<[u64; 1024]>> = std::sync::OnceLock::new();
    let changed = CHANGED.get_or_init(|| {
        let mut bits = Box::new([0u64; 1024]);
        for &(t, _) in super::t2s::PAIRS.iter().filter(|(t, s)| t != s && (*t as u32) < 0x10000) {
            bits[(t as u32 >> 6) as usize] |= 1 << (t as u32 & 63);
        }
        bits
    });
    let u = c as u32;
    if u < 0x10000 && changed[(u >> 6) as usize] & (1 << (u & 63)) == 0 {
        return c;
    }
    match super::t2s::PAIRS.binary_search_by_key(&c, |p| p.0) {
        Ok(i) => super::t2s::PAIRS[i].1,
        Err(_) => c,
    }
}

/// Every term of `text`, as found in `field`, passed to `emit` (duplicates included).
pub fn scan(text: &str, field: Field, emit: &mut impl FnMut(Term)) {
    let chars: Vec<char> = text.chars().map(fold).collect();
    docnums(&chars, field, emit);
    if field == Field::Number {
        codes(&chars, emit);
    }
    // The unit that ends where the next one starts: a CJK run's last character, or a word.
    let mut before: Option<Result<char, String>> = None;
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        if is_cjk(chars[i]) {
            while i < chars.len() && is_cjk(chars[i]) {
                i += 1;
            }
            let run = &chars[start..i];
            if let Some(Err(w)) = &before {
                emit(Term::Text(format!("{w}{}", run[0])));
            }
            for w in run.windows(2) {
                emit(Term::Gram([w[0], w[1]]));
            }
            emit(Term::Gram([run[run.len() - 1], '\0']));
            before = Some(Ok(run[run.len() - 1]));
        } else if is_word_char(chars[i]) {
            while i < chars.len() && (is_word_char(chars[i]) || is_decimal_point(&chars, i)) {
                i += 1;
            }
            let w = word(&chars[start..i]);
            if let Some(Ok(c)) = before {
                emit(Term::Text(format!("{c}{w}")));
            }
            emit(Term::Text(w.clone()));
            before = Some(Err(w));
        } else {
            before = None;
            i += 1;
        }
    }
}

/// A `.` between two digits, inside a number.
fn is_decimal_point(chars: &[char], i: usize) -> bool {
    chars[i] == '.' && i > 0 && chars[i - 1].is_ascii_digit() && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit())
}

fn word(chars: &[char]) -> String {
    chars.iter().take(MAX_WORD).collect::<String>().to_lowercase()
}

/// Whole 事项编码-like tokens: ASCII letters and digits joined by single hyphens (`yz-xk-0001`).
fn codes(chars: &[char], emit: &mut impl FnMut(Term)) {
    let text: String = chars.iter().collect();
    for piece in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')) {
        if is_code(piece) {
            emit(Term::Text(piece.to_ascii_lowercase()));
        }
    }
}

/// The index keys a query's 文号 is looked up by: the issuer as typed and each suffix of it
/// from two characters up to [`MAX_ISSUER`] (the forms [`docnums`] indexes).
fn issuer_keys(issuer: &[char], year: u32, serial: u32) -> Vec<String> {
    let shortest = issuer.len().min(2);
    let longest = issuer.len().min(MAX_ISSUER);
    let mut lens: Vec<usize> = (shortest..=longest).collect();
    lens.push(issuer.len());
    lens.dedup();
    lens.iter()
        .map(|&len| {
            let name: String = issuer[issuer.len() - len..].iter().collect();
            format!("{name}〔{year}〕{serial}号")
        })
        .collect()
}

/// The key of a whole title: `=` and eight hex digits, the 32-bit FNV-1a hash of the title's
/// folded letters, digits and CJK characters (punctuation and spaces left out), so a query
/// typed as the full title finds it whichever brackets and spaces it uses. The hash runs
/// over code points, which `search.js` computes the same way. None for a title with no
/// letters.
pub fn title_key(title: &str) -> Option<String> {
    let mut h: u32 = 0x811c_9dc5;
    let mut any = false;
    for c in title.chars().map(fold).filter(|&c| is_cjk(c) || is_word_char(c)) {
        h = (h ^ c as u32).wrapping_mul(0x0100_0193);
        any = true;
    }
    any.then(|| format!("={h:08x}"))
}

/// `[a-z0-9]+(-[a-z0-9]+)+`.
pub fn is_code(s: &str) -> bool {
    s.contains('-')
        && s.len() <= 64
        && s.split('-').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

const OPEN: &[char] = &['[', '(', '（', '【', '［', '〔', '{', '〖'];
const CLOSE: &[char] = &[']', ')', '）', '】', '］', '〕', '}', '〗'];

/// A 文号 around the opening bracket at `open`: (the issuer's range, year, serial, the end
/// of the 文号 after its serial and any `号`), or None.
pub fn docnum_at(chars: &[char], open: usize) -> Option<(std::ops::Range<usize>, u32, u32, usize)> {
    if !OPEN.contains(chars.get(open)?) {
        return None;
    }
    let mut to = open;
    while to > 0 && chars[to - 1] == ' ' {
        to -= 1;
    }
    let mut from = to;
    while from > 0 && is_cjk(chars[from - 1]) {
        from -= 1;
    }
    if from == to {
        return None;
    }
    let skip = |mut k: usize| {
        while chars.get(k).is_some_and(|c| *c == ' ') {
            k += 1;
        }
        k
    };
    let digits = |k: usize| {
        let mut e = k;
        while chars.get(e).is_some_and(|c| c.is_ascii_digit()) {
            e += 1;
        }
        e
    };
    let k = skip(open + 1);
    let e = digits(k);
    if e - k != 4 {
        return None;
    }
    let year: u32 = chars[k..e].iter().collect::<String>().parse().ok()?;
    let mut k = skip(e);
    if !CLOSE.contains(chars.get(k)?) {
        return None;
    }
    k = skip(k + 1);
    if chars.get(k) == Some(&'第') {
        k = skip(k + 1);
    }
    let e = digits(k);
    if e == k || e - k > 6 {
        return None;
    }
    let serial: u32 = chars[k..e].iter().collect::<String>().parse().ok()?;
    let end = if chars.get(e) == Some(&'号') { e + 1 } else { e };
    ((1949..=2200).contains(&year) && serial > 0).then_some((from..to, year, serial, end))
}

/// 文号 in `chars`, in standard form. In running text the issuer is the CJK run before the
/// bracket, which may start with other words (`按照云政发〔2022〕5号`), so every suffix of at
/// least two characters is indexed; the 文号 field itself is indexed as written.
fn docnums(chars: &[char], field: Field, emit: &mut impl FnMut(Term)) {
    for open in 0..chars.len() {
        let Some((range, year, serial, _)) = docnum_at(chars, open) else {
            continue;
        };
        let issuer = &chars[range];
        let shortest = if field == Field::Number { issuer.len() } else { issuer.len().min(2) };
        let longest = issuer.len().min(MAX_ISSUER).max(shortest);
        for len in shortest..=longest {
            let name: String = issuer[issuer.len() - len..].iter().collect();
            emit(Term::Text(format!("{name}〔{year}〕{serial}号")));
        }
    }
}

/// The terms `search.js` derives from a query, sorted: each 文号 with every suffix of its
/// issuer (the CJK run before the bracket, which may start with other words: `根据云政办发〔2026〕8号`
/// looks up `云政办发〔2026〕8号` too, and matches when any of them is found), each 事项编码 whole
/// and its parts, what is left scanned as body text, and the query's [`title_key`]. Each
/// of them is a term [`scan`] emits for the same text in the 文号 field or the body (or
/// [`title_key`] for a title equal to the query). `tests/search/tokens.json` holds these
/// for a set of queries, and `tests/search/tokens.test.mjs` checks search.js against them.
pub fn query_keys(q: &str) -> Vec<String> {
    let mut chars: Vec<char> = q.chars().map(fold).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match docnum_at(&chars, i) {
            Some((issuer, year, serial, end)) => {
                out.extend(issuer_keys(&chars[issuer.clone()], year, serial));
                chars[issuer.start..end].fill(' ');
                i = end;
            }
            None => i += 1,
        }
    }
    let is_code_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
    i = 0;
    while i < chars.len() {
        let start = i;
        while i < chars.len() && is_code_char(chars[i]) {
            i += 1;
        }
        if i == start {
            i += 1;
            continue;
        }
        let piece: String = chars[start..i].iter().collect::<String>().trim_matches('-').to_string();
        if is_code(&piece) {
            out.extend(piece.split('-').map(str::to_string));
            out.push(piece);
            chars[start..i].fill(' ');
        }
    }
    let rest: String = chars.iter().collect();
    scan(&rest, Field::Body, &mut |t| out.push(t.key()));
    out.extend(title_key(q));
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod fold_tests {
    /// The bit set answers exactly as the table does, for every character it could be asked.
    #[test]
    fn the_fast_path_agrees_with_the_table() {
        let by_table = |c: char| match super::super::t2s::PAIRS.binary_search_by_key(&c, |p| p.0) {
            Ok(i) => super::super::t2s::PAIRS[i].1,
            Err(_) => c,
        };
        for u in (0..0x10000).chain(0x20000..0x20100) {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(super::simplified(c), by_table(c), "U+{u:04X}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str, field: Field) -> Vec<String> {
        let mut out = Vec::new();
        scan(text, field, &mut |t| out.push(t.key()));
        out
    }

    #[test]
    fn cjk_runs_make_bigrams_and_a_final_unigram() {
        assert_eq!(keys("营商环境", Field::Body), ["营商", "商环", "环境", "境"]);
        assert_eq!(keys("市", Field::Body), ["市"]);
        assert_eq!(keys("优化，营商", Field::Body), ["优化", "化", "营商", "商"]);
    }

    #[test]
    fn words_are_lower_cased_and_paired_with_touching_cjk() {
        assert_eq!(keys("PM2.5浓度下降", Field::Body), ["pm2.5", "pm2.5浓", "浓度", "度下", "下降", "降"]);
        assert_eq!(keys("投资12.37亿元。", Field::Body), ["投资", "资", "资12.37", "12.37", "12.37亿", "亿元", "元"]);
        assert_eq!(keys("2024. 年", Field::Body), ["2024", "年"]);
        assert_eq!(keys("ＡＢＣ１２３", Field::Body), ["abc123"]);
        let long = "x".repeat(40);
        assert_eq!(keys(&long, Field::Body), ["x".repeat(MAX_WORD)]);
    }

    #[test]
    fn docnums_are_normalised_like_the_content_model() {
        for written in [
            "云政发〔2022〕5号",
            "云政发[2022]5号",
            "云政发(2022)5号",
            "云政发（2022）5号",
            "云政发【2022】05号",
            "云政发〔２０２２〕５号",
            "云政发〔2022〕第5号",
            "云政发 [ 2022 ] 5",
        ] {
            let k = keys(written, Field::Number);
            assert_eq!(k.first().map(String::as_str), Some("云政发〔2022〕5号"), "{written}");
            let canonical = crate::content::docnum::normalise(written);
            assert_eq!(canonical.as_deref(), Some("云政发〔2022〕5号"), "{written}");
        }
    }

    #[test]
    fn docnums_in_running_text_index_issuer_suffixes() {
        let k = keys("按照云政发〔2022〕5号文件", Field::Body);
        assert!(k.contains(&"云政发〔2022〕5号".to_string()), "{k:?}");
        assert!(k.contains(&"按照云政发〔2022〕5号".to_string()));
        assert!(!keys("〔2022〕5号", Field::Body).iter().any(|k| k.contains('〔')));
        assert!(!keys("云政发〔22〕5号", Field::Body).iter().any(|k| k.contains('〔')));
    }

    #[test]
    fn a_query_docnum_with_leading_words_looks_up_each_issuer_suffix() {
        let k = query_keys("根据云政办发〔2026〕8号");
        for want in ["根据云政办发〔2026〕8号", "云政办发〔2026〕8号", "办发〔2026〕8号"] {
            assert!(k.contains(&want.to_string()), "{want} in {k:?}");
        }
        assert!(!k.contains(&"发〔2026〕8号".to_string()));
        assert!(query_keys("国发〔2024〕1号").contains(&"国发〔2024〕1号".to_string()));
    }

    #[test]
    fn title_keys_ignore_punctuation_spaces_and_script() {
        let k = title_key("关于印发《营商环境实施方案》的通知");
        assert_eq!(k.as_deref().map(str::len), Some(9));
        assert_eq!(k, title_key("关于印发营商环境实施方案的通知"));
        assert_eq!(k, title_key("關於印發 營商環境實施方案 的通知"));
        assert_ne!(k, title_key("关于印发营商环境实施方案的通知的解读"));
        assert_eq!(title_key("《》 ，"), None);
        assert!(query_keys("营商环境").contains(&title_key("营商环境").unwrap_or_default()));
    }

    #[test]
    fn codes_are_indexed_whole_in_the_number_field_only() {
        let k = keys("YZ-XK-0001", Field::Number);
        assert_eq!(k, ["yz-xk-0001", "yz", "xk", "0001"]);
        assert!(!keys("2024-11-08", Field::Body).contains(&"2024-11-08".to_string()));
        assert!(is_code("530100-01-02-0001"));
        assert!(!is_code("a--b"));
        assert!(!is_code("abc"));
    }

    #[test]
    fn fold_maps_full_width_forms() {
        assert_eq!(fold('５'), '5');
        assert_eq!(fold('Ｚ'), 'z');
        assert_eq!(fold('\u{3000}'), ' ');
        assert_eq!(fold('〔'), '〔');
        assert!(is_cjk('〇') && is_cjk('𠀀') && !is_cjk('，'));
    }

    #[test]
    fn traditional_characters_fold_to_simplified() {
        assert_eq!(keys("政府資訊公開", Field::Body), keys("政府资讯公开", Field::Body));
        assert_eq!(keys("雲政發〔2022〕5號", Field::Number)[0], "云政发〔2022〕5号");
        assert_eq!(fold('這'), '这');
        assert_eq!(fold('这'), '这');
        let pairs = &super::super::t2s::PAIRS;
        assert!(pairs.len() > 3000);
        assert!(pairs.windows(2).all(|w| w[0].0 < w[1].0), "sorted for binary search");
        assert!(pairs.iter().all(|&(t, s)| is_cjk(t) && is_cjk(s) && simplified(s) == s), "no chains");
    }
}
