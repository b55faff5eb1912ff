//! Small building blocks shared by pages. Each takes its text already chosen from
//! [`crate::i18n`]; none holds user-facing literals.

use maud::{html, Markup};

/// The white card that holds one page's content.
pub fn card(body: Markup) -> Markup {
    html! { div.card { (body) } }
}

/// One line of an error summary: a message and the id of the field it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorItem {
    /// `id` of the field (or fieldset) the message links to.
    pub field_id: &'static str,
    pub message: String,
}

/// The summary above a form that failed validation: `role="alert"`, each message a link
/// to its field. Renders nothing when there are no errors.
pub fn error_summary(title: &str, items: &[ErrorItem]) -> Markup {
    html! {
        @if !items.is_empty() {
            div.error-summary role="alert" aria-labelledby="error-summary-title" {
                h2.error-summary-title #error-summary-title { (title) }
                ul {
                    @for item in items {
                        li { a href={ "#" (item.field_id) } { (item.message) } }
                    }
                }
            }
        }
    }
}

/// The message beside a field, with the `id` that the field's `aria-describedby` names.
pub fn field_error(id: &str, messages: &[String]) -> Markup {
    html! {
        @if !messages.is_empty() {
            div.field-error id=(id) {
                @for message in messages {
                    p { (message) }
                }
            }
        }
    }
}

/// A row of numbered radio buttons (NPS 0–10, CSAT 1–5) with labelled ends.
pub struct Scale<'a> {
    /// Form field name, e.g. `score`.
    pub name: &'a str,
    pub min: i16,
    pub max: i16,
    /// The value to show as `checked`, if it is on the scale.
    pub selected: Option<i16>,
    /// Visible label of the low end.
    pub low: &'a str,
    /// Visible label of the high end.
    pub high: &'a str,
    /// A name for every point (read by screen readers); empty = only the ends are named.
    pub point_names: &'a [&'a str],
}

impl Scale<'_> {
    fn point_name(&self, value: i16) -> Option<&str> {
        if !self.point_names.is_empty() {
            let index = usize::try_from(value - self.min).ok()?;
            return self.point_names.get(index).copied();
        }
        if value == self.min {
            Some(self.low)
        } else if value == self.max {
            Some(self.high)
        } else {
            None
        }
    }
}

/// Renders a [`Scale`]: big tap targets in a grid (11 points wrap to two rows on a phone),
/// real radio inputs (arrow keys move between them), and the two end labels under it.
pub fn scale(s: &Scale) -> Markup {
    let points = usize::try_from(s.max - s.min + 1).unwrap_or(0);
    html! {
        div class={ "scale scale-" (points) } {
            @for value in s.min..=s.max {
                label.scale-point {
                    input type="radio" name=(s.name) value=(value)
                        id={ (s.name) "-" (value) }
                        checked[s.selected == Some(value)];
                    span.scale-face {
                        (value)
                        @if let Some(name) = s.point_name(value) {
                            span.vh { " " (name) }
                        }
                    }
                }
            }
        }
        // Screen readers get the names on the radios themselves; this is the visible copy.
        div.scale-ends aria-hidden="true" {
            span { b { (s.min) } " " (s.low) }
            span { b { (s.max) } " " (s.high) }
        }
    }
}

/// One choice of a single-answer list.
pub struct Choice<'a> {
    pub value: &'a str,
    pub label: &'a str,
}

/// A vertical list of radio buttons, each a full-width row.
pub fn choice_list(name: &str, choices: &[Choice], selected: Option<&str>) -> Markup {
    html! {
        div.choices {
            @for (i, choice) in choices.iter().enumerate() {
                label.choice {
                    input type="radio" name=(name) value=(choice.value)
                        id={ (name) "-" (i) }
                        checked[selected == Some(choice.value)];
                    span { (choice.label) }
                }
            }
        }
    }
}

/// A single checkbox with its label beside it.
pub fn checkbox(name: &str, value: &str, label: &str, checked: bool) -> Markup {
    html! {
        label.check {
            input type="checkbox" name=(name) id=(name) value=(value) checked[checked];
            span { (label) }
        }
    }
}

/// The main button of a form.
pub fn submit_button(label: &str) -> Markup {
    html! { button.button type="submit" { (label) } }
}

/// A round check mark, shown on the thank-you page (decorative).
pub fn check_icon() -> Markup {
    html! {
        svg.icon viewBox="0 0 48 48" width="48" height="48" aria-hidden="true" focusable="false" {
            circle.icon-disc cx="24" cy="24" r="24" {}
            path.icon-mark d="M14 24.5l6.5 6.5L34 17.5" {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_names_only_the_ends_without_point_names() {
        let s = Scale {
            name: "score",
            min: 0,
            max: 10,
            selected: Some(7),
            low: "low",
            high: "high",
            point_names: &[],
        };
        assert_eq!(s.point_name(0), Some("low"));
        assert_eq!(s.point_name(5), None);
        assert_eq!(s.point_name(10), Some("high"));
        let out = scale(&s).into_string();
        assert_eq!(out.matches("type=\"radio\"").count(), 11);
        assert_eq!(out.matches(" checked").count(), 1);
        assert!(out.contains("value=\"7\" id=\"score-7\" checked"));
    }

    #[test]
    fn scale_uses_point_names_when_given() {
        let names = ["a", "b", "c", "d", "e"];
        let s = Scale {
            name: "score",
            min: 1,
            max: 5,
            selected: None,
            low: "a",
            high: "e",
            point_names: &names,
        };
        assert_eq!(s.point_name(1), Some("a"));
        assert_eq!(s.point_name(3), Some("c"));
        assert_eq!(s.point_name(6), None);
        assert_eq!(s.point_name(0), None);
    }

    #[test]
    fn empty_error_summary_renders_nothing() {
        assert_eq!(error_summary("t", &[]).into_string(), "");
    }
}
