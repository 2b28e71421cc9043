//! Replies (skipping, bad values, ID numbers), choosing the policy, and the summary
//! (confirm, correct, give up).

use super::*;

// --- Replies: skipping, bad values, ID numbers. ---

#[test]
fn a_skipped_fact_stays_unknown_and_is_not_asked_again() {
    let (s, out) = interview(
        "shanghai/residence-permit",
        &[
            ("name", ""),
            ("birth_date", "不知道"),
            ("channel", "窗口办理"),
            ("registration_date", ""),
            ("address_changed", "6"),
            ("housing", "本人自购住房"),
            ("basis", "合法稳定就业"),
            ("social_insurance_months", "12"),
            ("fast_track", "否"),
            ("proxy", ""),
            ("disabled", ""),
            ("mobility_impaired", ""),
            ("hukou", ""),
        ],
        vec![SummaryReply::Generate],
    );
    // address_changed has 是/否/不知道: "6" is no entry, so it is asked again (and fails).
    assert_eq!(s.problems.len(), 1, "{:?}", s.problems);
    assert!(s.problems[0].contains("1–3"), "{:?}", s.problems);
    assert_eq!(out, Err(Stop::Eof));
    let (s, out) = interview(
        "shanghai/residence-permit",
        &[
            ("name", ""),
            ("birth_date", "不知道"),
            ("channel", "窗口办理"),
            ("registration_date", ""),
            ("address_changed", "3"),
            ("housing", "本人自购住房"),
            ("basis", "合法稳定就业"),
            ("social_insurance_months", "跳过"),
            ("fast_track", "否"),
            ("proxy", ""),
            ("disabled", ""),
            ("mobility_impaired", ""),
            ("hukou", ""),
        ],
        vec![SummaryReply::Generate],
    );
    let Ok(Outcome::Done(a)) = out else {
        panic!("{out:?}")
    };
    for key in [
        "birth_date",
        "registration_date",
        "address_changed",
        "social_insurance_months",
    ] {
        assert_eq!(s.asked.iter().filter(|k| *k == key).count(), 1, "{key}");
        assert!(
            a.entries.contains(&(key.to_string(), Answer::Unknown)),
            "{key}"
        );
    }
    // With the address change unknown, housing may still matter.
    assert_eq!(
        s.asked,
        [
            "name",
            "birth_date",
            "channel",
            "registration_date",
            "address_changed",
            "housing",
            "basis",
            "social_insurance_months",
            "fast_track",
            "proxy",
            "hukou"
        ]
    );
    let raw = a.raw_input();
    assert!(!raw.iter().any(|(k, _)| k == "registration_date"));
}

#[test]
fn a_bad_date_is_asked_again_with_the_reason() {
    let (s, out) = interview(
        "shanghai/residence-registration",
        &[
            ("name", ""),
            ("birth_date", "1990-02-30"),
            ("birth_date", "30/01/1990"),
            ("birth_date", "2030-01-01"),
            ("birth_date", "1990-01-30"),
            ("channel", "线上办理"),
            ("housing", "本人自购住房"),
            ("proxy", ""),
        ],
        vec![SummaryReply::Generate],
    );
    assert_eq!(s.problems.len(), 3, "{:?}", s.problems);
    assert_eq!(
        s.problems[0],
        "出生日期“1990-02-30”不是真实存在的日期（日历上没有这一天），请写作 YYYY-MM-DD"
    );
    assert!(s.problems[1].contains("YYYY-MM-DD"), "{}", s.problems[1]);
    assert!(s.problems[2].contains("晚于办理日期"), "{}", s.problems[2]);
    let Ok(Outcome::Done(a)) = out else {
        panic!("{out:?}")
    };
    let d = NaiveDate::from_ymd_opt(1990, 1, 30).unwrap();
    assert_eq!(a.get("birth_date"), Some(&Value::Date(d)));
}

#[test]
fn an_id_number_answers_the_birth_date_and_a_child_is_treated_as_one() {
    let (s, out) = interview(
        "shanghai/residence-registration",
        &[
            ("name", "李小雨"),
            ("birth_date", "340102201603020122"),
            ("birth_date", "340102201603020121"),
            ("channel", "窗口办理"),
            ("housing", "近亲属自购住房"),
            ("proxy", "监护人代办"),
            ("hukou", ""),
            ("relationship", "父母"),
            ("owner_name", "李大山"),
        ],
        vec![SummaryReply::Generate],
    );
    assert_eq!(
        s.problems[0],
        "身份证号第18位校验码应为 1，请核对是否有数字输错（现为 2）"
    );
    let Ok(Outcome::Done(a)) = out else {
        panic!("{out:?}")
    };
    assert_eq!(a.get("id_number"), Some(&text("340102201603020121")));
    assert_eq!(
        s.asked,
        [
            "name",
            "birth_date",
            "birth_date",
            "channel",
            "housing",
            "proxy",
            "hukou",
            "relationship",
            "owner_name"
        ]
    );
    assert_eq!(a.get("owner_name"), Some(&text("李大山")));
}

#[test]
fn a_required_question_cannot_be_skipped_and_a_default_fills_an_empty_reply() {
    let lib = Library::embedded().unwrap();
    let p = lib.get("shanghai/residence-registration").unwrap();
    let mut fact = p.facts.iter().find(|f| f.key == "channel").unwrap().clone();
    fact.required = true;
    let q = super::flow::question_for(&fact, None);
    assert!(!q.skippable);
    let QuestionKind::Menu { options, default } = &q.kind else {
        panic!("{q:?}")
    };
    assert_eq!(options, &["线上办理", "窗口办理", "自助机办理"]);
    assert_eq!(*default, None);
    let proxy = p.facts.iter().find(|f| f.key == "proxy").unwrap();
    let q = super::flow::question_for(proxy, None);
    assert!(!q.skippable, "a fact with a default is never unknown");
    assert!(matches!(
        q.kind,
        QuestionKind::Menu {
            default: Some(0),
            ..
        }
    ));
}

// --- Choosing the policy. ---

#[test]
fn the_city_then_the_procedure_is_asked() {
    let lib = Library::embedded().unwrap();
    let mut s = Script::new(&[("city", "上海市"), ("policy", "居住证签注")], vec![]);
    s.replies
        .get_mut("policy")
        .unwrap()
        .push_front("上海市居住证签注".to_string());
    let p = choose_policy(&lib, &mut s);
    assert_eq!(s.asked, ["city", "policy"]);
    assert_eq!(p.map(|p| p.id.as_str()), Ok("shanghai/permit-endorsement"));

    let mut s = Script::new(
        &[
            ("city", "9"),
            ("city", "hangzhou"),
            ("policy", "杭州市居住证申领"),
        ],
        vec![],
    );
    let p = choose_policy(&lib, &mut s);
    assert_eq!(s.asked, ["city", "city", "policy"]);
    assert!(s.problems[0].contains("1–2"), "{:?}", s.problems);
    assert_eq!(p.map(|p| p.id.as_str()), Ok("hangzhou/residence-permit"));
}

// --- The summary: confirm, correct, give up. ---

const PERMIT_UNCHANGED: &[(&str, &str)] = &[
    ("name", ""),
    ("birth_date", "1990-01-01"),
    ("channel", "窗口办理"),
    ("registration_date", "2026-01-01"),
    ("address_changed", "否"),
    ("basis", "合法稳定就业"),
    ("social_insurance_months", "12"),
    ("fast_track", "否"),
    ("proxy", ""),
    ("hukou", ""),
];

#[test]
fn correcting_the_address_change_asks_housing_newly_and_nothing_else_again() {
    let mut replies = PERMIT_UNCHANGED.to_vec();
    replies.extend([
        ("address_changed", "是"),
        ("housing", "近亲属租赁住房"),
        ("relationship", ""),
        ("owner_name", ""),
    ]);
    let (s, out) = interview(
        "shanghai/residence-permit",
        &replies,
        vec![
            SummaryReply::Text("address_changed".into()),
            SummaryReply::Text("y".into()),
        ],
    );
    let first = PERMIT_UNCHANGED.len();
    // Housing is asked newly, and the facts of the 亲属关系承诺书 it now brings.
    assert_eq!(
        s.asked[first..],
        ["address_changed", "housing", "relationship", "owner_name"]
    );
    let QuestionKind::Menu { default, .. } = &s.questions[first].kind else {
        panic!()
    };
    assert_eq!(*default, Some(1), "the current answer 否 is preselected");
    let Ok(Outcome::Done(a)) = out else {
        panic!("{out:?}")
    };
    assert_eq!(a.get("housing"), Some(&text("relative_rented")));
    assert_eq!(a.get("address_changed"), Some(&Value::Bool(true)));
    assert_eq!(a.get("social_insurance_months"), Some(&Value::Integer(12)));
}

#[test]
fn correcting_the_address_change_back_drops_the_housing_answer() {
    let replies = [
        ("name", ""),
        ("birth_date", "1990-01-01"),
        ("channel", "窗口办理"),
        ("registration_date", "2026-01-01"),
        ("address_changed", "是"),
        ("housing", "本人自购住房"),
        ("basis", "合法稳定就业"),
        ("social_insurance_months", "12"),
        ("fast_track", "否"),
        ("proxy", ""),
        ("hukou", ""),
        ("address_changed", "否"),
    ];
    let (s, out) = interview(
        "shanghai/residence-permit",
        &replies,
        vec![SummaryReply::Change(4), SummaryReply::Generate],
    );
    assert_eq!(
        s.asked.len(),
        replies.len(),
        "only the corrected one re-asked"
    );
    assert!(
        s.notes
            .iter()
            .any(|n| n.contains("已删除") && n.contains("居住情况")),
        "{:?}",
        s.notes
    );
    let Ok(Outcome::Done(a)) = out else {
        panic!("{out:?}")
    };
    assert_eq!(a.get("housing"), None);
    assert!(!a.entries.iter().any(|(k, _)| k == "housing"));
}

#[test]
fn hangzhou_giving_up_the_talent_permit_asks_the_registration_date() {
    let (s, out) = interview(
        "hangzhou/residence-permit",
        &[
            ("name", ""),
            ("birth_date", "1990-01-01"),
            ("channel", "窗口办理"),
            ("basis", "合法稳定就业"),
            ("social_insurance_months", "12"),
            ("talent_permit", "是"),
            ("proxy", ""),
            ("talent_permit", "否"),
            ("registration_date", "2026-01-01"),
        ],
        vec![
            SummaryReply::Text("持人才居住证".into()),
            SummaryReply::Text(String::new()),
        ],
    );
    // A holder is asked neither the date nor the months of social insurance; without
    // the permit both matter again.
    assert_eq!(
        s.asked[7..],
        ["registration_date", "social_insurance_months"]
    );
    assert!(matches!(out, Ok(Outcome::Done(_))), "{out:?}");
}

#[test]
fn the_summary_reads_numbers_keys_and_words_and_says_what_it_cannot_read() {
    let (s, out) = interview(
        "shanghai/residence-registration",
        &[
            ("name", "李小雨"),
            ("birth_date", "1990-01-01"),
            ("channel", "线上办理"),
            ("housing", "本人自购住房"),
            ("proxy", ""),
            ("name", "王大明"),
        ],
        vec![
            SummaryReply::Text("maybe".into()),
            SummaryReply::Text("99".into()),
            SummaryReply::Text("1".into()),
            SummaryReply::Text("是".into()),
        ],
    );
    assert_eq!(s.problems.len(), 2, "{:?}", s.problems);
    assert!(s.problems[0].contains("maybe"));
    let Ok(Outcome::Done(a)) = out else {
        panic!("{out:?}")
    };
    assert_eq!(a.name(), Some("王大明"));
}

#[test]
fn giving_up_or_running_out_of_input_writes_nothing() {
    let replies = [
        ("name", ""),
        ("birth_date", "1990-01-01"),
        ("channel", "线上办理"),
        ("housing", "本人自购住房"),
        ("proxy", ""),
    ];
    let (_, out) = interview(
        "shanghai/residence-registration",
        &replies,
        vec![SummaryReply::Text("q".into())],
    );
    assert_eq!(out, Ok(Outcome::Abandoned));
    let (_, out) = interview("shanghai/residence-registration", &replies[..3], vec![]);
    assert_eq!(out, Err(Stop::Eof));
}
