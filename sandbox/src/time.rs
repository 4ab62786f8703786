//! The sandbox's clock, and timestamps as MultiSafepay writes them: `YYYY-MM-DDTHH:MM:SS`, no
//! zone (the sandbox uses UTC).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The time every part of a sandbox reads (orders' `created` and `modified`, expiry,
/// notifications' `timestamp`): the system's clock plus an offset that tests move forward
/// ([`Sandbox::advance_clock`](crate::Sandbox::advance_clock)). It never goes back, except on a
/// reset.
#[derive(Debug, Default)]
pub(crate) struct Clock {
    offset: AtomicU64,
}

impl Clock {
    /// Unix seconds, as the sandbox sees them.
    pub(crate) fn now(&self) -> u64 {
        now().saturating_add(self.offset())
    }

    /// How far it was moved forward, in seconds.
    pub(crate) fn offset(&self) -> u64 {
        self.offset.load(Ordering::Relaxed)
    }

    /// Moves it forward by `seconds`.
    pub(crate) fn advance(&self, seconds: u64) {
        let _ = self
            .offset
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |o| {
                Some(o.saturating_add(seconds))
            });
    }

    /// Sets the offset (a reset, or a restart from a state file).
    pub(crate) fn set_offset(&self, seconds: u64) {
        self.offset.store(seconds, Ordering::Relaxed);
    }
}

/// Seconds since the Unix epoch, now (0 if the clock is before 1970).
pub(crate) fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// `YYYY-MM-DDTHH:MM:SS` in UTC, as `GET /orders/{id}` shows `created` and `modified`
/// (a listing page writes two a transaction, so the digits are placed without `format!`).
pub(crate) fn format(unix: u64) -> String {
    let days = unix / 86_400;
    let secs = unix % 86_400;
    let (year, month, day) = civil_from_days(days);
    if year > 9999 {
        return format!(
            "{year}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        );
    }
    let mut text = *b"0000-00-00T00:00:00";
    let mut put = |at: usize, width: usize, mut value: u64| {
        for i in (at..at + width).rev() {
            text[i] = b'0' + (value % 10) as u8;
            value /= 10;
        }
    };
    put(0, 4, year);
    put(5, 2, month);
    put(8, 2, day);
    put(11, 2, secs / 3600);
    put(14, 2, secs / 60 % 60);
    put(17, 2, secs % 60);
    // Only ASCII digits and separators were written.
    std::str::from_utf8(&text).unwrap_or_default().to_owned()
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_moves_forward_by_its_offset() {
        let clock = Clock::default();
        let before = clock.now();
        clock.advance(86_400);
        assert!(clock.now() >= before + 86_400);
        assert_eq!(clock.offset(), 86_400);
        clock.advance(u64::MAX);
        assert_eq!(clock.offset(), u64::MAX);
        clock.set_offset(0);
        assert!(clock.now() < before + 86_400);
    }

    #[test]
    fn formats_like_the_docs() {
        assert_eq!(format(0), "1970-01-01T00:00:00");
        // The getOrder example's `completed`, 2025-05-14T08:50:32.
        assert_eq!(format(1_747_212_632), "2025-05-14T08:50:32");
        assert_eq!(format(951_782_400), "2000-02-29T00:00:00");
        assert_eq!(format(4_107_542_399), "2100-02-28T23:59:59");
        assert_eq!(format(253_402_300_799), "9999-12-31T23:59:59");
        assert_eq!(format(253_402_300_800), "10000-01-01T00:00:00");
    }

    #[test]
    fn formats_as_the_format_macro_would() {
        let mut unix = 0u64;
        while unix < 253_402_300_800 {
            let days = unix / 86_400;
            let secs = unix % 86_400;
            let (year, month, day) = civil_from_days(days);
            let expected = std::format!(
                "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
                secs / 3600,
                secs / 60 % 60,
                secs % 60
            );
            assert_eq!(format(unix), expected);
            unix += 7_777_777 + unix % 86_399;
        }
    }
}
