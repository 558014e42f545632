//! The fields of each form that `form_page` shows: 様式第4号 to 第9号 (7 and 8 also on one
//! page, the registrant named once) and the three 職種連携の部屋 applications (open, join or
//! leave, close), with their repeated rows, 「欄を増やす」 and the pledges.

use super::*;

/// The field, marked ※必須 when `on` (the first row of a repeated part).
fn required_if(f: Field<'_>, on: bool) -> Field<'_> {
    if on { f.required() } else { f }
}

pub(super) fn form4_fields(v: &PaperView<'_>) -> Markup {
    let lang = v.lang;
    let val = v.values;
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    html! {
            div.form-columns {
            fieldset.fieldset.fieldset--boxed {
                legend { (tt("form4.organisation")) }
                (field(lang, &Field::text("org_name", tt("form4.org_name"), &val("org_name")).required().maxlength(100), v.errors))
                (field(lang, &Field::text("org_kana", tt("form4.org_kana"), &val("org_kana")).required().maxlength(100).support(tt("form.kana_support")), v.errors))
                (v.pick("org_kind", "kinds", &tt("form4.org_kind"), true))
                (field(lang, &Field::text("org_postcode", tt("form.postcode"), &val("org_postcode")).required().maxlength(10).inputmode("numeric").support(tt("form.postcode_support")), v.errors))
                (field(lang, &Field::text("org_address", tt("form.address"), &val("org_address")).required().maxlength(200), v.errors))
                (field(lang, &Field::text("org_phone", tt("form.phone"), &val("org_phone")).required().maxlength(20).inputmode("tel"), v.errors))
                (field(lang, &Field::text("org_fax", tt("form.fax"), &val("org_fax")).maxlength(20).inputmode("tel"), v.errors))
                (field(lang, &Field::text("org_representative", tt("form4.representative"), &val("org_representative")).required().maxlength(50), v.errors))
            }
            fieldset.fieldset.fieldset--boxed {
                legend { (tt("form4.manager")) }
                (field(lang, &Field::text("manager_name", tt("form.name"), &val("manager_name")).required().maxlength(50), v.errors))
                (field(lang, &Field::text("manager_title", tt("form4.manager_title"), &val("manager_title")).maxlength(50), v.errors))
                (field(lang, &Field::text("manager_phone", tt("form.phone"), &val("manager_phone")).required().maxlength(20).inputmode("tel"), v.errors))
                (field(lang, &Field::text("manager_email", tt("form4.manager_email"), &val("manager_email")).required().maxlength(254).kind("email"), v.errors))
            }
            }
            div #applicant-rows {
                p.support { (tt("form4.applicants_help")) }
                div.form-columns {
                @for i in 1..=v.rows {
                    @let n = |f: &str| format!("applicant_{i}_{f}");
                    @let legend = t!("form4.applicant", locale = lang, n = i).to_string();
                    // The first applicant is required; a further row, once begun, needs all of it.
                    fieldset.fieldset.fieldset--boxed {
                        legend { (legend) }
                        (v.errors.in_scope(&legend, || html! {
                            (field(lang, &required_if(Field::text(&n("name"), tt("form.name"), &val(&n("name"))).maxlength(50), i == 1), v.errors))
                            (field(lang, &required_if(Field::text(&n("kana"), tt("form.kana"), &val(&n("kana"))).maxlength(100).support(tt("form.kana_support")), i == 1), v.errors))
                            (v.pick(&n("profession"), "professions", &tt("account.profession"), i == 1))
                            (field(lang, &required_if(Field::text(&n("email"), tt("form4.notification_email"), &val(&n("email"))).maxlength(254).kind("email"), i == 1), v.errors))
                            (v.pick(&n("device"), "devices", &tt("form4.device"), i == 1))
                            (checkbox(&n("work_device"), &tt("form4.work_device"), !val(&n("work_device")).is_empty(), v.errors))
                        }))
                    }
                }
                }
                (add_row_button(v, "form4.more_rows", "applicant-rows"))
            }
            fieldset.fieldset {
                legend { (tt("form4.notice_to")) }
                div.radio-group.radio-group--inline {
                    label { input type="radio" name="notice_to" value="organisation" checked[val("notice_to") != "other"]; span { (tt("form4.notice_to_org")) } }
                    label { input type="radio" name="notice_to" value="other" checked[val("notice_to") == "other"]; span { (tt("form4.notice_to_other")) } }
                }
                (field(lang, &Field::text("notice_postcode", tt("form.postcode"), &val("notice_postcode")).maxlength(10), v.errors))
                (field(lang, &Field::text("notice_address", tt("form.address"), &val("notice_address")).maxlength(200), v.errors))
            }
            (pledges(v))
    }
}

fn pledges(v: &PaperView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        fieldset.fieldset {
            legend { (t!("form.pledges", locale = lang)) }
            @for (i, p) in v.pledges.iter().enumerate() {
                @let name = format!("pledge_{}", i + 1);
                (checkbox(&name, p, !(v.values)(&name).is_empty(), v.errors))
            }
        }
    }
}

pub(super) fn form6_fields(v: &PaperView<'_>) -> Markup {
    let lang = v.lang;
    let val = v.values;
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    html! {
            (field(lang, &Field::text("org_name", tt("form4.org_name"), &val("org_name")).required().maxlength(100), v.errors))
            @for i in 1..=v.rows {
                @let n = |f: &str| format!("account_{i}_{f}");
                fieldset.fieldset {
                    legend { (t!("form6.account", locale = lang, n = i)) }
                    (field(lang, &Field::text(&n("login_id"), tt("login.login_id"), &val(&n("login_id"))).maxlength(64), v.errors))
                    (field(lang, &Field::text(&n("name"), tt("form.name"), &val(&n("name"))).maxlength(50), v.errors))
                }
            }
            (v.pick("reason", "stop_reasons", &tt("form6.reason"), true))
            (field(lang, &Field::text("reason_detail", tt("form6.reason_detail"), &val("reason_detail")).maxlength(200), v.errors))
            (field(lang, &Field::text("last_day", tt("form6.last_day"), &val("last_day")).required().maxlength(20).support(tt("form.date_support")), v.errors))
            @let contact_value = val("contact_email");
            @let contact = Field::text("contact_email", tt("form6.contact_email"), &contact_value).maxlength(254).kind("email").support(tt("form6.contact_support"));
            (field(lang, &if v.mode == FormMode::Online { contact.required() } else { contact }, v.errors))
    }
}

/// 「欄を増やす」: one more row, posting what is typed (and chosen) so nothing is lost; with
/// script only the rows are replaced.
fn add_row_button(v: &PaperView<'_>, label_key: &str, rows_id: &str) -> Markup {
    html! {
        input type="hidden" name="rows" value=(v.rows);
        p {
            button.button.button--secondary type="submit" name="op" value="add_row" formnovalidate
                hx-post=(v.action) hx-vals=r#"{"op":"add_row"}"# hx-select={ "#" (rows_id) } hx-target={ "#" (rows_id) } hx-swap="outerHTML" {
                (t!(label_key, locale = v.lang))
            }
        }
    }
}

/// The registrant as forms 7, 8 and 9 name them.
pub(super) fn registrant_fields(v: &PaperView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        fieldset.fieldset {
            legend { (t!("registrations.registrant", locale = lang)) }
            (v.text("reg_name", "form.name", true, 50))
            (field(lang, &Field::text("reg_kana", t!("form.kana", locale = lang).into(), &(v.values)("reg_kana")).required().maxlength(100).support(t!("form.kana_support", locale = lang).into()), v.errors))
            (v.date("reg_birth_date", "registrations.birth_date", true))
        }
    }
}

/// 職種連携の部屋 開設申請: the room's name and purpose, and who else joins from the start.
pub(super) fn room_open_fields(v: &PaperView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        (v.text("room_name", "rooms.name", true, 50))
        (textarea(lang, "room_purpose", &t!("rooms.purpose", locale = lang), &(v.values)("room_purpose"), true, 1000, v.errors))
        p.support { (t!("submit.room_members_lead", locale = lang)) }
        (member_rows(v))
        (room_pledges(v, "submit.room_pledges_open"))
    }
}

/// The 運用ルールと誓約事項 of a 職種連携の部屋, with who pledges them (`lead`).
fn room_pledges(v: &PaperView<'_>, lead: &str) -> Markup {
    let lang = v.lang;
    html! {
        fieldset.fieldset {
            legend { (t!("submit.room_pledges", locale = lang)) }
            p.support { (t!(lead, locale = lang)) }
            @for (i, p) in v.pledges.iter().enumerate() {
                @let name = format!("pledge_{}", i + 1);
                (checkbox(&name, p, !(v.values)(&name).is_empty(), v.errors))
            }
        }
    }
}

fn member_rows(v: &PaperView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        @for i in 1..=v.rows {
            @let n = |f: &str| format!("member_{i}_{f}");
            fieldset.fieldset {
                legend { (t!("form8.member", locale = lang, n = i)) }
                (v.text(&n("login_id"), "login.login_id", false, 64))
                (v.text(&n("name"), "form.name", false, 50))
            }
        }
    }
}

/// 職種連携の部屋 参加・退出申請 — one form, the choice at the top.
pub(super) fn room_membership_fields(v: &PaperView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        (v.pick("choice", "room_choices", &t!("submit.choice", locale = lang), true))
        (v.pick("room_id", "rooms", &t!("rooms.room", locale = lang), true))
        p.support { (t!("submit.membership_lead", locale = lang)) }
        (member_rows(v))
        (room_pledges(v, "submit.room_pledges_join"))
    }
}

/// 職種連携の部屋 閉鎖の申し出.
pub(super) fn room_close_fields(v: &PaperView<'_>) -> Markup {
    let lang = v.lang;
    html! {
        (v.pick("room_id", "rooms", &t!("rooms.room", locale = lang), true))
        (textarea(lang, "reason", &t!("submit.close_reason", locale = lang), &(v.values)("reason"), true, 1000, v.errors))
    }
}

/// 様式第5号 利用団体登録情報変更届出書兼誓約書.
pub(super) fn form5_fields(v: &PaperView<'_>) -> Markup {
    let lang = v.lang;
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    html! {
            (v.text("org_name", "form5.org_name", true, 100))
            p.support { (tt("form5.lead")) }
            div #change-rows {
            @for i in 1..=v.rows {
                @let n = |f: &str| format!("change_{i}_{f}");
                @let legend = t!("form5.change", locale = lang, n = i).to_string();
                fieldset.fieldset.fieldset--boxed {
                    legend { (legend) }
                    (v.errors.in_scope(&legend, || html! {
                        (v.pick(&n("target"), "change_targets", &tt("form5.target"), false))
                        (v.pick(&n("field"), "change_fields", &tt("form5.field"), false))
                        (v.text(&n("login_id"), "form5.login_id", false, 64))
                        (v.text(&n("old"), "form5.old", false, 200))
                        (v.text(&n("new"), "form5.new", false, 200))
                    }))
                }
            }
            (add_row_button(v, "form5.more_rows", "change-rows"))
            }
            (pledges(v))
    }
}

/// 様式第7号 個人情報取り扱い同意書.
pub(super) fn form7_fields(v: &PaperView<'_>, registrant: bool) -> Markup {
    let lang = v.lang;
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    html! {
            @if registrant { (registrant_fields(v)) }
            fieldset.fieldset {
                legend { (tt("form7.details")) }
                (v.pick("reg_sex", "sexes", &tt("form7.sex"), true))
                (field(lang, &Field::text("reg_postcode", tt("form.postcode"), &(v.values)("reg_postcode")).maxlength(10).inputmode("numeric").support(tt("form.postcode_support")), v.errors))
                (v.text("reg_address", "form.address", true, 200))
                (field(lang, &Field::text("reg_phone", tt("form.phone"), &(v.values)("reg_phone")).maxlength(20).inputmode("tel"), v.errors))
            }
            fieldset.fieldset {
                legend { (tt("form7.signer")) }
                (v.pick("signer", "signers", &tt("form7.signer"), true))
                (v.text("proxy_name", "form7.proxy_name", false, 50))
                (v.text("proxy_relationship", "form7.proxy_relationship", false, 30))
                (v.date("consent_on", "form7.consent_on", true))
                (v.tick("digital_consent", "form7.digital_consent"))
            }
    }
}

/// 様式第8号 担当者届出書.
pub(super) fn form8_fields(v: &PaperView<'_>, registrant: bool) -> Markup {
    let lang = v.lang;
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    html! {
            @if registrant { (registrant_fields(v)) }
            fieldset.fieldset {
                legend { (tt("form8.coordinator")) }
                (v.text("coordinator_name", "form.name", true, 50))
                (v.text("coordinator_org", "form8.coordinator_org", true, 100))
                (field(lang, &Field::text("coordinator_phone", tt("form.phone"), &(v.values)("coordinator_phone")).required().maxlength(20).inputmode("tel"), v.errors))
            }
            p.support { (tt("form8.rule")) }
            div #member-rows {
            div.form-columns {
            @for i in 1..=v.rows {
                @let n = |f: &str| format!("member_{i}_{f}");
                @let legend = t!("form8.member", locale = lang, n = i).to_string();
                fieldset.fieldset.fieldset--boxed {
                    legend { (legend) }
                    (v.errors.in_scope(&legend, || html! {
                        (v.pick(&n("action"), "member_actions", &tt("form8.action"), false))
                        (v.text(&n("login_id"), "login.login_id", false, 64))
                        (v.text(&n("name"), "form.name", false, 50))
                        (v.pick(&n("role"), "team_roles", &tt("form8.role"), false))
                    }))
                }
            }
            }
            (add_row_button(v, "form8.more_rows", "member-rows"))
            }
    }
}

/// 様式第9号 登録者利用中止届出書.
pub(super) fn form9_fields(v: &PaperView<'_>) -> Markup {
    let lang = v.lang;
    let tt = |k: &str| -> String { t!(k, locale = lang).into() };
    html! {
            (registrant_fields(v))
            fieldset.fieldset {
                legend { (tt("form9.submitter_legend")) }
                (v.pick("submitter", "submitters", &tt("form9.submitter"), true))
                (v.text("submitter_name", "form.name", true, 50))
            }
            (v.pick("reason", "discontinue_reasons", &tt("form9.reason"), true))
            (v.text("reason_detail", "form6.reason_detail", false, 200))
            (v.date("discontinued_on", "form9.discontinued_on", true))
            p.support { (tt("form9.effect")) }
    }
}
