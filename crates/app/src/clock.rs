//! The time operations see: the system clock, or one a test or the demo moves by hand.

use parasol_store::Timestamp;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

/// Seconds since the Unix epoch, from the system or from a settable cell.
#[derive(Clone, Debug)]
pub struct Clock(Option<Arc<AtomicI64>>);

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Clock(None)
    }

    /// A clock fixed at `at` until [`Clock::set`] moves it.
    pub fn fixed(at: Timestamp) -> Self {
        Clock(Some(Arc::new(AtomicI64::new(at))))
    }

    /// Moves a fixed clock; does nothing to the system clock.
    pub fn set(&self, at: Timestamp) {
        if let Some(cell) = &self.0 {
            cell.store(at, Ordering::SeqCst);
        }
    }

    /// Now.
    pub fn now(&self) -> Timestamp {
        match &self.0 {
            Some(cell) => cell.load(Ordering::SeqCst),
            None => time::OffsetDateTime::now_utc().unix_timestamp(),
        }
    }

    /// Today's date (UTC).
    pub fn today(&self) -> time::Date {
        time::OffsetDateTime::from_unix_timestamp(self.now())
            .map(|t| t.date())
            .unwrap_or(time::Date::MIN)
    }
}
