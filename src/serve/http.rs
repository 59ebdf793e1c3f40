//! The preview's HTTP side: files from memory, live updates over server-sent events (each
//! event names the changed paths; `live.js` patches the open page in place), and an error
//! overlay when the last rebuild failed.

use std::io::{Read, Write};
use std::net::IpAddr;
use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, Mutex};
use std::thread;

use tiny_http::{Header, Request, Response, Server};

use super::{Shared, State};
use crate::render::OutFile;

const EVENTS: &str = "/__gongkai/events";
const LIVE_JS: &str = "/__gongkai/live.js";
const LIVE_SCRIPT: &str = include_str!("live.js");

/// Browsers waiting for change events.
#[derive(Clone, Default)]
pub struct Clients(Arc<Mutex<Vec<Sender<String>>>>);

impl Clients {
    pub fn broadcast(&self, msg: &str) {
        if let Ok(mut list) = self.0.lock() {
            list.retain(|tx| tx.send(msg.to_string()).is_ok());
        }
    }

    fn add(&self) -> std::sync::mpsc::Receiver<String> {
        let (tx, rx) = channel();
        if let Ok(mut list) = self.0.lock() {
            list.push(tx);
        }
        rx
    }
}

/// Start serving in background threads; returns the address actually bound.
pub fn start(bind: IpAddr, port: u16, state: Shared, clients: Clients) -> Result<String, String> {
    let server = Server::http((bind, port)).map_err(|e| {
        crate::messages::commands::serve_cannot_listen(&format!("{bind}:{port}"), &e.to_string()).shown().to_string()
    })?;
    let addr = server.server_addr().to_ip().map_or(format!("{bind}:{port}"), |a| a.to_string());
    let server = Arc::new(server);
    for _ in 0..4 {
        let (server, state, clients) = (server.clone(), state.clone(), clients.clone());
        thread::spawn(move || {
            for request in server.incoming_requests() {
                handle(request, &state, &clients);
            }
        });
    }
    Ok(addr)
}

fn handle(request: Request, state: &Shared, clients: &Clients) {
    let url = request.url().split(['?', '#']).next().unwrap_or("/").to_string();
    if url == EVENTS {
        let rx = clients.add();
        thread::spawn(move || {
            let mut w = request.into_writer();
            let _ = w.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n");
            let _ = w.flush();
            for msg in rx {
                if w.write_all(format!("data: {msg}\n\n").as_bytes()).and_then(|()| w.flush()).is_err() {
                    break;
                }
            }
        });
        return;
    }
    if url == LIVE_JS {
        let _ = request.respond(
            Response::from_data(LIVE_SCRIPT.as_bytes().to_vec())
                .with_header(header("Content-Type", "text/javascript; charset=utf-8")),
        );
        return;
    }
    let state = match state.read() {
        Ok(s) => s,
        Err(p) => p.into_inner(),
    };
    let response = respond(&url, &state);
    drop(state);
    let _ = request.respond(response);
}

fn respond(url: &str, state: &State) -> Response<std::io::Cursor<Vec<u8>>> {
    let prefix = if state.prefix.is_empty() { "/" } else { state.prefix.as_str() };
    let Some(rest) = url.strip_prefix(prefix) else {
        // Outside the base path: `/` (and the path without its slash) lead to the site.
        if url == "/" || url == prefix.trim_end_matches('/') {
            return Response::from_data(Vec::new()).with_status_code(302).with_header(header("Location", prefix));
        }
        return not_found(state);
    };
    let path = percent_decode(rest);
    let key = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.clone() };
    if !state.errors.is_empty() && key.ends_with(".html") {
        return html(500, error_page(state));
    }
    if let Some(file) = state.files.get(&key) {
        let bytes = match file {
            OutFile::Bytes(b) => b.clone(),
            OutFile::Copy(p) => std::fs::File::open(p)
                .and_then(|mut f| {
                    let mut v = Vec::new();
                    f.read_to_end(&mut v).map(|_| v)
                })
                .unwrap_or_default(),
        };
        let bytes = if key.ends_with(".html") { inject(bytes) } else { bytes };
        return Response::from_data(bytes)
            .with_header(header("Content-Type", content_type(&key)))
            .with_header(header("Cache-Control", "no-store"));
    }
    if state.files.contains_key(&format!("{path}/index.html")) {
        return Response::from_data(Vec::new())
            .with_status_code(301)
            .with_header(header("Location", &format!("{prefix}{path}/")));
    }
    not_found(state)
}

fn not_found(state: &State) -> Response<std::io::Cursor<Vec<u8>>> {
    let page = state
        .files
        .get("404.html")
        .and_then(|f| if let OutFile::Bytes(b) = f { Some(b.clone()) } else { None })
        .unwrap_or_else(|| b"404".to_vec());
    html(404, inject(page))
}

fn html(status: u16, body: Vec<u8>) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body)
        .with_status_code(status)
        .with_header(header("Content-Type", "text/html; charset=utf-8"))
        .with_header(header("Cache-Control", "no-store"))
}

/// Add the live-reload script before `</body>`.
fn inject(mut bytes: Vec<u8>) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_JS}\"></script>");
    match bytes.windows(7).rposition(|w| w == b"</body>") {
        Some(at) => {
            bytes.splice(at..at, tag.into_bytes());
        }
        None => bytes.extend(tag.into_bytes()),
    }
    bytes
}

fn error_page(state: &State) -> Vec<u8> {
    // Root causes first (a file that cannot be read at all), then the rest in file order.
    let mut errors: Vec<&crate::diagnostics::Diagnostic> = state.errors.iter().collect();
    errors.sort_by_key(|d| !d.is_root_cause());
    let items: String = errors.iter().map(|d| format!("<li><code>{}</code></li>", escape(&d.to_string()))).collect();
    // Styled inline: the theme's stylesheet has a fingerprinted name and lives under the base path.
    let page = format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>构建失败</title><style>body{{font-family:sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem}}h1{{color:#a40000}}code{{white-space:pre-wrap}}li{{margin:.5rem 0}}</style></head><body><main><h1>构建失败：请修正以下问题</h1><p>保存文件后页面会自动刷新。</p><ol class=\"build-errors\">{items}</ol></main></body></html>"
    );
    inject(page.into_bytes())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .unwrap_or_else(|_| Header::from_bytes(&b"X-Invalid"[..], &b"1"[..]).expect("static header"))
}

pub fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).as_deref() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("csv") => "text/csv; charset=utf-8",
        Some("xml") => "application/xml",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("pdf") => "application/pdf",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            if let Ok(v) = u8::from_str_radix(std::str::from_utf8(&b[i + 1..(i + 3).min(b.len())]).unwrap_or(""), 16) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_and_injects() {
        assert_eq!(percent_decode("files/%E9%99%84%E4%BB%B6.pdf"), "files/附件.pdf");
        assert_eq!(percent_decode("a%2"), "a%2");
        let page = inject(b"<html><body>x</body></html>".to_vec());
        assert!(String::from_utf8(page)
            .unwrap()
            .ends_with("<script src=\"/__gongkai/live.js\"></script></body></html>"));
    }

    #[test]
    fn the_error_page_leads_with_the_root_cause() {
        use crate::diagnostics::Diagnostic;
        let mut s = State::default();
        use crate::messages::{Code, Msg, Text};
        let m = |code, s: &str| Msg::new(code, Text::same(s));
        s.errors.push(Diagnostic::error("content/documents/a.md", 3, 1, m(Code::BadRef, "a.md refers to x.md")));
        s.errors.push(Diagnostic::error(
            "content/documents/x.md",
            2,
            6,
            m(Code::YamlFullWidthColon, "`title` is followed by a full-width colon"),
        ));
        let page = String::from_utf8(error_page(&s)).unwrap();
        let root = page.find("content/documents/x.md:2:6").unwrap();
        assert!(root < page.find("content/documents/a.md:3:1").unwrap(), "{page}");
        assert!(!page.contains("/assets/css/style.css"), "no unfingerprinted asset under the base path");
    }

    #[test]
    fn serves_from_memory_with_redirects_and_404() {
        let mut s = State::default();
        s.files.insert("documents/a/index.html".into(), OutFile::Bytes(b"<body>A</body>".to_vec()));
        s.files.insert("404.html".into(), OutFile::Bytes(b"<body>nf</body>".to_vec()));
        assert_eq!(respond("/documents/a/", &s).status_code().0, 200);
        assert_eq!(respond("/documents/a", &s).status_code().0, 301);
        assert_eq!(respond("/nope/", &s).status_code().0, 404);
        let m = crate::messages::Msg::new(crate::messages::Code::Body, crate::messages::Text::same("<bad>"));
        s.errors.push(crate::diagnostics::Diagnostic::error("content/x.md", 1, 1, m));
        assert_eq!(respond("/documents/a/", &s).status_code().0, 500);
    }

    #[test]
    fn serves_under_the_base_path() {
        let mut s = State { prefix: "/zwgk/".into(), ..State::default() };
        s.files.insert("documents/a/index.html".into(), OutFile::Bytes(b"<body>A</body>".to_vec()));
        s.files.insert("index.html".into(), OutFile::Bytes(b"<body>H</body>".to_vec()));
        assert_eq!(respond("/zwgk/documents/a/", &s).status_code().0, 200);
        assert_eq!(respond("/zwgk/", &s).status_code().0, 200);
        let moved = respond("/zwgk/documents/a", &s);
        assert_eq!(moved.status_code().0, 301);
        assert!(moved.headers().iter().any(|h| h.value.as_str() == "/zwgk/documents/a/"));
        assert_eq!(respond("/documents/a/", &s).status_code().0, 404);
        for to_site in ["/", "/zwgk"] {
            let r = respond(to_site, &s);
            assert_eq!(r.status_code().0, 302, "{to_site}");
            assert!(r.headers().iter().any(|h| h.value.as_str() == "/zwgk/"));
        }
    }
}
