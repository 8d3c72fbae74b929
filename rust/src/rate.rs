//! The rate limit of one writer (`maxRowsPerSecond`, `maxBytesPerSecond`): token buckets that the
//! writer's driving task consults before it starts a row, so no thread or timer runs per limiter.
//! A bucket refills continuously at its rate and holds at most a tenth of a second's worth (at
//! least one row), so a paused writer does not burst far above the rate when it resumes. A row
//! larger than the bucket still goes, when the bucket is not in debt, and leaves it in debt: over
//! any span `t` the bucket admits at most `burst + rate * t + one row`.

use std::time::{Duration, Instant};

/// Tokens that refill at `rate` per second up to `burst`; taking may leave it in debt.
#[derive(Debug, Clone)]
pub struct TokenBucket {
    rate: f64,
    burst: f64,
    tokens: f64,
    last: Instant,
}

impl TokenBucket {
    /// A full bucket for `per_second` (at least 1) tokens a second.
    pub fn new(per_second: u64, now: Instant) -> TokenBucket {
        let rate = per_second.max(1) as f64;
        let burst = (rate / 10.0).max(1.0);
        TokenBucket {
            rate,
            burst,
            tokens: burst,
            last: now,
        }
    }

    /// The most it admits at once, after being idle.
    pub fn burst(&self) -> f64 {
        self.burst
    }

    fn refill(&mut self, now: Instant) {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.tokens = (self.tokens + elapsed * self.rate).min(self.burst);
        self.last = self.last.max(now);
    }

    /// None when a request may go now; else how long until the debt is paid.
    fn wait(&mut self, now: Instant) -> Option<Duration> {
        self.refill(now);
        if self.tokens >= 0.0 {
            None
        } else {
            Some(Duration::from_secs_f64(-self.tokens / self.rate))
        }
    }

    fn take(&mut self, cost: f64) {
        self.tokens -= cost;
    }
}

/// The row and byte limits of one writer; either may be absent.
#[derive(Debug, Clone)]
pub struct RateLimit {
    rows: Option<TokenBucket>,
    bytes: Option<TokenBucket>,
}

impl RateLimit {
    /// None when neither limit is set (the driving task then never consults a clock).
    pub fn new(
        rows_per_second: Option<u64>,
        bytes_per_second: Option<u64>,
        now: Instant,
    ) -> Option<RateLimit> {
        if rows_per_second.is_none() && bytes_per_second.is_none() {
            return None;
        }
        Some(RateLimit {
            rows: rows_per_second.map(|r| TokenBucket::new(r, now)),
            bytes: bytes_per_second.map(|b| TokenBucket::new(b, now)),
        })
    }

    /// Admits one row of `bytes` (taking its tokens) and answers None, or answers how long to
    /// wait before asking again (taking nothing).
    pub fn admit(&mut self, bytes: u64, now: Instant) -> Option<Duration> {
        self.admit_rows(1, bytes, now)
    }

    /// Like [`admit`](Self::admit) for a request of `rows` rows (a grouped batch) and `bytes`.
    pub fn admit_rows(&mut self, rows: u64, bytes: u64, now: Instant) -> Option<Duration> {
        let rows_wait = self.rows.as_mut().and_then(|b| b.wait(now));
        let bytes_wait = self.bytes.as_mut().and_then(|b| b.wait(now));
        match (rows_wait, bytes_wait) {
            (None, None) => {
                if let Some(bucket) = self.rows.as_mut() {
                    bucket.take(rows as f64);
                }
                if let Some(b) = self.bytes.as_mut() {
                    b.take(bytes as f64);
                }
                None
            }
            (a, b) => Some(a.unwrap_or_default().max(b.unwrap_or_default())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Offers rows as fast as admitted, on the limiter's own clock advanced in `step`s; returns
    /// the rows admitted within `span`.
    fn admitted_within(
        limit: &mut RateLimit,
        row_bytes: u64,
        start: Instant,
        span: Duration,
    ) -> u64 {
        let step = Duration::from_millis(1);
        let mut now = start;
        let mut admitted = 0;
        while now <= start + span {
            while limit.admit(row_bytes, now).is_none() {
                admitted += 1;
            }
            now += step;
        }
        admitted
    }

    #[test]
    fn rows_per_second_hold_over_many_windows() {
        let start = Instant::now();
        let mut limit = RateLimit::new(Some(1_000), None, start).expect("a limit");
        let admitted = admitted_within(&mut limit, 10, start, Duration::from_secs(5));
        // At most burst (100) + 5 s * 1000 + one row in debt; at least the rate itself.
        assert!(admitted <= 100 + 5_000 + 1, "admitted {admitted}");
        assert!(admitted >= 5_000, "admitted {admitted}");
    }

    #[test]
    fn bytes_per_second_hold_and_a_large_row_still_goes() {
        let start = Instant::now();
        let mut limit = RateLimit::new(None, Some(10_000), start).expect("a limit");
        // 3 KiB rows: larger than the 1,000-byte burst, so each leaves the bucket in debt.
        let admitted = admitted_within(&mut limit, 3_000, start, Duration::from_secs(3));
        assert!(
            admitted * 3_000 <= 1_000 + 30_000 + 3_000,
            "admitted {admitted} rows"
        );
        assert!(admitted >= 9, "admitted {admitted} rows");
    }

    #[test]
    fn the_stricter_limit_wins_and_waits_are_reported() {
        let start = Instant::now();
        let mut limit = RateLimit::new(Some(100), Some(1_000_000), start).expect("a limit");
        let admitted = admitted_within(&mut limit, 1, start, Duration::from_secs(2));
        assert!(admitted <= 10 + 200 + 1, "admitted {admitted}");
        let mut drained = RateLimit::new(Some(10), None, start).expect("a limit");
        // The burst of one row, then one more into debt.
        assert_eq!(drained.admit(1, start), None);
        assert_eq!(drained.admit(1, start), None);
        let wait = drained.admit(1, start).expect("in debt");
        assert!(
            wait > Duration::ZERO && wait <= Duration::from_millis(100),
            "{wait:?}"
        );
        assert!(drained.admit(1, start + wait).is_none());
    }

    #[test]
    fn no_limit_set_means_no_limiter() {
        assert!(RateLimit::new(None, None, Instant::now()).is_none());
    }
}
