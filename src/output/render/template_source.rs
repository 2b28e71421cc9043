//! Reading Tera template source before it is compiled: which templates one needs, and
//! what would run without end (a macro that calls itself, templates that include each
//! other in a circle), refused when templates load.

use super::TemplateError;

/// The template `name` and every template it includes, imports or extends, directly or
/// through others: each quoted name in an `include`, `import` or `extends` tag that is a
/// template's name.
pub(super) fn needed(files: &[(String, String)], name: &str) -> Vec<(String, String)> {
    let mut names: Vec<&str> = vec![name];
    let mut i = 0;
    while let Some(current) = names.get(i).copied() {
        i += 1;
        let Some((_, text)) = files.iter().find(|(n, _)| n == current) else {
            continue;
        };
        for quoted in references(text) {
            if let Some((n, _)) = files.iter().find(|(n, _)| n == quoted) {
                if !names.contains(&n.as_str()) {
                    names.push(n);
                }
            }
        }
    }
    files
        .iter()
        .filter(|(n, _)| names.contains(&n.as_str()))
        .cloned()
        .collect()
}

/// Every quoted name in the `include`, `import` and `extends` tags of a template.
fn references(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("{%") {
        rest = &rest[at + 2..];
        let end = rest.find("%}").unwrap_or(rest.len());
        let tag = rest[..end].trim_start_matches('-').trim_start();
        rest = &rest[end..];
        if ["include", "import", "extends"]
            .iter()
            .any(|k| tag.starts_with(k))
        {
            out.extend(tag.split(['"', '\'']).skip(1).step_by(2));
        }
    }
    out
}

/// Templates that include, import or extend each other in a circle would render until
/// the stack overflows (the process aborts, a server with it); they are refused when
/// loaded, naming the circle.
pub(super) fn refuse_include_cycles(files: &[(String, String)]) -> Result<(), TemplateError> {
    let refs = |name: &str| -> Vec<String> {
        files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| {
                references(t)
                    .into_iter()
                    .filter(|r| files.iter().any(|(n, _)| n == r))
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    for (start, _) in files {
        // Depth-first from `start`, keeping the path: reaching `start` again is a circle.
        let mut stack: Vec<(String, Vec<String>)> = vec![(start.clone(), refs(start))];
        let mut seen: Vec<String> = vec![start.clone()];
        while let Some((_, next)) = stack.last_mut() {
            let Some(r) = next.pop() else {
                stack.pop();
                continue;
            };
            if &r == start {
                let mut circle: Vec<&str> = stack.iter().map(|(n, _)| n.as_str()).collect();
                circle.push(start);
                return Err(TemplateError::Syntax {
                    name: start.clone(),
                    message: format!(
                        "templates include each other in a circle ({}); a template may not reach itself",
                        circle.join(" → ")
                    ),
                });
            }
            if !seen.contains(&r) {
                seen.push(r.clone());
                let more = refs(&r);
                stack.push((r, more));
            }
        }
    }
    Ok(())
}

/// Macros and the macros their bodies call (`ns::name(`), by name, over all templates.
pub(super) fn macro_calls(files: &[(String, String)]) -> Vec<(String, String, Vec<String>)> {
    let mut out = Vec::new();
    for (file, text) in files {
        let mut rest = text.as_str();
        while let Some(at) = rest.find("{%") {
            rest = &rest[at + 2..];
            let tag = rest.trim_start_matches('-').trim_start();
            let Some(def) = tag.strip_prefix("macro ") else {
                continue;
            };
            let name: String = def
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let body_end = rest.find("endmacro").unwrap_or(rest.len());
            let body = &rest[..body_end];
            let mut calls = Vec::new();
            let mut b = body;
            while let Some(i) = b.find("::") {
                b = &b[i + 2..];
                let callee: String = b
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if b[callee.len()..].trim_start().starts_with('(') && !callee.is_empty() {
                    calls.push(callee);
                }
            }
            out.push((file.clone(), name, calls));
            rest = &rest[body_end..];
        }
    }
    out
}

/// A macro that calls itself, directly or through others, can run until the stack
/// overflows; templates with one are refused when loaded.
pub(super) fn refuse_recursive_macros(files: &[(String, String)]) -> Result<(), TemplateError> {
    let macros = macro_calls(files);
    let calls_of = |name: &str| -> Vec<&str> {
        macros
            .iter()
            .filter(|(_, n, _)| n == name)
            .flat_map(|(_, _, c)| c.iter().map(String::as_str))
            .collect()
    };
    for (file, name, _) in &macros {
        // Every macro reachable from `name`; reaching `name` again is a cycle.
        let mut seen: Vec<&str> = Vec::new();
        let mut todo = calls_of(name);
        while let Some(next) = todo.pop() {
            if next == name {
                return Err(TemplateError::Syntax {
                    name: file.clone(),
                    message: format!(
                        "macro `{name}` calls itself (directly or through other macros); recursive macros are not allowed"
                    ),
                });
            }
            if !seen.contains(&next) {
                seen.push(next);
                todo.extend(calls_of(next));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect()
    }

    #[test]
    fn templates_that_include_each_other_in_a_circle_are_refused() {
        let me = files(&[("checklist.html", "{% include \"checklist.html\" %}")]);
        let e = refuse_include_cycles(&me).unwrap_err().to_string();
        assert!(e.contains("checklist.html → checklist.html"), "{e}");
        let two = files(&[
            ("a.html", "x{% include 'b.html' %}"),
            ("b.html", "{%- extends \"a.html\" -%}"),
            ("c.html", "{% import \"b.html\" as b %}"),
        ]);
        let e = refuse_include_cycles(&two).unwrap_err().to_string();
        assert!(e.contains("a.html → b.html → a.html"), "{e}");
        // A chain without a circle, and a name that is no template, are fine.
        let chain = files(&[
            ("a.html", "{% include 'b.html' %}{% include 'b.html' %}"),
            ("b.html", "{% include 'missing.html' %}"),
        ]);
        assert!(refuse_include_cycles(&chain).is_ok());
    }

    #[test]
    fn the_built_in_templates_include_no_circle() {
        let mut all = Vec::new();
        fn walk(dir: &std::path::Path, root: &std::path::Path, out: &mut Vec<(String, String)>) {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, root, out);
                } else if let Ok(text) = std::fs::read_to_string(&p) {
                    let name = p
                        .strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/");
                    out.push((name, text));
                }
            }
        }
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        walk(&root, &root, &mut all);
        assert!(all.len() > 5);
        assert!(refuse_include_cycles(&all).is_ok());
        assert!(refuse_recursive_macros(&all).is_ok());
    }
}
