//! Survey kinds and the scores each accepts.

use serde::{Deserialize, Serialize};
use std::ops::RangeInclusive;

/// What a survey asks: likelihood to recommend, satisfaction with one interaction, or why a customer left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SurveyKind {
    Nps,
    Csat,
    Exit,
}

impl SurveyKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SurveyKind::Nps => "nps",
            SurveyKind::Csat => "csat",
            SurveyKind::Exit => "exit",
        }
    }

    pub fn parse(text: &str) -> Option<SurveyKind> {
        match text {
            "nps" => Some(SurveyKind::Nps),
            "csat" => Some(SurveyKind::Csat),
            "exit" => Some(SurveyKind::Exit),
            _ => None,
        }
    }

    /// The scores this kind accepts; exit surveys ask for a reason instead of a score.
    pub fn score_range(self) -> Option<RangeInclusive<i16>> {
        match self {
            SurveyKind::Nps => Some(0..=10),
            SurveyKind::Csat => Some(1..=5),
            SurveyKind::Exit => None,
        }
    }

    /// Parses a score typed or linked for this kind; `None` when it is not a whole number in range.
    pub fn parse_score(self, text: &str) -> Option<i16> {
        let range = self.score_range()?;
        let text = text.trim();
        // Only plain ASCII digits: "+5", "5.0" and "٥" are not scores.
        if text.is_empty() || text.len() > 2 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        text.parse::<i16>().ok().filter(|score| range.contains(score))
    }
}

/// NPS category of a 0–10 score: promoters 9–10, passives 7–8, detractors 0–6.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NpsCategory {
    Promoter,
    Passive,
    Detractor,
}

impl NpsCategory {
    pub fn of(score: i16) -> NpsCategory {
        match score {
            9.. => NpsCategory::Promoter,
            7..=8 => NpsCategory::Passive,
            _ => NpsCategory::Detractor,
        }
    }
}

/// One possible answer to "why are you leaving", as the survey defines it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExitReason {
    pub code: String,
    pub ja: String,
    pub en: String,
}

/// The reasons every new exit survey starts with.
pub fn default_exit_reasons() -> Vec<ExitReason> {
    let ja = koe_views::default_exit_reasons(koe_views::Lang::Ja);
    let en = koe_views::default_exit_reasons(koe_views::Lang::En);
    ja.into_iter()
        .zip(en)
        .map(|((code, ja), (_, en))| ExitReason { code: code.to_owned(), ja: ja.to_owned(), en: en.to_owned() })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nps_scores_are_whole_numbers_from_0_to_10() {
        assert_eq!(SurveyKind::Nps.parse_score("0"), Some(0));
        assert_eq!(SurveyKind::Nps.parse_score("10"), Some(10));
        assert_eq!(SurveyKind::Nps.parse_score(" 7 "), Some(7));
        for bad in ["11", "-1", "", "abc", "5.0", "+5", "05x", "١", "999999999999"] {
            assert_eq!(SurveyKind::Nps.parse_score(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn csat_scores_run_from_1_to_5_and_exit_has_none() {
        assert_eq!(SurveyKind::Csat.parse_score("1"), Some(1));
        assert_eq!(SurveyKind::Csat.parse_score("5"), Some(5));
        assert_eq!(SurveyKind::Csat.parse_score("0"), None);
        assert_eq!(SurveyKind::Csat.parse_score("6"), None);
        assert_eq!(SurveyKind::Exit.parse_score("3"), None);
    }

    #[test]
    fn nps_categories_follow_the_standard_cut_points() {
        let categories: Vec<_> = (0..=10).map(NpsCategory::of).collect();
        assert_eq!(categories[..7], [NpsCategory::Detractor; 7]);
        assert_eq!(categories[7..9], [NpsCategory::Passive; 2]);
        assert_eq!(categories[9..], [NpsCategory::Promoter; 2]);
    }

    #[test]
    fn default_exit_reasons_have_both_languages() {
        let reasons = default_exit_reasons();
        assert_eq!(reasons.len(), 7);
        assert_eq!(reasons[0].code, "price");
        assert_eq!(reasons[0].ja, "価格");
        assert!(reasons.iter().all(|r| !r.en.is_empty()));
    }
}
