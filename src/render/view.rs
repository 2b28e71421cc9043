//! The template context: the checklist shaped for people, with every label in words.
//!
//! Templates (HTML and PDF alike) see this struct and nothing else, so its fields are the
//! documented interface for anyone who edits a template.

use super::forms::FormView;
use crate::checklist::{Group, Item};
use crate::policy::{Authority, Cite, Level, ProvidedBy, Topic};
use crate::Checklist;
use serde::Serialize;

/// Everything a checklist template can show.
#[derive(Debug, Serialize)]
pub struct View<'a> {
    /// "上海市居住证申领 材料清单".
    pub title: String,
    pub checklist: &'a Checklist,
    pub as_of: String,
    pub eligible: bool,
    /// Name, ID number (masked unless asked), age.
    pub applicant: Vec<Pair>,
    /// Every fact the policy asks, with the answer or 未提供.
    pub facts: Vec<Pair>,
    /// The facts on one line: "办理途径：窗口办理 · 居住情况：单位或学校集体宿舍 · …".
    pub situation: String,
    pub dates: Vec<Pair>,
    pub notices: Vec<NoticeView>,
    pub groups: Vec<GroupView>,
    pub procedure: Vec<TopicView>,
    pub sources: Vec<SourceView>,
    /// Print the reason under each item.
    pub explain: bool,
    /// The forms to print after the checklist, each on a new page (empty with `--no-forms`).
    pub forms: Vec<FormView>,
    /// "doclist 0.1.0".
    pub generator: String,
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
    pub level_label: &'static str,
    pub text: String,
    /// "如适用：<condition>" for notices that depend on facts not given.
    pub condition: Option<String>,
    pub source: String,
}

#[derive(Debug, Serialize)]
pub struct GroupView {
    pub key: &'static str,
    pub title: &'static str,
    pub hint: &'static str,
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
    pub provided_by: &'static str,
    pub may_be_requested: bool,
    pub condition: Option<String>,
    pub reason: String,
    pub source: String,
}

#[derive(Debug, Serialize)]
pub struct TopicView {
    pub key: &'static str,
    pub label: &'static str,
    pub lines: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct SourceView {
    pub file: String,
    pub title: String,
    pub authority: &'static str,
}

fn level_label(l: Level) -> &'static str {
    match l {
        Level::Block => "不符合办理条件",
        Level::Warn => "注意",
        Level::Info => "提示",
    }
}

fn group_text(g: Group) -> (&'static str, &'static str, &'static str) {
    match g {
        Group::Originals => (
            "originals",
            "需出示的原件",
            "窗口核验原件；标有复印件的同时交复印件",
        ),
        Group::Copies => ("copies", "需提交的材料及复印件", "交给窗口留存"),
        Group::Uploads => (
            "uploads",
            "需上传的电子材料",
            "拍照或扫描后在线上传，清晰、完整、无反光",
        ),
        Group::Forms => ("forms", "需填写的表格", "可在窗口领取或线上填写"),
        Group::Proxy => ("proxy", "代办人材料", "由监护人或受托人代为办理时携带"),
    }
}

fn topic_label(t: Topic) -> &'static str {
    match t {
        Topic::Where => "办理地点",
        Topic::Online => "线上办理",
        Topic::Hours => "办理时间",
        Topic::TimeLimit => "办理时限",
        Topic::Fee => "费用",
        Topic::Pickup => "领取证件",
        Topic::Validity => "有效期",
        Topic::Query => "进度查询",
        Topic::Hotline => "咨询电话",
        Topic::Link => "网址",
        Topic::Note => "其他",
    }
}

fn provided_label(p: ProvidedBy) -> &'static str {
    match p {
        ProvidedBy::Applicant => "本人",
        ProvidedBy::Guardian => "监护人",
        ProvidedBy::Trustee => "受托人（近亲属）",
        ProvidedBy::Relative => "近亲属",
        ProvidedBy::Employer => "用人单位",
        ProvidedBy::School => "学校",
        ProvidedBy::Office => "主管部门",
        ProvidedBy::Landlord => "出租人/产权人",
    }
}

/// "001_b0e495345c06b276.txt §…; 000_… §…".
pub fn cites(cites: &[Cite]) -> String {
    cites
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("；")
}

fn marks(i: &Item) -> String {
    let mut m = Vec::new();
    if i.original {
        m.push("原件".to_string());
    }
    if i.copies > 0 {
        m.push(format!("复印件 {} 份", i.copies));
    }
    if i.upload {
        m.push("上传".to_string());
    }
    if i.group == Group::Forms && m.is_empty() {
        m.push("填写".to_string());
    }
    m.join(" · ")
}

fn item_view(i: &Item) -> ItemView {
    let alternatives: Vec<String> = i.alternatives.iter().map(|a| a.name.clone()).collect();
    let mut note = Vec::new();
    if let Some(c) = &i.condition {
        note.push(format!("如适用 / if applicable：{c}"));
    }
    if i.may_be_requested {
        note.push("窗口可能要求".to_string());
    }
    if !alternatives.is_empty() {
        note.push(format!("或：{}", alternatives.join("；或 ")));
    }
    if !matches!(i.provided_by, ProvidedBy::Applicant) {
        note.push(format!("由{}提供", provided_label(i.provided_by)));
    }
    if let Some(n) = &i.note {
        note.push(n.clone());
    }
    if let Some(h) = &i.how_to_get {
        note.push(format!("办理方式：{h}"));
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
        source: cites(&i.source),
    }
}

impl<'a> View<'a> {
    /// The same view with the forms the checklist asks for.
    pub fn with_forms(mut self) -> View<'a> {
        self.forms = super::forms::forms(self.checklist);
        self
    }

    /// Shapes a checklist for templates.
    pub fn new(c: &'a Checklist, explain: bool) -> View<'a> {
        let mut applicant = Vec::new();
        let a = &c.applicant;
        applicant.push(Pair {
            label: "姓名".into(),
            value: a.name.clone().unwrap_or_else(|| "未填写".into()),
        });
        if let Some(id) = &a.id_number {
            applicant.push(Pair {
                label: "身份证号".into(),
                value: id.clone(),
            });
        }
        if let Some(age) = a.age {
            applicant.push(Pair {
                label: "年龄".into(),
                value: format!("{age} 周岁"),
            });
        }
        // Answers that only fill in the forms are shown on the forms.
        let facts: Vec<Pair> = a
            .facts
            .iter()
            .filter(|f| !f.form)
            .map(|f| Pair {
                label: f.label.clone(),
                value: f.value_label.clone(),
            })
            .collect();
        let situation = facts
            .iter()
            .map(|p| format!("{}：{}", p.label, p.value))
            .collect::<Vec<_>>()
            .join(" · ");
        let groups = Group::ALL
            .iter()
            .filter_map(|g| {
                let items: Vec<ItemView> = c.group(*g).map(item_view).collect();
                let (key, title, hint) = group_text(*g);
                (!items.is_empty()).then_some(GroupView {
                    key,
                    title,
                    hint,
                    items,
                })
            })
            .collect();
        View {
            title: format!("{} 材料清单", c.policy.title),
            checklist: c,
            as_of: c.as_of.format("%Y-%m-%d").to_string(),
            eligible: c.eligible,
            applicant,
            facts,
            situation,
            dates: c
                .dates
                .iter()
                .map(|d| Pair {
                    label: d.label.clone(),
                    value: d.date.format("%Y-%m-%d").to_string(),
                })
                .collect(),
            notices: c
                .notices
                .iter()
                .map(|n| NoticeView {
                    level: n.level.as_str(),
                    level_label: level_label(n.level),
                    text: n.text.clone(),
                    condition: n.condition.clone(),
                    source: cites(&n.source),
                })
                .collect(),
            groups,
            procedure: c
                .procedure
                .iter()
                .map(|(t, lines)| TopicView {
                    key: t.as_str(),
                    label: topic_label(*t),
                    lines: lines
                        .iter()
                        .map(|l| match &l.condition {
                            Some(cond) => format!("（{cond}）{}", l.text),
                            None => l.text.clone(),
                        })
                        .collect(),
                })
                .collect(),
            sources: c
                .policy
                .sources
                .iter()
                .map(|s| SourceView {
                    file: s.file.clone(),
                    title: s.title.clone(),
                    authority: match s.authority {
                        Authority::Official => "官方",
                        Authority::Secondary => "二手资料",
                        Authority::Background => "背景资料",
                    },
                })
                .collect(),
            explain,
            forms: Vec::new(),
            generator: format!("doclist {}", env!("CARGO_PKG_VERSION")),
        }
    }
}
