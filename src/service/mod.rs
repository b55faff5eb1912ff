//! The work behind each request: parse-checked input in, one transaction, a result out.

pub mod accounts;
pub mod answer_queue;
pub mod answers;
pub mod batch_queue;
pub mod api_tokens;
pub mod churn;
pub mod contacts;
pub mod dashboard;
pub mod dictionary;
pub mod drill_down;
pub mod follow_ups;
pub mod import;
pub mod invitations;
pub mod keywords;
pub mod link_opens;
pub mod link_reader;
pub mod mailings;
pub mod notifications;
pub mod reindex;
pub mod report;
pub mod schema;
pub mod scores;
pub mod staff_auth;
pub mod surveys;
pub mod users;
pub mod webhooks;
