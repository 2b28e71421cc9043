//! What the interview asks of a front-end: show a question and read the reply, show a
//! problem, show the summary. The terminal menus and the line-by-line mode for piped input
//! both implement [`Frontend`]; what to ask and how to read the replies is the flow's job.

use std::fmt;

/// The label of the menu entry (and the word accepted in line mode) for "I don't know".
pub const SKIP_LABEL: &str = "不知道/跳过";

/// One question, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The fact's key (`housing`), or `city` / `policy` when choosing the policy.
    pub key: String,
    /// The question as a person is asked it, in Chinese.
    pub text: String,
    /// A hint shown under the question.
    pub help: Option<String>,
    pub kind: QuestionKind,
    /// An empty reply leaves the fact unknown (`不知道/跳过`).
    pub skippable: bool,
}

/// How a question is answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuestionKind {
    /// Pick one of the labels; when the question is skippable the last entry is
    /// [`SKIP_LABEL`].
    Menu {
        options: Vec<String>,
        /// The entry the cursor starts on (the current answer, or the fact's default).
        default: Option<usize>,
    },
    /// Type a line of text.
    Input {
        /// What shape the answer takes, e.g. `YYYY-MM-DD`.
        format: Option<String>,
        /// Given when the reply is empty (the current answer, or the fact's default).
        default: Option<String>,
    },
}

/// A reply to a [`Question`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// The index of a menu entry.
    Pick(usize),
    /// A typed line; for a menu, a number (1-based), a value or a label.
    Text(String),
}

/// One line of the summary screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryLine {
    pub key: String,
    /// The fact's Chinese label.
    pub label: String,
    /// The answer's label, or `未提供` for a skipped fact.
    pub value: String,
}

/// What the person does at the summary screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SummaryReply {
    /// Make the checklist.
    Generate,
    /// Answer line N (0-based) again.
    Change(usize),
    /// Give up; nothing is written.
    Abandon,
    /// A typed line: empty or `y` to generate, a number or key to change, `q` to give up.
    Text(String),
}

/// Why an interview stopped before the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// Input ended (end of file, or the terminal closed).
    Eof,
    /// The person pressed Esc or Ctrl-C.
    Interrupted,
    /// Reading or writing the terminal failed.
    Io(String),
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::Eof => f.write_str("input ended"),
            Stop::Interrupted => f.write_str("interrupted"),
            Stop::Io(e) => write!(f, "cannot use the terminal: {e}"),
        }
    }
}

impl From<std::io::Error> for Stop {
    fn from(e: std::io::Error) -> Self {
        match e.kind() {
            std::io::ErrorKind::UnexpectedEof => Stop::Eof,
            std::io::ErrorKind::Interrupted => Stop::Interrupted,
            _ => Stop::Io(e.to_string()),
        }
    }
}

/// Whether a typed line would be accepted as the answer; `Err` says why not.
pub type Validate<'a> = dyn Fn(&str) -> Result<(), String> + 'a;

/// A way of talking to the person: terminal menus, plain lines, or a test script.
pub trait Frontend {
    /// Shows the question and returns the reply as given; the flow checks it. `validate`
    /// tells whether a typed line would be accepted (and why not), for front-ends that
    /// validate while the person types.
    fn ask(&mut self, question: &Question, validate: &Validate<'_>) -> Result<Reply, Stop>;
    /// Says what was wrong with the last reply; the question is asked again next.
    fn problem(&mut self, message: &str) -> Result<(), Stop>;
    /// Says something that needs no reply.
    fn note(&mut self, message: &str) -> Result<(), Stop>;
    /// Shows every answer and returns what the person wants to do.
    fn summary(&mut self, lines: &[SummaryLine]) -> Result<SummaryReply, Stop>;
}
