//! The papers a person writes themselves that doclist prints filled in after the
//! checklist (委托书, 亲属关系承诺书, 快证书面申请): the document each one is, its template
//! under `templates/forms/`, and the facts (`form: true`) that fill it in.

/// One form doclist can print.
pub struct Form {
    /// The document id a policy gives the paper.
    pub document: &'static str,
    /// The template's name under `templates/forms/`.
    pub template: &'static str,
    /// The facts that fill it in, asked when the paper will be printed.
    pub facts: &'static [&'static str],
}

/// Every form, in the order they are printed.
pub const FORMS: [Form; 3] = [
    Form {
        document: "power_of_attorney",
        template: "power-of-attorney",
        facts: &["trustee_name", "trustee_id_number", "relationship"],
    },
    Form {
        document: "kinship_pledge",
        template: "kinship-pledge",
        facts: &["owner_name", "relationship"],
    },
    Form {
        document: "fast_track_request",
        template: "fast-track-request",
        facts: &[],
    },
];
