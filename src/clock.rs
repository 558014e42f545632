//! The application's notion of "now". Production reads the system clock; tests move a manual
//! clock forward to check idle timeouts, TOTP steps and retention without sleeping.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDateTime, TimeDelta, Timelike, Utc};

#[derive(Clone, Default)]
pub struct Clock {
    manual: Option<Arc<Mutex<DateTime<Utc>>>>,
}

impl Clock {
    pub fn system() -> Clock {
        Clock { manual: None }
    }

    pub fn manual(start: DateTime<Utc>) -> Clock {
        Clock {
            manual: Some(Arc::new(Mutex::new(start))),
        }
    }

    /// Now, in UTC, truncated to microseconds so that it survives a round trip through either
    /// database unchanged (the audit hash depends on that).
    pub fn now_utc(&self) -> DateTime<Utc> {
        let t = match &self.manual {
            Some(m) => *m.lock().expect("clock lock"),
            None => Utc::now(),
        };
        let micros = t.nanosecond() / 1_000 * 1_000;
        t.with_nanosecond(micros).unwrap_or(t)
    }

    pub fn now(&self) -> NaiveDateTime {
        self.now_utc().naive_utc()
    }

    /// Today's date in Japan (UTC+9, no daylight saving): the date of the municipal offices.
    pub fn today(&self) -> chrono::NaiveDate {
        crate::domain::jst::date_of(self.now_utc().naive_utc())
    }

    /// Moves a manual clock forward; a system clock cannot be moved.
    pub fn advance(&self, by: TimeDelta) {
        if let Some(m) = &self.manual {
            let mut t = m.lock().expect("clock lock");
            *t += by;
        }
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.manual {
            Some(_) => write!(f, "Clock::manual({})", self.now_utc()),
            None => write!(f, "Clock::system"),
        }
    }
}
