//! Refusals of anonymous requests (a form without a valid CSRF token), counted in memory and
//! written to the audit trail in aggregate: the first refusal from an address in a window is
//! recorded as it happens, the rest as one row with their count when the window closes. A
//! flood of anonymous POSTs can then add at most a couple of rows per address per window to
//! the hash chain, instead of one row per request.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{NaiveDateTime, TimeDelta};

/// How long one address's refusals are gathered into one row.
pub const WINDOW: TimeDelta = TimeDelta::minutes(10);
/// Addresses tracked at once; beyond it refusals are only counted together.
const MAX_ADDRESSES: usize = 10_000;

#[derive(Debug, Default)]
pub struct Refusals {
    inner: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    by_address: HashMap<String, Window>,
    /// Refusals from addresses beyond [`MAX_ADDRESSES`], since `overflow_since`.
    overflow: u64,
    overflow_since: Option<NaiveDateTime>,
    /// When the windows were last swept for ones that have run out.
    swept: Option<NaiveDateTime>,
}

/// How often the whole table is swept (a flood is counted in O(1) per refusal in between).
const SWEEP_EVERY: TimeDelta = TimeDelta::minutes(1);

#[derive(Debug, Clone, Copy)]
struct Window {
    since: NaiveDateTime,
    /// Refusals after the first (which was written at once).
    more: u64,
}

/// What to write to the audit trail for one refusal.
#[derive(Debug, PartialEq, Eq)]
pub enum Record {
    /// The first refusal from this address in its window: one row, now.
    First,
    /// Counted only.
    Counted,
}

/// An aggregate row to write: `count` more refusals from `ip` between `since` and now.
#[derive(Debug, PartialEq, Eq)]
pub struct Summary {
    pub ip: String,
    pub count: u64,
    pub since: NaiveDateTime,
}

impl Refusals {
    /// Counts one refusal; returns what to write now, and the summaries of windows that closed.
    pub fn note(&self, ip: &str, now: NaiveDateTime) -> (Record, Vec<Summary>) {
        let mut state = match self.inner.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        };
        let mut closed = Vec::new();
        // This address's own window, if it has run out, closes now; the others at the next
        // sweep (at most once a minute, so the map stays small without costing every refusal).
        if let Some(w) = state.by_address.get(ip).copied()
            && now - w.since >= WINDOW
        {
            state.by_address.remove(ip);
            if w.more > 0 {
                closed.push(Summary {
                    ip: ip.to_string(),
                    count: w.more,
                    since: w.since,
                });
            }
        }
        if state.swept.is_none_or(|t| now - t >= SWEEP_EVERY) {
            state.swept = Some(now);
            state.by_address.retain(|addr, w| {
                if now - w.since < WINDOW {
                    return true;
                }
                if w.more > 0 {
                    closed.push(Summary {
                        ip: addr.clone(),
                        count: w.more,
                        since: w.since,
                    });
                }
                false
            });
        }
        if let Some(since) = state.overflow_since
            && now - since >= WINDOW
        {
            if state.overflow > 0 {
                closed.push(Summary {
                    ip: String::new(),
                    count: state.overflow,
                    since,
                });
            }
            state.overflow = 0;
            state.overflow_since = None;
        }
        let record = if let Some(w) = state.by_address.get_mut(ip) {
            w.more += 1;
            Record::Counted
        } else if state.by_address.len() < MAX_ADDRESSES {
            state.by_address.insert(
                ip.to_string(),
                Window {
                    since: now,
                    more: 0,
                },
            );
            Record::First
        } else {
            state.overflow += 1;
            state.overflow_since.get_or_insert(now);
            Record::Counted
        };
        (record, closed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_is_written_the_rest_counted_until_the_window_closes() {
        let r = Refusals::default();
        let t0 = chrono::NaiveDate::from_ymd_opt(2026, 12, 2)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        assert_eq!(r.note("203.0.113.1", t0), (Record::First, vec![]));
        for i in 1..=500 {
            let (rec, closed) = r.note("203.0.113.1", t0 + TimeDelta::milliseconds(i));
            assert_eq!(rec, Record::Counted);
            assert!(closed.is_empty());
        }
        assert_eq!(r.note("203.0.113.2", t0).0, Record::First);
        let (rec, closed) = r.note("203.0.113.1", t0 + WINDOW);
        assert_eq!(rec, Record::First, "a new window");
        assert_eq!(
            closed,
            vec![Summary {
                ip: "203.0.113.1".into(),
                count: 500,
                since: t0
            }]
        );
    }
}
