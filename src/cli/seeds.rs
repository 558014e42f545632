//! The demo and benchmark data commands: `seed-demo` and the login help it prints (as `serve
//! --demo` does), `seed-scale`, and `demo-code` (a demo account's current second-factor code).

use super::*;

/// `seed-demo`: the demo municipality, and how to log in.
pub(super) async fn seed_demo(settings: Arc<Settings>, clock: Clock) -> anyhow::Result<()> {
    let pool = open_pool(&settings, 2)?;
    migrate(&settings, &pool).await?;
    let s = settings.clone();
    let created = tokio::task::spawn_blocking(move || {
        crate::seed::seed_demo(&mut *pool.get()?, &s, clock.now())
    })
    .await??;
    print_demo_help(&settings, &created);
    Ok(())
}

/// The counts `seed-scale` was given.
pub(super) struct ScaleCounts {
    pub(super) organisations: usize,
    pub(super) users: usize,
    pub(super) audit_rows: usize,
    pub(super) rooms: usize,
    pub(super) posts: usize,
    pub(super) big_room_posts: usize,
    pub(super) vitals: usize,
}

/// `seed-scale`: bulk data for the benchmarks, as many of each as the counts say.
pub(super) async fn seed_scale(
    settings: Arc<Settings>,
    clock: Clock,
    counts: ScaleCounts,
) -> anyhow::Result<()> {
    let ScaleCounts {
        organisations,
        users,
        audit_rows,
        rooms,
        posts,
        big_room_posts,
        vitals,
    } = counts;
    let pool = open_pool(&settings, 2)?;
    migrate(&settings, &pool).await?;
    let s = settings.clone();
    tokio::task::spawn_blocking(move || {
        crate::seed::seed_scale(
            &mut *pool.get()?,
            &s,
            organisations,
            users,
            audit_rows,
            clock.now(),
        )?;
        crate::seed::seed_scale_rooms(
            &mut *pool.get()?,
            rooms,
            posts,
            big_room_posts,
            clock.now(),
        )?;
        crate::seed::seed_scale_vitals(&mut *pool.get()?, vitals, clock.now())
    })
    .await??;
    println!(
        "renkei: added {organisations} organisations, {users} users (scale-user-N, demo password), {audit_rows} audit rows, {rooms} rooms, {posts} posts, {vitals} vitals"
    );
    Ok(())
}

/// `demo-code LOGIN_ID`: the current second-factor code of a demo account.
pub(super) async fn demo_code(settings: Arc<Settings>, login_id: String) -> anyhow::Result<()> {
    let pool = open_pool(&settings, 1)?;
    let user = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
        Ok(User::find_by_login(&mut *pool.get()?, &login_id)?)
    })
    .await??;
    match user {
        Some(u) if u.is_demo => {
            let now = chrono::Utc::now().timestamp() as u64;
            println!(
                "{}",
                crate::services::auth::totp_code_at(crate::seed::DEMO_TOTP_SECRET, now)
            );
            Ok(())
        }
        _ => anyhow::bail!("demo-code only works for demo accounts"),
    }
}

pub(super) fn print_demo_help(settings: &Settings, created: &[String]) {
    if created.is_empty() {
        println!("Demo data already present; nothing added.");
    } else {
        println!("Demo accounts created: {}", created.join(", "));
    }
    println!();
    println!("Log in at {}/login", settings.http.public_url);
    println!("  login IDs : city-admin (S管理者), assoc-admin (管理者), dr-tanaka, ns-suzuki,");
    println!("              pt-watanabe, ph-sato, cm-takahashi, hh-ito");
    println!("  password  : {}", crate::seed::DEMO_PASSWORD);
    println!(
        "  2nd factor: TOTP secret {} (add it to an authenticator app),",
        crate::seed::DEMO_TOTP_SECRET
    );
    println!("              or print the current code with: renkei demo-code city-admin");
    println!(
        "First login with a 認証コード: {}/activate  login ID {}  code {}",
        settings.http.public_url,
        crate::seed::DEMO_PENDING_LOGIN,
        crate::seed::DEMO_ACTIVATION_CODE
    );
}
