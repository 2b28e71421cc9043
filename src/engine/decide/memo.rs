//! Searches remembered: what a search finds depends only on the policy, the condition and
//! the answers the condition reads (directly, through the dates computed from them, or
//! through age). A batch decides the same conditions over the same few patterns of answers
//! thousands of times; each thread remembers the outcomes it found, up to a bound.

use super::Decision;
use crate::model::expr::Expr;
use crate::model::fact::Value;
use std::cell::RefCell;
use std::collections::HashMap;

/// Outcomes remembered per thread; past this many, the thread starts again from none.
const CAPACITY: usize = 4096;

/// What a search's outcome depends on.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Key {
    /// The policy ([`crate::model::policy::Serial`]).
    pub policy: u64,
    pub condition: Expr,
    /// The answer to each fact the condition reads, `None` for unanswered, in the order
    /// [`super::domain::inputs`] finds them.
    pub answers: Vec<Option<Value>>,
}

thread_local! {
    static OUTCOMES: RefCell<HashMap<Key, Decision>> = RefCell::new(HashMap::new());
}

/// The outcome remembered for `key`, else `search`'s, remembered.
pub fn remembered(key: Key, search: impl FnOnce() -> Decision) -> Decision {
    if let Some(found) = OUTCOMES.with(|m| m.borrow().get(&key).cloned()) {
        return found;
    }
    let found = search();
    OUTCOMES.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= CAPACITY {
            m.clear();
        }
        m.insert(key, found.clone());
    });
    found
}
