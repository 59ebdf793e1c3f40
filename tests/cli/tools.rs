//! The standalone 办结期限计算器 at `/tools/deadline/`: generated, linked from the approval
//! index and the bundled guide, listed in the sitemap, usable without JavaScript (the form is
//! hidden, the counting rule and contacts are shown), every URL under a base path, and its
//! name reserved.

use crate::common::*;

const BASE: &str = "https://www.example.gov.cn/zwgk/";

fn read(site: &TestSite, rel: &str) -> String {
    std::fs::read_to_string(site.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Values of attribute `name` in `html`, quoted or (minified) unquoted.
fn attrs(html: &str, name: &str) -> Vec<String> {
    let key = format!(" {name}=");
    html.match_indices(&key)
        .map(|(at, _)| {
            let rest = &html[at + key.len()..];
            match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or("").to_string(),
                _ => rest.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or("").to_string(),
            }
        })
        .collect()
}

#[test]
fn the_calculator_page_is_built_linked_and_listed() {
    let site = TestSite::bundled();
    site.build_at("2026-11-26").ok();
    let page = read(&site, "tools/deadline/index.html");
    assert!(page.contains("办结期限计算器"), "{page}");
    assert!(attrs(&page, "data-calendar").contains(&"/data/calendar.json".to_string()), "{page}");
    assert!(attrs(&page, "data-days-field").contains(&"days".to_string()), "the result reads the days field");
    for preset in ["5", "10", "20"] {
        assert!(attrs(&page, "data-preset").contains(&preset.to_string()), "preset {preset} missing");
    }
    assert!(page.contains("data-preset-extend"), "the 20+20 preset is missing");
    assert!(attrs(&page, "src").iter().any(|s| s.starts_with("/assets/js/deadline.")), "deadline.js not loaded");
    // Without JavaScript: no form to fill, the rule and the contacts instead.
    let at = page.find("deadline-calc").expect("a calculator form");
    let start = page[..at].rfind("<form").expect("a form tag");
    let form_tag = &page[start..start + page[start..].find('>').unwrap()];
    assert!(form_tag.contains("deadline-calc") && form_tag.contains(" hidden"), "{form_tag}");
    assert!(page.contains("受理（收到申请）当日不计入期限"), "the counting rule is missing");
    assert!(page.contains("征求第三方意见所需时间不计算在期限内"), "the consultation note is missing");
    let hrefs = attrs(&page, "href");
    for want in ["/contact/", "/guide/", "/approvals/"] {
        assert!(hrefs.iter().any(|h| h == want), "no link to {want}: {hrefs:?}");
    }
    let index = read(&site, "approvals/index.html");
    assert!(attrs(&index, "href").iter().any(|h| h == "/tools/deadline/"), "/approvals/ does not link the calculator");
    let guide = read(&site, "guide/index.html");
    assert!(attrs(&guide, "href").iter().any(|h| h == "/tools/deadline/"), "the guide does not link the calculator");
    assert!(!guide.contains("在线填写《"), "the guide still sends people to an online form");
    assert!(attrs(&guide, "href").iter().any(|h| h.starts_with("mailto:")), "the guide has no e-mail link");
    let contact = read(&site, "contact/index.html");
    let links = attrs(&contact, "href");
    assert!(links.iter().any(|h| h == "tel:+8687163100026"), "{links:?}");
    assert!(links.iter().any(|h| h == "mailto:webmaster@yunzhou.gov.cn"), "{links:?}");
    let sitemap = read(&site, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://www.yunzhou.gov.cn/tools/deadline/</loc>"), "{sitemap}");
}

#[test]
fn under_a_base_path_every_url_of_the_calculator_stays_under_it() {
    let site = TestSite::bundled();
    site.run(&["build", "--now", "2026-11-26", "--base-url", BASE]).ok();
    let page = read(&site, "tools/deadline/index.html");
    let mut urls: Vec<String> =
        ["href", "src", "action", "data-calendar"].iter().flat_map(|a| attrs(&page, a)).collect();
    urls.retain(|u| u.starts_with('/'));
    assert!(urls.len() > 10, "too few URLs found: {urls:?}");
    let outside: Vec<&String> = urls.iter().filter(|u| !u.starts_with("/zwgk/")).collect();
    assert!(outside.is_empty(), "outside /zwgk/: {outside:?}");
    assert!(urls.contains(&"/zwgk/data/calendar.json".to_string()), "{urls:?}");
    assert!(urls.iter().any(|u| u.starts_with("/zwgk/assets/js/deadline.")), "{urls:?}");
    let index = read(&site, "approvals/index.html");
    assert!(attrs(&index, "href").contains(&"/zwgk/tools/deadline/".to_string()));
    let guide = read(&site, "guide/index.html");
    assert!(attrs(&guide, "href").contains(&"/zwgk/tools/deadline/".to_string()), "guide link not under /zwgk/");
    let sitemap = read(&site, "sitemap.xml");
    assert!(sitemap.contains("<loc>https://www.example.gov.cn/zwgk/tools/deadline/</loc>"), "{sitemap}");
}

#[test]
fn a_free_page_cannot_take_the_tools_url() {
    let site = TestSite::bundled();
    site.write("content/pages/tools.md", "---\ntitle: 工具\ndate: 2026-01-02\nclassification: public\napproval:\n  status: approved\n  by: 王晓红\n  on: 2026-01-02\ndepartment: 云州市人民政府办公室\n---\n\n正文。\n");
    let run = site.build_at("2026-11-26");
    run.fails();
    assert!(run.all().contains("content/pages/tools.md:1:1: error: the URL /tools/ is reserved"), "{}", run.all());
}
