//! koe (声): a self-hosted voice-of-customer service. NPS, CSAT and exit surveys on unique
//! links, Japanese comment analysis, and a follow-up for every low score.
// Unit tests may stop at the first thing that goes wrong; the code they test may not.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod bench;
pub mod cli;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod http;
pub mod jobs;
pub mod progress;
pub mod seed;
pub mod service;
pub mod setup;
pub mod startup;
pub mod text;

pub use error::AppError;
