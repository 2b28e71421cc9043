//! The documents and rules of a policy file.

use super::*;

impl Parts<'_> {
    /// `documents:` of the policy itself.
    pub(super) fn documents(&mut self, raw: Mapping) {
        // Documents: the self.policy's own, then every shared one its rules name.
        for (k, v) in raw {
            let id = k.as_str().unwrap_or_default().to_string();
            let at = path!["documents", id.as_str()];
            let ctx = format!("document `{id}`");
            let built = serde_yaml::from_value::<RawDocument>(v)
                .map_err(|e| CiteError {
                    kind: ProblemKind::Schema,
                    message: e.to_string().into(),
                })
                .and_then(|rd| self.b.document(&id, rd));
            match built {
                Ok(doc) => {
                    self.local_docs.insert(id, doc);
                }
                Err(e) => {
                    self.r.add(&at, &ctx, e.kind, e.message);
                    self.bad_docs.insert(id.clone());
                    // Still defined: rules naming it are not told it is missing.
                    self.local_docs.insert(id.clone(), placeholder_doc(&id));
                }
            }
        }
    }

    /// `rules:`, with the shared documents they name.
    pub(super) fn rules(&mut self, raw: Vec<RawRule>) {
        let mut seen_rules = BTreeSet::new();
        for (i, rr) in raw.into_iter().enumerate() {
            let at = path!["rules", i];
            let ctx = format!("rule `{}`", rr.id);
            self.once(&mut seen_rules, &rr.id, &path!["rules", i, "id"], &ctx);
            let when = match &rr.when {
                Some(w) => self.condition(
                    w,
                    &path!["rules", i, "when"],
                    &ctx,
                    "rule",
                    &format!("condition `{w}`"),
                ),
                None => None,
            };
            let mut ok = rr.when.is_none() || when.is_some();
            if rr.items.is_empty() {
                self.r.add(&at, &ctx, ProblemKind::Invalid, "has no items");
                ok = false;
            }
            let mut items = Vec::new();
            for (j, it) in rr.items.into_iter().enumerate() {
                let item_at = path!["rules", i, "items", j];
                match self.rule_item(it, &item_at, &ctx) {
                    Some(spec) => items.push(spec),
                    None => ok = false,
                }
            }
            let source = match self.b.cites(rr.source.as_ref()) {
                Ok(s) => s,
                Err(e) => {
                    self.r
                        .add(&path!["rules", i, "source"], &ctx, e.kind, e.message);
                    Vec::new()
                }
            };
            if ok {
                self.policy.rules.push(Rule {
                    id: rr.id,
                    when,
                    when_text: rr.when_text,
                    items,
                    may_be_requested: rr.may_be_requested,
                    source,
                });
            }
        }
    }

    /// One item of a rule: its documents (the policy's, else shared ones, which are added
    /// to the policy) and what is asked of them; `None`, with the problem told, when it
    /// cannot be used.
    fn rule_item(&mut self, it: RawItem, item_at: &[Seg], ctx: &str) -> Option<ItemSpec> {
        let docs = match (it.doc, it.one_of) {
            (Some(d), None) => vec![d],
            (None, Some(list)) if list.len() >= 2 => list,
            (None, Some(_)) => {
                self.r.add(
                    item_at,
                    ctx,
                    ProblemKind::Invalid,
                    "`one_of` needs at least two documents",
                );
                return None;
            }
            _ => {
                self.r.add(
                    item_at,
                    ctx,
                    ProblemKind::Schema,
                    msg!("policy-item-no-doc"),
                );
                return None;
            }
        };
        let mut all_found = true;
        for d in &docs {
            if self.policy.documents.contains_key(d) {
                continue;
            }
            let doc = if let Some(doc) = self.local_docs.get(d) {
                Some(doc.clone())
            } else if let Some((layer, y)) = self.shared.document(d) {
                let dat = path!["documents", d.as_str()];
                let dctx = format!("document `{d}`");
                let built = serde_yaml::from_value::<RawDocument>(y.clone())
                    .map_err(|e| CiteError {
                        kind: ProblemKind::Schema,
                        message: e.to_string().into(),
                    })
                    .and_then(|rd| self.b.document(d, rd));
                match built {
                    Ok(doc) => Some(doc),
                    Err(e) => {
                        self.r.add_in(layer, &dat, &dctx, e.kind, e.message);
                        self.bad_docs.insert(d.clone());
                        Some(placeholder_doc(d))
                    }
                }
            } else {
                let mut ids: Vec<String> = self.local_docs.keys().cloned().collect();
                ids.extend(self.shared.document_ids());
                let hint = match did_you_mean(d, ids.iter().map(String::as_str)) {
                    Some(s) => msg!("did-you-mean", word = s).into(),
                    None => crate::util::i18n::Arg::Text(String::new()),
                };
                self.r.add(
                    item_at,
                    ctx,
                    ProblemKind::UndefinedDocument,
                    msg!(
                        "policy-undefined-document",
                        document = d.as_str(),
                        hint = hint
                    ),
                );
                None
            };
            match doc {
                Some(doc) => {
                    self.policy.documents.insert(d.clone(), doc);
                }
                None => all_found = false,
            }
        }
        if !all_found {
            return None;
        }
        let is_form = self.policy.documents[&docs[0]].category == Category::Form
            || self.bad_docs.contains(&docs[0]);
        let (copies, copies_counted) = match &it.copies {
            RawCopies::Count(n) => (*n, true),
            RawCopies::Word(w) if w == "unstated" => (1, false),
            RawCopies::Word(w) => {
                self.r.add(
                    item_at,
                    ctx,
                    ProblemKind::Invalid,
                    not_allowed("copies", w, &["a number", "unstated"]),
                );
                return None;
            }
        };
        if !(it.original || copies > 0 || it.upload || is_form) {
            self.r.add(
                item_at,
                ctx,
                ProblemKind::Invalid,
                msg!("policy-item-asks-nothing", document = &docs[0]),
            );
            return None;
        }
        Some(ItemSpec {
            docs,
            original: it.original,
            copies,
            copies_counted,
            upload: it.upload,
            note: it.note,
        })
    }

    /// The policy's own documents no rule uses; broken documents and the rules naming them
    /// are dropped, so that the policy stays consistent.
    pub(super) fn unused_documents(&mut self) {
        for id in self.local_docs.keys() {
            if !self.policy.documents.contains_key(id) {
                self.r.add(
                    &path!["documents", id.as_str()],
                    &format!("document `{id}`"),
                    ProblemKind::UnusedDocument,
                    msg!("policy-unused-document"),
                );
            }
        }
        for id in &self.bad_docs {
            self.policy.documents.remove(id);
        }
        // A rule that names a broken document is dropped, so the self.policy stays consistent.
        self.policy.rules.retain(|rule| {
            rule.items
                .iter()
                .flat_map(|s| &s.docs)
                .all(|d| !self.bad_docs.contains(d))
        });
    }
}
