//! imha: a terminal record for Independent Mental Health Advocates in England.

pub mod domain;
pub mod law;
pub mod store;
pub mod text;
pub mod app;
