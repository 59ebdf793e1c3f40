//! A site under a path (`https://www.example.gov.cn/zwgk/`): every URL in every output file
//! stays under `/zwgk/`; bad `--base-url` values are refused with exit 2.

use std::path::Path;

use crate::common::*;

const BASE: &str = "https://www.example.gov.cn/zwgk/";

/// Every internal URL in `text` that is outside `/zwgk/`: root-relative values of attributes
/// (href, src, action, content, data-*), `url( )`, quoted strings in JSON and JavaScript, and
/// absolute URLs on the site's own host.
fn escapes(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut check = |url: &str| {
        if url.starts_with('/') && !url.starts_with("//") && !url.starts_with("/zwgk/") {
            found.push(url.to_string());
        }
    };
    for quote in ['"', '\''] {
        let mut parts = text.split(quote);
        parts.next();
        // Every other piece is inside quotes: `a="x" b="y"` → x, y.
        for (i, piece) in parts.enumerate() {
            if i % 2 == 0 && !piece.contains(char::is_whitespace) {
                check(piece);
            }
        }
    }
    let until_end =
        |s: &str| s.split(|c: char| c.is_whitespace() || "'\")>".contains(c)).next().unwrap_or("").to_string();
    for (at, _) in text.match_indices("url(") {
        check(&until_end(text[at + 4..].trim_start_matches(['"', '\'', ' '])));
    }
    // Unquoted attribute values (the templates are minified: `href=/x/`).
    for (at, _) in text.match_indices("=/") {
        check(&until_end(&text[at + 1..]));
    }
    for host in ["https://www.example.gov.cn", "http://www.example.gov.cn"] {
        for (at, _) in text.match_indices(host) {
            let rest = &text[at + host.len()..];
            if !rest.starts_with("/zwgk/") && !rest.starts_with("/zwgk\"") {
                found.push(format!("{host}{}", rest.chars().take(40).collect::<String>()));
            }
        }
    }
    found
}

fn read(site: &TestSite, rel: &str) -> String {
    std::fs::read_to_string(site.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn text_files(dir: &Path) -> Vec<(String, String)> {
    let kinds = ["html", "js", "xml", "json", "csv", "css", "txt", "svg"];
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| e.path().extension().is_some_and(|x| kinds.iter().any(|k| x == *k)))
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().to_string();
            (rel, std::fs::read_to_string(e.path()).unwrap_or_default())
        })
        .collect()
}

#[test]
fn the_scanner_sees_escaping_urls() {
    let page = "<a href=/zwgk/ok/ class=x href=/unquoted/><a href=\"/documents/\">x</a><link href='/zwgk/a.css'><p>x / y</p>url(/img.png) \
                \"https://www.example.gov.cn/documents/\" [\"/search/index/\"]";
    assert_eq!(
        escapes(page),
        [
            "/documents/",
            "/search/index/",
            "/img.png",
            "/unquoted/",
            "https://www.example.gov.cn/documents/\" [\"/search/index/\"]"
        ]
    );
    assert!(escapes("<a href=\"/zwgk/x/\">https://www.example.gov.cn/zwgk/</a> '//cdn' 'a / b'").is_empty());
}

#[test]
fn the_bundled_portal_under_a_path_keeps_every_url_under_it() {
    let site = TestSite::bundled();
    let run = site.run(&["build", "--now", "2026-06-01", "--base-url", BASE]);
    run.ok();
    let files = text_files(&site.out());
    assert!(files.len() > 200, "only {} text files", files.len());
    let mut bad = Vec::new();
    for (path, text) in &files {
        bad.extend(escapes(text).into_iter().map(|u| format!("{path}: {u}")));
    }
    assert!(bad.is_empty(), "{} URL(s) outside /zwgk/, e.g.\n{}", bad.len(), bad[..bad.len().min(20)].join("\n"));
    let home = read(&site, "index.html");
    assert!(home.contains("href=\"/zwgk/documents/\""), "{home}");
    assert!(home.contains("<link rel=canonical href=\"https://www.example.gov.cn/zwgk/\">"));
    let search = read(&site, "search/index.html");
    assert!(search.contains("data-index=\"/zwgk/search/index/\""));
    let docs = read(&site, "search/index/docs/0.json");
    assert!(docs.contains("\"/zwgk/documents/"), "{docs}");
    assert!(read(&site, "robots.txt").contains("Allow: /zwgk/\n"));
    assert!(read(&site, "sitemap.xml").contains("<loc>https://www.example.gov.cn/zwgk/documents/"));
}

#[test]
fn at_a_domain_root_urls_have_no_prefix() {
    let site = TestSite::bundled();
    site.run(&["build", "--now", "2026-06-01", "--base-url", "https://www.example.gov.cn"]).ok();
    let home = read(&site, "index.html");
    assert!(home.contains("href=\"/documents/\"") && !home.contains("/zwgk/"));
    assert!(home.contains("<link rel=stylesheet href=\"/assets/css/style."));
}

#[test]
fn bad_base_urls_are_refused_with_exit_2() {
    let site = TestSite::new();
    for (bad, says) in [
        ("www.example.gov.cn/zwgk", "must start with https://"),
        ("https://www.example.gov.cn/zwgk/?a=1", "query or fragment"),
        ("https://www.example.gov.cn/#top", "query or fragment"),
        ("ftp://www.example.gov.cn/", "must start with https://"),
    ] {
        let run = site.run(&["build", "--base-url", bad]);
        assert_eq!(run.code, 2, "{bad}\n{run}");
        assert!(run.stderr.contains(says), "{bad}: {}", run.stderr);
        assert!(!site.out().exists(), "{bad} wrote an output");
    }
    site.write("site.yaml", "title: t\nbase_url: https://x.gov.cn/zwgk?x=1\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("site.yaml:2:1: error: `base_url`") && run.stderr.contains("query"), "{run}");
}
