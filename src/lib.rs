//! imha: a terminal record for Independent Mental Health Advocates in England.

pub mod domain;
pub mod law;
pub mod store;
pub mod text;
pub mod app;
pub mod demo;
pub mod driver;
pub mod keymap;
pub mod ui;
pub mod report;
pub mod cli;
pub mod config;
pub mod tui;
