//! The question flow: which question comes next, how a reply is read and checked, the
//! summary screen and corrections. One piece of code for every front-end.

use super::answers::{Answer, Answers};
use super::frontend::{
    Frontend, Question, QuestionKind, Reply, Stop, SummaryLine, SummaryReply, SKIP_LABEL,
};
use crate::engine::questions;
use crate::model::applicant::Applicant;
use crate::model::expr::Env;
use crate::model::fact::{Fact, FactType, Value};
use crate::model::policy::path::Path;
use crate::model::policy::{Library, Policy};
use crate::msg;
use crate::util::i18n::{tr, Lang, Msg};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// How an interview ended.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The person confirmed the summary: make the checklist from these answers.
    Done(Answers),
    /// The person chose 放弃 at the summary.
    Abandoned,
}

/// A message in Chinese, the interview's language.
fn zh(m: Msg) -> String {
    m.text(Lang::Zh)
}

/// Words that mean "I don't know" in a typed reply.
const SKIP_WORDS: [&str; 6] = ["不知道", "跳过", SKIP_LABEL, "skip", "?", "？"];

/// What a person chose to be interviewed for.
pub enum Chosen<'l> {
    /// One procedure's checklist.
    Policy(&'l Policy),
    /// The whole path of their city (不知道该办哪一项？).
    Path(&'l Path),
}

/// Asks for the city, then the procedure, with the city's whole path offered last when it
/// has one.
pub fn choose<'l>(library: &'l Library, fe: &mut dyn Frontend) -> Result<Chosen<'l>, Stop> {
    choose_in(library, fe, true)
}

/// Asks for the city, then the procedure, and returns the chosen policy. A city with a
/// single procedure is chosen without asking.
pub fn choose_policy<'l>(library: &'l Library, fe: &mut dyn Frontend) -> Result<&'l Policy, Stop> {
    match choose_in(library, fe, false)? {
        Chosen::Policy(p) => Ok(p),
        Chosen::Path(_) => unreachable!("the path is offered only when asked"),
    }
}

fn choose_in<'l>(
    library: &'l Library,
    fe: &mut dyn Frontend,
    offer_path: bool,
) -> Result<Chosen<'l>, Stop> {
    let policies = library.policies();
    let mut cities: Vec<(&str, &str)> = Vec::new();
    for p in policies {
        if !cities.iter().any(|(c, _)| *c == p.city) {
            cities.push((&p.city, &p.city_name));
        }
    }
    let city = if cities.len() == 1 {
        cities[0].0
    } else {
        let words: Vec<Vec<&str>> = cities.iter().map(|(c, n)| vec![*c, *n]).collect();
        let q = menu_question(
            "city",
            &tr(Lang::Zh, "ask-city"),
            cities.iter().map(|(_, n)| n.to_string()).collect(),
        );
        cities[ask_menu(fe, &q, &words)?].0
    };
    let here: Vec<&Policy> = policies.iter().filter(|p| p.city == city).collect();
    let path = library.path(city).filter(|_| offer_path);
    if let ([only], None) = (here.as_slice(), path) {
        fe.note(&zh(msg!("ask-only-procedure", title = &only.title)))?;
        return Ok(Chosen::Policy(only));
    }
    let mut words: Vec<Vec<&str>> = here
        .iter()
        .map(|p| {
            let short = p.id.rsplit('/').next().unwrap_or(&p.id);
            vec![p.id.as_str(), p.title.as_str(), short]
        })
        .collect();
    let mut options: Vec<String> = here.iter().map(|p| p.title.clone()).collect();
    let plan_option = tr(Lang::Zh, "ask-procedure-path");
    if let Some(path) = path {
        words.push(vec![
            "path",
            "plan",
            path.title.as_str(),
            plan_option.as_str(),
        ]);
        options.push(plan_option.clone());
    }
    let mut q = menu_question("policy", &tr(Lang::Zh, "ask-procedure"), options);
    q.help = Some(tr(Lang::Zh, "ask-procedure-help"));
    let i = ask_menu(fe, &q, &words)?;
    Ok(match (here.get(i), path) {
        (Some(p), _) => Chosen::Policy(p),
        (None, Some(path)) => Chosen::Path(path),
        (None, None) => unreachable!("the menu has one option per procedure"),
    })
}

fn menu_question(key: &str, text: &str, options: Vec<String>) -> Question {
    Question {
        key: key.to_string(),
        text: text.to_string(),
        help: None,
        kind: QuestionKind::Menu {
            options,
            default: None,
        },
        skippable: false,
    }
}

/// Asks a menu that is not a fact until one entry is chosen (by number, or any of its words).
fn ask_menu(fe: &mut dyn Frontend, q: &Question, words: &[Vec<&str>]) -> Result<usize, Stop> {
    loop {
        let reply = fe.ask(q, &|_| Ok(()))?;
        let found = match &reply {
            Reply::Pick(i) => Some(*i).filter(|i| *i < words.len()),
            Reply::Text(t) => {
                let t = t.trim();
                number_in(t, words.len()).or_else(|| words.iter().position(|w| w.contains(&t)))
            }
        };
        match found {
            Some(i) => return Ok(i),
            None => fe.problem(&zh(msg!(
                "reply-no-such-entry-or-name",
                count = words.len()
            )))?,
        }
    }
}

/// A 1-based number in `1..=n`, as a 0-based index.
fn number_in(text: &str, n: usize) -> Option<usize> {
    text.parse::<usize>()
        .ok()
        .filter(|k| (1..=n).contains(k))
        .map(|k| k - 1)
}

/// One person's interview for one policy.
pub struct Interview<'p> {
    policy: &'p Policy,
    /// For a plan: the city's path, and the library its steps name.
    path: Option<(&'p Path, &'p Library)>,
    as_of: NaiveDate,
    record: Vec<(String, Answer)>,
}

impl<'p> Interview<'p> {
    /// An interview for `policy`; ages and date checks use `as_of`.
    pub fn new(policy: &'p Policy, as_of: NaiveDate) -> Self {
        Interview {
            policy,
            path: None,
            as_of,
            record: Vec::new(),
        }
    }

    /// An interview for a city's plan: the questions that decide the person's steps and
    /// their days.
    pub fn for_path(path: &'p Path, library: &'p Library, as_of: NaiveDate) -> Self {
        Interview {
            policy: &path.terms,
            path: Some((path, library)),
            as_of,
            record: Vec::new(),
        }
    }

    /// Asks every question that matters, shows the summary until the person confirms or
    /// gives up, and returns the answers.
    pub fn run(mut self, fe: &mut dyn Frontend) -> Result<Outcome, Stop> {
        self.fill(BTreeMap::new(), fe)?;
        loop {
            let lines = self.summary_lines();
            let reply = fe.summary(&lines)?;
            let action = match reply {
                SummaryReply::Text(t) => match self.read_summary_text(&t, &lines) {
                    Some(a) => a,
                    None => {
                        fe.problem(&zh(msg!(
                            "reply-summary-unclear",
                            reply = t.trim(),
                            count = lines.len()
                        )))?;
                        continue;
                    }
                },
                other => other,
            };
            match action {
                SummaryReply::Generate => {
                    return Ok(Outcome::Done(Answers {
                        city: self.path.map(|(p, _)| p.city.clone()),
                        policy: self.policy.id.clone(),
                        entries: self.record,
                    }))
                }
                SummaryReply::Abandon => return Ok(Outcome::Abandoned),
                SummaryReply::Change(i) if i < self.record.len() => self.correct(i, fe)?,
                SummaryReply::Change(_) | SummaryReply::Text(_) => {
                    fe.problem(&zh(msg!("reply-no-such-entry", count = lines.len())))?
                }
            }
        }
    }

    /// Asks the questions that matter, in order, taking replies from `previous` where the
    /// person already gave one; returns the keys of previous answers no longer needed.
    fn fill(
        &mut self,
        mut previous: BTreeMap<String, Answer>,
        fe: &mut dyn Frontend,
    ) -> Result<Vec<String>, Stop> {
        self.record.clear();
        while let Some(fact) = self.next_fact() {
            let earlier = if fact.key == "birth_date" {
                ["birth_date", "id_number"]
                    .into_iter()
                    .find_map(|k| previous.remove_entry(k))
            } else {
                previous.remove_entry(&fact.key)
            };
            let entry = match earlier {
                Some(e) => e,
                None => self.ask_fact(fact, None, fe)?,
            };
            self.record.push(entry);
        }
        Ok(previous.into_keys().collect())
    }

    /// Re-asks answer `i` of the record, then replays the interview with the new answer:
    /// answers that no longer matter are dropped, questions that now matter are asked.
    fn correct(&mut self, i: usize, fe: &mut dyn Frontend) -> Result<(), Stop> {
        let (key, current) = self.record[i].clone();
        let fact = self.fact(slot_of(&key));
        let (new_key, answer) = self.ask_fact(fact, Some(&current), fe)?;
        let mut previous: BTreeMap<String, Answer> = self.record.drain(..).collect();
        previous.remove(&key);
        previous.insert(new_key, answer);
        let dropped = self.fill(previous, fe)?;
        if !dropped.is_empty() {
            let labels: Vec<String> = dropped
                .iter()
                .map(|k| self.label_of(k).to_string())
                .collect();
            fe.note(&zh(msg!("answers-dropped", labels = labels)))?;
        }
        Ok(())
    }

    fn fact(&self, key: &str) -> &'p Fact {
        let policy: &'p Policy = self.policy;
        policy
            .facts
            .iter()
            .find(|f| f.key == key)
            .expect("every policy has the built-in facts and its own")
    }

    fn label_of<'k>(&self, key: &'k str) -> &'k str
    where
        'p: 'k,
    {
        self.policy
            .facts
            .iter()
            .find(|f| f.key == key)
            .map_or(key, |f| f.label.as_str())
    }

    /// The facts known so far, with `as_of` and `age`, for evaluating conditions.
    fn env(&self) -> Env {
        let given = self.record.iter().filter_map(|(k, a)| match a {
            Answer::Given(v) => Some((k.clone(), v.clone())),
            Answer::Unknown => None,
        });
        questions::env_of(given, self.as_of)
    }

    /// The answers so far as an applicant (without the day and the age).
    fn applicant_so_far(&self) -> Applicant {
        let mut values = self.env();
        values.remove("as_of");
        values.remove("age");
        let birth_date = match values.get("birth_date") {
            Some(Value::Date(d)) => Some(*d),
            _ => None,
        };
        Applicant {
            name: None,
            id_number: None,
            birth_date,
            values,
            ignored: Vec::new(),
            ignored_labels: Vec::new(),
            assumed: Vec::new(),
        }
    }

    /// The fact with the default that a blank answer gets for this person, as the checklist
    /// will take it (see [`crate::engine::decide::defaults`]): 监护人代办 for a child.
    fn with_settled_default(&self, fact: &Fact) -> Fact {
        let mut fact = fact.clone();
        if let Some(default) = fact.default.clone() {
            let mut applicant = self.applicant_so_far();
            applicant.values.insert(fact.key.clone(), default);
            applicant.assumed = vec![fact.key.clone()];
            crate::engine::decide::defaults::settle(self.policy, &mut applicant, self.as_of);
            fact.default = applicant.values.remove(&fact.key);
        }
        fact
    }

    /// The next question: the one [`questions::next`] gives for the answers so far.
    fn next_fact(&self) -> Option<&'p Fact> {
        let asked: Vec<&str> = self.record.iter().map(|(k, _)| k.as_str()).collect();
        match self.path {
            Some((path, library)) => self.next_for_path(path, library, &asked),
            None => questions::next(self.policy, &self.env(), &asked),
        }
    }

    /// The next question of a plan: the name first, then in the path's order the first
    /// question not asked yet whose answer can change the plan.
    fn next_for_path(&self, path: &'p Path, library: &Library, asked: &[&str]) -> Option<&'p Fact> {
        let terms: &'p Policy = self.policy;
        let has = |k: &str| asked.contains(&k);
        if !has("name") {
            return terms.facts.iter().find(|f| f.key == "name");
        }
        let mut applicant = self.applicant_so_far();
        // As the plan will take them: a blank answer is its default.
        for f in terms.asked_facts() {
            if let (false, Some(d)) = (applicant.values.contains_key(&f.key), &f.default) {
                applicant.values.insert(f.key.clone(), d.clone());
            }
        }
        let (plan, _) = crate::engine::plan::walk(path, library, &applicant, self.as_of);
        let worth = crate::engine::plan::worth_asking(path, &plan, Default::default());
        if worth.contains("birth_date") && !has("birth_date") && !has("id_number") {
            return terms.facts.iter().find(|f| f.key == "birth_date");
        }
        terms
            .asked_facts()
            .find(|f| worth.contains(&f.key) && !has(&f.key))
    }

    /// Asks one fact until the reply is valid; returns the key it is recorded under.
    fn ask_fact(
        &self,
        fact: &Fact,
        current: Option<&Answer>,
        fe: &mut dyn Frontend,
    ) -> Result<(String, Answer), Stop> {
        let settled = self.with_settled_default(fact);
        let fact = &settled;
        let q = question_for(fact, current);
        let validate = |t: &str| {
            self.read_reply(fact, &q, Reply::Text(t.to_string()))
                .map(|_| ())
        };
        loop {
            let reply = fe.ask(&q, &validate)?;
            match self.read_reply(fact, &q, reply) {
                Ok(entry) => return Ok(entry),
                Err(message) => fe.problem(&message)?,
            }
        }
    }

    /// Reads a reply to a fact's question the way input files are read.
    fn read_reply(
        &self,
        fact: &Fact,
        q: &Question,
        reply: Reply,
    ) -> Result<(String, Answer), String> {
        let key = fact.key.clone();
        let options = match &q.kind {
            QuestionKind::Menu { options, .. } => options.len(),
            QuestionKind::Input { .. } => 0,
        };
        let pick = |i: usize| -> Result<(String, Answer), String> {
            if q.skippable && i + 1 == options {
                return Ok((key.clone(), Answer::Unknown));
            }
            let v = match &fact.ty {
                FactType::Bool if i < 2 => Value::Bool(i == 0),
                FactType::Enum(c) if i < c.len() => Value::Text(c[i].value.clone()),
                _ => {
                    return Err(zh(msg!(
                        "reply-no-such-number",
                        number = i + 1,
                        count = options
                    )))
                }
            };
            Ok((key.clone(), Answer::Given(v)))
        };
        let text = match reply {
            Reply::Pick(i) => return pick(i),
            Reply::Text(t) => t.trim().to_string(),
        };
        if text.is_empty() {
            return match &q.kind {
                QuestionKind::Menu {
                    default: Some(d), ..
                } => pick(*d),
                QuestionKind::Input {
                    default: Some(d), ..
                } => self.read_text(fact, d),
                _ if q.skippable => Ok((key, Answer::Unknown)),
                _ => Err(tr(Lang::Zh, "reply-required")),
            };
        }
        if SKIP_WORDS.contains(&text.as_str()) {
            return if q.skippable {
                Ok((key, Answer::Unknown))
            } else {
                Err(tr(Lang::Zh, "reply-required-no-skip"))
            };
        }
        if let Some(i) = number_in(&text, options) {
            return pick(i);
        }
        self.read_text(fact, &text).map_err(|e| {
            if options > 0 {
                zh(msg!("reply-or-number", message = e, count = options))
            } else {
                e
            }
        })
    }

    /// Checks typed text as a value of the fact (or an ID number in place of a birth
    /// date), as the input files are read.
    fn read_text(&self, fact: &Fact, text: &str) -> Result<(String, Answer), String> {
        let fact = if fact.key == "birth_date" && looks_like_id(text) {
            self.fact("id_number")
        } else {
            fact
        };
        let raw = serde_yaml::Value::String(text.to_string());
        match questions::read_value(fact, &raw, self.as_of) {
            Ok(Some(v)) => Ok((fact.key.clone(), Answer::Given(v))),
            Ok(None) => Ok((fact.key.clone(), Answer::Unknown)),
            Err(p) => Err(p.message(Lang::Zh)),
        }
    }

    fn summary_lines(&self) -> Vec<SummaryLine> {
        self.record
            .iter()
            .map(|(key, answer)| {
                let fact = self.fact(key);
                SummaryLine {
                    key: key.clone(),
                    label: fact.label.clone(),
                    value: match answer {
                        Answer::Given(v) => fact.value_label(v),
                        Answer::Unknown => tr(Lang::Zh, "answer-unknown"),
                    },
                }
            })
            .collect()
    }

    fn read_summary_text(&self, text: &str, lines: &[SummaryLine]) -> Option<SummaryReply> {
        let t = text.trim();
        match t.to_lowercase().as_str() {
            "" | "y" | "yes" | "是" | "生成" | "生成清单" => {
                return Some(SummaryReply::Generate)
            }
            "q" | "quit" | "放弃" => return Some(SummaryReply::Abandon),
            _ => {}
        }
        number_in(t, lines.len())
            .or_else(|| lines.iter().position(|l| l.key == t || l.label == t))
            .or_else(|| match t {
                "birth_date" | "出生日期" => self.position("id_number"),
                _ => None,
            })
            .map(SummaryReply::Change)
    }

    fn position(&self, key: &str) -> Option<usize> {
        self.record.iter().position(|(k, _)| k == key)
    }
}

/// The fact whose question fills a record slot (an ID number answers the birth date).
fn slot_of(key: &str) -> &str {
    if key == "id_number" {
        "birth_date"
    } else {
        key
    }
}

/// An ID number typed where a birth date was asked: 15 or more digits (the last may be X).
fn looks_like_id(text: &str) -> bool {
    text.chars().count() >= 15
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || c == 'x' || c == 'X')
}

/// The question for a fact, with the current answer (or the fact's default) preselected.
pub(crate) fn question_for(fact: &Fact, current: Option<&Answer>) -> Question {
    let skippable = !fact.required && fact.default.is_none();
    let (text, help) = match fact.key.as_str() {
        "name" => (
            tr(Lang::Zh, "ask-name"),
            Some(tr(Lang::Zh, "ask-name-help")),
        ),
        "birth_date" => (
            tr(Lang::Zh, "ask-birth-date"),
            Some(tr(Lang::Zh, "ask-birth-date-help")),
        ),
        _ => (fact.question.clone(), fact.help.clone()),
    };
    let current_value = match current {
        Some(Answer::Given(v)) => Some(v),
        Some(Answer::Unknown) => None,
        None => fact.default.as_ref(),
    };
    let kind = match &fact.ty {
        FactType::Bool | FactType::Enum(_) => {
            let mut options: Vec<String> = match &fact.ty {
                FactType::Enum(c) => c.iter().map(|c| c.label.clone()).collect(),
                _ => vec![tr(Lang::Zh, "yes"), tr(Lang::Zh, "no")],
            };
            let default = match (current_value, &fact.ty) {
                (Some(Value::Bool(b)), _) => Some(if *b { 0 } else { 1 }),
                (Some(Value::Text(v)), FactType::Enum(c)) => c.iter().position(|c| &c.value == v),
                _ if matches!(current, Some(Answer::Unknown)) && skippable => Some(options.len()),
                _ => None,
            };
            if skippable {
                options.push(SKIP_LABEL.to_string());
            }
            QuestionKind::Menu { options, default }
        }
        FactType::Date | FactType::Integer | FactType::Text => QuestionKind::Input {
            format: match fact.ty {
                FactType::Date => Some("YYYY-MM-DD".to_string()),
                FactType::Integer => Some(tr(Lang::Zh, "format-integer")),
                _ => None,
            },
            default: current_value.map(|v| v.to_string()),
        },
    };
    Question {
        key: fact.key.clone(),
        text,
        help,
        kind,
        skippable,
    }
}
