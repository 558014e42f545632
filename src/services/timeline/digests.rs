//! The daily digests: at the configured hour (Japan time), one mail per user who chose it with
//! how many posts others wrote in each room, claimed first so two workers never send the same.

use super::*;

/// Sends the daily digests that are due: at `settings.worker.digest_hour` (Japan time) each user
/// who chose a digest gets one mail listing, by neutral room label, how many posts others wrote
/// since their last digest in the rooms whose 連絡帳 they may open — no content, no names. Each user's digest is claimed by a guarded
/// update first, so two workers never send the same one. Returns how many were sent.
pub fn send_due_digests(
    conn: &mut DbConnection,
    settings: &Settings,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    use crate::schema::posts;
    let jst_now = crate::domain::jst::from_utc(now);
    let hour = settings.worker.digest_hour;
    let Some(due_jst) = jst_now.date().and_hms_opt(hour, 0, 0) else {
        return Ok(0);
    };
    if jst_now < due_jst {
        return Ok(0);
    }
    let due = crate::domain::jst::to_utc(due_jst);
    let waiting: Vec<(i64, Option<NaiveDateTime>)> = notification_settings::table
        .filter(notification_settings::digest.eq(true))
        .filter(
            notification_settings::digest_sent_at
                .is_null()
                .or(notification_settings::digest_sent_at.lt(due)),
        )
        .select((
            notification_settings::user_id,
            notification_settings::digest_sent_at,
        ))
        .load(conn)?;
    let mut sent = 0;
    for (user_id, last) in waiting {
        let since = last.unwrap_or(due - chrono::TimeDelta::days(1));
        let done = write_tx(conn, |conn| -> QueryResult<bool> {
            let mark = notification_settings::digest_sent_at.eq(Some(now));
            let mine = notification_settings::table.find(user_id);
            let claimed = match last {
                Some(l) => diesel::update(mine.filter(notification_settings::digest_sent_at.eq(l)))
                    .set(mark)
                    .execute(conn)?,
                None => {
                    diesel::update(mine.filter(notification_settings::digest_sent_at.is_null()))
                        .set(mark)
                        .execute(conn)?
                }
            };
            if claimed != 1 {
                return Ok(false);
            }
            let Some(user) = User::find(conn, user_id)? else {
                return Ok(false);
            };
            if user.status() != crate::models::UserStatus::Active {
                return Ok(false);
            }
            // The rooms whose 連絡帳 the reader may open (the rule of the page and the counts).
            let rooms = crate::models::posts::readable_timelines(conn, user_id)?;
            let counts: Vec<(i64, i64)> = posts::table
                .filter(posts::room_id.eq_any(&rooms))
                .filter(posts::author_id.ne(user_id))
                .filter(posts::created_at.gt(since))
                .filter(posts::created_at.le(now))
                .group_by(posts::room_id)
                .select((posts::room_id, diesel::dsl::count_star()))
                .load(conn)?;
            let choice = NotificationChoice::of(conn, &user)?;
            let address = choice.address(&user).to_string();
            if counts.is_empty() || address.is_empty() {
                return Ok(false);
            }
            let job =
                crate::services::mails::digest(settings, &user, &address, &counts, jst_now.date());
            Outbox::push(conn, &job, now)?;
            Ok(true)
        })?;
        if done {
            sent += 1;
        }
    }
    Ok(sent)
}
