//! The template context: the checklist shaped for people, with every label in words.
//!
//! Templates (HTML and PDF alike) see this struct and nothing else, so its fields are the
//! documented interface for anyone who edits a template.

use super::cites::people_cites;
use super::forms::FormView;
use crate::model::checklist::{Group, Item, MarkKind, Notice, Status};
use crate::model::policy::{Authority, Cite, Level, ProvidedBy, Source, Topic};
use crate::msg;
use crate::util::i18n::{tr, Lang};
use crate::Checklist;
use serde::Serialize;

/// Everything a checklist template can show.
#[derive(Debug, Serialize)]
pub struct View<'a> {
    /// "上海市居住证申领 材料清单".
    pub title: String,
    pub checklist: &'a Checklist,
    pub as_of: String,
    /// The verdict: yes, no, or depends on unanswered questions.
    pub verdict: VerdictView,
    /// Name, ID number (masked unless asked), age.
    pub applicant: Vec<Pair>,
    /// Every fact the policy asks, with the answer or 未提供.
    pub facts: Vec<Pair>,
    /// The facts on one line: "办理途径：窗口办理 · 居住情况：单位或学校集体宿舍 · …".
    pub situation: String,
    /// Answers given that this procedure does not ask about, in words (empty when none):
    /// "以下回答与本事项无关，未用于本清单：行动不便".
    pub ignored: String,
    pub dates: Vec<Pair>,
    pub notices: Vec<NoticeView>,
    /// Requirements taken as met because their questions were left blank: 办理前请自查.
    pub self_checks: Vec<NoticeView>,
    pub groups: Vec<GroupView>,
    pub procedure: Vec<TopicView>,
    pub sources: Vec<SourceView>,
    /// Print the reason under each item.
    pub explain: bool,
    /// The forms to print after the checklist, each on a new page (empty with `--no-forms`).
    pub forms: Vec<FormView>,
    /// 大字版: print in large type.
    pub large: bool,
    /// The office that prints the checklist.
    pub office: Option<&'a super::office::Office>,
    /// "doclist 0.1.0".
    pub generator: String,
}

/// The verdict box at the top of a checklist.
#[derive(Debug, Serialize)]
pub struct VerdictView {
    /// yes, no or depends.
    pub status: &'static str,
    /// 符合办理条件 / 不符合办理条件 / 是否符合取决于：….
    pub text: String,
    /// For depends: when the applicant cannot apply (不符合的情形：…).
    pub detail: Option<String>,
}

/// A label and a value.
#[derive(Debug, Serialize)]
pub struct Pair {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Serialize)]
pub struct NoticeView {
    /// block, warn or info.
    pub level: &'static str,
    /// 不符合办理条件 / 注意 / 提示.
    pub level_label: String,
    pub text: String,
    /// "如适用：<condition>" for notices that depend on facts not given.
    pub condition: Option<String>,
    pub source: String,
}

#[derive(Debug, Serialize)]
pub struct GroupView {
    pub key: &'static str,
    pub title: String,
    pub hint: String,
    pub items: Vec<ItemView>,
}

#[derive(Debug, Serialize)]
pub struct ItemView {
    pub id: String,
    pub name: String,
    /// "原件 · 复印件 1 份", "上传", "填写".
    pub marks: String,
    /// The note line: alternatives, how to get it, notes, "窗口可能要求", "如适用".
    pub note: String,
    pub alternatives: Vec<String>,
    pub how_to_get: Option<String>,
    pub provided_by: String,
    pub may_be_requested: bool,
    pub condition: Option<String>,
    pub reason: String,
    pub source: String,
}

#[derive(Debug, Serialize)]
pub struct TopicView {
    pub key: &'static str,
    pub label: String,
    pub lines: Vec<String>,
    /// The same lines as HTML, escaped, with every web address a link.
    pub lines_html: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct SourceView {
    /// For maintainers only; checklists show `display`.
    pub file: String,
    pub title: String,
    /// 长宁区公安分局人口办《居住登记居住证培训会》，2023年8月.
    pub display: String,
    pub authority: String,
}

fn level_label(l: Level) -> String {
    match l {
        Level::Block => tr(Lang::Zh, "level-block"),
        Level::Warn => tr(Lang::Zh, "level-warn"),
        Level::Info => tr(Lang::Zh, "level-info"),
    }
}

fn group_text(g: Group) -> (&'static str, String, String) {
    let (key, title, hint) = match g {
        Group::Originals => ("originals", "group-originals", "group-originals-hint"),
        Group::Copies => ("copies", "group-copies", "group-copies-hint"),
        Group::Uploads => ("uploads", "group-uploads", "group-uploads-hint"),
        Group::Forms => ("forms", "group-forms", "group-forms-hint"),
        Group::Proxy => ("proxy", "group-proxy", "group-proxy-hint"),
    };
    (key, tr(Lang::Zh, title), tr(Lang::Zh, hint))
}

fn topic_label(t: Topic) -> String {
    tr(
        Lang::Zh,
        match t {
            Topic::Where => "topic-where",
            Topic::Online => "topic-online",
            Topic::Hours => "topic-hours",
            Topic::TimeLimit => "topic-time-limit",
            Topic::Fee => "topic-fee",
            Topic::Pickup => "topic-pickup",
            Topic::Validity => "topic-validity",
            Topic::Query => "topic-query",
            Topic::Hotline => "topic-hotline",
            Topic::Link => "topic-link",
            Topic::Note => "topic-note",
        },
    )
}

fn provided_label(p: ProvidedBy) -> String {
    tr(
        Lang::Zh,
        match p {
            ProvidedBy::Applicant => "provided-applicant",
            ProvidedBy::Guardian => "provided-guardian",
            ProvidedBy::Trustee => "provided-trustee",
            ProvidedBy::Relative => "provided-relative",
            ProvidedBy::Employer => "provided-employer",
            ProvidedBy::School => "provided-school",
            ProvidedBy::Office => "provided-office",
            ProvidedBy::Landlord => "provided-landlord",
        },
    )
}

/// "001_b0e495345c06b276.txt §…; 000_… §…": file and section, for maintainers.
pub fn cites(cites: &[Cite]) -> String {
    Cite::join(cites, "；")
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A line as HTML: escaped, and every `http://`, `https://` or `www.` address a link.
pub fn linkify(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    loop {
        let at = ["https://", "http://", "www."]
            .iter()
            .filter_map(|p| rest.find(p))
            .min();
        let Some(at) = at else {
            out.push_str(&escape(rest));
            return out;
        };
        out.push_str(&escape(&rest[..at]));
        let len = rest[at..]
            .find(|c: char| !c.is_ascii_graphic() || matches!(c, '<' | '>' | '"' | '\''))
            .unwrap_or(rest.len() - at);
        let mut url = &rest[at..at + len];
        // A sentence's closing punctuation is not part of the address.
        while url.ends_with(['.', ',', ';', ')']) {
            url = &url[..url.len() - 1];
        }
        let href = if url.starts_with("www.") {
            format!("https://{url}")
        } else {
            url.to_string()
        };
        out.push_str(&format!(
            "<a href=\"{}\">{}</a>",
            escape(&href),
            escape(url)
        ));
        rest = &rest[at + url.len()..];
    }
}

/// "原件 · 复印件（份数未说明；如适用：办理途径：窗口办理；窗口可能要求） · 上传（…）": each
/// way of handing the paper over, with its own case and label where the line's differ.
fn marks(i: &Item) -> String {
    let mut out: Vec<String> = i
        .marks
        .iter()
        .map(|m| {
            let label = match m.kind {
                MarkKind::Original => tr(Lang::Zh, "mark-original"),
                MarkKind::Copies if !m.copies_counted => tr(Lang::Zh, "mark-copy"),
                MarkKind::Copies => msg!("mark-copies", copies = m.copies).text(Lang::Zh),
                MarkKind::Upload => tr(Lang::Zh, "mark-upload"),
            };
            let mut qualifiers = Vec::new();
            if m.kind == MarkKind::Copies && !m.copies_counted {
                qualifiers.push(tr(Lang::Zh, "mark-count-unstated"));
            }
            if let (true, Some(c)) = (m.conditional && m.condition != i.condition, &m.condition) {
                qualifiers.push(msg!("note-if-applicable", condition = c.as_str()).text(Lang::Zh));
            }
            if m.may_be_requested && !i.may_be_requested {
                qualifiers.push(tr(Lang::Zh, "note-may-be-requested"));
            }
            if !m.alternatives.is_empty() {
                let names: Vec<&str> = m.alternatives.iter().map(|a| a.name.as_str()).collect();
                qualifiers
                    .push(msg!("note-alternatives", names = names.join("；或 ")).text(Lang::Zh));
            }
            if qualifiers.is_empty() {
                label
            } else {
                msg!(
                    "mark-with",
                    mark = label,
                    qualifiers = qualifiers.join("；")
                )
                .text(Lang::Zh)
            }
        })
        .collect();
    if i.group == Group::Forms && out.is_empty() {
        out.push(tr(Lang::Zh, "mark-fill-in"));
    }
    out.join(" · ")
}

fn item_view(i: &Item, sources: &[Source]) -> ItemView {
    let alternatives: Vec<String> = i.alternatives.iter().map(|a| a.name.clone()).collect();
    let mut note = Vec::new();
    if let Some(c) = &i.condition {
        note.push(msg!("note-if-applicable", condition = c.as_str()).text(Lang::Zh));
    }
    if i.may_be_requested {
        note.push(tr(Lang::Zh, "note-may-be-requested"));
    }
    if !alternatives.is_empty() {
        note.push(msg!("note-alternatives", names = alternatives.join("；或 ")).text(Lang::Zh));
    }
    if !matches!(i.provided_by, ProvidedBy::Applicant) {
        note.push(msg!("note-provided-by", who = provided_label(i.provided_by)).text(Lang::Zh));
    }
    if let Some(n) = &i.note {
        note.push(n.clone());
    }
    if let Some(h) = &i.how_to_get {
        note.push(msg!("note-how-to-get", how = h.as_str()).text(Lang::Zh));
    }
    ItemView {
        id: i.id.clone(),
        name: i.name.clone(),
        marks: marks(i),
        note: note.join("。"),
        alternatives,
        how_to_get: i.how_to_get.clone(),
        provided_by: provided_label(i.provided_by),
        may_be_requested: i.may_be_requested,
        condition: i.condition.clone(),
        reason: i.reason.clone(),
        source: people_cites(&i.source, sources),
    }
}

impl<'a> View<'a> {
    /// The same view in type of `size`.
    pub fn sized(mut self, size: super::TypeSize) -> View<'a> {
        self.large = size == super::TypeSize::Large;
        self
    }

    /// The same view printed by `office`.
    pub fn printed_by(mut self, office: Option<&'a super::office::Office>) -> View<'a> {
        self.office = office;
        self
    }

    /// The same view with the forms the checklist asks for.
    pub fn with_forms(mut self) -> View<'a> {
        self.forms = super::forms::forms(self.checklist);
        self
    }

    /// Shapes a checklist for templates.
    pub fn new(c: &'a Checklist, explain: bool) -> View<'a> {
        let a = &c.applicant;
        let sources = &c.policy.sources;
        let facts = fact_pairs(c);
        let situation = facts
            .iter()
            .map(|p| format!("{}：{}", p.label, p.value))
            .collect::<Vec<_>>()
            .join(" · ");
        View {
            title: msg!("view-title", policy = c.policy.title.as_str()).text(Lang::Zh),
            checklist: c,
            as_of: c.as_of.format("%Y-%m-%d").to_string(),
            verdict: verdict_view(c),
            applicant: applicant_pairs(c),
            facts,
            situation,
            ignored: if a.ignored_labels.is_empty() {
                String::new()
            } else {
                msg!("view-ignored", labels = a.ignored_labels.clone()).text(Lang::Zh)
            },
            dates: c
                .dates
                .iter()
                .map(|d| Pair {
                    label: d.label.clone(),
                    value: d.date.format("%Y-%m-%d").to_string(),
                })
                .collect(),
            self_checks: c
                .notices
                .iter()
                .filter(|n| n.self_check)
                .map(|n| notice_view(n, sources))
                .collect(),
            notices: c
                .notices
                .iter()
                .filter(|n| !n.self_check)
                .map(|n| notice_view(n, sources))
                .collect(),
            groups: group_views(c),
            procedure: topic_views(c),
            sources: source_views(c),
            explain,
            forms: Vec::new(),
            large: false,
            office: None,
            generator: format!("doclist {}", env!("CARGO_PKG_VERSION")),
        }
    }
}

/// Name, ID number and age.
fn applicant_pairs(c: &Checklist) -> Vec<Pair> {
    let a = &c.applicant;
    let mut applicant = vec![Pair {
        label: tr(Lang::Zh, "view-name"),
        value: a
            .name
            .clone()
            .unwrap_or_else(|| tr(Lang::Zh, "view-no-name")),
    }];
    if let Some(id) = &a.id_number {
        applicant.push(Pair {
            label: tr(Lang::Zh, "view-id-number"),
            value: id.clone(),
        });
    }
    if let Some(age) = a.age {
        applicant.push(Pair {
            label: tr(Lang::Zh, "view-age"),
            value: msg!("view-age-years", age = age).text(Lang::Zh),
        });
    }
    applicant
}

/// The answers that matter to this checklist. Answers that only fill in the forms are
/// shown on the forms; questions left blank that cannot change this checklist are not
/// shown.
fn fact_pairs(c: &Checklist) -> Vec<Pair> {
    c.applicant
        .facts
        .iter()
        .filter(|f| !f.form && f.matters)
        .map(|f| Pair {
            label: f.label.clone(),
            value: if f.assumed {
                msg!("view-fact-assumed", value = f.value_label.as_str()).text(Lang::Zh)
            } else {
                f.value_label.clone()
            },
        })
        .collect()
}

/// A notice (a self-check line has no condition of its own).
fn notice_view(n: &Notice, sources: &[Source]) -> NoticeView {
    NoticeView {
        level: n.level.as_str(),
        level_label: level_label(n.level),
        text: n.text.clone(),
        condition: if n.self_check {
            None
        } else {
            n.condition.clone()
        },
        source: people_cites(&n.source, sources),
    }
}

/// The papers by group, groups without papers left out.
fn group_views(c: &Checklist) -> Vec<GroupView> {
    Group::ALL
        .iter()
        .filter_map(|g| {
            let items: Vec<ItemView> = c
                .group(*g)
                .map(|i| item_view(i, &c.policy.sources))
                .collect();
            let (key, title, hint) = group_text(*g);
            (!items.is_empty()).then_some(GroupView {
                key,
                title,
                hint,
                items,
            })
        })
        .collect()
}

/// The procedure's lines by topic, each with the case it is for.
fn topic_views(c: &Checklist) -> Vec<TopicView> {
    c.procedure
        .iter()
        .map(|(t, lines)| {
            let lines: Vec<String> = lines
                .iter()
                .map(|l| match &l.condition {
                    Some(cond) => format!("（{cond}）{}", l.text),
                    None => l.text.clone(),
                })
                .collect();
            TopicView {
                key: t.as_str(),
                label: topic_label(*t),
                lines_html: lines.iter().map(|l| linkify(l)).collect(),
                lines,
            }
        })
        .collect()
}

/// The sources, as people quote them.
fn source_views(c: &Checklist) -> Vec<SourceView> {
    c.policy
        .sources
        .iter()
        .map(|s| SourceView {
            file: s.file.clone(),
            title: s.title.clone(),
            display: s.display(),
            authority: match s.authority {
                Authority::Official => tr(Lang::Zh, "authority-official"),
                Authority::Secondary => tr(Lang::Zh, "authority-secondary"),
                Authority::Background => tr(Lang::Zh, "authority-background"),
            },
        })
        .collect()
}

fn verdict_view(c: &Checklist) -> VerdictView {
    let e = &c.eligibility;
    let (status, text) = match e.status {
        Status::Yes => ("yes", msg!("view-verdict-yes")),
        Status::No => ("no", msg!("view-verdict-no")),
        Status::Depends => {
            let facts: Vec<String> = e.depends_on.iter().map(|d| d.label.clone()).collect();
            ("depends", msg!("view-verdict-depends", facts = facts))
        }
    };
    VerdictView {
        status,
        text: text.text(Lang::Zh),
        detail: e
            .condition
            .as_ref()
            .map(|w| msg!("view-verdict-depends-when", condition = w.as_str()).text(Lang::Zh)),
    }
}

#[cfg(test)]
mod tests {
    use super::linkify;

    #[test]
    fn addresses_become_links() {
        assert_eq!(
            linkify("上海一网通办 https://zwdt.sh.gov.cn/ ；网址：www.962222.net。"),
            "上海一网通办 <a href=\"https://zwdt.sh.gov.cn/\">https://zwdt.sh.gov.cn/</a> ；网址：<a href=\"https://www.962222.net\">www.962222.net</a>。"
        );
        assert_eq!(linkify("a < b & 无网址"), "a &lt; b &amp; 无网址");
        assert_eq!(
            linkify("（www.962222.net），"),
            "（<a href=\"https://www.962222.net\">www.962222.net</a>），"
        );
    }
}
