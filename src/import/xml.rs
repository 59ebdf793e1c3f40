//! Small helpers over quick-xml for OOXML parts: attributes by local name (prefixes vary
//! between Word, WPS and LibreOffice), text with its entities resolved.

use quick_xml::events::{BytesRef, BytesStart, BytesText};

/// The value of the attribute with this local name (`w:val`, `r:embed` → `val`, `embed`).
pub fn attr(e: &BytesStart, local: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == local)
        .and_then(|a| a.decode_and_unescape_value(e.decoder()).ok())
        .map(|v| v.to_string())
}

/// A boolean property (`<w:b/>`, `<w:b w:val="0"/>`): on unless its value says off.
pub fn on(e: &BytesStart) -> bool {
    !matches!(attr(e, b"val").as_deref(), Some("0" | "false" | "off" | "none"))
}

pub fn text(t: &BytesText) -> String {
    t.xml10_content().map(|c| c.to_string()).unwrap_or_default()
}

/// `&amp;`, `&#x4E00;` … as text.
pub fn reference(r: &BytesRef) -> String {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return c.to_string();
    }
    match r.decode().as_deref() {
        Ok("amp") => "&",
        Ok("lt") => "<",
        Ok("gt") => ">",
        Ok("quot") => "\"",
        Ok("apos") => "'",
        _ => "",
    }
    .to_string()
}
