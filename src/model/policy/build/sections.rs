//! The dates, checks and procedure lines of a policy file.

use super::*;

impl Parts<'_> {
    /// `dates:` computed from the facts.
    pub(super) fn dates(&mut self, raw: Vec<RawDate>) {
        for (i, d) in raw.into_iter().enumerate() {
            let at = path!["dates", i];
            let ctx = format!("date `{}`", d.key);
            if self.policy.fact(&d.key).is_some() {
                self.r.add(
                    &at,
                    &ctx,
                    ProblemKind::DuplicateId,
                    msg!("policy-date-key-taken"),
                );
                continue;
            }
            let value = match compile_date(&d.value, &self.policy) {
                Ok(v) => Some(v),
                Err(e) => {
                    self.r.expr(
                        &path!["dates", i, "value"],
                        &ctx,
                        &format!("`{}`", d.value),
                        e,
                    );
                    None
                }
            };
            let when = match &d.when {
                Some(w) => self.condition(
                    w,
                    &path!["dates", i, "when"],
                    &ctx,
                    "date",
                    &format!("`{w}`"),
                ),
                None => None,
            };
            let source = match self.b.cites(d.source.as_ref()) {
                Ok(s) => s,
                Err(e) => {
                    self.r
                        .add(&path!["dates", i, "source"], &ctx, e.kind, e.message);
                    Vec::new()
                }
            };
            self.policy.facts.push(Fact {
                key: d.key.clone(),
                ty: FactType::Date,
                label: d.label.clone(),
                label_en: None,
                question: d.label.clone(),
                help: None,
                default: None,
                required: false,
                builtin: false,
                derived: true,
                form: false,
                self_check: false,
            });
            if let Some(value) = value {
                self.policy.dates.push(DateDef {
                    key: d.key,
                    label: d.label,
                    value,
                    when,
                    earliest: d.earliest,
                    source,
                });
            }
        }
    }

    /// `checks:`.
    pub(super) fn checks(&mut self, raw: Vec<RawCheck>) {
        let mut seen_checks = BTreeSet::new();
        for (i, c) in raw.into_iter().enumerate() {
            let at = path!["checks", i];
            let ctx = format!("check `{}`", c.id);
            self.once(&mut seen_checks, &c.id, &path!["checks", i, "id"], &ctx);
            let level = Level::parse(&c.level);
            if level.is_none() {
                self.r.add(
                    &path!["checks", i, "level"],
                    &ctx,
                    ProblemKind::Invalid,
                    not_allowed("level", &c.level, &["block", "warn", "info"]),
                );
            }
            let when = self.condition(
                &c.when,
                &path!["checks", i, "when"],
                &ctx,
                "check",
                &format!("condition `{}`", c.when),
            );
            for (key, text) in std::iter::once(("text", &c.text))
                .chain(c.if_unknown.iter().map(|t| ("if_unknown", t)))
                .chain(c.if_assumed.iter().map(|t| ("if_assumed", t)))
            {
                check_placeholders(
                    &mut self.r,
                    &self.policy,
                    text,
                    &path!["checks", i, key],
                    &ctx,
                );
            }
            if let (Some(_), Some(when)) = (&c.if_assumed, &when) {
                let defaulted = when
                    .facts()
                    .iter()
                    .any(|k| self.policy.fact(k).is_some_and(|f| f.default.is_some()));
                if !defaulted {
                    self.r.add(
                        &path!["checks", i, "if_assumed"],
                        &ctx,
                        ProblemKind::Invalid,
                        msg!("policy-if-assumed-no-default"),
                    );
                }
            }
            if c.if_unknown.is_none() {
                needs_if_unknown(
                    &mut self.r,
                    &self.policy,
                    &c.text,
                    &path!["checks", i, "text"],
                    &ctx,
                );
            }
            let source = match self.b.cites(c.source.as_ref()) {
                Ok(s) => s,
                Err(e) => {
                    self.r.add(&at, &ctx, e.kind, e.message);
                    Vec::new()
                }
            };
            if let (Some(level), Some(when)) = (level, when) {
                self.policy.checks.push(Check {
                    id: c.id,
                    level,
                    when,
                    when_text: c.when_text,
                    text: c.text,
                    if_unknown: c.if_unknown,
                    if_assumed: c.if_assumed,
                    source,
                });
            }
        }
    }

    /// `procedure:` lines.
    pub(super) fn procedure(&mut self, raw: Vec<RawProcedure>) {
        for (i, p) in raw.into_iter().enumerate() {
            let at = path!["procedure", i];
            let ctx = format!("procedure entry {} ({})", i + 1, p.topic);
            let topic = Topic::parse(&p.topic);
            if topic.is_none() {
                self.r.add(
                    &path!["procedure", i, "topic"],
                    &ctx,
                    ProblemKind::Invalid,
                    not_allowed("topic", &p.topic, Topic::WORDS),
                );
            }
            let mut when_ok = true;
            let when = match &p.when {
                Some(w) => {
                    let when = self.condition(
                        w,
                        &path!["procedure", i, "when"],
                        &ctx,
                        "line",
                        &format!("condition `{w}`"),
                    );
                    when_ok = when.is_some();
                    when
                }
                None => None,
            };
            for (key, text) in std::iter::once(("text", &p.text))
                .chain(p.if_unknown.iter().map(|t| ("if_unknown", t)))
            {
                check_placeholders(
                    &mut self.r,
                    &self.policy,
                    text,
                    &path!["procedure", i, key],
                    &ctx,
                );
            }
            if p.if_unknown.is_none() {
                needs_if_unknown(
                    &mut self.r,
                    &self.policy,
                    &p.text,
                    &path!["procedure", i, "text"],
                    &ctx,
                );
            }
            let source = match self.b.cites(p.source.as_ref()) {
                Ok(s) => s,
                Err(e) => {
                    self.r.add(&at, &ctx, e.kind, e.message);
                    Vec::new()
                }
            };
            if let (Some(topic), true) = (topic, when_ok) {
                self.policy.procedure.push(ProcedureEntry {
                    topic,
                    when,
                    text: p.text,
                    if_unknown: p.if_unknown,
                    source,
                });
            }
        }
    }
}
