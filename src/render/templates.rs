//! The theme: tera templates and static assets, built in and overridable.
//!
//! The default theme is compiled into the binary, so a site with only `site.yaml` and
//! `content/` builds. A named theme under `themes/<name>/templates/` and the site's own
//! `templates/` override templates by file name, in that order. Templates are trusted (they
//! belong to the portal team); content is not, and reaches templates HTML-escaped except for
//! the rendered Markdown body, which the Markdown module has already neutralised.

use crate::messages::render as msg;
use std::path::{Path, PathBuf};

use std::collections::HashMap;

use tera::{Context, Kwargs, State, Tera, Value};

use super::assets::Assets;
use super::Sink;
use crate::diagnostics::Diagnostic;
use crate::site::Site;
use crate::urls::BaseUrl;

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// Templates of the default theme.
const TEMPLATES: &[(&str, &str)] = builtin!(
    "base.html",
    "entry_item.html",
    "footer.html",
    "draft.html",
    "pagination.html",
    "home.html",
    "list.html",
    "document.html",
    "catalog.html",
    "bulletins.html",
    "bulletin.html",
    "approvals.html",
    "approval.html",
    "tool_deadline.html",
    "changes.html",
    "journals.html",
    "journal.html",
    "issue.html",
    "page.html",
    "terms.html",
    "term.html",
    "search.html",
    "sitemap.html",
    "404.html",
    "task_item.html",
    "task_filters.html",
    "tasks.html",
    "tasks_list.html",
    "task.html",
    "statistics.html",
    "stat_years.html",
    "feed.xml",
    "sitemap.xml",
);

/// Static assets of the default theme, written under `assets/` with hashed names.
const STATIC: &[(&str, &[u8])] = &[
    ("css/style.css", include_bytes!("../../themes/default/static/css/style.css")),
    ("css/print.css", include_bytes!("../../themes/default/static/css/print.css")),
    ("js/site.js", include_bytes!("../../themes/default/static/js/site.js")),
    ("js/deadline.js", include_bytes!("../../themes/default/static/js/deadline.js")),
    ("js/approvals.js", include_bytes!("../../themes/default/static/js/approvals.js")),
    ("js/tokens.js", include_bytes!("../../themes/default/static/js/tokens.js")),
    ("js/search.js", include_bytes!("../../themes/default/static/js/search.js")),
    ("favicon.svg", include_bytes!("../../themes/default/static/favicon.svg")),
];

pub struct Theme {
    tera: Tera,
    /// The site's own static files outside `assets/`: (output path, source).
    extra_static: Vec<(String, PathBuf)>,
    /// The theme's assets (built in, or overridden under `assets/`), fingerprinted.
    pub assets: Assets,
    /// Whether any template mentions `site.build_date`.
    pub shows_build_date: bool,
    /// Whether any template prints `site.footer_html` (then `footer.html` is rendered once
    /// per build into it, see [`Theme::with_footer`]).
    footer_once: bool,
    /// Run minify-html over every page (`minify: full`).
    full_minify: bool,
}

impl Theme {
    pub fn load(site: &Site) -> Result<Theme, Vec<Diagnostic>> {
        let mut sources: Vec<(String, String)> =
            TEMPLATES.iter().map(|(n, s)| (n.to_string(), s.to_string())).collect();
        let mut problems = Vec::new();
        let mut extra_static: Vec<(String, PathBuf)> = Vec::new();
        let theme_dir = site.root.join("themes").join(&site.config.theme);
        if site.config.theme != "default" && !theme_dir.is_dir() {
            problems.push(Diagnostic::error("site.yaml", 0, 0, msg::no_theme(&site.config.theme)));
        }
        for dir in [theme_dir.join("templates"), site.root.join("templates")] {
            read_overrides(&site.root, &dir, &mut sources, &mut problems);
        }
        for dir in [(theme_dir.join("static"), "assets/"), (site.root.join("static"), "")] {
            collect_static(&dir.0, dir.1, &mut extra_static);
        }
        let overrides: Vec<(String, PathBuf)> = extra_static
            .iter()
            .filter_map(|(p, src)| p.strip_prefix("assets/").map(|n| (n.to_string(), src.clone())))
            .collect();
        extra_static.retain(|(p, _)| !p.starts_with("assets/"));
        let (assets, unreadable) = Assets::new(STATIC, &overrides);
        // The preview serves assets under their plain names: a stylesheet edit changes no page.
        let assets = if site.config.base_url.is_preview() { assets.plain() } else { assets };
        for (src, e) in unreadable {
            let rel = src.strip_prefix(&site.root).unwrap_or(&src).to_string_lossy().to_string();
            problems.push(Diagnostic::error(rel, 0, 0, msg::static_unreadable(&e)));
        }
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        register_filters(&mut tera, &site.config.base_url, &assets);
        // Only HTML is tidied: its rewrites (unquoted attributes) are not XML.
        let tidied: Vec<(&str, String)> = sources
            .iter()
            .map(|(n, s)| (n.as_str(), if n.ends_with(".xml") { s.clone() } else { super::tidy::template(s) }))
            .collect();
        if let Err(e) = tera.add_raw_templates(tidied.iter().map(|(n, s)| (*n, s.as_str()))) {
            problems.push(Diagnostic::error("templates", 0, 0, msg::template_error(&e.to_string())));
        }
        let shows_build_date = sources.iter().any(|(_, s)| s.contains("build_date"));
        let footer_once = sources.iter().any(|(_, s)| s.contains("footer_html"));
        if problems.is_empty() {
            let full_minify = site.config.minify == crate::config::Minify::Full;
            Ok(Theme { tera, extra_static, assets, shows_build_date, footer_once, full_minify })
        } else {
            Err(problems)
        }
    }

    /// Render a page to its final bytes (minified when `minify: full`).
    pub fn page(&self, name: &str, ctx: &Context) -> Result<Vec<u8>, String> {
        // Rendered straight into bytes: `render` would check the whole page is UTF-8 again.
        let mut html = Vec::with_capacity(16 * 1024);
        self.tera.render_to(name, ctx, &mut html).map_err(|e| message(&e))?;
        Ok(if self.full_minify { super::tidy::page(&html) } else { html })
    }

    /// `site` (the value every page gets) with `footer_html`: the theme's `footer.html`,
    /// rendered here, once per build rather than on every page, since it is given nothing but
    /// `site` (docs/templates.md §3.4). Unchanged when no template prints `site.footer_html`.
    pub fn with_footer(&self, site: &Value) -> Result<Value, String> {
        if !self.footer_once {
            return Ok(site.clone());
        }
        let mut ctx = Context::new();
        ctx.insert_value("site", site.clone());
        let mut html = Vec::with_capacity(2048);
        self.tera.render_to("footer.html", &ctx, &mut html).map_err(|e| message(&e))?;
        let html = String::from_utf8(html).map_err(|e| e.to_string())?;
        let mut map = site.as_map().cloned().unwrap_or_default();
        map.insert("footer_html".into(), Value::from(html));
        Ok(Value::from(map))
    }

    /// Render an XML template (`feed.xml`, `sitemap.xml`) to its bytes: never minified.
    pub fn xml(&self, name: &str, ctx: &Context) -> Result<Vec<u8>, String> {
        let mut xml = Vec::with_capacity(16 * 1024);
        self.tera.render_to(name, ctx, &mut xml).map_err(|e| message(&e))?;
        Ok(xml)
    }

    /// Output paths that static files provide (the built-in theme's assets and any overrides).
    pub fn static_paths(&self) -> std::collections::HashSet<String> {
        let builtin = STATIC.iter().map(|(path, _)| format!("assets/{path}"));
        builtin.chain(self.extra_static.iter().map(|(path, _)| path.clone())).collect()
    }

    pub fn write_static(&self, out: &dyn Sink) {
        for (path, bytes) in self.assets.files() {
            out.add(path.clone(), bytes.clone());
        }
        for (path, src) in &self.extra_static {
            out.copy(path.clone(), src.clone());
        }
    }
}

/// `href`: a site path to the URL a page emits (`/documents/x/` → `/zwgk/documents/x/`);
/// `asset`: a theme asset's plain name to its fingerprinted URL (`css/style.css` →
/// `/zwgk/assets/css/style.1a2b3c4d5e.css`), an error for a name the theme lacks; `safe` as
/// tera's own, without copying the text.
///
/// Both run on every page, dozens of times on a list (issue 18): at a domain root `href` hands
/// back the value it was given (tera values share their text) instead of a copy, and `asset`
/// hands out URLs made once, when the theme loads. Either way the page gets the same text,
/// escaped as before (a value marked safe is copied, so the result is never marked safe).
fn register_filters(tera: &mut Tera, base: &BaseUrl, assets: &Assets) {
    let b = base.clone();
    let identity = base.root() == "/";
    tera.register_filter("href", move |v: &Value, _: Kwargs, _: &State| -> tera::TeraResult<Value> {
        let path = <&str as tera::ArgFromValue>::from_value(v)?;
        Ok(if identity && !v.is_safe() { v.clone() } else { Value::from(b.href(path)) })
    });
    // tera's own `safe` copies the text into a new value; every entry page prints its body
    // (kilobytes) through it. The same text, marked safe, without the copy.
    tera.register_filter("safe", |v: &Value, _: Kwargs, _: &State| match v.as_str() {
        Some(_) => v.clone().mark_safe(),
        None => Value::safe_string(&v.to_string()),
    });
    let urls: HashMap<String, Value> =
        assets.names().filter_map(|n| Some((n.to_string(), Value::from(assets.href(base, n)?)))).collect();
    tera.register_filter("asset", move |v: &str, _: Kwargs, _: &State| {
        urls.get(v)
            .cloned()
            .ok_or_else(|| tera::Error::message(format!("no asset named `{v}` in the theme's static/ folder")))
    });
}

/// A tera error with its chain of causes.
fn message(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        msg.push_str(&format!(": {s}"));
        src = s.source();
    }
    msg
}

fn read_overrides(root: &Path, dir: &Path, sources: &mut Vec<(String, String)>, problems: &mut Vec<Diagnostic>) {
    let Ok(items) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<PathBuf> = items.filter_map(|i| i.ok().map(|i| i.path())).filter(|p| overridable(p)).collect();
    files.sort();
    for p in files {
        let name = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
        let rel = p.strip_prefix(root).unwrap_or(&p).to_string_lossy().to_string();
        match std::fs::read_to_string(&p) {
            Ok(text) => {
                sources.retain(|(n, _)| *n != name);
                sources.push((name, text));
            }
            Err(e) => problems.push(Diagnostic::error(rel, 0, 0, msg::template_unreadable(&e))),
        }
    }
}

/// Whether a file in a templates folder is read: every `.html`, and the two XML templates.
fn overridable(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "html") || p.file_name().is_some_and(|n| n == "feed.xml" || n == "sitemap.xml")
}

/// Regular files under `dir` (symlinks are not followed), mapped to `prefix` + relative path.
fn collect_static(dir: &Path, prefix: &str, out: &mut Vec<(String, PathBuf)>) {
    if !dir.is_dir() {
        return;
    }
    for item in walkdir::WalkDir::new(dir).follow_links(false).sort_by_file_name().into_iter().flatten() {
        if !item.file_type().is_file() {
            continue;
        }
        let rel: Vec<String> = item
            .path()
            .strip_prefix(dir)
            .unwrap_or(item.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy().to_string())
            .collect();
        if rel.iter().any(|c| c.starts_with('.')) {
            continue;
        }
        out.push((format!("{prefix}{}", rel.join("/")), item.path().to_path_buf()));
    }
}
