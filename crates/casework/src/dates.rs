//! Dates of events as people remember them: a day, a month or a year; never in the future.
//!
//! People often know only "March" or "last year", so an event date may be a whole month
//! or year. `today` is always passed in: this crate reads no clock.

use parasol_core::FieldError;
use serde::{Deserialize, Serialize};
use time::{Date, Month};

// Dates travel as `YYYY-MM-DD` text in JSON, not as time's (year, ordinal) tuple.
time::serde::format_description!(pub(crate) ymd, Date, "[year]-[month]-[day]");

/// How precisely an event date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    /// A day: `2026-03-14`.
    Day,
    /// A month: `2026-03`.
    Month,
    /// A year: `2026`.
    Year,
}

/// An event date at day, month or year precision, known not to be in the future.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct EventDate {
    #[serde(with = "ymd")]
    first_day: Date,
    precision: DatePrecision,
}

const DATE_FORMS: &str = "a date as YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2026-03-14, 2026-03 or 2026";

impl EventDate {
    /// Reads `input` in `field`, refusing impossible dates (2026-02-30) and dates that
    /// start after `today`.
    pub fn parse(field: &str, input: &str, today: Date) -> Result<Self, FieldError> {
        let date = parse_calendar(field, input)?;
        if date.first_day > today {
            return Err(FieldError::new(
                field,
                input,
                format!("a date that has already happened (today is {today}); {DATE_FORMS}"),
            ));
        }
        Ok(date)
    }

    /// The first day the date covers.
    pub fn first_day(self) -> Date {
        self.first_day
    }

    /// The last day the date covers.
    pub fn last_day(self) -> Date {
        match self.precision {
            DatePrecision::Day => self.first_day,
            DatePrecision::Month => self
                .first_day
                .replace_day(self.first_day.month().length(self.first_day.year()))
                .unwrap_or(self.first_day),
            DatePrecision::Year => {
                Date::from_calendar_date(self.first_day.year(), Month::December, 31)
                    .unwrap_or(self.first_day)
            }
        }
    }

    /// How precisely it is known.
    pub fn precision(self) -> DatePrecision {
        self.precision
    }

    /// The month it falls in as `YYYY-MM` (the period used in aggregates), or the year
    /// as `YYYY` when only the year is known.
    pub fn period(self) -> String {
        match self.precision {
            DatePrecision::Year => format!("{:04}", self.first_day.year()),
            _ => format!(
                "{:04}-{:02}",
                self.first_day.year(),
                u8::from(self.first_day.month())
            ),
        }
    }
}

impl std::fmt::Display for EventDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let d = self.first_day;
        match self.precision {
            DatePrecision::Day => write!(
                f,
                "{:04}-{:02}-{:02}",
                d.year(),
                u8::from(d.month()),
                d.day()
            ),
            DatePrecision::Month => write!(f, "{:04}-{:02}", d.year(), u8::from(d.month())),
            DatePrecision::Year => write!(f, "{:04}", d.year()),
        }
    }
}

/// When an event happened: a start and, if it went on for a while, an end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct EventPeriod {
    start: EventDate,
    end: Option<EventDate>,
}

impl EventPeriod {
    /// Reads a start (field `start_field`) and an optional end (field `end_field`); an
    /// empty end means a single date. The end may not be before the start, and neither
    /// may be in the future.
    pub fn parse(
        start_field: &str,
        start: &str,
        end_field: &str,
        end: Option<&str>,
        today: Date,
    ) -> Result<Self, FieldError> {
        let start_date = EventDate::parse(start_field, start, today)?;
        let end_date = match end.map(str::trim).filter(|e| !e.is_empty()) {
            Some(text) => Some(EventDate::parse(end_field, text, today)?),
            None => None,
        };
        if let Some(end_date) = end_date {
            // An end of "2026-03" after a start of "2026-03-14" is fine: the month may
            // still contain days after the start.
            if end_date.last_day() < start_date.first_day() {
                return Err(FieldError::new(
                    end_field,
                    end.unwrap_or_default(),
                    format!(
                        "a date on or after the start ({start_date}), or nothing for a single date"
                    ),
                ));
            }
        }
        Ok(EventPeriod {
            start: start_date,
            end: end_date,
        })
    }

    /// When it started.
    pub fn start(self) -> EventDate {
        self.start
    }

    /// When it ended, if it went on for a while.
    pub fn end(self) -> Option<EventDate> {
        self.end
    }
}

/// Reads a calendar date (`YYYY-MM-DD`) with no precision games: for consent dates,
/// review dates and the like. Refuses impossible dates.
pub fn parse_day(field: &str, input: &str) -> Result<Date, FieldError> {
    let date = parse_calendar(field, input)?;
    if date.precision != DatePrecision::Day {
        return Err(FieldError::new(
            field,
            input,
            "a full date as YYYY-MM-DD, e.g. 2026-03-14",
        ));
    }
    Ok(date.first_day)
}

/// Reads `YYYY-MM-DD`, `YYYY-MM` or `YYYY` with no check against today.
fn parse_calendar(field: &str, input: &str) -> Result<EventDate, FieldError> {
    let refuse = |why: &str| FieldError::new(field, input, format!("{why}{DATE_FORMS}"));
    let text = input.trim();
    let parts: Vec<&str> = text.split('-').collect();
    let number = |part: &str, digits: usize| -> Option<u32> {
        (part.len() == digits && part.chars().all(|c| c.is_ascii_digit()))
            .then(|| part.parse().ok())
            .flatten()
    };
    let year = parts
        .first()
        .and_then(|y| number(y, 4))
        .filter(|y| *y >= 1900)
        .ok_or_else(|| refuse(""))?;
    let year = i32::try_from(year).map_err(|_| refuse(""))?;
    let month = match parts.get(1) {
        Some(m) => {
            let m = number(m, 2).ok_or_else(|| refuse(""))?;
            let m = u8::try_from(m).map_err(|_| refuse(""))?;
            Some(Month::try_from(m).map_err(|_| refuse("a month from 01 to 12; "))?)
        }
        None => None,
    };
    let day = match parts.get(2) {
        Some(d) => Some(number(d, 2).ok_or_else(|| refuse(""))?),
        None => None,
    };
    if parts.len() > 3 {
        return Err(refuse(""));
    }
    let (first_day, precision) = match (month, day) {
        (None, _) => (
            Date::from_calendar_date(year, Month::January, 1).map_err(|_| refuse(""))?,
            DatePrecision::Year,
        ),
        (Some(month), None) => (
            Date::from_calendar_date(year, month, 1).map_err(|_| refuse(""))?,
            DatePrecision::Month,
        ),
        (Some(month), Some(day)) => {
            let day = u8::try_from(day).map_err(|_| refuse(""))?;
            let date = Date::from_calendar_date(year, month, day).map_err(|_| {
                refuse(&format!(
                    "a day that exists ({} {year} has {} days); ",
                    month,
                    month.length(year)
                ))
            })?;
            (date, DatePrecision::Day)
        }
    };
    Ok(EventDate {
        first_day,
        precision,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 06 - 15);

    #[test]
    fn an_impossible_date_is_refused_naming_the_field_and_what_was_read() {
        let err = EventDate::parse("happened_on", "2026-02-30", TODAY).unwrap_err();
        assert_eq!(err.field, "happened_on");
        assert_eq!(err.read, "2026-02-30");
        assert!(
            err.expected.contains("February 2026 has 28 days"),
            "{}",
            err.expected
        );
        assert!(EventDate::parse("happened_on", "2026-13", TODAY).is_err());
        assert!(EventDate::parse("happened_on", "14/03/2026", TODAY).is_err());
        assert!(EventDate::parse("happened_on", "", TODAY).is_err());
        assert!(EventDate::parse("happened_on", "2026-3-1", TODAY).is_err());
    }

    #[test]
    fn a_date_in_the_future_is_refused() {
        let err = EventDate::parse("happened_on", "2026-06-16", TODAY).unwrap_err();
        assert!(err.expected.contains("already happened"));
        assert!(EventDate::parse("happened_on", "2027", TODAY).is_err());
        assert!(EventDate::parse("happened_on", "2026-07", TODAY).is_err());
    }

    #[test]
    fn today_this_month_and_this_year_are_accepted() {
        assert!(EventDate::parse("happened_on", "2026-06-15", TODAY).is_ok());
        let month = EventDate::parse("happened_on", "2026-06", TODAY).unwrap();
        assert_eq!(month.last_day(), date!(2026 - 06 - 30));
        let year = EventDate::parse("happened_on", "2026", TODAY).unwrap();
        assert_eq!(year.precision(), DatePrecision::Year);
        assert_eq!(year.last_day(), date!(2026 - 12 - 31));
        assert_eq!(year.period(), "2026");
        assert_eq!(month.period(), "2026-06");
    }

    #[test]
    fn a_leap_day_exists_only_in_leap_years() {
        assert!(EventDate::parse("happened_on", "2024-02-29", TODAY).is_ok());
        assert!(EventDate::parse("happened_on", "2025-02-29", TODAY).is_err());
    }

    #[test]
    fn a_period_ending_before_it_starts_is_refused_on_the_end_field() {
        let err = EventPeriod::parse("from", "2026-03-14", "until", Some("2026-03-01"), TODAY)
            .unwrap_err();
        assert_eq!(err.field, "until");
        assert_eq!(err.read, "2026-03-01");
        assert!(err.expected.contains("on or after the start (2026-03-14)"));
    }

    #[test]
    fn a_period_may_end_in_the_month_it_started_or_be_a_single_date() {
        let p = EventPeriod::parse("from", "2026-03-14", "until", Some("2026-03"), TODAY).unwrap();
        assert_eq!(
            p.end().map(EventDate::precision),
            Some(DatePrecision::Month)
        );
        let single = EventPeriod::parse("from", "2026-03-14", "until", Some("  "), TODAY).unwrap();
        assert_eq!(single.end(), None);
    }

    #[test]
    fn a_full_day_is_needed_where_a_day_is_asked_for() {
        assert_eq!(
            parse_day("given_on", "2026-03-14"),
            Ok(date!(2026 - 03 - 14))
        );
        assert_eq!(
            parse_day("given_on", "2026-03").unwrap_err().field,
            "given_on"
        );
        assert!(parse_day("given_on", "2026-04-31").is_err());
    }
}
