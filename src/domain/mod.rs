//! Pure rules, no I/O: identifiers, survey kinds and scores, answers, links, follow-up rules.

pub mod account;
pub mod answer;
pub mod custom_word;
pub mod email;
pub mod events;
pub mod fields;
pub mod follow_up;
pub mod ids;
pub mod keywords;
pub mod month;
pub mod outbox;
pub mod period;
pub mod role;
pub mod sign_in;
pub mod stats;
pub mod survey;
pub mod throttle;
pub mod token;
pub mod webhook;
