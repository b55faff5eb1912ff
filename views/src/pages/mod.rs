//! Whole pages, one function per page, each taking one view model.

pub mod errors;
pub mod respond;
pub mod staff;
pub mod unsubscribe;
