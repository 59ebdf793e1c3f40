//! Script injection: raw HTML in Markdown, `javascript:`/`data:` URLs, HTML and template syntax
//! in front-matter fields. The output escapes or drops all of it: the only scripts are the
//! theme's own `<script src="/assets/...">`, no tag carries an event handler or a script URL,
//! templates are never evaluated, and every page carries the Content-Security-Policy.
//!
//! Checks parse the real tags of each page (escaped text such as `&lt;img onerror=…&gt;` is
//! harmless text and is not a tag), so they hold whatever the minifier does with quoting.

use crate::common::*;

/// One real tag of an HTML page: its name and attributes (names lower-cased, values decoded).
#[derive(Clone, Debug)]
pub struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    /// Text up to the matching close tag, for `<script>`, `<style>`, `<title>` and `<textarea>`.
    pub raw_text: String,
}

/// A small HTML tokenizer, enough for minified output: tags, quoted or unquoted attribute
/// values, comments, and the raw text of `<script>`/`<style>`.
pub fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(at) = html[i..].find('<') {
        i += at + 1;
        if html[i..].starts_with("!--") {
            i = html[i..].find("-->").map_or(html.len(), |e| i + e + 3);
            continue;
        }
        if html[i..].starts_with('!') || html[i..].starts_with('/') || html[i..].starts_with('?') {
            continue;
        }
        let name_len = html[i..].find(|c: char| !c.is_ascii_alphanumeric() && c != '-' && c != ':').unwrap_or(0);
        if name_len == 0 {
            continue; // `<` in text (the minifier may leave a bare one)
        }
        let name = html[i..i + name_len].to_ascii_lowercase();
        i += name_len;
        let mut attrs = Vec::new();
        loop {
            while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                i += 1;
            }
            if i >= b.len() || b[i] == b'>' {
                i += 1;
                break;
            }
            let start = i;
            while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
                i += 1;
            }
            let attr = html[start..i].to_ascii_lowercase();
            let mut value = String::new();
            if i < b.len() && b[i] == b'=' {
                i += 1;
                if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i];
                    let end = html[i + 1..].find(q as char).map_or(html.len(), |e| i + 1 + e);
                    value = html[i + 1..end].to_string();
                    i = (end + 1).min(html.len());
                } else {
                    let start = i;
                    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    value = html[start..i].to_string();
                }
            }
            if attr.is_empty() {
                i += 1;
                continue;
            }
            attrs.push((attr, decode_entities(&value)));
        }
        let mut raw_text = String::new();
        // Raw text (script, style) and escapable raw text (title, textarea): no tags inside,
        // only the matching close tag ends them. The minifier writes `<title>&lt;/title><script>`
        // for a title `</title><script>`: inside <title> that `<script>` is text.
        if matches!(name.as_str(), "script" | "style" | "title" | "textarea") {
            let close = format!("</{name}");
            let end = html[i.min(html.len())..].to_ascii_lowercase().find(&close).map_or(html.len(), |e| i + e);
            raw_text = html[i.min(end)..end].to_string();
            i = end;
        }
        out.push(Tag { name, attrs, raw_text });
    }
    out
}

/// Enough entity decoding to see through `&#106;avascript:` and `&colon;`.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|e| *e < 12);
        let decoded = end.and_then(|e| {
            let ent = &rest[1..e];
            let c = if let Some(h) = ent.strip_prefix("#x").or_else(|| ent.strip_prefix("#X")) {
                u32::from_str_radix(h, 16).ok().and_then(char::from_u32)
            } else if let Some(d) = ent.strip_prefix('#') {
                d.parse().ok().and_then(char::from_u32)
            } else {
                match ent {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "colon" => Some(':'),
                    "Tab" => Some('\t'),
                    "NewLine" => Some('\n'),
                    _ => None,
                }
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A URL a browser would run or render as a document: `javascript:`, `vbscript:`, `data:`
/// (browsers ignore tabs, newlines and leading spaces in the scheme).
pub fn dangerous_url(v: &str) -> bool {
    let cleaned: String =
        v.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:", "livescript:"].iter().any(|s| cleaned.starts_with(s))
}

const URL_ATTRS: &[&str] =
    &["href", "src", "action", "formaction", "xlink:href", "poster", "background", "cite", "data", "srcset", "ping"];

/// No script but the theme's own files, no event handler, no script URL, no embedded frames.
#[track_caller]
pub fn assert_no_live_script(rel: &str, html: &str) {
    for t in tags(html) {
        match t.name.as_str() {
            "script" => {
                let src = t.attrs.iter().find(|(a, _)| a == "src").map(|(_, v)| v.as_str());
                assert!(
                    src.is_some_and(|s| s.starts_with("/assets/") && !s.contains("..")),
                    "{rel}: a script that is not the theme's own: {t:?}"
                );
                assert!(t.raw_text.trim().is_empty(), "{rel}: inline script {t:?}");
            }
            "iframe" | "frame" | "object" | "embed" | "applet" | "base" | "style" | "frameset" | "portal" => {
                panic!("{rel}: a live <{}> tag: {t:?}", t.name)
            }
            "meta" => {
                let refresh = t.attrs.iter().any(|(a, v)| a == "http-equiv" && v.eq_ignore_ascii_case("refresh"));
                assert!(!refresh, "{rel}: meta refresh {t:?}");
            }
            _ => {}
        }
        for (a, v) in &t.attrs {
            assert!(!a.starts_with("on"), "{rel}: event handler `{a}` on <{}>: {t:?}", t.name);
            assert!(a != "style" || !v.to_ascii_lowercase().contains("url("), "{rel}: style with url(): {t:?}");
            if URL_ATTRS.contains(&a.as_str()) {
                assert!(!dangerous_url(v), "{rel}: <{} {a}={v:?}>", t.name);
            }
        }
    }
}

/// The CSP meta tag, allowing scripts only from the site itself.
#[track_caller]
pub fn assert_csp(rel: &str, html: &str) {
    let csp = tags(html)
        .into_iter()
        .find(|t| {
            t.name == "meta"
                && t.attrs.iter().any(|(a, v)| a == "http-equiv" && v.eq_ignore_ascii_case("content-security-policy"))
        })
        .unwrap_or_else(|| panic!("{rel}: no Content-Security-Policy meta tag"));
    let policy = &csp.attrs.iter().find(|(a, _)| a == "content").expect("a policy").1;
    let script_src = policy
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src"))
        .or_else(|| policy.split(';').map(str::trim).find(|d| d.starts_with("default-src")))
        .unwrap_or_else(|| panic!("{rel}: CSP without script-src: {policy}"));
    assert!(!script_src.contains("'unsafe-inline'") && !script_src.contains("'unsafe-eval'"), "{rel}: {policy}");
    assert!(!script_src.contains('*') && !script_src.contains("data:"), "{rel}: {policy}");
    assert!(policy.contains("object-src 'none'"), "{rel}: {policy}");
    // The meta tag must come before anything that could run.
    let head = html.find("<head").map_or(0, |h| h);
    let meta_at = html.to_ascii_lowercase().find("content-security-policy").unwrap();
    let first_script = html.find("<script").unwrap_or(html.len());
    assert!(meta_at > head && meta_at < first_script, "{rel}: the CSP comes after a script");
}

fn hostile_body(m: &str) -> String {
    format!(
        r#"<script>alert('{m}1')</script>

<iframe src="https://evil.example/{m}2"></iframe>

<img src=x onerror="alert('{m}3')">

<style>body {{ display: none }} .{m}4 {{ background: url(javascript:alert(1)) }}</style>

<svg><script>alert('{m}5')</script><a xlink:href="javascript:alert(1)">x</a></svg>

<div onmouseover="alert('{m}6')">悬停</div>

<a href="javascript:alert('{m}7')">点我</a> <a href="JaVaScRiPt:alert(1)">大小写</a>

[链接1](javascript:alert('{m}8')) [链接2](JAVASCRIPT:alert(1)) [链接3](java&#115;cript:alert(1))
[链接4](&#106;avascript:alert(1)) [链接5]( javascript:alert(1)) [链接6](vbscript:msgbox(1))
[链接7](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [链接8](//evil.example/x)
[链接9][r] <javascript:alert(1)> <data:text/html,<script>alert(1)</script>>

[r]: javascript:alert('{m}9')

![图1](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+) ![图2](javascript:alert(1))
![图3](x.png" onerror="alert(1)) [链接10](https://example.cn/" onclick="alert(1))

<object data="x.swf"></object><embed src="x.swf"><base href="https://evil.example/">
<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><form action="javascript:alert(1)"><button>提交</button></form>
<math><mi xlink:href="javascript:alert(1)">x</mi></math> <details open ontoggle=alert(1)>

`<script>代码里的 script 是文本</script>`

```html
<script>alert("代码块也是文本")</script>
```

| 列1 | 列2 |
|---|---|
| <script>alert('{m}t')</script> | <img src=x onerror=alert(1)> |

正文 {{{{ 7*7 }}}} {{% raw %}} {{% if true %}}{m}if{{% endif %}} {m}tpl{{{{ 7*7 }}}}x
"#
    )
}

/// Front-matter values with HTML and template syntax, quoted so YAML keeps them as written.
fn hostile_field(m: &str, what: &str) -> String {
    format!("\"</title><script>alert('{m}{what}')</script><img src=x onerror=alert(1)> \\\"><svg onload=alert(1)> {m}tpl{{{{ 7*7 }}}}x {{% raw %}}\"")
}

fn hostile_site() -> TestSite {
    let site = TestSite::new();
    site.entry(
        "documents/xss.md",
        &Fm::new(&hostile_field("zqx", "title"))
            .set("summary", &hostile_field("zqx", "summary"))
            .set("topics", &format!("[{}]", hostile_field("zqx", "topic")))
            .set("department", &hostile_field("zqx", "dept"))
            .set("genre", "通知")
            .body(&hostile_body("zqx")),
    );
    site.entry(
        "bulletins/xss.md",
        &Fm::bulletin(&hostile_field("zqb", "title")).set(
            "table",
            &format!(
                "{{columns: [{}, 增速], rows: [[{}, 5.1], [\"=HYPERLINK(\\\"http://evil.example\\\")\", 3.2], [\"+cmd|' /C calc'!A0\", 1], [\"@SUM(1+1)\", 2], [\"-2+3\", 0]], rank_by: 增速}}",
                hostile_field("zqb", "col"),
                hostile_field("zqb", "cell")
            ),
        ),
    );
    site.entry(
        "approvals/xss.md",
        &Fm::approval(&hostile_field("zqa", "title"), "CS-XK-0001")
            .set("category", &hostile_field("zqa", "cat"))
            .set("materials", &format!("[{}]", hostile_field("zqa", "mat")))
            .set("legal_basis", &format!("[{}]", hostile_field("zqa", "law")))
            .set("fee", &hostile_field("zqa", "fee"))
            .set("steps", &format!("[{{name: {}, days: 1}}]", hostile_field("zqa", "step")))
            .set(
                "history",
                &format!(
                    "[{{date: 2024-01-01, change: renamed, from: {}, to: 新名称, note: {}}}]",
                    hostile_field("zqa", "from"),
                    hostile_field("zqa", "note")
                ),
            ),
    );
    site.entry("journals/j/_index.md", &Fm::journal(&hostile_field("zqj", "title")));
    site.entry(
        "journals/j/1.md",
        &Fm::issue(&hostile_field("zqi", "title"), 1, &["@/documents/xss.md"]).body(&hostile_body("zqi")),
    );
    site.entry("pages/xss.md", &Fm::new(&hostile_field("zqp", "title")).body(&hostile_body("zqp")));
    site.entry(
        "documents/formula.md",
        &Fm::new("=HYPERLINK(\"http://evil.example\",\"点击领取补贴\")")
            .set("summary", "\"@SUM(1+1)*cmd|' /C calc'!A0\"")
            .set("doc_number", "测政发〔2025〕9号"),
    );
    site
}

#[test]
fn no_live_script_anywhere() {
    let site = hostile_site();
    let run = site.build();
    assert_eq!(run.code, 0, "{run}");
    run.no_debug_dump();
    let out = site.out();
    let pages = html_pages(&out);
    assert!(pages.len() > 10);
    for (rel, html) in &pages {
        assert_no_live_script(rel, html);
        assert_csp(rel, html);
    }
    // The hostile text is still there, as text.
    let page = &pages["documents/xss/index.html"];
    assert!(page.contains("&lt;script") || page.contains("&lt;script&gt;"), "raw HTML should show as text");
}

#[test]
fn templates_in_content_are_never_evaluated() {
    let site = hostile_site();
    site.build();
    let out = site.out();
    for m in ["zqx", "zqb", "zqa", "zqj", "zqi", "zqp"] {
        assert_nowhere(&out, &format!("{m}tpl49x"));
        assert_somewhere(&out, &format!("{m}tpl"));
    }
    assert_somewhere(&out, "7*7");
    // `{% if true %}X{% endif %}` not evaluated: the tag text is kept next to the marker.
    let page = &html_pages(&out)["documents/xss/index.html"];
    assert!(page.contains("{% if true %}zqxif{% endif %}"), "template tags in the body were interpreted");
}

/// Non-HTML outputs: feeds are XML (escaped), JSON is JSON, CSV cells cannot run as formulas.
#[test]
fn feeds_exports_and_csv_are_safe() {
    let site = hostile_site();
    site.build().ok();
    let files = output_files(&site.out());
    for (rel, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        if rel.ends_with(".xml") {
            assert!(!text.contains("<script"), "{rel}: unescaped <script> in XML");
            assert!(!text.contains("<img"), "{rel}: unescaped <img> in XML");
        }
        if rel.ends_with(".json") {
            serde_json::from_slice::<serde_json::Value>(bytes).unwrap_or_else(|e| panic!("{rel}: not JSON: {e}"));
        }
        if rel.ends_with(".csv") {
            for (n, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
                for cell in split_csv(line) {
                    assert!(
                        !(cell.starts_with(['=', '+', '@']) || cell.starts_with('-') && cell.parse::<f64>().is_err()),
                        "{rel}:{}: a cell a spreadsheet would run as a formula: {cell:?}",
                        n + 1
                    );
                }
            }
        }
    }
}

fn split_csv(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => cells.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    cells.push(cur);
    cells
}

/// The search index pages carry markup as data only: their result rows are JSON.
#[test]
fn search_index_rows_are_json() {
    let site = hostile_site();
    site.build().ok();
    for (rel, bytes) in output_files(&site.out()) {
        if rel.starts_with("search/index/") && rel.ends_with(".json") {
            serde_json::from_slice::<serde_json::Value>(&bytes).unwrap_or_else(|e| panic!("{rel}: {e}"));
        }
    }
}

#[test]
fn tokenizer_sees_real_tags_only() {
    let t = tags("<title>&lt;/title><script>x</script></title><p>&lt;img onerror=x&gt;<a href=javascript:x title=\"a>b\">y</a><script src=/assets/js/a.js></script><!-- <script>x</script> -->");
    let names: Vec<&str> = t.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["title", "p", "a", "script"]);
    let t = t[1..].to_vec();
    assert!(dangerous_url(&t[1].attrs[0].1));
    assert_eq!(t[1].attrs[1].1, "a>b");
    assert!(dangerous_url(&decode_entities("&#106;ava&#x73;cript&colon;x")));
    assert!(dangerous_url(" java\tscript:x"));
}
