//! Every policy, two or more paths: exactly which questions, in which order.

use super::*;

#[test]
fn registration_renter_is_never_asked_about_disability_or_relatives() {
    let a = path(
        "shanghai/residence-registration",
        &[
            ("name", "李小雨"),
            ("birth_date", "1990-05-01"),
            ("channel", "窗口办理"),
            ("housing", "本人租赁住房"),
            ("proxy", ""),
            ("hukou", "2"),
        ],
        &["name", "birth_date", "channel", "housing", "proxy", "hukou"],
    );
    assert_eq!(a.get("housing"), Some(&text("rented")));
    assert_eq!(a.get("proxy"), Some(&text("none")), "the default");
    assert_eq!(a.get("hukou"), Some(&text("collective")), "menu entry 2");
}

#[test]
fn registration_online_for_an_old_person_by_a_relative_asks_about_mobility_not_hukou() {
    path(
        "shanghai/residence-registration",
        &[
            ("name", ""),
            ("birth_date", "1950-03-02"),
            ("channel", "online"),
            ("housing", "近亲属自购住房"),
            ("proxy", "近亲属代办"),
            ("disabled", "否"),
            ("mobility_impaired", "是"),
            ("trustee_name", "李大山"),
            ("trustee_id_number", "11010519491231002x"),
            ("relationship", "子女"),
            ("owner_name", ""),
        ],
        &[
            "name",
            "birth_date",
            "channel",
            "housing",
            "proxy",
            "disabled",
            "mobility_impaired",
            // The 委托书 and the 亲属关系承诺书 are printed: the facts that fill them.
            "trustee_name",
            "trustee_id_number",
            "relationship",
            "owner_name",
        ],
    );
}

#[test]
fn permit_address_unchanged_never_asks_about_housing() {
    let a = path(
        "shanghai/residence-permit",
        &[
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
        ],
        &[
            "name",
            "birth_date",
            "channel",
            "registration_date",
            "address_changed",
            "basis",
            "social_insurance_months",
            "fast_track",
            "proxy",
            "hukou",
        ],
    );
    assert_eq!(a.get("social_insurance_months"), Some(&Value::Integer(12)));
}

#[test]
fn permit_address_changed_asks_housing_and_a_talent_is_asked_the_degree() {
    path(
        "shanghai/residence-permit",
        &[
            ("name", ""),
            ("birth_date", "1990-01-01"),
            ("channel", "线上办理"),
            ("registration_date", ""),
            ("address_changed", "是"),
            ("housing", "近亲属自购住房"),
            ("basis", "人才引进"),
            ("degree", "硕士"),
            ("fast_track", "否"),
            ("proxy", ""),
            ("relationship", ""),
            ("owner_name", ""),
        ],
        &[
            "name",
            "birth_date",
            "channel",
            "registration_date",
            "address_changed",
            "housing",
            "basis",
            "degree",
            "fast_track",
            "proxy",
            "relationship",
            "owner_name",
        ],
    );
}

#[test]
fn permit_at_the_kiosk_is_not_asked_about_fast_track_or_hukou() {
    path(
        "shanghai/residence-permit",
        &[
            ("name", ""),
            ("birth_date", "1990-01-01"),
            ("channel", "自助机办理"),
            ("registration_date", "2026-01-01"),
            ("address_changed", "否"),
            ("basis", "投靠亲属"),
            ("proxy", ""),
        ],
        &[
            "name",
            "birth_date",
            "channel",
            "registration_date",
            "address_changed",
            "basis",
            "proxy",
        ],
    );
}

#[test]
fn hangzhou_talent_permit_holder_needs_no_registration_date() {
    path(
        "hangzhou/residence-permit",
        &[
            ("name", ""),
            ("birth_date", "1990-01-01"),
            ("channel", "窗口办理"),
            ("basis", "人才引进"),
            ("talent_permit", "是"),
            ("proxy", ""),
        ],
        &[
            "name",
            "birth_date",
            "channel",
            "basis",
            "talent_permit",
            "proxy",
        ],
    );
}

#[test]
fn hangzhou_housing_basis_asks_housing_and_registration_date() {
    path(
        "hangzhou/residence-permit",
        &[
            ("name", ""),
            ("birth_date", "1990-01-01"),
            ("channel", "窗口办理"),
            ("basis", "合法稳定住所"),
            ("housing", "租赁房（集体土地）"),
            ("talent_permit", "否"),
            ("registration_date", "2026-01-01"),
            ("proxy", ""),
            ("degree", ""),
            ("fresh_graduate", ""),
        ],
        &[
            "name",
            "birth_date",
            "channel",
            "basis",
            "housing",
            "talent_permit",
            "registration_date",
            "proxy",
        ],
    );
}

#[test]
fn hangzhou_child_of_a_permit_holder_is_asked_neither_proxy_nor_registration_date() {
    path(
        "hangzhou/residence-permit",
        &[
            ("name", ""),
            ("birth_date", "2015-01-01"),
            ("channel", "线上办理"),
            ("basis", "合法稳定就业"),
            ("talent_permit", "否"),
            ("social_insurance_months", "3"),
            ("parent_has_permit", "是"),
        ],
        &[
            "name",
            "birth_date",
            "channel",
            "basis",
            "talent_permit",
            "social_insurance_months",
            "parent_has_permit",
        ],
    );
}

#[test]
fn endorsement_auto_endorsed_is_not_asked_the_expiry_date() {
    path(
        "shanghai/permit-endorsement",
        &[
            ("name", ""),
            ("birth_date", "1990-01-01"),
            ("channel", ""),
            ("auto_endorsed", "是"),
            ("address_changed", "否"),
            ("proxy", ""),
        ],
        &[
            "name",
            "birth_date",
            "channel",
            "auto_endorsed",
            "address_changed",
            "proxy",
        ],
    );
}

#[test]
fn endorsement_not_auto_endorsed_asks_expiry_then_housing() {
    path(
        "shanghai/permit-endorsement",
        &[
            ("name", ""),
            ("birth_date", "1990-01-01"),
            ("channel", "线上办理"),
            ("auto_endorsed", "否"),
            ("permit_expiry", "2026-12-01"),
            ("address_changed", "是"),
            ("housing", "单位或学校集体宿舍"),
            ("proxy", ""),
        ],
        &[
            "name",
            "birth_date",
            "channel",
            "auto_endorsed",
            "permit_expiry",
            "address_changed",
            "housing",
            "proxy",
        ],
    );
}

#[test]
fn reissue_fast_track_is_not_asked_about_hukou() {
    path(
        "shanghai/permit-reissue",
        &[
            ("name", ""),
            ("birth_date", "1990-01-01"),
            ("channel", ""),
            ("fast_track", "是"),
            ("address_changed", "否"),
            ("proxy", ""),
        ],
        &[
            "name",
            "birth_date",
            "channel",
            "fast_track",
            "address_changed",
            "proxy",
        ],
    );
}

#[test]
fn reissue_ordinary_is_not_asked_housing() {
    // Housing proofs belong to the fast-track reissue only (001); an ordinary reissue
    // with a new address gets the information-change notice instead.
    path(
        "shanghai/permit-reissue",
        &[
            ("name", ""),
            ("birth_date", "1990-01-01"),
            ("channel", "自助机办理"),
            ("fast_track", "否"),
            ("address_changed", "是"),
            ("proxy", ""),
        ],
        &[
            "name",
            "birth_date",
            "channel",
            "fast_track",
            "address_changed",
            "proxy",
        ],
    );
}

#[test]
fn info_change_of_employment_is_not_asked_about_housing() {
    path(
        "shanghai/info-change",
        &[
            ("name", ""),
            ("birth_date", "1990-01-01"),
            ("change", "就业情况变更"),
            ("change_date", "2026-11-01"),
            ("proxy", ""),
        ],
        &["name", "birth_date", "change", "change_date", "proxy"],
    );
}

#[test]
fn info_change_of_address_asks_housing_and_disability_for_a_relative_proxy() {
    path(
        "shanghai/info-change",
        &[
            ("name", ""),
            ("birth_date", "1990-01-01"),
            ("change", "居住地址变更"),
            ("change_date", "2026-11-01"),
            ("housing", "近亲属租赁住房"),
            ("proxy", "近亲属代办"),
            ("disabled", "否"),
            ("trustee_name", ""),
            ("trustee_id_number", ""),
            ("relationship", ""),
            ("owner_name", ""),
        ],
        &[
            "name",
            "birth_date",
            "change",
            "change_date",
            "housing",
            "proxy",
            "disabled",
            "trustee_name",
            "trustee_id_number",
            "relationship",
            "owner_name",
        ],
    );
}
