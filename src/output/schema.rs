//! JSON Schema (draft 2020-12) of the applicant input of one policy, for HR systems and
//! editors: one property per fact the policy asks, with its type, values and labels.
//!
//! The schema describes the canonical form: enum values as words (`rented`), booleans as
//! `true`/`false`, dates as `YYYY-MM-DD`. doclist itself also accepts Chinese labels,
//! `是`/`否` and empty values (unknown); leave a key out when the answer is not known.

use crate::model::fact::{Fact, FactType};
use crate::model::policy::Policy;
use serde_json::{json, Map, Value};

const DATE_PATTERN: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
const ID_PATTERN: &str = r"^[0-9]{17}[0-9Xx]$";

fn describe(f: &Fact) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("title".into(), json!(f.label));
    let mut description = f.question.clone();
    if let Some(h) = &f.help {
        description.push('；');
        description.push_str(h);
    }
    m.insert("description".into(), json!(description));
    m
}

fn property(f: &Fact) -> Value {
    let mut m = describe(f);
    match &f.ty {
        FactType::Bool => {
            m.insert("type".into(), json!("boolean"));
        }
        FactType::Integer => {
            m.insert("type".into(), json!("integer"));
            m.insert("minimum".into(), json!(0));
        }
        FactType::Date => {
            m.insert("type".into(), json!("string"));
            m.insert("format".into(), json!("date"));
            m.insert("pattern".into(), json!(DATE_PATTERN));
        }
        FactType::Text => {
            m.insert("type".into(), json!("string"));
        }
        FactType::Enum(choices) => {
            m.insert("type".into(), json!("string"));
            let one_of: Vec<Value> = choices
                .iter()
                .map(|c| json!({"const": c.value, "title": c.label}))
                .collect();
            m.insert("oneOf".into(), Value::Array(one_of));
        }
    }
    if let Some(d) = &f.default {
        m.insert(
            "default".into(),
            serde_json::to_value(d).unwrap_or(Value::Null),
        );
    }
    Value::Object(m)
}

/// The JSON Schema of the input `doclist render` reads for this policy.
pub fn input_schema(policy: &Policy) -> Value {
    let mut properties = Map::new();
    properties.insert(
        "policy".into(),
        json!({
            "title": "政策",
            "description": format!("{}（{}）", policy.title, policy.id),
            "const": policy.id,
        }),
    );
    let mut required = Vec::new();
    // Name, ID number and birth date first, then the policy's questions; never the
    // facts doclist computes (age, as_of, dates).
    for f in policy.facts.iter().filter(|f| !f.derived) {
        let mut p = property(f);
        match f.key.as_str() {
            "id_number" => {
                if let Value::Object(m) = &mut p {
                    m.insert("pattern".into(), json!(ID_PATTERN));
                    m.insert(
                        "description".into(),
                        json!("18位居民身份证号码（校验位按 GB 11643 核对；出生日期须与 birth_date 一致）"),
                    );
                }
            }
            "birth_date" => {
                if let Value::Object(m) = &mut p {
                    m.insert("description".into(), json!("出生日期；不填时取自身份证号"));
                }
            }
            _ => {}
        }
        if f.required {
            required.push(json!(f.key));
        }
        properties.insert(f.key.clone(), p);
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": format!("{} — 申请人情况", policy.title),
        "description": format!(
            "doclist 的输入（政策 {} 版本 {}）。不知道的项不填：doclist 会把依赖它的材料列为“如适用”。",
            policy.id, policy.version
        ),
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}
