//! Precompression (`compress: true`): `.gz` and `.br` written beside each text file.
//!
//! A web server then sends the smaller file as is (nginx `gzip_static`, `brotli_static`;
//! docs/deploy.md) instead of compressing on every request. Only text formats (and the
//! search index shards, which are fetched like text) are compressed, only files of at least
//! [`MIN_LEN`] bytes, and a variant is written only when it is smaller than the file.

use std::io::Write;

/// Smaller files gain nothing worth a second request path (nginx's own default is 20 bytes
/// for gzip; a page header alone is larger than this).
pub const MIN_LEN: usize = 256;

/// The encodings written, as file name suffixes.
pub const SUFFIXES: [&str; 2] = ["gz", "br"];

/// Whether `rel` is a file worth precompressing.
pub fn wanted(rel: &str, len: usize) -> bool {
    const TEXT: &[&str] = &["html", "css", "js", "json", "xml", "csv", "txt", "svg", "bin"];
    len >= MIN_LEN && rel.rsplit_once('.').is_some_and(|(_, ext)| TEXT.contains(&ext))
}

/// `bytes` in the encoding named by `suffix`, or `None` when it would not be smaller.
pub fn encode(suffix: &str, bytes: &[u8]) -> Option<Vec<u8>> {
    let out = match suffix {
        "gz" => gzip(bytes),
        "br" => brotli(bytes),
        _ => return None,
    };
    out.filter(|o| o.len() < bytes.len())
}

/// gzip at the highest level (built once, served many times); no file name or time in the
/// header, so the same input always gives the same bytes.
fn gzip(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut e = flate2::GzBuilder::new().write(Vec::with_capacity(bytes.len() / 3), flate2::Compression::best());
    e.write_all(bytes).ok()?;
    e.finish().ok()
}

/// Brotli at quality 9 with a 4 MiB window: about ten times faster than quality 11 for a few
/// per cent more bytes (a large portal compresses every page on its first build).
fn brotli(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len() / 3);
    let params = brotli::enc::BrotliEncoderParams { quality: 9, lgwin: 22, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn round_trips_and_skips_what_does_not_shrink() {
        let page = "<p>政务公开 gongkai</p>\n".repeat(200);
        let gz = encode("gz", page.as_bytes()).unwrap();
        let mut back = String::new();
        flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut back).unwrap();
        assert_eq!(back, page);
        assert_eq!(gz, encode("gz", page.as_bytes()).unwrap(), "deterministic");
        let br = encode("br", page.as_bytes()).unwrap();
        let mut back = String::new();
        brotli::Decompressor::new(&br[..], 4096).read_to_string(&mut back).unwrap();
        assert_eq!(back, page);
        assert!(br.len() < page.len() / 10);
        assert!(encode("gz", b"x").is_none(), "not smaller");
        assert!(encode("zz", page.as_bytes()).is_none());
    }

    #[test]
    fn only_text_files_of_some_size() {
        assert!(wanted("documents/a/index.html", 4000));
        assert!(wanted("search/index/shards/3.bin", 4000));
        assert!(!wanted("documents/a/index.html", 100));
        assert!(!wanted("documents/a/scan.pdf", 40_000));
        assert!(!wanted("documents/a/index.html.gz", 4000));
    }
}
