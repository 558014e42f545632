//! One file a job (as crates.io's `worker/jobs`): what the worker does with each kind of job,
//! and the pulse with its scheduled tasks.

pub mod letters;
pub mod mail;
pub mod pulse;
pub mod thumbnail;
