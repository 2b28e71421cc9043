//! CSV bytes to text, strictly: a byte sequence that is not valid in the sheet's encoding
//! is an error naming its row, never a silent `�`. Detection reads the whole file.

use crate::msg;
use crate::util::i18n::MsgError;
use encoding_rs::{Decoder, DecoderResult, Encoding, GB18030, UTF_8};
use std::io::{self, Read};

/// Whether all of `r` is UTF-8 (a byte-order mark included); reads it to the end, a
/// block at a time.
pub fn is_utf8(mut r: impl Read) -> io::Result<bool> {
    let mut buf = vec![0u8; 64 << 10];
    let mut carry = 0;
    loop {
        let n = match r.read(&mut buf[carry..]) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let end = carry + n;
        if n == 0 {
            return Ok(carry == 0);
        }
        match std::str::from_utf8(&buf[..end]) {
            Ok(_) => carry = 0,
            // A character cut at the end of the block: keep its bytes for the next one.
            Err(e) if e.error_len().is_none() => {
                let valid = e.valid_up_to();
                buf.copy_within(valid..end, 0);
                carry = end - valid;
            }
            Err(_) => return Ok(false),
        }
    }
}

/// Decodes `inner` from `encoding` to UTF-8, failing on the first malformed sequence with
/// the row it is in. A byte-order mark is dropped, and decides the encoding when there is
/// one (UTF-8 or UTF-16), as in Excel.
pub struct StrictDecode<R> {
    inner: R,
    decoder: Decoder,
    name: &'static str,
    input: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    /// The decoder has been told the input ended and has given everything.
    finished: bool,
    /// Line breaks decoded so far: the row being decoded is this plus one.
    rows: usize,
    /// A malformed sequence found after some good text: reported on the next read, so that
    /// the rows before it are read first.
    pending: Option<io::Error>,
}

impl<R: Read> StrictDecode<R> {
    pub fn new(inner: R, encoding: &'static Encoding) -> Self {
        StrictDecode {
            inner,
            decoder: encoding.new_decoder(),
            name: if encoding == UTF_8 {
                "UTF-8"
            } else if encoding == GB18030 {
                "GB18030/GBK"
            } else {
                encoding.name()
            },
            input: vec![0u8; 64 << 10],
            start: 0,
            end: 0,
            eof: false,
            finished: false,
            rows: 0,
            pending: None,
        }
    }
}

impl<R: Read> Read for StrictDecode<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        // The decoder may need room for one whole character.
        if out.len() < 4 {
            let mut small = [0u8; 4];
            let n = self.read(&mut small)?;
            // Not expected from the CSV reader's buffered reads; keep it simple and correct.
            let k = n.min(out.len());
            out[..k].copy_from_slice(&small[..k]);
            if k < n {
                return Err(io::Error::other("read buffer too small"));
            }
            return Ok(k);
        }
        if let Some(e) = self.pending.take() {
            return Err(e);
        }
        if self.finished {
            return Ok(0);
        }
        loop {
            if self.start == self.end && !self.eof {
                self.start = 0;
                self.end = loop {
                    match self.inner.read(&mut self.input) {
                        Ok(n) => break n,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                        Err(e) => return Err(e),
                    }
                };
                self.eof = self.end == 0;
            }
            let (result, read, written) = self.decoder.decode_to_utf8_without_replacement(
                &self.input[self.start..self.end],
                out,
                self.eof,
            );
            self.start += read;
            self.rows += out[..written].iter().filter(|b| **b == b'\n').count();
            // The decoder has been told the input ended and has given everything: it must
            // not be called again.
            self.finished = self.eof && matches!(result, DecoderResult::InputEmpty);
            match result {
                DecoderResult::Malformed(..) => {
                    let e = io::Error::new(
                        io::ErrorKind::InvalidData,
                        MsgError(msg!(
                            "csv-bad-bytes",
                            row = self.rows + 1,
                            encoding = self.name
                        )),
                    );
                    if written > 0 {
                        self.pending = Some(e);
                        return Ok(written);
                    }
                    return Err(e);
                }
                _ if written > 0 => return Ok(written),
                DecoderResult::InputEmpty if self.finished => return Ok(0),
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8], enc: &'static Encoding) -> io::Result<String> {
        let mut s = String::new();
        StrictDecode::new(bytes, enc).read_to_string(&mut s)?;
        Ok(s)
    }

    #[test]
    fn reading_on_after_the_end_gives_nothing_more() {
        let mut d = StrictDecode::new("姓名,身份证号\n张三,1".as_bytes(), UTF_8);
        let mut out = String::new();
        d.read_to_string(&mut out).unwrap();
        assert_eq!(out, "姓名,身份证号\n张三,1");
        let mut more = [0u8; 16];
        assert_eq!(d.read(&mut more).unwrap(), 0);
        assert_eq!(d.read(&mut more).unwrap(), 0);
    }

    #[test]
    fn valid_text_decodes_and_a_bom_goes() {
        assert_eq!(
            decode("\u{feff}姓名\n张三\n".as_bytes(), UTF_8).unwrap(),
            "姓名\n张三\n"
        );
        let (gbk, _, _) = GB18030.encode("姓名\n张三\n");
        assert_eq!(decode(&gbk, GB18030).unwrap(), "姓名\n张三\n");
    }

    #[test]
    fn a_bad_sequence_names_its_row() {
        let mut bytes = b"name\nzhang\n".to_vec();
        bytes.extend_from_slice(&[0xD5, 0xC5, b'\n']);
        let e = decode(&bytes, UTF_8).unwrap_err();
        assert!(e.to_string().contains("row 3"), "{e}");
        assert!(e.to_string().contains("UTF-8"), "{e}");
    }

    #[test]
    fn utf8_is_detected_over_the_whole_file() {
        let mut bytes = "a,b\n".repeat(40_000).into_bytes();
        assert!(is_utf8(&bytes[..]).unwrap());
        bytes.extend_from_slice(&GB18030.encode("张三").0);
        assert!(!is_utf8(&bytes[..]).unwrap());
        // A character split across two blocks is still UTF-8.
        let mut split = vec![b'a'; (64 << 10) - 1];
        split.extend_from_slice("张".as_bytes());
        assert!(is_utf8(&split[..]).unwrap());
    }
}
