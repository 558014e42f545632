//! 療養のポイント: what to watch, the reference range per measure (either end open), when to
//! report and to whom; and which measures of an entry fall outside their ranges.

use super::*;

/// A reference range of 療養のポイント for one measure; either end may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Range {
    pub measure: Measure,
    pub low: Option<i32>,
    pub high: Option<i32>,
}

impl Range {
    pub fn outside(&self, v: i32) -> bool {
        self.low.is_some_and(|l| v < l) || self.high.is_some_and(|h| v > h)
    }
}

/// The measures of an entry outside their reference ranges.
pub fn outside(values: &[(Measure, i32)], ranges: &[Range]) -> Vec<Measure> {
    values
        .iter()
        .filter(|(m, v)| ranges.iter().any(|r| r.measure == *m && r.outside(*v)))
        .map(|(m, _)| *m)
        .collect()
}

/// 療養のポイント: what to watch, the reference range per measure, when to report and to whom.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CarePoints {
    pub observation: String,
    pub report_when: String,
    pub ranges: Vec<Range>,
    /// The members told when a vital falls outside its range.
    pub recipients: Vec<i64>,
}

impl CarePoints {
    pub fn range(&self, m: Measure) -> Option<&Range> {
        self.ranges.iter().find(|r| r.measure == m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_mark_what_is_outside() {
        let ranges = [
            Range {
                measure: Measure::Temperature,
                low: None,
                high: Some(375),
            },
            Range {
                measure: Measure::Spo2,
                low: Some(93),
                high: None,
            },
        ];
        assert_eq!(
            outside(
                &[
                    (Measure::Temperature, 380),
                    (Measure::Spo2, 95),
                    (Measure::Pulse, 140)
                ],
                &ranges
            ),
            vec![Measure::Temperature]
        );
        assert_eq!(
            outside(&[(Measure::Spo2, 92)], &ranges),
            vec![Measure::Spo2]
        );
    }
}
