use super::*;
use fluent_syntax::ast;
use fluent_syntax::parser;
use std::collections::{BTreeMap, BTreeSet};

/// Every message of a Fluent text with the variables it uses (in its value, its
/// attributes and every variant).
fn variables(source: &str) -> BTreeMap<String, BTreeSet<String>> {
    let resource = parser::parse(source).unwrap_or_else(|(_, errors)| {
        panic!("the catalogue does not parse: {errors:?}");
    });
    let mut out = BTreeMap::new();
    for entry in resource.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            if let Some(p) = &m.value {
                pattern_vars(p, &mut vars);
            }
            for a in &m.attributes {
                pattern_vars(&a.value, &mut vars);
            }
            out.insert(m.id.name.to_string(), vars);
        }
    }
    out
}

fn pattern_vars(p: &ast::Pattern<&str>, vars: &mut BTreeSet<String>) {
    for element in &p.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_vars(expression, vars);
        }
    }
}

fn expression_vars(e: &ast::Expression<&str>, vars: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Inline(i) => inline_vars(i, vars),
        ast::Expression::Select { selector, variants } => {
            inline_vars(selector, vars);
            for v in variants {
                pattern_vars(&v.value, vars);
            }
        }
    }
}

fn inline_vars(i: &ast::InlineExpression<&str>, vars: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            vars.insert(id.name.to_string());
        }
        ast::InlineExpression::FunctionReference { arguments, .. }
        | ast::InlineExpression::TermReference {
            arguments: Some(arguments),
            ..
        } => {
            for a in &arguments.positional {
                inline_vars(a, vars);
            }
            for a in &arguments.named {
                inline_vars(&a.value, vars);
            }
        }
        ast::InlineExpression::Placeable { expression } => expression_vars(expression, vars),
        _ => {}
    }
}

/// What differs between two catalogues: messages one lacks, arguments that differ.
fn differences(a: (&str, &str), b: (&str, &str)) -> Vec<String> {
    let (va, vb) = (variables(a.1), variables(b.1));
    let mut out = Vec::new();
    for (id, vars) in &va {
        match vb.get(id) {
            None => out.push(format!("`{id}` is in {} but not in {}", a.0, b.0)),
            Some(other) if other != vars => out.push(format!(
                "`{id}` has arguments {vars:?} in {} but {other:?} in {}",
                a.0, b.0
            )),
            Some(_) => {}
        }
    }
    for id in vb.keys().filter(|id| !va.contains_key(*id)) {
        out.push(format!("`{id}` is in {} but not in {}", b.0, a.0));
    }
    out
}

#[test]
fn every_message_is_in_both_languages_with_the_same_arguments() {
    let problems = differences(
        ("zh", catalogue_source(Lang::Zh)),
        ("en", catalogue_source(Lang::En)),
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(variables(catalogue_source(Lang::Zh)).len() > 20);
}

#[test]
fn a_missing_message_or_argument_is_found() {
    let zh = "a = 甲 { $x }\nb = 乙\nc = 丙 { $y }\n";
    let en = "a = A { $x }\nc = C { $z }\nd = D\n";
    let found = differences(("zh", zh), ("en", en));
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[0].contains("`b` is in zh but not in en"), "{found:?}");
    assert!(found[1].contains("`c` has arguments"), "{found:?}");
    assert!(found[2].contains("`d` is in en but not in zh"), "{found:?}");
}

/// The message ids named in the source: `msg!("id"` and `tr(lang, "id")`.
fn ids_in_source() -> BTreeSet<(String, String)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    walk(&root.join("src"), &mut files);
    // These tests name messages that do not exist on purpose.
    files.retain(|f| !f.ends_with("i18n/tests.rs"));
    let mut ids = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for marker in ["msg!(\"", "Msg::new(\"", "tr(lang, \"", "tr(Lang::Zh, \""] {
            for (at, _) in text.match_indices(marker) {
                let rest = &text[at + marker.len()..];
                let id: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                if rest[id.len()..].starts_with('"') && !id.is_empty() {
                    ids.insert((id, f.display().to_string()));
                }
            }
        }
    }
    ids
}

#[test]
fn every_message_the_code_names_is_in_the_catalogue() {
    let ids = ids_in_source();
    assert!(ids.len() > 60, "{}", ids.len());
    let cat = Catalogue::get();
    let missing: Vec<String> = ids
        .iter()
        .filter(|(id, _)| id != "id" && Lang::ALL.iter().any(|l| !cat.has(*l, id)))
        .map(|(id, file)| format!("{id} ({file})"))
        .collect();
    assert!(missing.is_empty(), "not in the catalogue: {missing:?}");
}

#[test]
fn messages_take_named_arguments() {
    let m = msg!("id-check-digit", label = "身份证号", want = 'X', got = '1');
    assert_eq!(
        m.text(Lang::Zh),
        "身份证号第18位校验码应为 X，请核对是否有数字输错（现为 1）"
    );
    assert!(
        m.text(Lang::En).contains("should be X"),
        "{}",
        m.text(Lang::En)
    );
    let list = msg!(
        "policy-missing",
        available = vec!["a".to_string(), "b".to_string()]
    );
    assert!(
        list.text(Lang::Zh).ends_with("a、b"),
        "{}",
        list.text(Lang::Zh)
    );
    assert!(
        list.text(Lang::En).ends_with("a, b"),
        "{}",
        list.text(Lang::En)
    );
    let nested = msg!(
        "input-error",
        origin = "x.yaml",
        message = msg!("input-not-mapping")
    );
    assert!(nested.text(Lang::Zh).starts_with("x.yaml：内容应为"));
    assert_eq!(msg!("no-such-message").text(Lang::Zh), "no-such-message");
}

#[test]
fn a_long_list_shows_its_first_items_and_counts_the_rest() {
    let items = |n: usize| {
        (1..=n)
            .map(|i| Arg::from(i.to_string()))
            .collect::<Vec<_>>()
    };
    let short = msg!("policy-missing", available = Arg::first_of(items(3), 3));
    assert!(
        short.text(Lang::Zh).ends_with("1、2、3"),
        "{}",
        short.text(Lang::Zh)
    );
    let long = msg!(
        "policy-missing",
        available = Arg::first_of(items(16_384), 3)
    );
    let zh = long.text(Lang::Zh);
    assert!(zh.ends_with("1、2、3 等，另有 16381 项未列出"), "{zh}");
    assert!(zh.len() < 200, "{zh}");
}

#[test]
fn the_language_follows_the_locale() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        Lang::from_vars(move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        })
    };
    assert_eq!(env(&[("LANG", "zh_CN.UTF-8")]), Lang::Zh);
    assert_eq!(env(&[("LANG", "zh_TW.UTF-8")]), Lang::Zh);
    assert_eq!(env(&[("LANG", "en_US.UTF-8")]), Lang::En);
    assert_eq!(env(&[]), Lang::En);
    assert_eq!(env(&[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")]), Lang::En);
    assert_eq!(
        env(&[("LC_ALL", ""), ("LC_MESSAGES", "zh_CN"), ("LANG", "en_US")]),
        Lang::Zh
    );
    assert_eq!(env(&[("LANG", "fr_FR.UTF-8")]), Lang::En);
    assert_eq!(Lang::parse("zh"), Some(Lang::Zh));
    assert_eq!(Lang::parse("de"), None);
}
