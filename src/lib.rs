//! imha: a terminal record for Independent Mental Health Advocates in England.

pub mod app;
pub mod auth;
pub mod census;
pub mod checks;
pub mod cli;
pub mod commissioner;
pub mod config;
pub mod demo;
pub mod domain;
pub mod driver;
pub mod keymap;
pub mod law;
pub mod plain;
pub mod report;
pub mod store;
pub mod summary;
pub mod text;
pub mod tui;
pub mod ui;
pub mod vault;
