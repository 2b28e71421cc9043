//! The forms a checklist asks the person to write themselves (委托书, 亲属关系承诺书,
//! 快证书面申请), as template contexts: filled in as far as the answers go.
//!
//! Which forms: those whose document is on the checklist (not "if applicable"), or is an
//! accepted alternative of an item on it. Their wording is in `templates/forms/`; this
//! module only gathers the answers.

use super::cites::people_cites;
use crate::model::checklist::{Checklist, Item};
use crate::model::fact::Value;
use crate::model::forms::FORMS;
use crate::model::policy::Topic;
use serde::Serialize;

/// One form to print. An answer not given is `None`: the template prints a line to
/// write on.
#[derive(Debug, Clone, Serialize)]
pub struct FormView {
    /// The template under `templates/forms/` (`power-of-attorney`).
    pub template: &'static str,
    /// The document's name on the checklist (委托书).
    pub name: String,
    /// Where the checklist's policy says this document comes from.
    pub source: String,
    /// The procedure (上海市居住登记申报) and city.
    pub procedure: String,
    pub city: String,
    /// The offices of the procedure (the policy's 办理地点 lines).
    pub office: Option<String>,
    pub applicant_name: Option<String>,
    /// Masked unless `--show-id`.
    pub applicant_id_number: Option<String>,
    pub trustee_name: Option<String>,
    /// Masked unless `--show-id`.
    pub trustee_id_number: Option<String>,
    /// 配偶, 父母, …
    pub relationship: Option<String>,
    pub owner_name: Option<String>,
    /// The housing answer in words (近亲属自购住房).
    pub housing: Option<String>,
    /// The 委托书's reasons, ticked when the answers say so: 65 or older and limited in
    /// mobility; disabled. Not ticked when unknown (the person ticks by hand).
    pub elderly_immobile: bool,
    pub disabled: bool,
    /// The day of the checklist, YYYY-MM-DD.
    pub date: String,
}

/// An ID number as the counter can use it: a masked one (`4101**********2032`, the
/// default without `--show-id`) leaves the blank line to write it by hand.
fn whole_id(id: Option<String>) -> Option<String> {
    id.filter(|n| !n.contains('*'))
}

fn fact(c: &Checklist, key: &str) -> Option<String> {
    let f = c.applicant.facts.iter().find(|f| f.key == key)?;
    match &f.value {
        Some(Value::Text(_)) | Some(Value::Bool(_)) => Some(f.value_label.clone()),
        Some(v) => Some(v.to_string()),
        None => None,
    }
}

/// Whether a yes/no fact was answered yes.
fn yes(c: &Checklist, key: &str) -> bool {
    c.applicant
        .facts
        .iter()
        .any(|f| f.key == key && f.value == Some(Value::Bool(true)))
}

/// The item that asks for a document, as itself or as an accepted alternative.
fn asking_item<'c>(c: &'c Checklist, doc: &str) -> Option<&'c Item> {
    c.items
        .iter()
        .filter(|i| !i.conditional)
        .find(|i| i.id == doc || i.alternatives.iter().any(|a| a.id == doc))
}

/// The forms a checklist asks for, in a fixed order.
pub fn forms(c: &Checklist) -> Vec<FormView> {
    let office = c.procedure.get(&Topic::Where).map(|lines| {
        lines
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    });
    FORMS
        .iter()
        .filter_map(|form| {
            let (doc, template) = (&form.document, form.template);
            let item = asking_item(c, doc)?;
            let name = if item.id == *doc {
                item.name.clone()
            } else {
                item.alternatives
                    .iter()
                    .find(|a| a.id == *doc)
                    .map(|a| a.name.clone())
                    .unwrap_or_default()
            };
            Some(FormView {
                template,
                name,
                source: people_cites(&item.source, &c.policy.sources),
                procedure: c.policy.title.clone(),
                city: c.policy.city_name.clone(),
                office: office.clone(),
                applicant_name: c.applicant.name.clone(),
                applicant_id_number: whole_id(c.applicant.id_number.clone()),
                trustee_name: fact(c, "trustee_name"),
                trustee_id_number: whole_id(fact(c, "trustee_id_number")),
                relationship: fact(c, "relationship"),
                owner_name: fact(c, "owner_name"),
                housing: fact(c, "housing"),
                elderly_immobile: c.applicant.age.is_some_and(|a| a >= 65)
                    && yes(c, "mobility_impaired"),
                disabled: yes(c, "disabled"),
                date: c.as_of.format("%Y-%m-%d").to_string(),
            })
        })
        .collect()
}
