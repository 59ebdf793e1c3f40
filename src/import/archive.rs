//! The OOXML zip container, opened defensively: encrypted files (an OLE container, not a zip)
//! and damaged zips are told apart, and every entry is decompressed through a counter that
//! stops at [`limits::ENTRY_BYTES`] and [`limits::TOTAL_BYTES`], whatever the zip's headers
//! claim (a zip bomb lies in its headers).

use crate::messages::import as msg;
use std::io::{Cursor, Read};

use zip::ZipArchive;

use super::{limits, ImportError, Result};

/// The first bytes of an OLE compound file: a password-protected .docx/.xlsx (the encrypted
/// package lives in one), or an old .doc/.xls renamed.
const OLE_MAGIC: [u8; 4] = [0xD0, 0xCF, 0x11, 0xE0];

pub struct Archive<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    name: String,
    read: u64,
}

impl<'a> Archive<'a> {
    pub fn open(name: &str, bytes: &'a [u8]) -> Result<Self> {
        if bytes.starts_with(&OLE_MAGIC) {
            return Err(ImportError::new(msg::password(name)));
        }
        let damaged = || ImportError::new(msg::not_zip(name));
        if !bytes.starts_with(b"PK") {
            return Err(damaged());
        }
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| damaged())?;
        if zip.len() > limits::ENTRIES {
            return Err(ImportError::new(msg::too_many_parts(name, zip.len(), limits::ENTRIES)));
        }
        Ok(Archive { zip, name: name.to_string(), read: 0 })
    }

    /// One entry, decompressed within the limits; `None` when there is no such entry.
    pub fn read(&mut self, entry: &str) -> Result<Option<Vec<u8>>> {
        let Some(index) = self.zip.index_for_name(entry) else { return Ok(None) };
        self.read_index(index).map(Some)
    }

    fn read_index(&mut self, index: usize) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        let name = self.name.clone();
        let damaged = |decompress: bool| ImportError::new(msg::damaged_part(&name, decompress));
        let file = self.zip.by_index(index).map_err(|e| {
            if e.to_string().to_ascii_lowercase().contains("password") {
                ImportError::new(msg::part_password(&name))
            } else {
                damaged(false)
            }
        })?;
        let part = file.name().to_string();
        let budget = limits::ENTRY_BYTES.min(limits::TOTAL_BYTES.saturating_sub(self.read));
        let mut limited = file.take(budget + 1);
        let n = std::io::copy(&mut limited, &mut out).map_err(|_| damaged(true))?;
        if n > budget {
            return Err(ImportError::new(msg::zip_bomb(
                &name,
                limits::ENTRY_BYTES >> 20,
                limits::TOTAL_BYTES >> 20,
                &part,
            )));
        }
        self.read += n;
        Ok(out)
    }
}

/// An entry of the archive as UTF-8 text (OOXML parts are UTF-8).
pub fn text(bytes: Vec<u8>, file: &str, part: &str) -> Result<String> {
    String::from_utf8(bytes).map_err(|_| ImportError::new(msg::not_utf8_part(file, part)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in entries {
            w.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn ole_and_garbage_are_told_apart() {
        let mut ole = OLE_MAGIC.to_vec();
        ole.extend([0; 100]);
        assert!(Archive::open("a.docx", &ole).err().unwrap().message.contains("password-protected"));
        assert!(Archive::open("a.docx", b"hello").err().unwrap().message.contains("damaged"));
        assert!(Archive::open("a.docx", b"PK\x03\x04broken").err().unwrap().message.contains("damaged"));
    }

    #[test]
    fn reads_entries_and_stops_a_bomb_while_decompressing() {
        let small = zip_of(&[("a.xml", b"<a/>")]);
        let mut a = Archive::open("x.docx", &small).unwrap();
        assert_eq!(a.read("a.xml").unwrap().unwrap(), b"<a/>");
        assert!(a.read("b.xml").unwrap().is_none());
        let zeros = vec![0u8; (limits::ENTRY_BYTES + 10) as usize];
        let bomb = zip_of(&[("big.xml", &zeros)]);
        assert!(bomb.len() < 1 << 20, "compresses well");
        let mut a = Archive::open("x.docx", &bomb).unwrap();
        let e = a.read("big.xml").unwrap_err();
        assert!(e.message.contains("zip bomb"), "{}", e.message);
    }
}
