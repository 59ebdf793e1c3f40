//! The value every page gets as `site`: the settings of site.yaml, the footer's links and
//! imprint, and the theme's `footer.html` rendered once into it (docs/templates.md §3.4).

use tera::Value;

use super::bodies::to_value;
use super::templates::Theme;
use super::views::{ImprintView, Link, SiteView};
use crate::content::Kind;
use crate::diagnostics::Diagnostic;
use crate::site::Site;

/// The value every page gets as `site`, with the theme's footer rendered into it
/// ([`Theme::with_footer`]), and why the footer could not be rendered, if it could not (the
/// value is then the one without it).
pub fn site_value(site: &Site, theme: &Theme) -> (Value, Option<Diagnostic>) {
    let plain = to_value(&site_view(site));
    match theme.with_footer(&plain) {
        Ok(v) => (v, None),
        Err(e) => {
            let d = Diagnostic::error("templates/footer.html", 0, 0, crate::messages::render::template_error(&e));
            (plain, Some(d))
        }
    }
}

fn site_view(site: &Site) -> SiteView {
    let c = &site.config;
    SiteView {
        title: c.title.clone(),
        domain: c
            .base_url
            .as_str()
            .split("://")
            .nth(1)
            .unwrap_or_default()
            .split('/')
            .next()
            .unwrap_or_default()
            .to_string(),
        base_url: c.base_url.as_str().to_string(),
        root: c.base_url.root().to_string(),
        language: c.language.clone(),
        site_id_code: c.site_id_code.clone().unwrap_or_default(),
        icp: c.icp.clone().unwrap_or_default(),
        description: c
            .description
            .clone()
            .unwrap_or_else(|| format!("{}：政府信息公开、政策文件、通报、行政审批事项与办理时限", c.title)),
        build_date: site.options.now.to_string(),
        preview: site.options.drafts,
        footer: [
            ("guide", "政府信息公开指南"),
            ("accessibility", "无障碍声明"),
            ("contact", "联系我们"),
            ("about", "关于本网站"),
        ]
        .iter()
        .filter_map(|(slug, label)| {
            site.entries
                .iter()
                .enumerate()
                .find(|(_, e)| e.kind == Kind::Page && e.slug == *slug)
                .map(|(i, _)| Link { title: label.to_string(), url: site.urls.get(i).to_string() })
        })
        .collect(),
        imprint: imprint(c),
    }
}

fn imprint(c: &crate::config::Config) -> ImprintView {
    let f = &c.footer;
    let s = |o: &Option<String>| o.clone().unwrap_or_default();
    let phone = s(&f.phone);
    ImprintView {
        sponsor: c.sponsor().unwrap_or_default().to_string(),
        organizer: s(&f.organizer),
        phone_href: tel_href(&phone),
        phone,
        email: s(&f.email),
        police_record: s(&f.police_record),
        police_record_url: s(&f.police_record_url),
        mark_url: s(&f.mark_url),
        error_report_url: s(&f.error_report_url),
    }
}

/// `tel:` link of a written phone number (`0870-1234567` → `tel:08701234567`; of the first
/// number when several are written); empty when it has no digits.
fn tel_href(phone: &str) -> String {
    let digits: String = phone
        .trim()
        .chars()
        .take_while(|c| c.is_ascii_digit() || "+-() ".contains(*c))
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect();
    if digits.chars().any(|c| c.is_ascii_digit()) {
        format!("tel:{digits}")
    } else {
        String::new()
    }
}
