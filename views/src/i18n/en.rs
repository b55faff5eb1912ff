//! English texts, for contacts whose locale is `en`. Plain, neutral, not leading.

use super::{
    group_thousands, group_thousands_i64, CategoryLabels, CommonStrings, ErrorStrings, ErrorText, ExitReasonLabels,
    FollowUpStrings, FormErrorStrings, FormStrings, KeywordDetailStrings, KeywordsStrings, PasswordStrings, ResponseStrings, SignInStrings,
    StaffStrings, Strings, ThanksStrings,
};
use super::{AccountsStrings, ImportStrings, ReportStrings, StageLabels};
use super::{MailStrings, MailingStrings};
use super::{AnswersStrings, DashboardStrings};

/// English texts.
pub const STRINGS: Strings = Strings {
    mail: MailStrings {
        subject: |why, answer, account| format!("[{why}] {account}: {answer}"),
        intro_owner: |name| format!("Hello {name},\n\nOne of your customers gave an answer that needs a follow-up."),
        intro_shared_queue: "A customer with no owner gave an answer that needs a follow-up. It is in the shared queue.",
        previous_score: |score| format!(" (previously {score})"),
        survey: "Survey",
        public_link: "Answer on a public link",
        open_case: "Open the case:",
        invitation_subject: |subject| format!("A 30-second question from {subject}"),
        reminder_subject: |subject| format!("Reminder: a 30-second question from {subject}"),
        greeting: |name| format!("Dear {name},"),
        greeting_no_name: "Hello,",
        pick_a_score: "Click the number that fits. Nothing is sent until you confirm on the page that opens.",
        answer_button: "Answer the survey",
        reminder_lead: "We wrote to you a few days ago. If you have not answered yet, we would be glad to hear from you.",
        expires: |date| format!("Open until {date}"),
        unsubscribe_lead: "If you would rather not receive surveys, you can unsubscribe here.",
        unsubscribe_link: "Unsubscribe",
        sent_by: |org| format!("This email was sent by {org}."),
        unsubscribe_title: "Unsubscribe from surveys",
        unsubscribe_confirm: |email| format!("Stop sending surveys to {email}?"),
        unsubscribe_button: "Unsubscribe",
        unsubscribed_title: "You are unsubscribed",
        unsubscribed_body: "We will not send you surveys any more. Thank you.",
    },
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
        busy: "We are very busy and could not save your answer just now. What you typed is still here: please send it again in a moment.",
        busy_title: "We are busy right now",
        send_again: "Send it again",
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
    staff: StaffStrings {
        product_name: "koe",
        page_title,
        skip_to_content: "Skip to content",
        nav_label: "Main menu",
        nav_follow_ups: "Follow-ups",
        nav_accounts: "Accounts",
        nav_keywords: "Keywords",
        nav_dashboard: "Dashboard",
        account_label: "Signed in as",
        role_admin: "Admin",
        role_manager: "Manager",
        role_cs: "CS staff",
        sign_out: "Sign out",
        password_link: "Change password",
        password: PasswordStrings {
            title: "Change password",
            lead: "Changing it signs you out everywhere else.",
            failed: "The password was not changed",
            current: "Current password",
            new: "New password",
            again: "New password again",
            submit: "Change",
            changed: "Your password has been changed.",
            current_wrong: "The current password is not right.",
            too_short: |min| format!("The new password needs at least {min} characters."),
            mismatch: "The two new passwords differ.",
        },
        sign_in: SignInStrings {
            title: "Sign in",
            lead: "Enter the email address and password of your account.",
            failed: "Could not sign you in",
            email: "Email address",
            password: "Password",
            submit: "Sign in",
            invalid_credentials: "The email address or password is not correct.",
            too_many_attempts,
            expired: "This page was open for too long, so you were not signed in. Please enter your password again.",
        },
        keywords: KeywordsStrings {
            title: "Keywords",
            lead: "Words that customers use in their comments, counted by the answers that mention them. Choose a word to read the comments.",
            filters_label: "Filters",
            survey: "Survey",
            category: "Respondent group",
            mode: "Show",
            mode_top: "Most mentioned",
            mode_distinctive: "Distinctive",
            mode_hint: "Distinctive words are those the chosen group uses much more often than everyone else. Choose a group first.",
            distinctive_needs_category: "To see distinctive words, please choose a respondent group.",
            from: "From",
            to: "To",
            submit: "Show",
            kind_nps: "NPS",
            kind_csat: "CSAT",
            kind_exit: "Exit",
            survey_option,
            summary,
            table_caption: "Keywords",
            col_rank: "Rank",
            col_term: "Keyword",
            col_responses: "Answers mentioning it",
            col_share: "Share",
            col_z: "Distinctiveness (z)",
            count,
            significant: "significant",
            share_note: "Share: of the answers with a comment, the share that mention the word.",
            significance_note: "Significant: the absolute z-score is 1.96 or more, a difference unlikely to be chance (5% level).",
            not_available: "n/a",
            no_surveys: "There are no surveys yet.",
            no_answers: "No answers match these filters. Try another period or group.",
            no_keywords: "No keywords were found for these filters. Try another period or group.",
            invalid_filters: "The filters given do not apply to this survey, so the default report is shown.",
            categories: CategoryLabels {
                all: "All respondents",
                promoter: "Promoters (9-10)",
                passive: "Passives (7-8)",
                detractor: "Detractors (0-6)",
                dissatisfied: "Dissatisfied (1-2)",
                neutral: "Neutral (3)",
                satisfied: "Satisfied (4-5)",
            },
        },
        keyword_detail: KeywordDetailStrings {
            heading: keyword_heading,
            back: "Back to keywords",
            survey: "Survey",
            category: "Group",
            period: "Period",
            responses: "Answers mentioning it",
            responses_count: answers,
            trend_title: "By month",
            trend_note: "Each bar is the share of that month's answers with a comment that mention the word.",
            trend_summary,
            trend_empty: "There is nothing to show for this period.",
            trend_table: "Show the numbers as a table",
            col_month: "Month",
            col_responses: "Answers mentioning it",
            col_share: "Share",
            co_title: "Mentioned together",
            co_note: "Words often used in the same comment. Lift compares how often the two meet with how often they would by chance (1.0 = chance).",
            co_numbers,
            co_empty: "No words are often mentioned together with this one.",
            mentions_title: "Comments, newest first",
            mentions_empty: "No comments match these filters.",
            open_response: "Open answer",
            more: "Show more",
        },
        response: ResponseStrings {
            title: "Answer",
            back: "Back to keywords",
            survey: "Survey",
            answered_at: "Answered",
            score: "Score",
            reason: "Reason for leaving",
            account: "Account",
            anonymous: "Anonymous answer (public link)",
            contact: "Respondent",
            comment: "Comment",
            no_comment: "No comment.",
        },
        dashboard: DashboardStrings {
            title: "Dashboard",
            lead: "NPS and CSAT over time, response rates, exit reasons and churn in one place. Choose any number to see the answers behind it.",
            filters_label: "Filters",
            survey: "Survey",
            period: "Period",
            from: "From",
            to: "To",
            interval: "Group by",
            interval_week: "Week",
            interval_month: "Month",
            segment: "Segment",
            plan: "Plan",
            owner: "Owner",
            stage: "Lifecycle stage",
            any: "All",
            submit: "Show",
            quick_ranges: "Quick periods:",
            range_30_days: "Last 30 days",
            range_3_months: "Last 3 months",
            range_12_months: "Last 12 months",
            range_this_year: "This year",
            no_surveys: "There are no surveys yet.",
            invalid_filter: dashboard_invalid_filter,
            compared_with: "Compared with",
            nps: "NPS",
            csat: "CSAT",
            answers: dashboard_answers,
            satisfied_of: dashboard_satisfied,
            margin_title: "95% margin of error (Wald)",
            margin_note: "\u{b1} is the 95% margin of error (Wald). It grows as answers get fewer; figures from fewer than 30 answers are indicative only.",
            interval_line: dashboard_interval,
            mean_line: dashboard_mean,
            small_sample: "fewer than 30 answers",
            small_sample_short: "<30",
            no_answers: "No answers match these filters. Try another period or fewer filters.",
            change: dashboard_change,
            previous_value: dashboard_previous,
            change_significant: dashboard_significant,
            change_not_significant: dashboard_not_significant,
            change_unavailable: "The previous period has no answers to compare with.",
            points: "points",
            percentage_points: "percentage points",
            chart_nps: "NPS over time",
            chart_nps_desc: dashboard_nps_desc,
            chart_mix: "Promoters, passives and detractors",
            chart_mix_desc: dashboard_mix_desc,
            chart_csat: "CSAT over time",
            chart_csat_desc: dashboard_csat_desc,
            chart_unavailable: "The chart could not be drawn. The numbers are in the table below.",
            legend_interval: "95% interval",
            legend_small_sample: "fewer than 30 answers",
            legend_promoters: "Promoters",
            legend_passives: "Passives",
            legend_detractors: "Detractors",
            nps_table: "NPS by period",
            csat_table: "CSAT by period",
            col_period: "Period",
            col_n: "Answers",
            col_margin: "Margin (\u{b1})",
            col_interval: "95% interval",
            col_top2: "Satisfied (4\u{2013}5)",
            col_mean: "Mean",
            download: "Download:",
            download_svg: "chart (SVG)",
            download_csv: "data (CSV)",
            response_rate: "Response rate",
            rate_line: dashboard_rate,
            rate_note: "Answers to invitations only; answers on public links are not counted.",
            by_period: "By period",
            col_sent: "Invitations",
            col_answered: "Answered",
            col_rate: "Rate",
            exit_reasons: "Exit reasons",
            col_reason: "Reason",
            col_answers: "Answers",
            col_share: "Share",
            col_mrr_lost: "MRR lost",
            comments: "Read the comments",
            export: "Export the answers",
            open_answers: "List the answers",
            export_csv: "Download CSV",
            export_excel: "Download CSV for Excel",
            churn: "Churn by month",
            churn_note: "MRR at the start is what each account paid then, MRR lost what it paid just before leaving. The lifecycle stage filter does not apply to churn (churned accounts become alumni).",
            col_month: "Month",
            col_accounts: "Accounts at start",
            col_churned: "Churned",
            col_customer_churn: "Customer churn",
            col_mrr_start: "MRR at start",
            col_revenue_churn: "Revenue churn",
            yen: dashboard_yen,
        },
        answers: AnswersStrings {
            title: "Answers",
            back: "Back to the dashboard",
            survey: "Survey",
            period: "Period",
            group: "Group",
            all: "All",
            total: dashboard_total,
            col_answered_at: "Answered",
            col_score: "Score or reason",
            col_comment: "Comment",
            col_account: "Account",
            no_comment: "(no comment)",
            anonymous: "(anonymous)",
            more: "Show more",
            none: "No answers match these filters.",
            export_csv: "Download CSV",
            export_excel: "Download CSV for Excel",
        },
        follow_ups: FollowUpStrings {
            title: "Follow-ups",
            lead_mine: "Your open and contacted cases, soonest due first (overdue cases at the top).",
            lead_all: "Everyone's open and contacted cases, soonest due first (overdue cases at the top).",
            lead_shared: "Cases of accounts without an owner. Give each one an owner.",
            filters_label: "Filters",
            scope: "Cases",
            scope_mine: "Mine",
            scope_all: "Everyone's",
            scope_shared: "Shared queue (no owner)",
            show: "Show",
            none: "No follow-ups need attention.",
            due_at: "Due",
            status: "Status",
            trigger: "Reason",
            score: "Score",
            comment: "Comment",
            account: "Account",
            contact: "Contact",
            owner: "Owner",
            overdue: "Overdue",
            no_comment: "(no comment)",
            shared_queue: "Shared queue",
            trigger_detractor: "Detractor",
            trigger_low_csat: "Low CSAT",
            trigger_exit: "Exit survey",
            trigger_score_drop: "Score drop",
            status_open: "Open",
            status_contacted: "Contacted",
            status_resolved: "Resolved",
            status_wont_fix: "Won't fix",
            back: "Back to follow-ups",
            case_title: "Follow-up",
            error_title: "The case was not updated",
            customer: "Customer",
            email: "Email",
            answered_at: "Answered",
            outcome: "Outcome",
            update_title: "Update the status",
            new_status: "New status",
            note: "Note",
            note_hint: "(required for won't fix)",
            optional: "(optional)",
            note_only: "Add a note only (keep the status)",
            error_note_empty: "Write a note.",
            update: "Update",
            take_title: "Shared queue",
            take_lead: "Nobody owns this case. Take it to record what you do.",
            take: "Take this case",
            reassign_title: "Change the owner",
            owner_email: "New owner's email",
            owner_email_hint: "(blank: back to the shared queue)",
            reassign: "Change owner",
            recent_title: "Recent answers from this account",
            recent_none: "No other answers.",
            history_title: "History",
            system: "koe (automatic)",
            event_created: "Case opened from the answer.",
            event_note: "Added a note.",
            error_note_required: "Say in the note why the case is closed without a fix.",
            error_not_allowed: "The case cannot move to this status.",
            error_unchanged: "The case already has this status.",
            error_too_long: "Notes and outcomes are at most 2,000 characters.",
            error_invalid_characters: "Notes and outcomes cannot contain control characters or text-direction overrides.",
            error_unknown_user: "No active staff member has this email address.",
            error_owner_unchanged: "The case already has this owner.",
            count: follow_up_count,
            event_status: follow_up_status_event,
            event_reassigned: follow_up_reassigned_event,
        },
        accounts: ACCOUNTS,
        report: REPORT,
        import: IMPORT,
        mailings: MAILINGS,
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

fn page_title(page: &str) -> String {
    format!("{page} | koe")
}

fn too_many_attempts(minutes: u32) -> String {
    let minutes = minutes.max(1);
    let unit = if minutes == 1 { "minute" } else { "minutes" };
    format!("There were too many sign-in attempts, so signing in is paused. Please try again in about {minutes} {unit}.")
}

fn survey_option(name: &str, kind: &str) -> String {
    format!("{name} ({kind})")
}

fn answers(n: i64) -> String {
    let noun = if n == 1 { "answer" } else { "answers" };
    format!("{} {noun}", group_thousands_i64(n))
}

fn summary(all: i64, with_terms: i64) -> String {
    format!(
        "{}, {} with a comment",
        answers(all),
        group_thousands_i64(with_terms)
    )
}

fn count(n: i64) -> String {
    group_thousands_i64(n)
}

fn keyword_heading(term: &str) -> String {
    format!("Comments mentioning \u{201c}{term}\u{201d}")
}

fn trend_summary(first: &str, last: &str, peak: &str, share: &str, count: i64) -> String {
    format!(
        "Monthly share from {first} to {last}. The highest was {peak}: {share} ({}).",
        answers(count)
    )
}

fn co_numbers(count: i64, lift: f64) -> String {
    format!("{}, lift {lift:.1}", answers(count))
}

fn follow_up_count(cases: usize, overdue: usize) -> String {
    let noun = if cases == 1 { "case" } else { "cases" };
    if overdue == 0 {
        format!("{cases} {noun}")
    } else {
        format!("{cases} {noun}, {overdue} overdue")
    }
}

fn follow_up_status_event(from: &str, to: &str) -> String {
    format!("Status changed from {from} to {to}.")
}

fn follow_up_reassigned_event(from: &str, to: &str) -> String {
    format!("Owner changed from {from} to {to}.")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", group_thousands(n), if n == 1 { one } else { many })
}

const ACCOUNTS: AccountsStrings = AccountsStrings {
    title: "Accounts",
    lead: "Each account's latest NPS, unfinished follow-ups and days since its last activity.",
    filters_label: "Filters",
    search: "Name or external ID",
    owner: "Owner",
    any: "Any",
    no_owner: "No owner",
    segment: "Segment",
    plan: "Plan",
    stage: "Stage",
    dormant_only: "Dormant only",
    show: "Show",
    none: "No account matches these filters.",
    count: |n| plural(usize::try_from(n).unwrap_or(0), "account", "accounts"),
    col_name: "Account",
    col_nps: "Latest NPS",
    col_follow_ups: "Unfinished follow-ups",
    col_activity: "Last activity",
    direction_up: "up from the previous answer",
    direction_down: "down from the previous answer",
    direction_same: "same as the previous answer",
    direction_first: "first answer",
    no_nps: "no answer",
    days_ago: |days| if days == 1 { "1 day ago".to_owned() } else { format!("{} days ago", group_thousands_i64(days)) },
    dormant: "Dormant",
    dormant_note: |days| format!("An account is dormant after more than {days} days without activity (an answer, or activity in the CRM)."),
    previous_page: "Previous",
    next_page: "Next",
    page_of: |page, pages| format!("Page {page} of {pages}"),
    import_link: "Import from a file",
    stages: StageLabels {
        lead: "Lead",
        prospect: "Prospect",
        customer: "Customer",
        repeater: "Repeat customer",
        fan: "Fan",
        ambassador: "Ambassador",
        alumni: "Former customer",
    },
    back: "Back to the accounts",
    external_id: "External ID",
    mrr: "MRR",
    yen: |amount| format!("¥{}", group_thousands_i64(amount)),
    last_activity: "Last activity",
    active: "Active",
    chart_title: "Scores over time",
    chart_summary: |n, first, last| format!("Scores of {} from {first} to {last}.", plural(n, "answer", "answers")),
    chart_empty: "No answer with a score yet.",
    chart_table: "The chart's numbers as a table",
    col_answered_at: "Answered",
    col_survey: "Survey",
    col_score: "Score",
    col_contact: "Contact",
    comments_title: "Comments",
    comments_none: "No comments.",
    follow_ups_title: "Follow-ups",
    follow_ups_none: "This account has no follow-ups.",
    col_status: "Status",
    col_trigger: "Reason",
    col_created_at: "Opened",
    col_due_at: "Due",
    exit_title: "Exit survey answer",
    exit_reason: "Reason",
    open_answer: "Open the answer",
};

const REPORT: ReportStrings = ReportStrings {
    title: "Follow-up report",
    lead: "Per month and owner: how fast low scores were followed up, and how many in time.",
    filters_label: "Filters",
    month: "Month",
    last_twelve_months: "Last 12 months",
    show: "Show",
    none: "No follow-ups were opened in this period.",
    col_month: "Month",
    col_owner: "Owner",
    col_cases: "Cases",
    col_unfinished: "Unfinished",
    col_overdue: "Overdue (not contacted)",
    col_median: "Median time to first contact",
    col_rate: "Contacted in time",
    shared_queue: "Shared queue",
    hours: |hours| format!("{hours:.1} h"),
    not_available: "—",
    rate_note: "Contacted in time: of the cases past their due time or already contacted, the share first contacted by their due time.",
    report_link: "Follow-up report (by month and owner)",
};

const MAILINGS: MailingStrings = MailingStrings {
    title: "Send a survey",
    lead: "Email a survey to the contacts of a segment's accounts or to the addresses in a CSV file. People who unsubscribed, were asked recently or still have this survey to answer are left out, each with the reason.",
    survey: "Survey",
    audience: "Recipients",
    audience_segment: "Every contact of a segment",
    audience_file: "The addresses in a CSV file (email column)",
    file_hint: |mb| format!("UTF-8 or Shift_JIS, up to {mb} MB"),
    send: "Start sending",
    recent_title: "Recent mailings",
    none: "No mailings yet.",
    col_created: "Started",
    col_progress: "Progress",
    col_invited: "Invited",
    col_refused: "Not invited",
    col_email: "Email",
    col_reason: "Reason",
    progress: |done, total| format!("{done} / {total}"),
    running: "sending",
    finished: "done",
    refreshes: "This page refreshes every few seconds until the mailing is done.",
    summary: |invited, refused| format!("{invited} invited, {refused} not invited"),
    back: "All mailings",
    segment_named: |name| format!("segment \u{201c}{name}\u{201d}"),
    file_named: |name| format!("file \u{201c}{name}\u{201d}"),
    refused_title: "Not invited",
    reason_unsubscribed: "unsubscribed",
    reason_throttled_contact: "asked recently for another survey",
    reason_throttled_account: "the account has had its invitations for the month",
    reason_already_invited: "still has this survey to answer",
    reason_unknown_contact: "no contact has this address",
    reason_invalid_email: "not an email address",
    reason_other: "could not be invited",
    available_from: |at| format!("(possible from {at})"),
    error_title: "The mailing could not start",
    error_no_survey: "Choose a survey.",
    error_no_segment: "Choose a segment.",
    error_no_file: "Choose a CSV file.",
    error_too_large: |mb| format!("The file can be up to {mb} MB."),
    error_encoding: "The file's encoding cannot be read. Save it as UTF-8 or Shift_JIS.",
    error_no_email_column: "The CSV file has no email column.",
    error_unreadable: "The file cannot be read as CSV.",
    error_no_recipients: "Nobody to send to: the segment has no contacts, or the file no addresses.",
    error_too_many: "A mailing goes to at most 100,000 addresses.",
    error_survey_closed: "This survey is closed.",
    link: "Send a survey",
};

const IMPORT: ImportStrings = ImportStrings {
    title: "Import from a file",
    lead: "Import a comma-separated export from your CRM or spreadsheet. UTF-8 and Shift_JIS are recognised. One bad row and nothing is written.",
    kind: "What the file holds",
    kind_accounts: "Accounts",
    kind_contacts: "Contacts",
    file: "File",
    file_hint: |mb| format!("Up to {mb} MB"),
    dry_run: "Check only (write nothing)",
    import: "Import",
    would_import: |created, updated| format!("No problems found. Importing would create {created} and update {updated} (nothing written yet)."),
    imported: |created, updated| format!("Imported: {created} created, {updated} updated."),
    error_title: "Nothing was imported",
    rows_refused: |rows| format!("{} cannot be imported, so nothing was written. Fix them and try again.", plural(rows, "row", "rows")),
    col_line: "Line",
    col_problem: "Problem",
    no_file: "Choose a file.",
    too_large: |mb| format!("The file is too large. Choose a file of up to {mb} MB."),
    encoding: "The file's character encoding is not recognised. Save it as UTF-8 or Shift_JIS.",
    header: "The header (line 1) cannot be read.",
    missing_column: |column| format!("The header has no “{column}” column."),
    unreadable_row: "The row cannot be read: check the number of columns and the quotes.",
    not_a_number: |column| format!("“{column}” must be a whole number."),
    required: |column| format!("“{column}” is empty."),
    too_long: |column| format!("“{column}” is too long."),
    invalid_characters: |column| format!("“{column}” contains characters that are not allowed."),
    invalid_email: |column| format!("“{column}” is not an email address."),
    negative: |column| format!("“{column}” must be zero or more."),
    unknown_owner: "No staff member has the email in “owner_email”.",
    unknown_account: "No account has the “account_external_id”. Import the accounts first.",
    unsupported_locale: "“locale” must be ja or en.",
    refused: "This row cannot be imported.",
};

fn dashboard_invalid_filter(field: &str) -> String {
    format!("The \u{201c}{field}\u{201d} filter could not be read. Please choose it again.")
}

fn dashboard_answers(n: i64) -> String {
    answers(n)
}

fn dashboard_satisfied(n: i64) -> String {
    format!("{} satisfied", group_thousands_i64(n))
}

fn dashboard_interval(low: &str, high: &str) -> String {
    format!("95% interval: {low} to {high}")
}

fn dashboard_mean(mean: &str) -> String {
    format!("Mean {mean} (out of 5)")
}

fn dashboard_change(points: &str, unit: &str) -> String {
    format!("{points} {unit} since the previous period")
}

fn dashboard_previous(value: &str) -> String {
    format!("(previous period: {value})")
}

fn dashboard_significant(margin: &str) -> String {
    format!("The change is larger than its margin of error (\u{b1}{margin}): unlikely to be chance.")
}

fn dashboard_not_significant(margin: &str) -> String {
    format!("The change is within its margin of error (\u{b1}{margin}): it may be chance.")
}

fn dashboard_nps_desc(first: &str, first_nps: &str, last: &str, last_nps: &str) -> String {
    format!("NPS was {first_nps} in {first} and {last_nps} in {last}. The band is the 95% interval; hollow points are periods with fewer than 30 answers.")
}

fn dashboard_mix_desc(periods: usize) -> String {
    format!("Shares of promoters, passives and detractors in each of {periods} periods, stacked to 100%.")
}

fn dashboard_csat_desc(periods: usize) -> String {
    format!("Share of satisfied answers (4\u{2013}5) in each of {periods} periods; pale bars have fewer than 30 answers.")
}

fn dashboard_rate(sent: i64, answered: i64, rate: &str) -> String {
    format!("{} of {} invitations answered ({rate})", group_thousands_i64(answered), group_thousands_i64(sent))
}

fn dashboard_yen(amount: i64) -> String {
    format!("\u{a5}{}", group_thousands_i64(amount))
}

fn dashboard_total(n: i64) -> String {
    format!("{} matching", answers(n))
}
