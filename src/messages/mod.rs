//! The message catalogue: every text gongkai shows an editor, in Chinese and in English.
//!
//! A message is a [`Text`] with both languages; the language a run shows is chosen once
//! (`--lang`, then `GONGKAI_LANG` ([`Lang::choose`]), then the site's `language`, Chinese when
//! none says otherwise) and read where text meets the terminal or the preview's error page.
//! The texts themselves live in this module's files, one per stage ([`content`], [`site`],
//! [`render`], [`commands`]), so a translator reads them side by side in one place and no
//! code elsewhere writes a sentence an editor reads. Every diagnostic has a stable [`Code`]
//! (`check --format json`, docs/check.md) whatever its language.

pub mod codes;
pub mod commands;
pub mod content;
pub mod import;
pub mod names;
pub mod render;
pub mod site;

use std::fmt;
use std::sync::atomic::{AtomicU8, Ordering};

pub use codes::Code;

/// The language of a run's messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    /// 简体中文: the default, and every `zh*` site `language`.
    Zh,
    En,
}

const UNSET: u8 = 0;
const ZH: u8 = 1;
const EN: u8 = 2;

/// The language chosen for this process; `UNSET` until a command or the site says.
static LANG: AtomicU8 = AtomicU8::new(UNSET);
/// Whether the site's `language` may choose: only in a command run ([`Lang::choose`]) where
/// neither `--lang` nor `GONGKAI_LANG` did. A library caller (the tests, the preview's own
/// callers) is never switched by a site it happens to load.
static SITE_CHOOSES: AtomicU8 = AtomicU8::new(0);

impl Lang {
    /// `zh`, `zh-CN`, `zh-Hans`, `cn` → Chinese; `en`, `en-US` → English; anything else: none.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") || s == "cn" || s == "chinese" || s == "中文" {
            Some(Lang::Zh)
        } else if s.starts_with("en") || s == "english" {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language of this process's messages.
    pub fn current() -> Lang {
        match LANG.load(Ordering::Relaxed) {
            EN => Lang::En,
            ZH => Lang::Zh,
            // The crate's unit tests read the English texts unless they ask for a language.
            _ => std::env::var("GONGKAI_LANG").ok().and_then(|v| Lang::parse(&v)).unwrap_or(if cfg!(test) {
                Lang::En
            } else {
                Lang::Zh
            }),
        }
    }

    /// At the start of a command: `--lang` wins, then `GONGKAI_LANG`; with neither, the site's
    /// `language` chooses once site.yaml is read ([`Lang::from_site`]).
    pub fn choose(flag: Option<Lang>) {
        match flag.or_else(|| std::env::var("GONGKAI_LANG").ok().and_then(|v| Lang::parse(&v))) {
            Some(lang) => LANG.store(if lang == Lang::En { EN } else { ZH }, Ordering::Relaxed),
            None => SITE_CHOOSES.store(1, Ordering::Relaxed),
        }
    }

    /// The site's `language` from site.yaml: a Chinese site gets Chinese messages, any other
    /// language English, in a command run where nothing chose before ([`Lang::choose`]).
    pub fn from_site(language: &str) {
        if SITE_CHOOSES.load(Ordering::Relaxed) == 1 {
            let zh = language.trim().to_ascii_lowercase().starts_with("zh");
            LANG.store(if zh { ZH } else { EN }, Ordering::Relaxed);
        }
    }
}

/// One message in both languages.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct Text {
    pub zh: String,
    pub en: String,
}

impl Text {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Text {
        Text { zh: zh.into(), en: en.into() }
    }

    /// The same text in both languages: a path, a value, a command to type.
    pub fn same(s: impl Into<String>) -> Text {
        let s = s.into();
        Text { zh: s.clone(), en: s }
    }

    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }

    /// The text in this run's language.
    pub fn shown(&self) -> &str {
        self.get(Lang::current())
    }

    /// `prefix` + `self`, each language with its own prefix.
    pub fn prefixed(&self, zh: &str, en: &str) -> Text {
        Text { zh: format!("{zh}{}", self.zh), en: format!("{en}{}", self.en) }
    }

    /// `self` + `suffix`, each language with its own suffix.
    pub fn suffixed(&self, zh: &str, en: &str) -> Text {
        Text { zh: format!("{}{zh}", self.zh), en: format!("{}{en}", self.en) }
    }

    /// Whether either language contains `needle` (tests and filters).
    pub fn contains(&self, needle: &str) -> bool {
        self.zh.contains(needle) || self.en.contains(needle)
    }

    pub fn is_empty(&self) -> bool {
        self.zh.is_empty() && self.en.is_empty()
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.shown())
    }
}

/// `tr!("中文 {x}", "English {x}")`: a [`Text`], each language formatted with the names in
/// scope. Used only inside this module's catalogue files.
macro_rules! tr {
    ($zh:literal, $en:literal $(,)?) => {
        $crate::messages::Text { zh: format!($zh), en: format!($en) }
    };
}
pub(crate) use tr;

/// A diagnostic's code, its message and (when we can say) how to fix it, as the catalogue
/// gives them; [`crate::diagnostics::Diagnostic`] adds the place and the severity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    pub code: Code,
    pub text: Text,
    pub fix: Option<Text>,
}

impl Msg {
    pub fn new(code: Code, text: Text) -> Msg {
        Msg { code, text, fix: None }
    }

    pub fn fix(mut self, fix: Text) -> Msg {
        self.fix = (!fix.is_empty()).then_some(fix);
        self
    }
}

/// A field as messages show it: `` `date`（发布日期） `` in Chinese, `` `date` `` in English.
pub fn field(key: &str) -> Text {
    match names::chinese(key) {
        Some(cn) => Text { zh: format!("`{key}`（{cn}）"), en: format!("`{key}`") },
        None => Text::same(format!("`{key}`")),
    }
}

/// A list of names joined for a sentence: `、` in Chinese, `, ` in English.
pub fn list(items: &[impl AsRef<str>]) -> Text {
    let v: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    Text { zh: v.join("、"), en: v.join(", ") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_parse() {
        assert_eq!(Lang::parse("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::parse("zh-Hans"), Some(Lang::Zh));
        assert_eq!(Lang::parse("EN"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }

    #[test]
    fn tr_formats_both_languages() {
        let n = 3;
        let t = tr!("共 {n} 处", "{n} places");
        assert_eq!((t.zh.as_str(), t.en.as_str()), ("共 3 处", "3 places"));
    }

    #[test]
    fn fields_show_their_chinese_name() {
        assert_eq!(field("date").zh, "`date`（发布日期）");
        assert_eq!(field("date").en, "`date`");
    }
}
