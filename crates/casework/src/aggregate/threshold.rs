//! The suppression threshold: counts from 1 up to one below it are never published.

use super::AggregateError;
use serde::Serialize;

/// Counts from 1 to `threshold - 1` are suppressed. Default 5; never below 3.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Threshold(u64);

impl Threshold {
    /// The lowest threshold allowed: below it, counts of 1 and 2 people would show.
    pub const MINIMUM: u64 = 3;
    /// The default threshold.
    pub const DEFAULT: u64 = 5;

    /// A threshold of `value`; refused below [`Threshold::MINIMUM`].
    pub fn new(value: u64) -> Result<Self, AggregateError> {
        if value < Self::MINIMUM {
            return Err(AggregateError::ThresholdTooLow {
                given: value,
                minimum: Self::MINIMUM,
            });
        }
        Ok(Threshold(value))
    }

    /// The threshold's value.
    pub fn get(self) -> u64 {
        self.0
    }
}

impl Default for Threshold {
    fn default() -> Self {
        Threshold(Self::DEFAULT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_threshold_below_three_is_refused() {
        for low in 0..3 {
            assert!(matches!(
                Threshold::new(low),
                Err(AggregateError::ThresholdTooLow { given, minimum: 3 }) if given == low
            ));
        }
        assert_eq!(Threshold::new(3).map(Threshold::get), Ok(3));
        assert_eq!(Threshold::default().get(), 5);
    }
}
