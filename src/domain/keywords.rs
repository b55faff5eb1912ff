//! Which words a group of answers uses, and which it uses more than the rest.
//!
//! Counts are document frequencies: the number of answers whose comment mentions a term,
//! so that one long comment does not outweigh many short ones.
//!
//! Distinctiveness is the weighted log-odds ratio with an informative Dirichlet prior
//! (Monroe, Colaresi and Quinn 2008, "Fightin' Words", §3.5.3). The prior is the term's
//! count over all the answers compared (α_w = y_w, α_0 = n), which shrinks rare terms
//! towards "no difference" and keeps frequent words such as サービス from crowding out
//! what really differs. The z-score divides the log-odds by its approximate standard error.

use super::survey::{NpsCategory, SurveyKind};

/// The group of answers a keyword report looks at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Category {
    Nps(NpsCategory),
    /// CSAT 1–2.
    CsatDissatisfied,
    /// CSAT 3.
    CsatNeutral,
    /// CSAT 4–5.
    CsatSatisfied,
    /// Exit answers giving this reason code.
    ExitReason(String),
}

impl Category {
    /// Parses the `category` parameter for a survey of `kind`; exit surveys take a reason code.
    pub fn parse(kind: SurveyKind, text: &str, reason_codes: &[String]) -> Option<Category> {
        match kind {
            SurveyKind::Nps => match text {
                "promoter" => Some(Category::Nps(NpsCategory::Promoter)),
                "passive" => Some(Category::Nps(NpsCategory::Passive)),
                "detractor" => Some(Category::Nps(NpsCategory::Detractor)),
                _ => None,
            },
            SurveyKind::Csat => match text {
                "dissatisfied" => Some(Category::CsatDissatisfied),
                "neutral" => Some(Category::CsatNeutral),
                "satisfied" => Some(Category::CsatSatisfied),
                _ => None,
            },
            SurveyKind::Exit => reason_codes.iter().any(|code| code == text).then(|| Category::ExitReason(text.to_owned())),
        }
    }

    /// The categories a survey of `kind` has, as the API names them.
    pub fn names(kind: SurveyKind) -> &'static str {
        match kind {
            SurveyKind::Nps => "promoter, passive or detractor",
            SurveyKind::Csat => "dissatisfied (1-2), neutral (3) or satisfied (4-5)",
            SurveyKind::Exit => "one of the survey's reason codes",
        }
    }

    /// Whether an answer with this score and reason belongs to the category.
    pub fn contains(&self, score: Option<i16>, reason: Option<&str>) -> bool {
        match (self.selector(), score) {
            (CategorySelector::Scores(low, high), Some(score)) => (low..=high).contains(&score),
            (CategorySelector::Reason(code), _) => reason == Some(code),
            (CategorySelector::Scores(..), None) => false,
        }
    }

    /// The score range (inclusive) or reason this category selects, for the database.
    pub fn selector(&self) -> CategorySelector<'_> {
        match self {
            Category::Nps(NpsCategory::Detractor) => CategorySelector::Scores(0, 6),
            Category::Nps(NpsCategory::Passive) => CategorySelector::Scores(7, 8),
            Category::Nps(NpsCategory::Promoter) => CategorySelector::Scores(9, 10),
            Category::CsatDissatisfied => CategorySelector::Scores(1, 2),
            Category::CsatNeutral => CategorySelector::Scores(3, 3),
            Category::CsatSatisfied => CategorySelector::Scores(4, 5),
            Category::ExitReason(code) => CategorySelector::Reason(code),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Category::Nps(NpsCategory::Promoter) => "promoter",
            Category::Nps(NpsCategory::Passive) => "passive",
            Category::Nps(NpsCategory::Detractor) => "detractor",
            Category::CsatDissatisfied => "dissatisfied",
            Category::CsatNeutral => "neutral",
            Category::CsatSatisfied => "satisfied",
            Category::ExitReason(code) => code,
        }
    }
}

/// How the database picks a category's answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CategorySelector<'a> {
    Scores(i16, i16),
    Reason(&'a str),
}

/// How many answers mention a term, in the group and in the rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermCount {
    pub term: String,
    pub in_group: i64,
    pub in_rest: i64,
}

/// A term that sets the group apart, with the statistic behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Distinctive {
    pub term: String,
    pub in_group: i64,
    pub in_rest: i64,
    /// Log-odds of the term in the group minus in the rest (natural log), under the prior.
    pub log_odds: f64,
    /// `log_odds` over its standard error: beyond ±1.96 is unlikely to be chance.
    pub z: f64,
}

/// Ranks `counts` by how much more the group uses each term than the rest (z-score, highest
/// first). Terms the group never uses cannot set it apart and are left out.
pub fn distinctive(counts: &[TermCount]) -> Vec<Distinctive> {
    let n_group: f64 = counts.iter().map(|count| count.in_group as f64).sum();
    let n_rest: f64 = counts.iter().map(|count| count.in_rest as f64).sum();
    let alpha_0 = n_group + n_rest;
    let mut ranked: Vec<Distinctive> = counts
        .iter()
        .filter(|count| count.in_group > 0)
        .map(|count| {
            let (y_group, y_rest) = (count.in_group as f64, count.in_rest as f64);
            let alpha = y_group + y_rest;
            let odds_group = (y_group + alpha) / (n_group + alpha_0 - y_group - alpha);
            let odds_rest = (y_rest + alpha) / (n_rest + alpha_0 - y_rest - alpha);
            let log_odds = odds_group.ln() - odds_rest.ln();
            let variance = 1.0 / (y_group + alpha) + 1.0 / (y_rest + alpha);
            Distinctive {
                term: count.term.clone(),
                in_group: count.in_group,
                in_rest: count.in_rest,
                log_odds,
                z: log_odds / variance.sqrt(),
            }
        })
        .collect();
    ranked.sort_by(|a, b| b.z.total_cmp(&a.z).then_with(|| b.in_group.cmp(&a.in_group)).then_with(|| a.term.cmp(&b.term)));
    ranked
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(term: &str, in_group: i64, in_rest: i64) -> TermCount {
        TermCount { term: term.to_owned(), in_group, in_rest }
    }

    #[test]
    fn log_odds_and_z_match_a_hand_computation() {
        // n_group = 10 + 5 = 15, n_rest = 2 + 20 = 22, α0 = 37.
        // 請求書: y_g = 10, y_r = 2, α = 12.
        //   odds_g = 22 / (15 + 37 - 22) = 22 / 30;  odds_r = 14 / (22 + 37 - 14) = 14 / 45
        //   δ = ln(22/30) - ln(14/45) = ln(0.733333) - ln(0.311111) = -0.310155 + 1.167605 = 0.857450
        //   σ² = 1/22 + 1/14 = 0.045455 + 0.071429 = 0.116883;  z = 0.857450 / 0.341882 = 2.508036
        let ranked = distinctive(&[count("請求書", 10, 2), count("サービス", 5, 20)]);
        assert_eq!(ranked[0].term, "請求書");
        assert!((ranked[0].log_odds - 0.857450).abs() < 1e-5, "{}", ranked[0].log_odds);
        assert!((ranked[0].z - 2.508036).abs() < 1e-5, "{}", ranked[0].z);
        // サービス: y_g = 5, y_r = 20, α = 25.
        //   odds_g = 30 / (15 + 37 - 30) = 30/22;  odds_r = 45 / (22 + 37 - 45) = 45/14
        //   δ = ln(1.363636) - ln(3.214286) = 0.310155 - 1.167605 = -0.857450
        //   σ² = 1/30 + 1/45 = 0.055556;  z = -0.857450 / 0.235702 = -3.637853
        assert!((ranked[1].log_odds + 0.857450).abs() < 1e-5);
        assert!((ranked[1].z + 3.637853).abs() < 1e-5, "{}", ranked[1].z);
    }

    #[test]
    fn a_word_everyone_uses_equally_is_not_distinctive() {
        let ranked = distinctive(&[count("サービス", 30, 30), count("文字化け", 20, 0), count("使いやすい", 2, 40)]);
        assert_eq!(ranked[0].term, "文字化け");
        let service = ranked.iter().find(|term| term.term == "サービス").map(|term| term.z).unwrap_or(f64::NAN);
        assert!(service.abs() < ranked[0].z.abs(), "サービス {service} must rank below 文字化け");
    }

    #[test]
    fn the_prior_keeps_a_single_mention_from_looking_decisive() {
        // One mention only in the group, against a term with 15 mentions only in the group.
        let ranked = distinctive(&[count("珍しい語", 1, 0), count("文字化け", 15, 0), count("機能", 20, 20)]);
        assert_eq!(ranked[0].term, "文字化け");
        assert!(ranked[1].z < 1.96, "a single mention is not significant: {}", ranked[1].z);
    }

    #[test]
    fn terms_missing_from_the_group_are_left_out_and_empty_input_is_fine() {
        assert!(distinctive(&[count("only_rest", 0, 9)]).is_empty());
        assert!(distinctive(&[]).is_empty());
    }

    #[test]
    fn categories_parse_per_survey_kind() {
        let codes = vec!["price".to_owned()];
        assert_eq!(Category::parse(SurveyKind::Nps, "detractor", &codes), Some(Category::Nps(NpsCategory::Detractor)));
        assert_eq!(Category::parse(SurveyKind::Nps, "dissatisfied", &codes), None);
        assert_eq!(Category::parse(SurveyKind::Csat, "dissatisfied", &codes), Some(Category::CsatDissatisfied));
        assert_eq!(Category::parse(SurveyKind::Exit, "price", &codes), Some(Category::ExitReason("price".into())));
        assert_eq!(Category::parse(SurveyKind::Exit, "detractor", &codes), None);
    }

    #[test]
    fn nps_selectors_follow_the_standard_cut_points() {
        for score in 0..=10 {
            let category = Category::Nps(NpsCategory::of(score));
            assert!(category.contains(Some(score), None), "{score}");
            let others = [NpsCategory::Promoter, NpsCategory::Passive, NpsCategory::Detractor]
                .into_iter()
                .filter(|other| Category::Nps(*other) != category);
            for other in others {
                assert!(!Category::Nps(other).contains(Some(score), None), "{score} {other:?}");
            }
        }
    }

    #[test]
    fn csat_groups_split_1_to_5_without_overlap_and_exit_groups_go_by_reason() {
        let groups = [Category::CsatDissatisfied, Category::CsatNeutral, Category::CsatSatisfied];
        for score in 1..=5 {
            assert_eq!(groups.iter().filter(|group| group.contains(Some(score), None)).count(), 1, "{score}");
        }
        assert!(Category::CsatDissatisfied.contains(Some(2), None) && !Category::CsatDissatisfied.contains(None, None));
        let price = Category::ExitReason("price".into());
        assert!(price.contains(None, Some("price")) && !price.contains(None, Some("budget")));
    }
}
