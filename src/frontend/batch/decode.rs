//! CSV bytes to text, strictly: a byte sequence that is not valid in the sheet's encoding
//! is an error naming its row, never a silent `�`; only in a UTF-8 file with a few rows
//! that are not does it become `�`, and those rows are refused by their numbers.
//! Detection reads the whole file.

use crate::msg;
use crate::util::i18n::MsgError;
use encoding_rs::{Decoder, DecoderResult, Encoding, GB18030, UTF_8};
use std::io::{self, Read};

/// What a CSV file was found to be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Guess {
    pub encoding: &'static Encoding,
    /// UTF-8 with a few places that are not (a row pasted in from a GBK file): those rows
    /// are refused, each by its number, and the rest are read.
    pub mixed: bool,
}

/// Which of UTF-8 and GB18030 a CSV file is in, from all of it: the one it is valid in.
/// When it is valid in both (short GBK names can be valid UTF-8 by chance: 陆梅 reads
/// as `½÷`), GB18030 when the UTF-8 reading has no Chinese but stray symbols and the
/// GB18030 reading is Chinese without any; else UTF-8 (GBK bytes almost never make
/// UTF-8 ideographs). A file with places that are not UTF-8 is still UTF-8, those rows
/// bad, when it starts with UTF-8's byte-order mark or its UTF-8 reading has more Chinese
/// characters than such places (a row pasted in from a GBK file); else it is the one of
/// the two it has fewer bad places in. Reads to the end, a block at a time.
pub fn guess(mut r: impl Read) -> io::Result<Guess> {
    let mut utf8 = Tally::new(UTF_8);
    let mut gbk = Tally::new(GB18030);
    let mut buf = vec![0u8; 64 << 10];
    let mut first = true;
    let mut bom = false;
    loop {
        let n = match r.read(&mut buf) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if first {
            bom = buf[..n].starts_with(&[0xEF, 0xBB, 0xBF]);
            first = false;
        }
        let last = n == 0;
        utf8.feed(&buf[..n], last);
        gbk.feed(&buf[..n], last);
        if last {
            break;
        }
    }
    let garbled = utf8.chinese == 0 && utf8.odd > 0;
    let chinese = gbk.chinese > 0 && gbk.odd == 0;
    let mostly_utf8 = bom || utf8.chinese > utf8.bad;
    let encoding = match (utf8.bad, gbk.bad) {
        (0, 0) if garbled && chinese && !bom => GB18030,
        (0, _) => UTF_8,
        _ if mostly_utf8 => UTF_8,
        (u, g) if g <= u => GB18030,
        _ => UTF_8,
    };
    Ok(Guess {
        encoding,
        mixed: encoding == UTF_8 && utf8.bad > 0 && mostly_utf8,
    })
}

/// One encoding's reading of a file: how many places are not valid in it, how many of
/// its non-ASCII characters are Chinese (ideographs, CJK punctuation, full-width forms),
/// and how many are neither Chinese nor letters (`½`, `÷`, `¬`: what a wrong reading
/// gives).
struct Tally {
    decoder: Decoder,
    bad: usize,
    chinese: usize,
    odd: usize,
    out: String,
}

impl Tally {
    fn new(encoding: &'static Encoding) -> Tally {
        Tally {
            decoder: encoding.new_decoder_without_bom_handling(),
            bad: 0,
            chinese: 0,
            odd: 0,
            out: String::with_capacity(128 << 10),
        }
    }

    fn feed(&mut self, mut bytes: &[u8], last: bool) {
        loop {
            self.out.clear();
            let (result, read) =
                self.decoder
                    .decode_to_string_without_replacement(bytes, &mut self.out, last);
            for c in self.out.chars().filter(|c| !c.is_ascii()) {
                if matches!(u32::from(c), 0x3000..=0x303F | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
                    || c == '\u{feff}'
                {
                    self.chinese += 1;
                } else if !c.is_alphabetic() {
                    self.odd += 1;
                }
            }
            bytes = &bytes[read..];
            match result {
                DecoderResult::InputEmpty => return,
                DecoderResult::OutputFull => {
                    self.out.reserve(self.out.capacity());
                }
                DecoderResult::Malformed(_, _) => self.bad += 1,
            }
        }
    }
}

/// Decodes `inner` from `encoding` to UTF-8, failing on the first malformed sequence with
/// the row it is in (or, [`StrictDecode::replacing`], writing `�` for it). A byte-order
/// mark is dropped, and decides the encoding when there is one (UTF-8 or UTF-16), as in
/// Excel.
pub struct StrictDecode<R> {
    inner: R,
    decoder: Decoder,
    /// Malformed sequences become `�` (for a file of mixed encodings, whose rows holding
    /// one are refused) instead of an error.
    replace: bool,
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
            replace: false,
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

impl<R> StrictDecode<R> {
    /// The same, writing `�` for each malformed sequence instead of failing.
    pub fn replacing(mut self) -> Self {
        self.replace = true;
        self
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
            let input = &self.input[self.start..self.end];
            let (result, read, written) = if self.replace {
                let (result, read, written, _) = self.decoder.decode_to_utf8(input, out, self.eof);
                let result = match result {
                    encoding_rs::CoderResult::InputEmpty => DecoderResult::InputEmpty,
                    encoding_rs::CoderResult::OutputFull => DecoderResult::OutputFull,
                };
                (result, read, written)
            } else {
                self.decoder
                    .decode_to_utf8_without_replacement(input, out, self.eof)
            };
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
        assert_eq!(guess(&bytes[..]).unwrap().encoding, UTF_8);
        bytes.extend_from_slice(&GB18030.encode("张三").0);
        assert_eq!(guess(&bytes[..]).unwrap().encoding, GB18030);
        // A character split across two blocks is still UTF-8.
        let mut split = vec![b'a'; (64 << 10) - 1];
        split.extend_from_slice("张".as_bytes());
        assert_eq!(guess(&split[..]).unwrap().encoding, UTF_8);
        let mut text = "姓名,身份证号\n".to_string();
        text.push_str(&"张三,310115199804120053\n".repeat(3000));
        assert_eq!(guess(text.as_bytes()).unwrap().encoding, UTF_8);
        assert_eq!(
            guess(&GB18030.encode(&text).0[..]).unwrap().encoding,
            GB18030
        );
    }

    #[test]
    fn gbk_names_that_happen_to_be_valid_utf8_are_read_as_gbk() {
        // 陆梅 and 卢莫 in GBK are valid UTF-8 bytes (`½÷`, `¬Ī`): the Chinese reading wins.
        for names in ["陆梅", "卢莫", "陆梅,卢莫"] {
            let sheet = format!("name,id\n{names},1\n");
            let gbk = GB18030.encode(&sheet).0.into_owned();
            assert!(
                std::str::from_utf8(&gbk).is_ok(),
                "{names} is valid UTF-8 in GBK"
            );
            assert_eq!(guess(&gbk[..]).unwrap().encoding, GB18030, "{names}");
        }
        // UTF-8 with Latin letters, or Chinese headers and a symbol, stays UTF-8.
        for text in [
            "name\nJosé Müller\n",
            "姓名\nJosé Müller\n",
            "姓名,备注\n张三,½\n",
        ] {
            let g = guess(text.as_bytes()).unwrap();
            assert_eq!((g.encoding, g.mixed), (UTF_8, false), "{text}");
        }
    }

    #[test]
    fn a_utf8_file_with_a_gbk_row_is_utf8_with_that_row_bad() {
        let mut bytes = "姓名,身份证号\n".as_bytes().to_vec();
        for name in ["张三", "李四", "王五", "赵六"] {
            bytes.extend_from_slice(format!("{name},310115199804120053\n").as_bytes());
        }
        bytes.extend_from_slice(&GB18030.encode("钱七,310115199804120053\n").0);
        let g = guess(&bytes[..]).unwrap();
        assert_eq!((g.encoding, g.mixed), (UTF_8, true));
        let mut d = StrictDecode::new(&bytes[..], UTF_8).replacing();
        let mut buf = vec![0u8; 64 << 10];
        let n = d.read(&mut buf).unwrap();
        let s = String::from_utf8(buf[..n].to_vec()).unwrap();
        assert!(s.contains("赵六,") && s.contains("\u{fffd}"), "{s}");
        // A GBK file with one broken place is still GBK (its bad row stops the reading).
        let mut gbk = GB18030.encode("姓名\n张三\n李四\n").0.into_owned();
        gbk.extend_from_slice(&[0x81, b'\n']);
        let g = guess(&gbk[..]).unwrap();
        assert_eq!((g.encoding, g.mixed), (GB18030, false));
    }
}
