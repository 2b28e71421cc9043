//! The flow driven by a scripted front-end: which questions are asked, in which order.

use super::*;
use crate::model::fact::Value;
use crate::model::policy::Library;
use chrono::NaiveDate;
use std::collections::{BTreeMap, VecDeque};

/// Replies by question key (a queue per key, for corrections) and summary replies in order.
#[derive(Default)]
pub(super) struct Script {
    replies: BTreeMap<String, VecDeque<String>>,
    summary: VecDeque<SummaryReply>,
    asked: Vec<String>,
    problems: Vec<String>,
    notes: Vec<String>,
    questions: Vec<Question>,
}

impl Script {
    fn new(replies: &[(&str, &str)], summary: Vec<SummaryReply>) -> Self {
        let mut s = Script {
            summary: summary.into(),
            ..Script::default()
        };
        for (k, v) in replies {
            s.replies
                .entry(k.to_string())
                .or_default()
                .push_back(v.to_string());
        }
        s
    }
}

impl Frontend for Script {
    fn ask(&mut self, q: &Question, _: &Validate<'_>) -> Result<Reply, Stop> {
        self.asked.push(q.key.clone());
        self.questions.push(q.clone());
        match self.replies.get_mut(&q.key).and_then(|r| r.pop_front()) {
            Some(r) => Ok(Reply::Text(r)),
            None => Err(Stop::Eof),
        }
    }
    fn problem(&mut self, message: &str) -> Result<(), Stop> {
        self.problems.push(message.to_string());
        Ok(())
    }
    fn note(&mut self, message: &str) -> Result<(), Stop> {
        self.notes.push(message.to_string());
        Ok(())
    }
    fn summary(&mut self, _lines: &[SummaryLine]) -> Result<SummaryReply, Stop> {
        self.summary.pop_front().ok_or(Stop::Eof)
    }
}

pub(super) const AS_OF: (i32, u32, u32) = (2026, 11, 23);

pub(super) fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(AS_OF.0, AS_OF.1, AS_OF.2).unwrap()
}

/// Runs an interview for `policy` and returns the script (with what was asked) and outcome.
pub(super) fn interview(
    policy: &str,
    replies: &[(&str, &str)],
    summary: Vec<SummaryReply>,
) -> (Script, Result<Outcome, Stop>) {
    let lib = Library::embedded().unwrap();
    let p = lib.get(policy).unwrap();
    let mut s = Script::new(replies, summary);
    let out = Interview::new(p, as_of()).run(&mut s);
    (s, out)
}

/// Runs an interview that is confirmed at the summary; checks that exactly `asked` was
/// asked, in that order, and that the answers make a checklist. Returns the answers.
pub(super) fn path(policy: &str, replies: &[(&str, &str)], asked: &[&str]) -> Answers {
    let (s, out) = interview(policy, replies, vec![SummaryReply::Generate]);
    assert_eq!(s.asked, asked, "{policy}: questions asked");
    assert!(s.problems.is_empty(), "{:?}", s.problems);
    let Ok(Outcome::Done(answers)) = out else {
        panic!("{policy}: {out:?}")
    };
    let lib = Library::embedded().unwrap();
    let checklist = crate::frontend::request::checklist_from_raw(
        &lib,
        &answers.raw_input(),
        "interview",
        None,
        as_of(),
        crate::engine::Options::default(),
    );
    assert!(checklist.is_ok(), "{policy}: {checklist:?}");
    answers
}

pub(super) fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

mod paths;
mod replies;
