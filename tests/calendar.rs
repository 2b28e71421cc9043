//! `render --format ics`, `batch`'s calendar.ics and `/checklist` with format=ics, read
//! back with an independent iCalendar parser (the `ical` crate).

use assert_cmd::Command;
use std::path::Path;

fn doclist() -> Command {
    Command::cargo_bin("doclist").expect("the binary is built")
}

/// A property's parameters: name and values.
type Params = Vec<(String, Vec<String>)>;

/// One event: its properties by name (value, parameters), and its alarms' triggers.
#[derive(Debug)]
struct Ev {
    props: Vec<(String, String, Params)>,
    triggers: Vec<String>,
}

impl Ev {
    fn get(&self, name: &str) -> &str {
        self.props
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(_, v, _)| v.as_str())
            .unwrap_or_else(|| panic!("no {name} in {self:?}"))
    }

    fn param(&self, name: &str, param: &str) -> Vec<String> {
        self.props
            .iter()
            .find(|(n, _, _)| n == name)
            .and_then(|(_, _, p)| p.iter().find(|(k, _)| k == param))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

fn parse(bytes: &[u8]) -> Vec<Ev> {
    let mut cals = ical::IcalParser::new(std::io::BufReader::new(bytes));
    let cal = cals
        .next()
        .expect("one calendar")
        .expect("the calendar parses");
    assert!(cals.next().is_none(), "exactly one calendar");
    cal.events
        .into_iter()
        .map(|e| Ev {
            props: e
                .properties
                .into_iter()
                .map(|p| {
                    (
                        p.name,
                        p.value.unwrap_or_default(),
                        p.params.unwrap_or_default(),
                    )
                })
                .collect(),
            triggers: e
                .alarms
                .into_iter()
                .flat_map(|a| a.properties)
                .filter(|p| p.name == "TRIGGER")
                .filter_map(|p| p.value)
                .collect(),
        })
        .collect()
}

fn ics(dir: &Path, input: &str, date: &str) -> Vec<u8> {
    let file = dir.join("a.yaml");
    std::fs::write(&file, input).unwrap();
    let o = doclist()
        .arg("render")
        .arg(&file)
        .args(["--date", date, "--format", "ics"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    o.stdout
}

const ENDORSE: &str = "policy: shanghai/permit-endorsement\nname: 张三\nid_number: \"310115199804120053\"\npermit_expiry: 2027-01-15\n";

#[test]
fn the_endorsement_window_and_the_expiry_are_all_day_events_with_reminders() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = ics(dir.path(), ENDORSE, "2026-11-23");
    let events = parse(&bytes);
    // The window's first day, the permit's expiry, the window's last day.
    assert_eq!(events.len(), 3, "{events:?}");
    let (open, expires, close) = (&events[0], &events[1], &events[2]);
    assert_eq!(expires.get("DTSTART"), "20270115");
    assert!(
        expires.get("DESCRIPTION").contains("使用功能中止"),
        "{expires:?}"
    );
    assert_eq!(open.get("DTSTART"), "20261216", "30 days before expiry");
    assert_eq!(open.param("DTSTART", "VALUE"), ["DATE"], "all day");
    assert_eq!(
        open.get("DTEND"),
        "20261217",
        "DTEND is the next day (RFC 5545)"
    );
    assert_eq!(close.get("DTSTART"), "20270316", "60 days after expiry");
    assert!(
        open.get("SUMMARY").starts_with("签注办理期开始"),
        "{open:?}"
    );
    assert!(open.get("DESCRIPTION").contains("带上居住证"), "what to do");
    assert!(
        open.get("DESCRIPTION")
            .contains("长宁区公安分局人口办《居住登记居住证培训会》"),
        "the source, by its name: {open:?}"
    );
    assert!(!open.get("DESCRIPTION").contains(".txt"), "{open:?}");
    assert!(close.get("DESCRIPTION").contains("居住年限将清零"));
    assert!(
        open.get("URL").starts_with("https://"),
        "links the procedure"
    );
    assert_eq!(open.triggers, ["-PT54000S"], "09:00 the day before");
    assert_eq!(close.triggers, ["-PT572400S"], "09:00 a week before");
    assert!(!String::from_utf8_lossy(&bytes).contains("310115199804120053"));

    // The same input gives the same bytes; a later permit moves the events, same UIDs.
    assert_eq!(ics(dir.path(), ENDORSE, "2026-11-23"), bytes);
    let later = parse(&ics(
        dir.path(),
        &ENDORSE.replace("2027-01-15", "2027-02-15"),
        "2026-11-23",
    ));
    assert_eq!(later[0].get("UID"), open.get("UID"));
    assert_eq!(later[1].get("UID"), expires.get("UID"));
    assert_eq!(later[2].get("UID"), close.get("UID"));
    assert_eq!(later[0].get("DTSTART"), "20270116");
    // Somebody else's events never share a UID.
    let other = parse(&ics(
        dir.path(),
        &ENDORSE.replace("张三", "李四"),
        "2026-11-23",
    ));
    assert_ne!(other[0].get("UID"), open.get("UID"));
}

#[test]
fn registration_and_information_change_dates() {
    let dir = tempfile::tempdir().unwrap();
    let reg = parse(&ics(
        dir.path(),
        "policy: shanghai/residence-registration\nchannel: offline\nhousing: rented\n",
        "2026-11-23",
    ));
    let starts: Vec<&str> = reg.iter().map(|e| e.get("DTSTART")).collect();
    assert_eq!(
        starts,
        ["20270523", "20271123"],
        "earliest day to apply; lapse"
    );
    assert!(reg[1].get("DESCRIPTION").contains("居住登记在这一天到期"));
    let change = parse(&ics(
        dir.path(),
        "policy: shanghai/info-change\nchange: address\nchange_date: 2026-11-20\nhousing: rented\n",
        "2026-11-23",
    ));
    assert_eq!(change.len(), 1, "{change:?}");
    assert_eq!(change[0].get("DTSTART"), "20261220");
    assert!(change[0].get("DESCRIPTION").contains("最后一天"));
}

#[test]
fn batch_writes_everyones_dates_in_one_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("s.csv");
    std::fs::write(
        &sheet,
        "policy,姓名,身份证号,permit_expiry\n\
         shanghai/permit-endorsement,张三,310115199804120053,2027-01-15\n\
         shanghai/permit-endorsement,李四,330106198805090012,2027-03-01\n\
         shanghai/permit-endorsement,王五,310115199804120054,2027-03-01\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = doclist()
        .arg("batch")
        .arg(&sheet)
        .arg("--out-dir")
        .arg(&out)
        .args(["--date", "2026-11-23", "--format", "json", "--jobs", "2"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "王五's ID is wrong");
    let bytes = std::fs::read(out.join("calendar.ics")).unwrap();
    let events = parse(&bytes);
    assert_eq!(events.len(), 6, "three dates for each good row");
    assert!(events[0].get("SUMMARY").starts_with("张三：签注办理期开始"));
    assert!(events[3].get("SUMMARY").starts_with("李四：签注办理期开始"));
    assert_eq!(events[3].get("DTSTART"), "20270130");
    let text = String::from_utf8_lossy(&bytes);
    for id in [
        "310115199804120053",
        "3101**********0053",
        "330106198805090012",
        "3301**********0012",
    ] {
        assert!(!text.contains(id), "no ID number in the calendar");
    }
    let uids: std::collections::BTreeSet<&str> = events.iter().map(|e| e.get("UID")).collect();
    assert_eq!(uids.len(), 6);
}
