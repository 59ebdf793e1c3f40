//! The footer's marks from `site.yaml` `footer:` (主办 never the site's own title), the HTML
//! 网站地图 at `/sitemap/` (published pages only), and `sitemap.xml` listing taxonomy and
//! paginated pages.

use crate::common::*;

const BASE_YAML: &str = "title: 测试市人民政府门户网站\nbase_url: https://www.ceshi.gov.cn\norg_code: \"115399000000000000\"\nsite_id_code: \"5399000001\"\ndepartments:\n  - 测试市人民政府办公室\n  - 测试市发展和改革委员会\n";

fn footer_of(site: &TestSite) -> String {
    let home = std::fs::read_to_string(site.out().join("index.html")).unwrap();
    let start = home.find("<footer").expect("a footer");
    home[start..].to_string()
}

#[test]
fn the_sponsor_defaults_to_the_first_department_never_the_site_title() {
    let site = TestSite::new();
    site.write("site.yaml", BASE_YAML);
    site.entry("documents/a.md", &Fm::new("甲"));
    site.build().ok();
    let footer = footer_of(&site);
    assert!(footer.contains("主办：测试市人民政府办公室"), "{footer}");
    assert!(!footer.contains("主办：测试市人民政府门户网站"), "{footer}");
    assert!(footer.contains("网站标识码：5399000001"), "{footer}");
    assert!(footer.contains("sitemap/"), "the footer links the 网站地图: {footer}");
    for absent in ["承办", "tel:", "mailto:", "公网安备", "党政机关网站标识", "我为政府网站找错"]
    {
        assert!(!footer.contains(absent), "{absent} without a value: {footer}");
    }
    // Without departments there is no 主办 line at all, rather than a wrong one.
    site.write(
        "site.yaml",
        "title: 测试市人民政府门户网站\nbase_url: https://www.ceshi.gov.cn\norg_code: \"115399000000000000\"\n",
    );
    site.build().ok();
    assert!(!footer_of(&site).contains("主办"), "{}", footer_of(&site));
}

#[test]
fn configured_footer_values_are_shown_and_linked() {
    let site = TestSite::new();
    site.write(
        "site.yaml",
        format!(
            "{BASE_YAML}icp: 测ICP备00000000号\nfooter:\n  sponsor: 测试市人民政府\n  organizer: 测试市大数据中心\n  phone: 0999-1234567\n  email: web@ceshi.gov.cn\n  police_record: 测公网安备 99010002000001号\n  police_record_url: https://beian.example.gov.cn/r/1\n  mark_url: https://mark.example.gov.cn/m/1\n  error_report_url: https://jiucuo.example.gov.cn/?c=1\n"
        ),
    );
    site.entry("documents/a.md", &Fm::new("甲"));
    site.build().ok();
    let f = footer_of(&site);
    for want in [
        "主办：测试市人民政府",
        "承办：测试市大数据中心",
        "tel:09991234567",
        ">0999-1234567</a>",
        "mailto:web@ceshi.gov.cn",
        "https://beian.example.gov.cn/r/1",
        ">测公网安备 99010002000001号</a>",
        "https://mark.example.gov.cn/m/1",
        ">党政机关网站标识</a>",
        "https://jiucuo.example.gov.cn/?c=1",
        ">我为政府网站找错</a>",
        "测ICP备00000000号",
    ] {
        assert!(f.contains(want), "{want} missing: {f}");
    }
    assert!(!f.contains("主办：测试市人民政府办公室"), "{f}");
}

#[test]
fn a_bad_footer_key_or_url_is_a_located_error() {
    let site = TestSite::new();
    site.write("site.yaml", format!("{BASE_YAML}footer:\n  phon: 0999-1234567\n  mark_url: www.example.gov.cn/m\n"));
    let run = site.build();
    run.fails();
    let unknown = run.diag("site.yaml:9:3: error:");
    assert!(unknown.contains("did you mean `footer.phone`?"), "{unknown}");
    let url = run.diag("site.yaml:10:3: error:");
    assert!(url.contains("`footer.mark_url` must be an http:// or https:// address"), "{url}");
}

#[test]
fn the_html_site_map_lists_the_sections_and_nothing_withheld() {
    let site = TestSite::new();
    site.entry("documents/a.md", &Fm::new("公开的文件").set("topics", "[公开主题]"));
    site.entry("pages/help.md", &Fm::new("使用帮助"));
    site.entry(
        "documents/secret.md",
        &Fm::new("绝密标记甲乙丙")
            .status("pending")
            .set("topics", "[隐藏主题丁戊己]")
            .set("department", "测试市隐藏局"),
    );
    site.entry("pages/draft.md", &Fm::new("未审页面庚辛壬").status("pending"));
    site.build().ok();
    let map = std::fs::read_to_string(site.out().join("sitemap/index.html")).unwrap();
    for want in [
        "<h1>网站地图</h1>",
        ">首页</a>",
        ">政府文件</a>",
        ">信息公开目录</a>",
        ">通报</a>",
        ">督查通报</a>",
        ">审批时限索引</a>",
        ">审批事项变更记录</a>",
        ">电子刊物</a>",
        ">重点任务</a>",
        ">发文统计</a>",
        ">发布机构</a>",
        ">测试市人民政府办公室</a>",
        ">公开主题</a>",
        ">2025年</a>",
        ">使用帮助</a>",
        ">站内搜索</a>",
    ] {
        assert!(map.contains(want), "{want} missing from /sitemap/: {map}");
    }
    for marker in ["绝密标记甲乙丙", "隐藏主题丁戊己", "测试市隐藏局", "未审页面庚辛壬"] {
        assert_nowhere(&site.out(), marker);
    }
    let xml = std::fs::read_to_string(site.out().join("sitemap.xml")).unwrap();
    assert!(xml.contains("<loc>https://www.ceshi.gov.cn/sitemap/</loc>"), "{xml}");
}

#[test]
fn sitemap_xml_lists_taxonomy_and_paginated_pages() {
    let site = TestSite::new();
    for n in 0..21 {
        site.entry(&format!("documents/d{n:02}.md"), &Fm::new(&format!("文件{n}")).set("topics", "[营商环境]"));
    }
    site.build().ok();
    let xml = std::fs::read_to_string(site.out().join("sitemap.xml")).unwrap();
    for want in ["/documents/page/2/", "/years/2025/", "/departments/", "/topics/"] {
        assert!(xml.contains(&format!("<loc>https://www.ceshi.gov.cn{want}")), "{want} missing: {xml}");
    }
    // Every listed page exists, and every page except the 404 page is listed.
    let listed: Vec<&str> =
        xml.split("<loc>https://www.ceshi.gov.cn").skip(1).filter_map(|s| s.split("</loc>").next()).collect();
    assert!(listed.iter().any(|u| u.starts_with("/topics/") && u.len() > "/topics/".len()), "{xml}");
    for u in &listed {
        assert!(site.out().join(format!("{}index.html", u.trim_start_matches('/'))).is_file(), "{u} listed but absent");
    }
    let pages = html_pages(&site.out());
    for p in pages.keys().filter(|p| p.ends_with("index.html")) {
        let url = format!("/{}", p.trim_end_matches("index.html"));
        assert!(listed.contains(&url.as_str()), "{url} is a page but not in sitemap.xml");
    }
}

/// `footer.html` is rendered once per build into `site.footer_html` (issue 18): an override is
/// on every page; one that needs more than `site` is a located error, not a silent gap; a
/// `base.html` that does not print it never renders it.
#[test]
fn an_overriding_footer_is_on_every_page_and_sees_only_site() {
    let site = TestSite::new();
    site.write("site.yaml", BASE_YAML);
    site.entry("documents/a.md", &Fm::new("甲"));
    site.write("templates/footer.html", "<footer class=\"mine\">自定页脚 {{ site.title }}</footer>\n");
    site.build().ok();
    for page in ["index.html", "documents/a/index.html", "404.html"] {
        let html = std::fs::read_to_string(site.out().join(page)).unwrap();
        assert!(html.contains("<footer class=mine>自定页脚 测试市人民政府门户网站</footer></body>"), "{page}: {html}");
    }
    site.write("templates/footer.html", "<footer>{{ page.url }}</footer>\n");
    let run = site.build();
    run.fails();
    assert!(run.stderr.contains("templates/footer.html") && run.stderr.contains("page"), "{run}");
    let base = include_str!("../../themes/default/templates/base.html")
        .replace("{{ site.footer_html | safe }}", "<footer>旧页脚</footer>");
    site.write("templates/base.html", base);
    site.build().ok();
    let home = std::fs::read_to_string(site.out().join("index.html")).unwrap();
    assert!(home.contains("<footer>旧页脚</footer>"), "{home}");
}
