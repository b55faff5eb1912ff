//! English texts, for contacts whose locale is `en`. Plain, neutral, not leading.

use super::{
    group_thousands, CommonStrings, ErrorStrings, ErrorText, ExitReasonLabels, FormErrorStrings,
    FormStrings, Strings, ThanksStrings,
};

/// English texts.
pub const STRINGS: Strings = Strings {
    common: CommonStrings {
        optional: "(optional)",
        error_title_prefix: "Error: ",
        error_summary_title: "Please check your answer",
        subject_fallback: "us",
        survey_fallback_title: "Survey",
    },
    form: FormStrings {
        nps_question,
        nps_low: "Not at all likely",
        nps_high: "Extremely likely",
        nps_comment: "What is the main reason for your score?",
        csat_question,
        csat_points: [
            "Very dissatisfied",
            "Dissatisfied",
            "Neither satisfied nor dissatisfied",
            "Satisfied",
            "Very satisfied",
        ],
        csat_comment: "What is the main reason for your rating?",
        exit_question: "What is the main reason you cancelled?",
        exit_comment: "Is there anything we could have done better?",
        exit_contact_ok: "You may contact me about my answer",
        comment_limit,
        updating: "You have already answered using this link. Sending again will replace your earlier answer.",
        submit: "Send",
    },
    form_errors: FormErrorStrings {
        score_missing: "Please choose a number.",
        score_out_of_range,
        comment_too_long,
        comment_invalid_characters: "Your comment contains special characters that cannot be used. Please remove them, or type the comment again.",
        reason_missing: "Please choose one reason.",
        reason_unknown: "We could not recognise the reason you chose. Please choose one from the list again.",
    },
    thanks: ThanksStrings {
        title: "Thank you for your answer",
        body: "Your feedback helps us improve our service.",
        close_hint: "You can close this page now.",
        edit: "Change your answer",
    },
    exit_reasons: ExitReasonLabels {
        price: "Price",
        support_quality: "Quality of support",
        could_not_use: "Could not get the most out of it",
        missing_feature: "A feature I needed was missing",
        switched_competitor: "Switched to another provider",
        budget: "Budget or business reasons",
        other: "Other",
    },
    errors: ErrorStrings {
        bad_request: ErrorText {
            title: "We could not process this request",
            body: "Something in what was sent was not valid, so nothing was changed.",
            action: "Please reload the page and try again.",
        },
        unauthorized: ErrorText {
            title: "Please sign in",
            body: "You need to sign in to see this page.",
            action: "Sign in, then open this page again.",
        },
        forbidden: ErrorText {
            title: "You do not have access to this page",
            body: "Your account is not allowed to see this page.",
            action: "If you need access, please ask your administrator.",
        },
        not_found: ErrorText {
            title: "Page not found",
            body: "The link is not correct, or this page does not exist.",
            action: "Please check that the whole link was copied, then open it again.",
        },
        link_expired: ErrorText {
            title: "This link has expired",
            body: "The answer period has ended, so this link can no longer be used.",
            action: "Thank you for your time. If you have feedback, please contact your account manager directly.",
        },
        survey_closed: ErrorText {
            title: "This survey has closed",
            body: "This survey is no longer accepting answers.",
            action: "Thank you for your time. If you have feedback, please contact your account manager directly.",
        },
        payload_too_large: ErrorText {
            title: "What you sent is too large",
            body: "What you sent was too large to accept.",
            action: "Please shorten your comment and try again.",
        },
        too_many_requests: ErrorText {
            title: "Too many requests",
            body: "We received many requests in a short time, so we are pausing for a moment.",
            action: "Please wait a little, then try again.",
        },
        unavailable: ErrorText {
            title: "Temporarily unavailable",
            body: "The service is briefly unavailable for maintenance or because of high demand.",
            action: "Please wait a little, then try again.",
        },
        internal: ErrorText {
            title: "Something went wrong",
            body: "Sorry, an error on our side stopped us from completing your request.",
            action: "Please wait a little, then try again.",
        },
        request_id: "Reference number",
        request_id_hint: "If the problem continues, please quote this number when you contact us.",
    },
};

fn nps_question(subject: &str) -> String {
    format!("How likely are you to recommend {subject} to a friend or colleague?")
}

fn csat_question(subject: &str) -> String {
    format!("How satisfied were you with your recent experience with {subject}?")
}

fn comment_limit(max: usize) -> String {
    format!("Up to {} characters", group_thousands(max))
}

fn score_out_of_range(min: i16, max: i16) -> String {
    format!("Please choose a number from {min} to {max}.")
}

fn comment_too_long(max: usize, actual: usize) -> String {
    format!(
        "Please keep your comment to {} characters or fewer (it is {} now).",
        group_thousands(max),
        group_thousands(actual)
    )
}
