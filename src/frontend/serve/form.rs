//! The web form: reading a submitted body, deciding which questions to show, and the
//! template context of the form page.

use crate::engine::questions::{self, Reading};
use crate::model::answer::{convert_opt, parse_date};
use crate::model::applicant::{parse_input, FieldProblem, RawInput};
use crate::model::fact::{Fact, FactType, Value};
use crate::model::idnumber;
use crate::model::policy::Policy;
use crate::msg;
use crate::output::render::TypeSize;
use crate::util::i18n::{tr, Lang, Msg};
use chrono::NaiveDate;
use serde::Serialize;
use serde_yaml::Value as Yaml;

/// The keys of a submission that are not about the applicant.
const POLICY: &str = "policy";
const FORMAT: &str = "format";
const SIZE: &str = "size";
const DATE: &str = "date";

/// The applicant facts every form asks first (built into every policy).
const APPLICANT_KEYS: [&str; 3] = ["name", "id_number", "birth_date"];

/// A request body: the applicant's keys and values, and the request's own keys.
#[derive(Debug, Clone, Default)]
pub struct Submission {
    /// The policy id (`policy`).
    pub policy: Option<String>,
    /// The output format asked for (`format`): html, pdf or json.
    pub format: Option<String>,
    /// The type size asked for (`size`): normal, or large for 大字版.
    pub size: Option<String>,
    /// The day the checklist is for (`date`), YYYY-MM-DD; today when absent.
    pub date: Option<String>,
    /// The applicant's keys and values in the order given (`policy` included, as the
    /// request path expects it).
    pub raw: RawInput,
}

/// Why a body could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyError {
    /// Neither a form nor JSON.
    UnsupportedType(Msg),
    /// The body is not what its content type says.
    Malformed(Msg),
}

fn yaml_text(v: &Yaml) -> Option<String> {
    let s = match v {
        Yaml::Null => return None,
        Yaml::String(s) => s.clone(),
        Yaml::Bool(b) => b.to_string(),
        Yaml::Number(n) => n.to_string(),
        other => serde_yaml::to_string(other).ok()?.trim().to_string(),
    };
    let s = s.trim().to_string();
    (!s.is_empty()).then_some(s)
}

impl Submission {
    /// Reads a form (`application/x-www-form-urlencoded`) or JSON body.
    pub fn from_body(content_type: &str, body: &[u8]) -> Result<Submission, BodyError> {
        let mime = content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        match mime.as_str() {
            "application/x-www-form-urlencoded" => Submission::from_form(body),
            "application/json" => {
                let text = std::str::from_utf8(body)
                    .map_err(|_| BodyError::Malformed(msg!("body-not-utf8")))?;
                if !text.trim_start().starts_with('{') {
                    return Err(BodyError::Malformed(msg!("body-not-object")));
                }
                let raw = parse_input(text, "request").map_err(|mut e| {
                    BodyError::Malformed(match e.problems.pop() {
                        Some(p) => p.msg,
                        None => msg!("body-not-object"),
                    })
                })?;
                Ok(Submission::from_raw(raw))
            }
            "" => Err(BodyError::UnsupportedType(msg!("body-no-type"))),
            other => Err(BodyError::UnsupportedType(msg!(
                "body-bad-type",
                given = other
            ))),
        }
    }

    /// Reads form fields (a body or a query string); an empty field is an unknown answer.
    pub fn from_form(bytes: &[u8]) -> Result<Submission, BodyError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(bytes)
            .map_err(|e| BodyError::Malformed(msg!("body-bad-form", detail = e.to_string())))?;
        let mut raw: RawInput = Vec::new();
        for (k, v) in pairs {
            // A key given twice is refused, as in YAML and JSON: a second `policy` must
            // never switch the policy.
            if raw.iter().any(|(key, _)| *key == k) {
                return Err(BodyError::Malformed(msg!("body-field-twice", field = k)));
            }
            raw.push((k, Yaml::String(v)));
        }
        Ok(Submission::from_raw(raw))
    }

    /// Splits the request's own keys from the applicant's.
    pub fn from_raw(raw: RawInput) -> Submission {
        let mut sub = Submission::default();
        for (k, v) in raw {
            match k.as_str() {
                FORMAT => sub.format = yaml_text(&v),
                SIZE => sub.size = yaml_text(&v),
                DATE => sub.date = yaml_text(&v),
                POLICY => {
                    sub.policy = yaml_text(&v);
                    sub.raw.push((k, v));
                }
                _ => sub.raw.push((k, v)),
            }
        }
        sub
    }

    /// The text given for a key, if any (empty fields count as not given).
    pub fn text(&self, key: &str) -> Option<String> {
        self.raw
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| yaml_text(v))
    }

    /// The day the checklist is for: `date`, or `today` when none was given.
    pub fn as_of(&self, today: NaiveDate) -> Result<NaiveDate, FieldProblem> {
        match &self.date {
            None => Ok(today),
            Some(d) => {
                parse_date(d).map_err(|m| FieldProblem::new(DATE, m).named("办理日期", "Date"))
            }
        }
    }

    /// Every non-empty key and value as text, `date` included, for the hidden fields and
    /// links a page carries the answers on with. An ID number goes masked, as the page
    /// shows it (`3401**********0121`), with the birth date it gives: the page's source
    /// holds no number the page did not print, and the checklist made again is the same.
    pub fn hidden_fields(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        let mut birth = None;
        for (k, v) in &self.raw {
            let Some(text) = yaml_text(v) else { continue };
            let id = k.ends_with("id_number").then(|| idnumber::validate(&text));
            match id {
                Some(Ok((id, born))) => {
                    if k == "id_number" {
                        birth = Some(born);
                    }
                    out.push((k.clone(), idnumber::mask(&id)));
                }
                _ => out.push((k.clone(), text)),
            }
        }
        let given =
            |out: &[(String, String)]| out.iter().any(|(k, v)| k == "birth_date" && !v.is_empty());
        if let Some(b) = birth.filter(|_| !given(&out)) {
            out.retain(|(k, _)| k != "birth_date");
            out.push(("birth_date".to_string(), b.format("%Y-%m-%d").to_string()));
        }
        if let Some(d) = &self.date {
            out.push((DATE.to_string(), d.clone()));
        }
        if let Some(size) = &self.size {
            out.push((SIZE.to_string(), size.clone()));
        }
        out
    }

    /// The type size asked for: normal unless `size` is `large`.
    pub fn type_size(&self) -> Result<TypeSize, FieldProblem> {
        match self.size.as_deref().map(str::trim) {
            None | Some("") | Some("normal") => Ok(TypeSize::Normal),
            Some("large") => Ok(TypeSize::Large),
            Some(other) => Err(FieldProblem::new(
                SIZE,
                msg!("size-not-allowed", value = other),
            )),
        }
    }
}

/// The form page's template context (`templates/serve/form.html`).
#[derive(Debug, Serialize)]
pub struct FormPage {
    pub policy: PolicyView,
    /// The day the checklist is for, as given (YYYY-MM-DD).
    pub date: String,
    /// A message beside the date field, if its value was bad.
    pub date_error: Option<String>,
    /// Name, ID number, birth date.
    pub applicant: Vec<FieldView>,
    /// The policy's questions, in its order; those that do not matter have `visible` false.
    pub questions: Vec<FieldView>,
    /// Problems that belong to no field of the form.
    pub errors: Vec<String>,
    /// Every problem of a field on the form, in the form's order: the error summary at the
    /// top links each to its field.
    pub error_list: Vec<ErrorItem>,
    /// 大字版 was asked for.
    pub large: bool,
    /// "doclist 0.1.0".
    pub generator: String,
}

/// One problem of a field, for the error summary.
#[derive(Debug, Serialize)]
pub struct ErrorItem {
    /// The field's key: the summary links to `#f-<key>`.
    pub key: String,
    pub label: String,
    pub message: String,
}

/// A policy, as the pages name it.
#[derive(Debug, Serialize)]
pub struct PolicyView {
    pub id: String,
    pub title: String,
    pub city_name: String,
    pub version: String,
    pub summary: Option<String>,
}

impl PolicyView {
    /// The policy's names for the pages.
    pub fn new(p: &Policy) -> PolicyView {
        PolicyView {
            id: p.id.clone(),
            title: p.title.clone(),
            city_name: p.city_name.clone(),
            version: p.version.clone(),
            summary: p.summary.clone(),
        }
    }
}

/// One field of the form.
#[derive(Debug, Serialize)]
pub struct FieldView {
    pub key: String,
    /// 居住情况.
    pub label: String,
    /// 您现在住在哪里？
    pub question: String,
    pub help: Option<String>,
    /// `select`, `text`, `date` or `number`: the control to draw.
    pub kind: &'static str,
    /// The value as given (or normalised: enum labels become their value).
    pub value: String,
    /// For `select`: the choices, with the given one selected.
    pub options: Vec<OptionView>,
    /// The text of a select's empty choice: "请选择", or the default it stands for.
    pub empty_label: String,
    pub visible: bool,
    /// The message for a bad value, as the CLI gives it.
    pub error: Option<String>,
}

/// One choice of a select.
#[derive(Debug, Serialize)]
pub struct OptionView {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The choices of an enum or yes/no fact.
fn choices(f: &Fact) -> Vec<(String, String)> {
    match &f.ty {
        FactType::Enum(c) => c
            .iter()
            .map(|c| (c.value.clone(), c.label.clone()))
            .collect(),
        FactType::Bool => vec![
            ("true".to_string(), tr(Lang::Zh, "yes")),
            ("false".to_string(), tr(Lang::Zh, "no")),
        ],
        _ => Vec::new(),
    }
}

/// Builds a field from the fact, the submission and the problems found.
fn field(f: &Fact, sub: &Submission, problems: &[FieldProblem], visible: bool) -> FieldView {
    let given = sub.text(&f.key).unwrap_or_default();
    let raw = Yaml::String(given.clone());
    let error = problems
        .iter()
        .filter(|p| p.field == f.key)
        .map(|p| p.message(Lang::Zh))
        .collect::<Vec<_>>();
    let error = (!error.is_empty()).then(|| error.join("；"));
    // The value as the control wants it: enum labels and 是/否 become the option values.
    let converted = convert_opt(f, &raw).ok().flatten();
    let value = match &converted {
        Some(Value::Bool(b)) => b.to_string(),
        Some(Value::Date(d)) => d.format("%Y-%m-%d").to_string(),
        Some(Value::Text(t)) if matches!(f.ty, FactType::Enum(_)) => t.clone(),
        _ => given.clone(),
    };
    let kind = match &f.ty {
        FactType::Enum(_) | FactType::Bool => "select",
        // Dates are typed as text: 1956-03-01, 19560301, 1956年3月1日 all read.
        FactType::Date => "date",
        FactType::Text => "text",
        FactType::Integer => "number",
    };
    let mut options: Vec<OptionView> = choices(f)
        .into_iter()
        .map(|(v, label)| OptionView {
            selected: v == value,
            value: v,
            label,
        })
        .collect();
    // A value that is none of the choices (sent by hand or an old link) stays visible,
    // marked, beside its message, until it is changed.
    if kind == "select" && !value.is_empty() && !options.iter().any(|o| o.selected) {
        options.push(OptionView {
            label: msg!("form-invalid-choice", value = value.as_str()).text(Lang::Zh),
            value: value.clone(),
            selected: true,
        });
    }
    let empty_label = match &f.default {
        Some(d) => msg!("form-default-choice", default = f.value_label(d)).text(Lang::Zh),
        None => tr(Lang::Zh, "form-choose"),
    };
    FieldView {
        key: f.key.clone(),
        label: f.label.clone(),
        question: f.question.clone(),
        help: f.help.clone(),
        kind,
        value,
        options,
        empty_label,
        visible,
        error,
    }
}

impl FormPage {
    /// The form for a policy, filled with a submission. `problems` are shown beside their
    /// fields (those of fields not on the form, at the top); `as_of` is the day the
    /// questions are judged for.
    pub fn new(
        policy: &Policy,
        sub: &Submission,
        as_of: NaiveDate,
        problems: &[FieldProblem],
    ) -> FormPage {
        let reading = Reading::partial(policy, &sub.raw, as_of);
        let shown = questions::shown(policy, &reading);
        let visible: Vec<&str> = shown.iter().map(|f| f.key.as_str()).collect();
        let mut applicant = Vec::new();
        for key in APPLICANT_KEYS {
            if let Some(f) = policy.facts.iter().find(|f| f.key == key) {
                let mut v = field(f, sub, problems, true);
                if key == "birth_date" {
                    v.help = Some(tr(Lang::Zh, "form-birth-date-help"));
                }
                applicant.push(v);
            }
        }
        let questions = policy
            .asked_facts()
            .map(|f| field(f, sub, problems, visible.contains(&f.key.as_str())))
            .collect::<Vec<_>>();
        let on_form = |key: &str| {
            APPLICANT_KEYS.contains(&key) || questions.iter().any(|q| q.key == key) || key == DATE
        };
        let errors = problems
            .iter()
            .filter(|p| !on_form(&p.field))
            .map(|p| {
                if p.field.is_empty() {
                    p.message(Lang::Zh)
                } else {
                    msg!(
                        "input-error-item-field",
                        field = &p.field,
                        message = p.message(Lang::Zh)
                    )
                    .text(Lang::Zh)
                }
            })
            .collect();
        let date_error = problems
            .iter()
            .find(|p| p.field == DATE)
            .map(|p| p.message(Lang::Zh));
        let mut error_list: Vec<ErrorItem> = applicant
            .iter()
            .chain(&questions)
            .filter(|f| f.visible)
            .filter_map(|f| {
                Some(ErrorItem {
                    key: f.key.clone(),
                    label: f.label.clone(),
                    message: f.error.clone()?,
                })
            })
            .collect();
        if let Some(message) = &date_error {
            error_list.push(ErrorItem {
                key: DATE.to_string(),
                label: tr(Lang::Zh, "form-date-label"),
                message: message.clone(),
            });
        }
        FormPage {
            policy: PolicyView::new(policy),
            date: sub
                .date
                .clone()
                .unwrap_or_else(|| as_of.format("%Y-%m-%d").to_string()),
            date_error,
            large: sub.type_size() == Ok(TypeSize::Large),
            applicant,
            questions,
            errors,
            error_list,
            generator: format!("doclist {}", env!("CARGO_PKG_VERSION")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::policy::Library;

    fn sub(body: &str) -> Submission {
        Submission::from_body("application/x-www-form-urlencoded", body.as_bytes()).unwrap()
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn request_keys_are_split_from_the_applicants() {
        let s = sub("policy=shanghai%2Fresidence-registration&format=pdf&date=2026-01-05&housing=rented&name=");
        assert_eq!(s.policy.as_deref(), Some("shanghai/residence-registration"));
        assert_eq!(s.format.as_deref(), Some("pdf"));
        assert_eq!(s.date.as_deref(), Some("2026-01-05"));
        let keys: Vec<&str> = s.raw.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["policy", "housing", "name"]);
        assert_eq!(s.text("name"), None, "an empty field is unknown");
    }

    #[test]
    fn json_bodies_keep_their_types() {
        let s = Submission::from_body(
            "application/json; charset=utf-8",
            br#"{"policy":"hangzhou/residence-permit","social_insurance_months":7,"format":"json"}"#,
        )
        .unwrap();
        assert_eq!(s.format.as_deref(), Some("json"));
        assert_eq!(s.text("social_insurance_months").as_deref(), Some("7"));
        assert!(matches!(
            Submission::from_body("text/plain", b"x"),
            Err(BodyError::UnsupportedType(_))
        ));
        assert!(matches!(
            Submission::from_body("application/json", b"[1]"),
            Err(BodyError::Malformed(_))
        ));
    }

    #[test]
    fn answered_and_relevant_questions_are_shown() {
        let lib = Library::embedded().unwrap();
        let p = lib.get("shanghai/residence-registration").unwrap();
        let keys = |body: &str| -> Vec<String> {
            questions::shown(p, &Reading::partial(p, &sub(body).raw, day()))
                .iter()
                .map(|f| f.key.clone())
                .collect()
        };
        let start = keys("");
        assert!(start.contains(&"housing".to_string()), "{start:?}");
        let renter = keys("channel=offline&housing=rented");
        assert!(renter.contains(&"housing".to_string()), "answered");
        assert!(renter.contains(&"proxy".to_string()), "{renter:?}");
    }

    #[test]
    fn bad_values_stay_beside_their_fields() {
        let lib = Library::embedded().unwrap();
        let p = lib.get("shanghai/residence-registration").unwrap();
        let s = sub("housing=castle&id_number=123");
        let a = Reading::partial(p, &s.raw, day());
        let fields: Vec<&str> = a.problems.iter().map(|p| p.field.as_str()).collect();
        assert!(
            fields.contains(&"housing") && fields.contains(&"id_number"),
            "{fields:?}"
        );
        let page = FormPage::new(p, &s, day(), &a.problems);
        let housing = page.questions.iter().find(|q| q.key == "housing").unwrap();
        assert!(housing.visible);
        let kept = housing.options.iter().find(|o| o.selected).unwrap();
        assert_eq!(kept.value, "castle", "the bad value stays visible");
        assert_eq!(
            housing.error.as_deref().unwrap(),
            "居住情况不能填“castle”；可填：owned（本人自购住房）、rented（本人租赁住房）、\
             relative_owned（近亲属自购住房）、relative_rented（近亲属租赁住房）、\
             dormitory（单位或学校集体宿舍）"
        );
        let id = page
            .applicant
            .iter()
            .find(|q| q.key == "id_number")
            .unwrap();
        assert_eq!(
            id.error.as_deref(),
            Some("身份证号应为 18 位（17 位数字加 1 位校验码，校验码可为 X），现为 3 位")
        );
    }
}
