//! Writes a synthetic HR sheet for tests and benchmarks: varied situations across all
//! policies, names with rare characters, a few bad rows, and a GB18030 (GBK) copy.
//!
//! `doclist gen-sheet ROWS OUT.csv [--bad-every N]` (a hidden subcommand, so that it
//! builds with the tool and needs nothing more) writes OUT.csv (UTF-8 with BOM) and
//! OUT.gbk.csv.

use super::Failure;
use clap::Args as ClapArgs;
use std::fmt::Write as _;
use std::path::PathBuf;

#[derive(ClapArgs)]
pub struct Args {
    #[arg(default_value_t = 1000, value_parser = clap::value_parser!(u64).range(0..=10_000_000))]
    rows: u64,
    #[arg(default_value = "sheet.csv")]
    out: PathBuf,
    #[arg(long, default_value_t = 50)]
    bad_every: usize,
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "欧阳", "司马",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "磊", "堃", "喆", "昇", "䶮", "玥", "雨桐", "子涵", "浩然",
];
const POLICIES: &[&str] = &[
    "shanghai/residence-registration",
    "shanghai/residence-permit",
    "shanghai/permit-endorsement",
    "shanghai/permit-reissue",
    "shanghai/info-change",
    "shanghai/card-update",
    "hangzhou/residence-registration",
    "hangzhou/residence-permit",
    "hangzhou/permit-endorsement",
];
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";

/// A small deterministic generator, so the same arguments give the same sheet.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() % xs.len() as u64) as usize]
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

fn id_number(area: &str, y: u64, m: u64, d: u64, seq: u64) -> String {
    let body = format!("{area}{y:04}{m:02}{d:02}{seq:03}");
    let sum: u32 = body
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    format!("{body}{}", CHECK[(sum % 11) as usize] as char)
}

const HEADER: &str = "policy,姓名,身份证号,channel,housing,basis,proxy,disabled,mobility_impaired,hukou,address_changed,fast_track,registration_date,social_insurance_months,permit_expiry,parent_has_permit,talent_permit,degree,fresh_graduate,change,change_date,auto_endorsed";

/// A name of one surname and one or two given characters.
fn full_name(r: &mut Lcg) -> String {
    format!(
        "{}{}{}",
        r.pick(SURNAMES),
        r.pick(GIVEN),
        if r.next().is_multiple_of(3) {
            r.pick(GIVEN)
        } else {
            ""
        }
    )
}

/// A channel the procedure offers.
fn channel(r: &mut Lcg, policy: &str) -> &'static str {
    match policy {
        "shanghai/permit-endorsement" | "shanghai/info-change" => "offline",
        "shanghai/permit-reissue" => r.pick(&["offline", "offline", "kiosk"]),
        "shanghai/residence-permit" | "shanghai/residence-registration" => {
            r.pick(&["online", "offline", "kiosk"])
        }
        "shanghai/card-update" => r.pick(&["offline", "kiosk"]),
        _ => r.pick(&["online", "offline"]),
    }
}

/// `true` one time in `n`.
fn flag(r: &mut Lcg, n: u64) -> &'static str {
    if r.next().is_multiple_of(n) {
        "true"
    } else {
        "false"
    }
}

/// The `k`-th deliberately bad row: a mistyped ID, an unknown housing, or a misspelt
/// procedure, in turn.
fn spoil(k: usize, id: &mut String, housing: &mut String, policy: &mut String) {
    match k % 3 {
        0 => {
            // A mistyped ID: the check digit no longer fits.
            let last = if id.ends_with('0') { '1' } else { '0' };
            id.pop();
            id.push(last);
        }
        1 => *housing = "hotel".into(),
        _ => *policy = "shanghai/residence-permt".into(),
    }
}

fn row(r: &mut Lcg, i: usize, bad_every: usize) -> String {
    let policy = r.pick(POLICIES);
    let hangzhou = policy.starts_with("hangzhou");
    let name = full_name(r);
    let y = r.range(1950, 2020);
    let mut id = id_number(
        r.pick(&["310115", "340102", "410102", "330106", "510104"]),
        y,
        r.range(1, 12),
        r.range(1, 28),
        r.range(0, 999),
    );
    let channel = channel(r, policy);
    let mut housing = r
        .pick(&[
            "owned",
            "rented",
            "relative_owned",
            "relative_rented",
            "dormitory",
        ])
        .to_string();
    if hangzhou && r.next().is_multiple_of(4) {
        housing = "rented_collective_land".into();
    }
    let basis = if hangzhou {
        r.pick(&["employment", "residence", "study", "talent"])
    } else {
        r.pick(&["employment", "residence", "study", "talent", "family"])
    };
    let old = y < 1961;
    let proxy = if y > 2010 {
        "guardian"
    } else if old && !hangzhou && r.next().is_multiple_of(2) {
        "relative"
    } else {
        "none"
    };
    let disabled = if proxy == "relative" || r.next().is_multiple_of(20) {
        "true"
    } else {
        "false"
    };
    let mobility = if old { "true" } else { "false" };
    let hukou = if r.next().is_multiple_of(6) {
        "collective"
    } else {
        "family"
    };
    let yes_no = |r: &mut Lcg| flag(r, 2);
    let address_changed = yes_no(r);
    let fast_track = flag(r, 5);
    let reg = format!(
        "20{:02}-{:02}-{:02}",
        r.range(24, 26),
        r.range(1, 12),
        r.range(1, 28)
    );
    let months = r.range(0, 36).to_string();
    let expiry = format!("2026-{:02}-{:02}", r.range(9, 12), r.range(1, 28));
    let (parent, talent) = (yes_no(r), flag(r, 10));
    let degree = r.pick(&["none", "associate", "bachelor", "master", "doctor"]);
    let fresh = flag(r, 8);
    let change = r.pick(&["address", "employment", "education", "other"]);
    let change_date = format!("2026-{:02}-{:02}", r.range(8, 11), r.range(1, 28));
    let auto = flag(r, 5);
    let mut policy = policy.to_string();
    if bad_every > 0 && i % bad_every == bad_every - 1 {
        spoil(i / bad_every, &mut id, &mut housing, &mut policy);
    }
    let mut line = String::new();
    let _ = write!(
        line,
        "{policy},{name},{id},{channel},{housing},{basis},{proxy},{disabled},{mobility},{hukou},{address_changed},{fast_track},{reg},{months},{expiry},{parent},{talent},{degree},{fresh},{change},{change_date},{auto}"
    );
    line
}

pub fn run(args: Args) -> Result<(), Failure> {
    let rows = args.rows as usize;
    let bad_every = args.bad_every;
    let mut r = Lcg(20261123);
    let mut text = String::from(HEADER);
    text.push('\n');
    for i in 0..rows {
        text.push_str(&row(&mut r, i, bad_every));
        text.push('\n');
    }
    let mut utf8 = vec![0xEF, 0xBB, 0xBF];
    utf8.extend(text.as_bytes());
    let out = &args.out;
    crate::util::atomic::write(out, &utf8)
        .map_err(|e| Failure::other(format!("cannot write {}: {e}", out.display())))?;
    let (gbk, _, _) = encoding_rs::GB18030.encode(&text);
    let stem = out.to_string_lossy();
    let gbk_path = PathBuf::from(stem.trim_end_matches(".csv").to_string() + ".gbk.csv");
    crate::util::atomic::write(&gbk_path, &gbk)
        .map_err(|e| Failure::other(format!("cannot write {}: {e}", gbk_path.display())))?;
    eprintln!(
        "wrote {rows} rows to {} and {}",
        out.display(),
        gbk_path.display()
    );
    Ok(())
}
