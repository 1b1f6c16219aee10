//! Rate limits, keyed per member, configured in one place.

use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::num::NonZeroU32;
use std::time::Duration;

/// Every rate limit of the server.
pub struct Limits {
    screening: DefaultKeyedRateLimiter<i64>,
}

impl Limits {
    /// `screens_per_minute` direct screenings per member, with the same burst.
    pub fn new(screens_per_minute: u32) -> Self {
        let per_minute = NonZeroU32::new(screens_per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        Limits {
            screening: RateLimiter::keyed(Quota::per_minute(per_minute)),
        }
    }

    /// `Ok` if the member may screen now; otherwise how long to wait.
    pub fn screening(&self, member: i64) -> Result<(), Duration> {
        self.screening.check_key(&member).map_err(|not_until| {
            not_until.wait_time_from(governor::clock::Clock::now(
                &governor::clock::DefaultClock::default(),
            ))
        })
    }
}
