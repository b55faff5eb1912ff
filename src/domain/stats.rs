//! Survey statistics, as DESIGN.md defines them.
//!
//! NPS = 100 × (P − D) / n, where n counts only answers that carry a score. Its 95 % margin of
//! error is the Wald figure people quote, 196 × sqrt((p + d − (p − d)²) / n). The interval
//! drawn on charts is the adjusted-Wald interval (Rocks 2016): add 3 to n and 0.75 to each of
//! P and D, then centre ± 1.96 × the same standard error, clamped to −100..100.

/// Below this many scored answers a figure is flagged as unreliable.
pub const SMALL_SAMPLE: i64 = 30;
const Z_95: f64 = 1.96;

/// Counts of NPS answers with a score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NpsCounts {
    pub promoters: i64,
    pub passives: i64,
    pub detractors: i64,
}

/// NPS with its uncertainty, in points (−100..100); `None` without answers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NpsFigures {
    pub n: i64,
    pub nps: Option<f64>,
    pub margin_of_error: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    pub small_sample: bool,
}

impl NpsCounts {
    pub fn n(&self) -> i64 {
        self.promoters + self.passives + self.detractors
    }

    pub fn figures(&self) -> NpsFigures {
        let n = self.n();
        if n == 0 {
            return NpsFigures { n, nps: None, margin_of_error: None, ci_low: None, ci_high: None, small_sample: true };
        }
        let (p, d) = (self.promoters as f64 / n as f64, self.detractors as f64 / n as f64);
        let wald_se = ((p + d - (p - d).powi(2)) / n as f64).sqrt();
        let adjusted_n = n as f64 + 3.0;
        let (adjusted_p, adjusted_d) = ((self.promoters as f64 + 0.75) / adjusted_n, (self.detractors as f64 + 0.75) / adjusted_n);
        let centre = adjusted_p - adjusted_d;
        let adjusted_se = ((adjusted_p + adjusted_d - centre.powi(2)) / adjusted_n).sqrt();
        NpsFigures {
            n,
            nps: Some(100.0 * (p - d)),
            margin_of_error: Some(100.0 * Z_95 * wald_se),
            ci_low: Some((100.0 * (centre - Z_95 * adjusted_se)).max(-100.0)),
            ci_high: Some((100.0 * (centre + Z_95 * adjusted_se)).min(100.0)),
            small_sample: n < SMALL_SAMPLE,
        }
    }
}

/// How much a figure moved between two periods, and whether the move is larger than the
/// 95 % margin of error of the difference (the two periods' standard errors combined).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change {
    /// Current minus previous, in points (NPS) or percentage points (CSAT).
    pub points: f64,
    pub margin_of_error: f64,
    /// The move is larger than its margin: unlikely to be chance alone.
    pub significant: bool,
}

impl Change {
    fn between(current: (f64, f64), previous: (f64, f64)) -> Change {
        let ((value, variance), (before, variance_before)) = (current, previous);
        let margin_of_error = 100.0 * Z_95 * (variance + variance_before).sqrt();
        let points = 100.0 * (value - before);
        Change { points, margin_of_error, significant: points.abs() > margin_of_error }
    }
}

impl NpsCounts {
    /// NPS (as a fraction) and the variance of its estimate; `None` without answers.
    fn estimate(&self) -> Option<(f64, f64)> {
        let n = self.n();
        (n > 0).then(|| {
            let (p, d) = (self.promoters as f64 / n as f64, self.detractors as f64 / n as f64);
            (p - d, (p + d - (p - d).powi(2)) / n as f64)
        })
    }

    /// The change in NPS since `previous`; `None` when either period has no answers.
    pub fn change_since(&self, previous: &NpsCounts) -> Option<Change> {
        Some(Change::between(self.estimate()?, previous.estimate()?))
    }
}

/// CSAT answers (1–5) by score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CsatCounts {
    /// `by_score[i]` answers gave the score `i + 1`.
    pub by_score: [i64; 5],
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CsatFigures {
    pub n: i64,
    /// Share of 4 and 5, in per cent.
    pub top2_box: Option<f64>,
    pub mean: Option<f64>,
    pub small_sample: bool,
}

impl CsatCounts {
    /// The top-2-box share and the variance of its estimate; `None` without answers.
    fn estimate(&self) -> Option<(f64, f64)> {
        let n: i64 = self.by_score.iter().sum();
        (n > 0).then(|| {
            let share = (self.by_score[3] + self.by_score[4]) as f64 / n as f64;
            (share, share * (1.0 - share) / n as f64)
        })
    }

    /// The change in the top-2-box share since `previous`; `None` when either has no answers.
    pub fn change_since(&self, previous: &CsatCounts) -> Option<Change> {
        Some(Change::between(self.estimate()?, previous.estimate()?))
    }

    pub fn figures(&self) -> CsatFigures {
        let n: i64 = self.by_score.iter().sum();
        if n == 0 {
            return CsatFigures { n, top2_box: None, mean: None, small_sample: true };
        }
        let total: i64 = self.by_score.iter().zip(1..).map(|(count, score)| count * score).sum();
        CsatFigures {
            n,
            top2_box: Some(100.0 * (self.by_score[3] + self.by_score[4]) as f64 / n as f64),
            mean: Some(total as f64 / n as f64),
            small_sample: n < SMALL_SAMPLE,
        }
    }
}

/// Accounts and revenue at the start of a period, and what left during it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChurnCounts {
    pub accounts_at_start: i64,
    pub churned: i64,
    pub mrr_at_start: i64,
    pub mrr_lost: i64,
}

impl ChurnCounts {
    /// Customer churn: accounts churned in the period over accounts at its start, in per cent.
    pub fn customer_churn_rate(&self) -> Option<f64> {
        (self.accounts_at_start > 0).then(|| 100.0 * self.churned as f64 / self.accounts_at_start as f64)
    }

    /// Revenue churn: MRR lost in the period over MRR at its start, in per cent.
    pub fn revenue_churn_rate(&self) -> Option<f64> {
        (self.mrr_at_start > 0).then(|| 100.0 * self.mrr_lost as f64 / self.mrr_at_start as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-3)
    }

    #[test]
    fn nps_and_its_margins_match_a_hand_computation() {
        // 50 promoters, 30 passives, 20 detractors: p = 0.5, d = 0.2, NPS = 30.
        // Wald: 196 × sqrt((0.7 − 0.09) / 100) = 196 × 0.078102 = 15.308.
        // Adjusted: n' = 103, p' = 50.75/103 = 0.492718, d' = 20.75/103 = 0.201456, c = 0.291262;
        //   se' = sqrt((0.694175 − 0.084834) / 103) = sqrt(0.005915) = 0.076915;
        //   interval = 100 × (0.291262 ± 1.96 × 0.076915) = 14.051 .. 44.201.
        let figures = NpsCounts { promoters: 50, passives: 30, detractors: 20 }.figures();
        assert_eq!(figures.n, 100);
        assert!(close(figures.nps, 30.0));
        assert!(close(figures.margin_of_error, 15.308), "{:?}", figures.margin_of_error);
        assert!(close(figures.ci_low, 14.051), "{:?}", figures.ci_low);
        assert!(close(figures.ci_high, 44.201), "{:?}", figures.ci_high);
        assert!(!figures.small_sample);
    }

    #[test]
    fn no_answers_give_no_figures_and_one_answer_is_flagged() {
        let none = NpsCounts::default().figures();
        assert_eq!((none.n, none.nps, none.margin_of_error), (0, None, None));
        let one = NpsCounts { promoters: 1, passives: 0, detractors: 0 }.figures();
        assert!(close(one.nps, 100.0));
        assert!(close(one.margin_of_error, 0.0), "the Wald margin collapses at p = 1: why charts use adjusted-Wald");
        assert!(one.ci_low.is_some_and(|low| low < 50.0), "{:?}", one.ci_low);
        assert!(one.small_sample);
    }

    #[test]
    fn all_promoters_keep_the_interval_inside_the_scale() {
        let figures = NpsCounts { promoters: 40, passives: 0, detractors: 0 }.figures();
        assert!(close(figures.nps, 100.0));
        assert!(figures.ci_high.is_some_and(|high| high <= 100.0));
        assert!(figures.ci_low.is_some_and(|low| low < 100.0 && low > 80.0), "{:?}", figures.ci_low);
        let all_detractors = NpsCounts { promoters: 0, passives: 0, detractors: 40 }.figures();
        assert!(all_detractors.ci_low.is_some_and(|low| low >= -100.0));
    }

    #[test]
    fn a_change_counts_only_when_larger_than_its_margin() {
        // Now 50/30/20 (NPS 30, variance 0.0061); before 40/30/30 (NPS 10, variance 0.0069).
        // Difference 20 points; margin 196 × sqrt(0.013) = 196 × 0.114018 = 22.347: not significant.
        let now = NpsCounts { promoters: 50, passives: 30, detractors: 20 };
        let before = NpsCounts { promoters: 40, passives: 30, detractors: 30 };
        let change = now.change_since(&before).unwrap();
        assert!((change.points - 20.0).abs() < 1e-9);
        assert!((change.margin_of_error - 22.347).abs() < 1e-3, "{}", change.margin_of_error);
        assert!(!change.significant);
        // Ten times the answers: the same move is now well beyond its margin (7.067).
        let big = |c: NpsCounts| NpsCounts { promoters: c.promoters * 10, passives: c.passives * 10, detractors: c.detractors * 10 };
        assert!(big(now).change_since(&big(before)).unwrap().significant);
        assert_eq!(now.change_since(&NpsCounts::default()), None);
    }

    #[test]
    fn csat_change_compares_top_two_box_shares() {
        // 80 % of 100 against 60 % of 100: 20 points, margin 196 × sqrt(0.0016 + 0.0024) = 12.396.
        let now = CsatCounts { by_score: [5, 5, 10, 40, 40] };
        let before = CsatCounts { by_score: [10, 10, 20, 30, 30] };
        let change = now.change_since(&before).unwrap();
        assert!((change.points - 20.0).abs() < 1e-9);
        assert!((change.margin_of_error - 12.396).abs() < 1e-3, "{}", change.margin_of_error);
        assert!(change.significant);
    }

    #[test]
    fn churn_rates_are_shares_of_what_there_was_at_the_start() {
        let month = ChurnCounts { accounts_at_start: 40, churned: 3, mrr_at_start: 2_000_000, mrr_lost: 150_000 };
        assert!(close(month.customer_churn_rate(), 7.5));
        assert!(close(month.revenue_churn_rate(), 7.5));
        let empty = ChurnCounts::default();
        assert_eq!((empty.customer_churn_rate(), empty.revenue_churn_rate()), (None, None));
    }

    #[test]
    fn csat_is_the_top_two_box_share_and_the_mean() {
        // 1×1, 1×2, 2×3, 4×4, 2×5: n = 10, top-2 = 6/10, mean = (1 + 2 + 6 + 16 + 10) / 10 = 3.5.
        let figures = CsatCounts { by_score: [1, 1, 2, 4, 2] }.figures();
        assert_eq!(figures.n, 10);
        assert!(close(figures.top2_box, 60.0));
        assert!(close(figures.mean, 3.5));
        assert_eq!(CsatCounts::default().figures().top2_box, None);
    }
}
