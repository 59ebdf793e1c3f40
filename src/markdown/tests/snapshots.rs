//! Snapshots of representative bodies: the HTML, then the collected
//! headings, links and problems (with line:col).

use std::fmt::Write as _;

use super::md;
use crate::markdown::line_col;

/// Snapshot files are named after the test alone (not the crate and module
/// path), so they stay valid wherever this module is built.
macro_rules! snapshot {
    ($name:literal, $value:expr) => {
        insta::with_settings!({ prepend_module_to_snapshot => false }, {
            insta::assert_snapshot!($name, $value);
        })
    };
}

fn report(src: &str) -> String {
    let r = md(src);
    let mut out = r.html.clone();
    out.push_str("\n--- headings\n");
    for h in &r.headings {
        let _ = writeln!(out, "h{} #{} {}", h.level, h.id, h.text);
    }
    out.push_str("--- links\n");
    for l in &r.links {
        let (line, col) = line_col(src, l.offset);
        let _ = writeln!(out, "{line}:{col} {:?} {} -> {:?}", l.kind, l.target, l.href);
    }
    out.push_str("--- problems\n");
    for p in &r.problems {
        let (line, col) = line_col(src, p.offset);
        let _ =
            writeln!(out, "{line}:{col} {:?}: {} (fix: {:?})", p.severity, p.message.en, p.fix.as_ref().map(|f| &f.en));
    }
    out
}

#[test]
fn notice_document() {
    snapshot!(
        "notice_document",
        report(
            "\
# 关于做好2024年政务公开工作的通知

各县（市、区）人民政府，市直各部门：

为贯彻落实《中华人民共和国政府信息公开条例》[^1]，现将有关事项通知如下。

## 一、总体要求

**（一）指导思想。**坚持以人民为中心，*依法依规*公开。

**（二）工作目标。**到2024年底，**主动公开率**达到~~90%~~95%。

## 二、重点任务

1. 完善[政策解读](@/documents/jiedu.md#一总体要求)机制；
2. 规范<br>依申请公开；
   - 办理时限见[办事指南](@/approvals/missing.md)。

| 事项 | 法定时限 | 承诺时限 |
|:---|---:|---:|
| **依申请公开** | 20 | 10 |

> **注意：**本通知自印发之日起施行。

详见[中国政府网](https://www.gov.cn)。

[^1]: 2019年4月3日国务院令第711号修订。
"
        )
    );
}

#[test]
fn hostile_document() {
    snapshot!(
        "hostile_document",
        report(
            "\
# <img src=x onerror=alert(1)>标题

<script>alert(document.cookie)</script>

正文<iframe src=\"https://evil.example\"></iframe>，<!-- 内部：勿公开 -->

[点我](javascript:alert(1)) [再点]( JaVaScRiPt:alert(1)) [编码](&#106;avascript:alert(1))
![图](data:text/html;base64,PHNjcmlwdD4=) [外](//evil.example) [上级](../../etc/passwd)

<style>body{display:none}</style>
"
        )
    );
}
