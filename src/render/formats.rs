//! The text formats the renderer writes besides HTML: XML text escaping (feeds, the sitemap,
//! SVG charts), pretty JSON and RFC 4180 CSV with a BOM (open-data exports). A leaf: every
//! module that writes one of these uses it, and it uses none of them.

use serde::Serialize;

/// Escape text for XML content or a quoted attribute.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            c => o.push(c),
        }
    }
    o
}

pub fn json<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(value).unwrap_or_default();
    v.push(b'\n');
    v
}

/// A small RFC 4180 writer (quotes fields with commas, quotes or line breaks).
pub struct Csv {
    buf: String,
}

impl Csv {
    pub fn new(header: &[&str]) -> Self {
        let mut c = Csv { buf: String::from("\u{FEFF}") };
        c.row(header);
        c
    }

    pub fn row(&mut self, fields: &[&str]) {
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                self.buf.push(',');
            }
            // A leading =, +, - or @ would be run as a formula by spreadsheet programs.
            let f = if f.starts_with(['=', '+', '@']) || (f.starts_with('-') && f.parse::<f64>().is_err()) {
                format!("'{f}")
            } else {
                f.to_string()
            };
            if f.contains([',', '"', '\n', '\r']) {
                self.buf.push('"');
                self.buf.push_str(&f.replace('"', "\"\""));
                self.buf.push('"');
            } else {
                self.buf.push_str(&f);
            }
        }
        self.buf.push_str("\r\n");
    }

    pub fn finish(self) -> Vec<u8> {
        self.buf.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_and_guards_formulas() {
        let mut c = Csv::new(&["a", "b"]);
        c.row(&["x,y", "=HYPERLINK(\"z\")"]);
        c.row(&["-1.5", "-x"]);
        let s = String::from_utf8(c.finish()).unwrap();
        assert_eq!(s, "\u{FEFF}a,b\r\n\"x,y\",\"'=HYPERLINK(\"\"z\"\")\"\r\n-1.5,'-x\r\n");
    }
}
