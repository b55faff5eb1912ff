//! koe (声): a self-hosted voice-of-customer service. NPS, CSAT and exit surveys on unique
//! links, Japanese comment analysis, and a follow-up for every low score.

pub mod cli;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod http;
pub mod seed;
pub mod service;
pub mod setup;
pub mod startup;
pub mod text;

pub use error::AppError;
