//! The answers an interview collected: as input for the checklist, and as an applicant
//! YAML file that `doclist render` reads back.

use crate::model::applicant::RawInput;
use crate::model::fact::Value;
use crate::model::policy::Policy;
use crate::msg;
use crate::util::i18n::Lang;
use chrono::NaiveDate;
use serde_yaml::Value as Yaml;

/// The answer to one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A value, checked against the fact's type.
    Given(Value),
    /// 不知道/跳过: left out of the input, so the checklist treats it as unknown.
    Unknown,
}

/// Everything a person answered, in the order asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    /// For a plan: the city (the answers file then names it instead of a policy).
    pub city: Option<String>,
    /// The policy id (for a plan, the path's).
    pub policy: String,
    /// Fact key and answer, in the order asked; `id_number` stands in for `birth_date`
    /// when the person typed an ID number.
    pub entries: Vec<(String, Answer)>,
}

impl Answers {
    /// The given value of a fact, if any.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries.iter().find_map(|(k, a)| match a {
            Answer::Given(v) if k == key => Some(v),
            _ => None,
        })
    }

    /// The applicant's name, when given.
    pub fn name(&self) -> Option<&str> {
        match self.get("name") {
            Some(Value::Text(n)) if !n.trim().is_empty() => Some(n.trim()),
            _ => None,
        }
    }

    /// The answers as applicant input: `policy` first, then every given value (unknown
    /// facts are left out, as in a file).
    pub fn raw_input(&self) -> RawInput {
        let scope = match &self.city {
            Some(city) => ("city".to_string(), Yaml::String(city.clone())),
            None => ("policy".to_string(), Yaml::String(self.policy.clone())),
        };
        let mut raw = vec![scope];
        for (key, answer) in &self.entries {
            if let Answer::Given(v) = answer {
                raw.push((key.clone(), to_yaml_value(v)));
            }
        }
        raw
    }

    /// An applicant YAML file with these answers; each line's comment gives the Chinese
    /// label, and a header says which facts were left unknown and how to re-render.
    pub fn to_yaml(&self, policy: &Policy, as_of: NaiveDate) -> String {
        let label = |key: &str| {
            policy
                .facts
                .iter()
                .find(|f| f.key == key)
                .map(|f| (f.label.clone(), f))
        };
        let head = match &self.city {
            Some(city) => msg!(
                "answers-file-head-plan",
                title = &policy.title,
                city = city.as_str(),
                date = as_of
            ),
            None => msg!(
                "answers-file-head",
                title = &policy.title,
                id = &policy.id,
                date = as_of
            ),
        };
        let mut out = head.text(Lang::Zh);
        out.push('\n');
        let unknown: Vec<String> = self
            .entries
            .iter()
            .filter(|(k, a)| *a == Answer::Unknown && k != "name")
            .map(|(k, _)| match label(k) {
                Some((l, _)) => format!("{l} ({k})"),
                None => k.clone(),
            })
            .collect();
        if !unknown.is_empty() {
            let line = msg!("answers-file-unknown", keys = unknown.join("、"));
            out.push_str(&line.text(Lang::Zh));
            out.push('\n');
        }
        match &self.city {
            Some(city) => out.push_str(&format!("city: {}\n", scalar(city))),
            None => out.push_str(&format!("policy: {}\n", scalar(&self.policy))),
        }
        for (key, answer) in &self.entries {
            let Answer::Given(v) = answer else { continue };
            let text = match v {
                // Always quoted, so YAML keeps the digits as text.
                Value::Text(id) if key == "id_number" => format!("\"{id}\""),
                Value::Text(s) => scalar(s),
                other => other.to_string(),
            };
            match label(key) {
                Some((l, fact)) => {
                    let shown = fact.value_label(v);
                    if shown == v.to_string() {
                        out.push_str(&format!("{key}: {text}  # {l}\n"));
                    } else {
                        out.push_str(&format!("{key}: {text}  # {l}：{shown}\n"));
                    }
                }
                None => out.push_str(&format!("{key}: {text}\n")),
            }
        }
        out
    }
}

/// A string as a YAML scalar, quoted when YAML would read it as something else.
fn scalar(s: &str) -> String {
    serde_yaml::to_string(&Yaml::String(s.to_string()))
        .map(|t| t.trim_end().to_string())
        .unwrap_or_else(|_| format!("{s:?}"))
}

fn to_yaml_value(v: &Value) -> Yaml {
    match v {
        Value::Bool(b) => Yaml::Bool(*b),
        Value::Integer(i) => Yaml::Number((*i).into()),
        Value::Date(d) => Yaml::String(d.format("%Y-%m-%d").to_string()),
        Value::Text(s) => Yaml::String(s.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::applicant::parse_input;
    use crate::model::policy::Library;

    #[test]
    fn the_yaml_reads_back_as_the_same_input() {
        let lib = Library::embedded().unwrap();
        let policy = lib.get("shanghai/residence-permit").unwrap();
        let answers = Answers {
            city: None,
            policy: policy.id.clone(),
            entries: vec![
                (
                    "name".into(),
                    Answer::Given(Value::Text("王: #1 'x'".into())),
                ),
                (
                    "id_number".into(),
                    Answer::Given(Value::Text("340102201603020121".into())),
                ),
                (
                    "channel".into(),
                    Answer::Given(Value::Text("offline".into())),
                ),
                ("registration_date".into(), Answer::Unknown),
                ("address_changed".into(), Answer::Given(Value::Bool(true))),
                (
                    "social_insurance_months".into(),
                    Answer::Given(Value::Integer(7)),
                ),
            ],
        };
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let yaml = answers.to_yaml(policy, as_of);
        assert!(yaml.contains("id_number: \"340102201603020121\""), "{yaml}");
        assert!(yaml.contains("# 办理途径：窗口办理"), "{yaml}");
        assert!(yaml.contains("未提供（不知道/跳过）：居住登记日期 (registration_date)"));
        assert_eq!(
            parse_input(&yaml, "answers.yaml").unwrap(),
            answers.raw_input()
        );
    }
}
