//! `site.yaml`: read into a validated [`Config`]; unknown keys are errors with a hint.

use crate::messages::site as msg;
use std::path::Path;

use jiff::civil::Date;

use crate::calendar::years::{self, SiteYear};
use crate::calendar::Calendar;
use crate::content::fields::Fields;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::urls::BaseUrl;
use crate::yaml::{self, Value};

const KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "theme",
    "org_code",
    "site_id_code",
    "icp",
    "departments",
    "limits",
    "calendar",
    "targets",
    "description",
    "minify",
    "compress",
    "footer",
    "search",
];

const FOOTER_KEYS: &[&str] =
    &["sponsor", "organizer", "phone", "email", "police_record", "police_record_url", "mark_url", "error_report_url"];

/// How pages are minified (`minify:` in site.yaml).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Minify {
    /// The templates are minified once when they load (the default; see `render::tidy`).
    #[default]
    Templates,
    /// Also run minify-html over every rendered page: a few per cent smaller, much slower.
    Full,
}

/// Site settings, validated.
#[derive(Clone, Debug)]
pub struct Config {
    pub title: String,
    /// `base_url`, validated: every emitted URL is made from it (see [`crate::urls`]).
    pub base_url: BaseUrl,
    pub language: String,
    pub theme: String,
    pub org_code: Option<String>,
    pub site_id_code: Option<String>,
    pub icp: Option<String>,
    pub description: Option<String>,
    /// Department names in the official order (lists and groupings follow it).
    pub departments: Vec<String>,
    /// A department's own `org_code` (prefix of its documents' derived 索引号), by name.
    pub department_codes: std::collections::HashMap<String, String>,
    pub limits: Limits,
    pub calendar_off: Vec<Date>,
    pub calendar_work: Vec<Date>,
    /// Whole years from `calendar.yaml` at the site's root (empty when there is none).
    pub calendar_years: Vec<SiteYear>,
    pub minify: Minify,
    /// Write `.gz` and `.br` beside every text file of the output (`compress: true`).
    pub compress: bool,
    pub targets: Targets,
    pub footer: Footer,
    /// `search.synonyms`: groups of words a query treats as one (`[失业金, 失业保险金]`).
    pub synonyms: Vec<Vec<String>>,
}

/// The footer marks the 政府网站发展指引 expects (`footer:`); every field is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Footer {
    /// 主办 as written; [`Config::sponsor`] gives the default.
    pub sponsor: Option<String>,
    /// 承办.
    pub organizer: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    /// 公网安备 number and the link to its record.
    pub police_record: Option<String>,
    pub police_record_url: Option<String>,
    /// Link of the 党政机关网站标识.
    pub mark_url: Option<String>,
    /// Link of 我为政府网站找错.
    pub error_report_url: Option<String>,
}

/// The efficiency policy's own targets (`targets:`), reported on `/statistics/`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Targets {
    /// 发文数量 year over year, percent: (lower, upper), e.g. (-10, -5) for 力争减少5—10%.
    pub documents_change: Option<(f64, f64)>,
}

/// Body length limits per `doc_type`, in counted characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub general: u32,
    pub office: u32,
    pub speech: u32,
    pub letter: Option<u32>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { general: 4000, office: 3000, speech: 5000, letter: None }
    }
}

pub const FILE: &str = "site.yaml";

/// Read `site.yaml` under `root`.
pub fn load(root: &Path, diags: &mut Diagnostics) -> Option<Config> {
    let text = match std::fs::read(root.join(FILE)) {
        Ok(bytes) => match crate::content::source::decode(FILE, &bytes) {
            Ok(t) => t,
            Err(d) => {
                diags.push(d);
                return None;
            }
        },
        Err(_) => {
            diags.push(Diagnostic::error(FILE, 0, 0, msg::no_site_yaml(&root.display().to_string())));
            return None;
        }
    };
    let mut config = parse(&text, diags)?;
    crate::messages::Lang::from_site(&config.language);
    config.calendar_years = load_calendar_years(root, diags);
    Some(config)
}

/// The years of `calendar.yaml`, if the site has one.
fn load_calendar_years(root: &Path, diags: &mut Diagnostics) -> Vec<SiteYear> {
    let Ok(bytes) = std::fs::read(root.join(years::FILE)) else {
        return Vec::new();
    };
    match crate::content::source::decode(years::FILE, &bytes) {
        Ok(text) => years::parse(&text, diags),
        Err(d) => {
            diags.push(d);
            Vec::new()
        }
    }
}

impl Config {
    /// 主办: `footer.sponsor`, else the first department; never the site's own title.
    pub fn sponsor(&self) -> Option<&str> {
        self.footer.sponsor.as_deref().or(self.departments.first().map(String::as_str))
    }

    /// The site's working-day calendar: the built-in years, `calendar.yaml`, then the
    /// `calendar:` overlay of site.yaml. Problems are located where they can be.
    pub fn calendar(&self) -> Result<Calendar, Vec<Diagnostic>> {
        let with_years = Calendar::china().with_years(&self.calendar_years)?;
        with_years
            .with_overlay(&self.calendar_off, &self.calendar_work)
            .map_err(|e| vec![Diagnostic::error(FILE, 0, 0, msg::calendar_overlay(&e.text()))])
    }
}

pub fn parse(text: &str, diags: &mut Diagnostics) -> Option<Config> {
    let node = match yaml::parse(text, 1) {
        Ok(n) => n,
        Err(e) => {
            diags.push(Diagnostic::error(FILE, e.line, e.col, msg::site_yaml(&e.message)));
            return None;
        }
    };
    let mut f = Fields::new(FILE, "", &node, diags)?;
    let title = f.string("title", true);
    let base_url = f.string("base_url", true).map(|b| match BaseUrl::parse(&b.value) {
        Ok(u) => u,
        Err(why) => {
            f.error(b.pos(), msg::bad_base_url(&why));
            BaseUrl::preview("")
        }
    });
    let language = f.string("language", false).map_or("zh-CN".into(), |l| l.value);
    let theme = f.string("theme", false).map_or("default".into(), |t| t.value);
    if !crate::content::slug::is_safe_file_name(&theme) {
        let pos = f.position();
        f.error(pos, msg::bad_theme());
    }
    let org_code = f.string("org_code", false).map(|s| s.value);
    let site_id_code = f.string("site_id_code", false).map(|s| s.value);
    let icp = f.string("icp", false).map(|s| s.value);
    let description = f.string("description", false).map(|s| s.value);
    let (departments, department_codes) = read_departments(&mut f);
    let limits = read_limits(&mut f);
    let (calendar_off, calendar_work) = read_calendar(&mut f);
    let targets = read_targets(&mut f);
    let minify = match f.string("minify", false) {
        None => Minify::default(),
        Some(m) if m.value == "templates" => Minify::Templates,
        Some(m) if m.value == "full" && cfg!(feature = "full-minify") => Minify::Full,
        Some(m) if m.value == "full" => {
            f.error(m.pos(), msg::minify_feature());
            Minify::default()
        }
        Some(m) => {
            f.error(m.pos(), msg::bad_minify());
            Minify::default()
        }
    };
    let compress = f.boolean("compress").is_some_and(|b| b.value);
    let footer = read_footer(&mut f);
    let synonyms = read_search(&mut f);
    f.finish(KEYS);
    Some(Config {
        title: title?.value,
        base_url: base_url?,
        language,
        theme,
        org_code,
        site_id_code,
        icp,
        description,
        departments,
        department_codes,
        limits,
        calendar_off,
        calendar_work,
        calendar_years: Vec::new(),
        minify,
        compress,
        targets,
        footer,
        synonyms,
    })
}

fn read_footer(f: &mut Fields) -> Footer {
    let Some(node) = f.get("footer") else {
        return Footer::default();
    };
    let Some(mut t) = Fields::new(f.path(), "footer.", node, f.diags) else {
        return Footer::default();
    };
    let text = |t: &mut Fields, key: &str| t.string(key, false).map(|s| s.value).filter(|s| !s.trim().is_empty());
    let url = |t: &mut Fields, key: &str| {
        let s = t.string(key, false)?;
        if is_web_url(&s.value) {
            return Some(s.value);
        }
        t.error(s.pos(), msg::footer_url(key, &s.value));
        None
    };
    let footer = Footer {
        sponsor: text(&mut t, "sponsor"),
        organizer: text(&mut t, "organizer"),
        phone: text(&mut t, "phone"),
        email: text(&mut t, "email"),
        police_record: text(&mut t, "police_record"),
        police_record_url: url(&mut t, "police_record_url"),
        mark_url: url(&mut t, "mark_url"),
        error_report_url: url(&mut t, "error_report_url"),
    };
    t.finish(FOOTER_KEYS);
    footer
}

/// An absolute http(s) address with a host and no spaces.
fn is_web_url(s: &str) -> bool {
    let rest = s.strip_prefix("https://").or_else(|| s.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/') && !r.chars().any(char::is_whitespace))
}

/// `departments:` items are names, or `{name, org_code}` for a department with its own code.
fn read_departments(f: &mut Fields) -> (Vec<String>, std::collections::HashMap<String, String>) {
    let mut names = Vec::new();
    let mut codes = std::collections::HashMap::new();
    let Some(node) = f.get("departments").cloned() else {
        return (names, codes);
    };
    let items = match node.value {
        Value::List(items) => items,
        _ => vec![node],
    };
    for item in &items {
        if let Value::Map(_) = item.value {
            let Some(mut d) = Fields::new(f.path(), "departments[].", item, f.diags) else { continue };
            let name = d.string("name", true);
            let code = d.string("org_code", false);
            d.finish(&["name", "org_code"]);
            if let Some(name) = name {
                if let Some(code) = code {
                    codes.insert(name.value.clone(), code.value);
                }
                names.push(name.value);
            }
        } else if let Some(s) = item.scalar_text().filter(|s| !s.trim().is_empty()) {
            names.push(s.trim().to_string());
        } else {
            f.error(item.pos(), msg::department_item(&crate::messages::content::found(item.found())));
        }
    }
    (names, codes)
}

fn read_targets(f: &mut Fields) -> Targets {
    let mut targets = Targets::default();
    let Some(node) = f.get("targets") else {
        return targets;
    };
    let Some(mut t) = Fields::new(f.path(), "targets.", node, f.diags) else {
        return targets;
    };
    if let Some(n) = t.get("documents_change") {
        let number = |n: &yaml::Node| match n.value {
            yaml::Value::Int(i) => Some(i as f64),
            yaml::Value::Float(x) if x.is_finite() => Some(x),
            _ => None,
        };
        let pair = match &n.value {
            yaml::Value::List(items) if items.len() == 2 => number(&items[0]).zip(number(&items[1])),
            _ => None,
        };
        match pair {
            Some((a, b)) if a <= b && (-100.0..=100.0).contains(&a) && (-100.0..=100.0).contains(&b) => {
                targets.documents_change = Some((a, b));
            }
            _ => t.error(n.pos(), msg::bad_target()),
        }
    }
    t.finish(&["documents_change"]);
    targets
}

/// `search: {synonyms: [[a, b], …]}`: each group is a list of two or more words.
fn read_search(f: &mut Fields) -> Vec<Vec<String>> {
    let mut groups = Vec::new();
    let Some(node) = f.get("search") else {
        return groups;
    };
    let Some(mut s) = Fields::new(f.path(), "search.", node, f.diags) else {
        return groups;
    };
    for group in s.map_list("synonyms") {
        let words: Vec<String> = match &group.value {
            Value::List(items) => items.iter().filter_map(|i| i.scalar_text()).map(|w| w.trim().to_string()).collect(),
            _ => Vec::new(),
        };
        let is_list = matches!(&group.value, Value::List(items) if items.len() == words.len());
        if !is_list || words.len() < 2 || words.iter().any(String::is_empty) {
            s.error(group.pos(), msg::bad_synonyms());
            continue;
        }
        groups.push(words);
    }
    s.finish(&["synonyms"]);
    groups
}

fn read_limits(f: &mut Fields) -> Limits {
    let mut limits = Limits::default();
    let Some(node) = f.get("limits") else {
        return limits;
    };
    let Some(mut l) = Fields::new(f.path(), "limits.", node, f.diags) else {
        return limits;
    };
    if let Some(v) = l.uint("general", false) {
        limits.general = v.value;
    }
    if let Some(v) = l.uint("office", false) {
        limits.office = v.value;
    }
    if let Some(v) = l.uint("speech", false) {
        limits.speech = v.value;
    }
    limits.letter = l.uint("letter", false).map(|v| v.value);
    l.finish(&["general", "office", "speech", "letter"]);
    limits
}

fn read_calendar(f: &mut Fields) -> (Vec<Date>, Vec<Date>) {
    let Some(node) = f.get("calendar") else {
        return (Vec::new(), Vec::new());
    };
    let Some(mut c) = Fields::new(f.path(), "calendar.", node, f.diags) else {
        return (Vec::new(), Vec::new());
    };
    let dates = |c: &mut Fields, key: &str| -> Vec<Date> {
        let mut out = Vec::new();
        for d in c.str_list(key) {
            match crate::content::fields::parse_date(&d.value) {
                Ok(date) => out.push(date),
                Err(why) => c.error(d.pos(), msg::calendar_date(key, &why.text())),
            }
        }
        out
    };
    let off = dates(&mut c, "off");
    let work = dates(&mut c, "work");
    c.finish(&["off", "work"]);
    (off, work)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_config() {
        let mut d = Diagnostics::new();
        let c = parse("title: 云州市\nbase_url: https://www.yunzhou.gov.cn/\n", &mut d).unwrap();
        assert!(d.is_empty());
        assert_eq!(c.base_url.as_str(), "https://www.yunzhou.gov.cn");
        assert!(!c.compress);
        assert_eq!(c.limits.general, 4000);
    }

    #[test]
    fn targets() {
        let mut d = Diagnostics::new();
        let c = parse("title: t\nbase_url: https://x.cn\ntargets: {documents_change: [-10, -5]}\n", &mut d).unwrap();
        assert!(d.is_empty());
        assert_eq!(c.targets.documents_change, Some((-10.0, -5.0)));
        for bad in ["[-5, -10]", "[-5]", "-5", "[a, b]", "[-200, 0]"] {
            let mut d = Diagnostics::new();
            parse(&format!("title: t\nbase_url: https://x.cn\ntargets:\n  documents_change: {bad}\n"), &mut d);
            let all: Vec<String> = d.sorted().iter().map(|d| d.to_string()).collect();
            assert_eq!(all.len(), 1, "{bad}: {all:?}");
            assert!(all[0].starts_with("site.yaml:4:3: error: `targets.documents_change` must be"), "{all:?}");
        }
        let mut d = Diagnostics::new();
        parse("title: t\nbase_url: https://x.cn\ntargets: {document_change: [-10, -5]}\n", &mut d);
        let all: Vec<String> = d.sorted().iter().map(|d| d.to_string()).collect();
        assert!(
            all[0].contains("unknown field `targets.document_change` — did you mean `targets.documents_change`?"),
            "{all:?}"
        );
    }

    #[test]
    fn footer() {
        let mut d = Diagnostics::new();
        let c = parse("title: 云州市\nbase_url: https://x.cn\ndepartments: [甲办, 乙局]\n", &mut d).unwrap();
        assert_eq!(c.sponsor(), Some("甲办"));
        let c = parse("title: 云州市\nbase_url: https://x.cn\n", &mut d).unwrap();
        assert_eq!(c.sponsor(), None);
        let c = parse(
            "title: t\nbase_url: https://x.cn\ndepartments: [甲办]\nfooter: {sponsor: 丙, mark_url: 'https://a.cn/m'}\n",
            &mut d,
        )
        .unwrap();
        assert!(d.is_empty());
        assert_eq!(c.sponsor(), Some("丙"));
        assert_eq!(c.footer.mark_url.as_deref(), Some("https://a.cn/m"));
        parse("title: t\nbase_url: https://x.cn\nfooter:\n  mark_url: javascript:x\n  phon: 1\n", &mut d);
        let all: Vec<String> = d.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(all.len(), 2, "{all:?}");
        assert!(all[0].starts_with("site.yaml:4:3: error: `footer.mark_url` must be an http"), "{all:?}");
        assert!(all[1].contains("unknown field `footer.phon` — did you mean `footer.phone`?"), "{all:?}");
    }

    #[test]
    fn unknown_keys_and_bad_calendar() {
        let mut d = Diagnostics::new();
        parse("title: t\nbase_url: https://x.cn\ntheem: x\ncalendar:\n  off: [2026-02-30]\n", &mut d);
        let all: Vec<String> = d.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(all.len(), 2, "{all:?}");
        assert!(all[0].starts_with("site.yaml:3:1: error: unknown field `theem` — did you mean `theme`?"), "{all:?}");
        assert!(all[1].starts_with("site.yaml:5:"), "{all:?}");
    }

    #[test]
    fn search_synonyms() {
        let mut d = Diagnostics::new();
        let c = parse(
            "title: t\nbase_url: https://x.cn\nsearch:\n  synonyms: [[失业金, 失业保险金], [GDP, 地区生产总值]]\n",
            &mut d,
        );
        assert_eq!(
            c.map(|c| c.synonyms),
            Some(vec![vec!["失业金".into(), "失业保险金".into()], vec!["GDP".into(), "地区生产总值".into()]])
        );
        let mut d = Diagnostics::new();
        parse("title: t\nbase_url: https://x.cn\nsearch:\n  synonyms:\n    - [a]\n    - b\n  synonym: x\n", &mut d);
        let all: Vec<String> = d.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(all.len(), 3, "{all:?}");
        assert!(all[0].starts_with("site.yaml:5:7: error: each item of `search.synonyms`"), "{all:?}");
        assert!(all[1].starts_with("site.yaml:6:7: error: each item"), "{all:?}");
        assert!(all[2].contains("synonym"), "{all:?}");
    }
}
