//! The administrator and audit commands: `admin create` (a clerk account of one of the two
//! offices and its one-time 認証コード), `admin stop`, and `audit verify` (the hash chains of the
//! audit trail and the access log).

use super::*;

fn cli_actor() -> Actor {
    Actor {
        user_id: None,
        login: std::env::var("USER").unwrap_or_else(|_| "cli".into()),
        role: "operator".into(),
        ip: "cli".into(),
    }
}

/// Who `admin create` makes an account for.
pub(super) struct NewClerk {
    pub login_id: String,
    pub name: String,
    pub kana: String,
    pub email: String,
}

/// `admin create`: a clerk account for one of the offices (an area's 管理者 office with
/// `--area`), and its one-time 認証コード.
pub(super) async fn admin_create(
    settings: Arc<Settings>,
    clock: Clock,
    (office, area): (Office, Option<String>),
    who: NewClerk,
) -> anyhow::Result<()> {
    let NewClerk {
        login_id,
        name,
        kana,
        email,
    } = who;
    let area_office = match (&office, &area) {
        (_, None) => None,
        (Office::Association, Some(code)) => Some(
            settings
                .municipality
                .area_offices
                .iter()
                .find(|a| &a.code == code)
                .cloned()
                .ok_or_else(|| {
                    anyhow::anyhow!("no area office {code:?} in municipality.area_offices")
                })?,
        ),
        (Office::City, Some(_)) => anyhow::bail!("--area is for --office association"),
    };
    let pool = open_pool(&settings, 2)?;
    migrate(&settings, &pool).await?;
    let s = settings.clone();
    let issued = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
        let mut conn = pool.get()?;
        let now = clock.now();
        let login_id = crate::domain::text::normalise_identifier(&login_id);
        if login_id.is_empty() || name.trim().is_empty() {
            anyhow::bail!("--login-id and --name must not be empty");
        }
        if User::find_by_login(&mut conn, &login_id)?.is_some() {
            anyhow::bail!("an account with login ID {login_id:?} already exists");
        }
        let (city, association) = ensure_offices(&mut conn, &s.municipality, now)?;
        let (org, role, code) = match (office, &area_office) {
            (Office::City, _) => (city, Role::CityAdmin, "city".to_string()),
            (Office::Association, None) => (
                association,
                Role::AssociationAdmin,
                "association".to_string(),
            ),
            (Office::Association, Some(a)) => (
                ensure_area_office(&mut conn, a, now)?,
                Role::AssociationAdmin,
                format!("association-{}", a.code),
            ),
        };
        let issued = create_pending_account(
            &mut conn,
            &AccountRequest {
                login_id: &login_id,
                display_name: name.trim(),
                kana: kana.trim(),
                organisation_id: org,
                profession: "clerk",
                role,
                is_org_manager: false,
                email: email.trim(),
                office: &code,
            },
            &cli_actor(),
            s.accounts.activation_code_valid_days,
            now,
        )?;
        Ok((login_id, issued))
    })
    .await??;
    let (login_id, issued) = issued;
    println!("Created administrator account {login_id:?}.");
    println!(
        "One-time 認証コード: {}  (valid until {} UTC; shown only now)",
        issued.activation_code,
        issued.expires_at.format("%Y-%m-%d %H:%M")
    );
    println!(
        "First login: open {}/activate, enter the login ID and this code,",
        settings.http.public_url
    );
    println!("register an authenticator app (TOTP), then choose a password.");
    Ok(())
}

/// `admin stop`: the account stopped at once, its sessions ended.
pub(super) async fn admin_stop(
    settings: Arc<Settings>,
    clock: Clock,
    login_id: String,
    reason: String,
) -> anyhow::Result<()> {
    let pool = open_pool(&settings, 2)?;
    let outcome = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
        let mut conn = pool.get()?;
        let Some(user) = User::find_by_login(&mut conn, &login_id)? else {
            return Ok(StopOutcome::NotFound);
        };
        Ok(stop_account(
            &mut conn,
            user.id,
            &reason,
            &cli_actor(),
            Some(&settings),
            clock.now(),
        )?)
    })
    .await??;
    match outcome {
        StopOutcome::Stopped { sessions_ended } => {
            println!("Account stopped; {sessions_ended} open session(s) ended.");
            Ok(())
        }
        StopOutcome::AlreadyStopped => {
            anyhow::bail!("the account was already stopped; nothing changed")
        }
        StopOutcome::NotFound => anyhow::bail!("no account with that login ID"),
    }
}

/// `audit verify`: both hash chains checked; an error (a non-zero exit) if either was broken.
pub(super) async fn audit_verify(settings: Arc<Settings>) -> anyhow::Result<()> {
    let pool = open_pool(&settings, 2)?;
    let (audit, access) = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
        let mut conn = pool.get()?;
        Ok((
            AuditRecord::verify(&mut conn)?,
            crate::models::access::AccessRecord::verify(&mut conn)?,
        ))
    })
    .await??;
    let mut broken = 0;
    for (name, report) in [("audit trail", &audit), ("access log", &access)] {
        if report.problems.is_empty() {
            println!("{name} intact: {} rows verified", report.rows);
        } else {
            for p in &report.problems {
                println!("TAMPERED ({name}): {p}");
            }
            broken += report.problems.len();
        }
    }
    if broken == 0 {
        Ok(())
    } else {
        anyhow::bail!(
            "verification failed: {broken} problem(s) in {} audit and {} access rows",
            audit.rows,
            access.rows
        )
    }
}
