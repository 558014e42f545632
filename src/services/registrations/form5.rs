//! Form 5 (利用団体登録情報変更届出書): the organisation's data, a user's data or the
//! organisation's manager changed as written, each change with its old value in the audit trail.

use super::*;

/// Form 5: the organisation's data, a user's data or the org manager change as written.
/// The values before the change are kept in the audit trail (old → new).
pub fn approve_form5(
    conn: &mut DbConnection,
    form: &Form5,
    actor: &Actor,
    now: NaiveDateTime,
) -> Result<(), StepError> {
    let org = Organisation::find_by_name(conn, &form.organisation_name)?
        .ok_or(refuse("applications.error.unknown_organisation"))?;
    let mut org_name = org.name.clone();
    for c in &form.changes {
        let (target_kind, target_id, field, old) = match c.target.as_str() {
            "organisation" => {
                let current = Organisation::find(conn, org.id)?
                    .ok_or(refuse("applications.error.unknown_organisation"))?;
                if c.field == "name"
                    && c.new_value != org_name
                    && Organisation::find_by_name(conn, &c.new_value)?.is_some()
                {
                    return Err(refuse("form5.error.name_taken"));
                }
                let old = set_organisation_field(conn, &current, &c.field, &c.new_value)?
                    .ok_or(refuse("applications.error.payload"))?;
                if c.field == "name" {
                    org_name = c.new_value.clone();
                }
                ("organisation", org.id, c.field.clone(), old)
            }
            "manager" | "user" => {
                let user = User::find_by_login(conn, &c.login_id)?
                    .filter(|u| u.organisation_id == org.id)
                    .ok_or_else(|| {
                        StepError::Refused(Refusal::UnknownAccount(c.login_id.clone()))
                    })?;
                if user.status() == UserStatus::Stopped {
                    return Err(StepError::Refused(Refusal::UnknownAccount(
                        c.login_id.clone(),
                    )));
                }
                if c.target == "manager" {
                    // One システム管理担当者 per organisation: the new one replaces the old.
                    let old: Vec<String> = users::table
                        .filter(users::organisation_id.eq(org.id))
                        .filter(users::is_org_manager.eq(true))
                        .select(users::login_id)
                        .load(conn)?;
                    diesel::update(users::table.filter(users::organisation_id.eq(org.id)))
                        .set(users::is_org_manager.eq(false))
                        .execute(conn)?;
                    diesel::update(users::table.find(user.id))
                        .set(users::is_org_manager.eq(true))
                        .execute(conn)?;
                    ("user", user.id, "org_manager".to_string(), old.join(","))
                } else {
                    let target = users::table.find(user.id);
                    let old = match c.field.as_str() {
                        "name" => {
                            diesel::update(target)
                                .set(users::display_name.eq(&c.new_value))
                                .execute(conn)?;
                            user.display_name
                        }
                        "kana" => {
                            diesel::update(target)
                                .set(users::kana.eq(&c.new_value))
                                .execute(conn)?;
                            user.kana
                        }
                        "email" => {
                            diesel::update(target)
                                .set(users::email.eq(&c.new_value))
                                .execute(conn)?;
                            user.email
                        }
                        "profession" => {
                            diesel::update(target)
                                .set(users::profession.eq(&c.new_value))
                                .execute(conn)?;
                            user.profession
                        }
                        _ => return Err(refuse("applications.error.payload")),
                    };
                    ("user", user.id, c.field.clone(), old)
                }
            }
            _ => return Err(refuse("applications.error.payload")),
        };
        let new = if c.target == "manager" {
            c.login_id.as_str()
        } else {
            c.new_value.as_str()
        };
        AuditRecord::append(
            conn,
            AuditEntry::new(actor, "registration.change", "success")
                .target(target_kind, target_id)
                .detail(format!("{field}: {old} -> {new}")),
            now,
        )?;
    }
    Ok(())
}

/// Sets one field of an organisation as a form 5 names it; its value before, or None for a
/// field no form knows.
fn set_organisation_field(
    conn: &mut DbConnection,
    org: &Organisation,
    field: &str,
    value: &str,
) -> Result<Option<String>, diesel::result::Error> {
    let target = organisations::table.find(org.id);
    macro_rules! set {
        ($column:ident) => {{
            diesel::update(target)
                .set(organisations::$column.eq(value))
                .execute(conn)?;
            org.$column.clone()
        }};
    }
    Ok(Some(match field {
        "name" => set!(name),
        "kana" => set!(kana),
        "postcode" => set!(postcode),
        "address" => set!(address),
        "phone" => set!(phone),
        "fax" => set!(fax),
        "representative" => set!(representative),
        "manager_name" => set!(manager_name),
        "manager_title" => set!(manager_title),
        "manager_phone" => set!(manager_phone),
        "manager_email" => set!(manager_email),
        _ => return Ok(None),
    }))
}
