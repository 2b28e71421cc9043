//! Refusals: a request refused as a whole, with its status, a stable code and a message.

use super::*;

/// A problem with the request as a whole: its status, a stable code and a message.
#[derive(Debug)]
pub(super) struct Refusal {
    pub(super) status: StatusCode,
    pub(super) code: &'static str,
    pub(super) message: String,
}

pub(super) fn refuse(status: StatusCode, code: &'static str, message: Msg) -> Refusal {
    Refusal {
        status,
        code,
        message: message.text(Lang::Zh),
    }
}

/// The JSON of every error answer: `{code, message, errors: [{code, row, column, header,
/// field, message}], …}`, with what the check found when there was a check.
#[derive(Serialize)]
pub(super) struct ErrorBody<'a> {
    pub(super) code: &'a str,
    pub(super) message: &'a str,
    pub(super) errors: Vec<CellProblem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) check: Option<CheckView<'a>>,
}

impl Refusal {
    pub(super) fn into_response(self) -> Response {
        let body = ErrorBody {
            code: self.code,
            message: &self.message,
            errors: vec![CellProblem {
                code: self.code,
                row: 0,
                column: None,
                header: None,
                field: String::new(),
                title: self.message.clone(),
                message: self.message.clone(),
            }],
            check: None,
        };
        let mut res = json(self.status, &body);
        if self.status == StatusCode::TOO_MANY_REQUESTS {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(RETRY_AFTER_SECONDS));
        }
        res
    }
}

pub(super) fn busy() -> Refusal {
    refuse(StatusCode::TOO_MANY_REQUESTS, "busy", msg!("batch-busy"))
}
