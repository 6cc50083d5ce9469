//! chuangkou (窗口): the petition reception counter.
//!
//! Layers, from the inside out:
//! - [`domain`]: plain Rust — cases, ID numbers, the working calendar, deadline clocks,
//!   policies, catalogs. No terminal, no database.
//! - [`store`]: the storage trait and its sled implementation.
//! - [`ui`]: the ratatui screens (state + `update(action) -> effects` + pure `draw`).
//! - [`cli`]: the command-line subcommands (demo, import, export, check).

pub mod backup;
pub mod cli;
pub mod config;
pub mod domain;
pub mod publish;
pub mod report;
pub mod store;
pub mod ui;
