//! The client's limits and retries on the wire, against in-process servers that
//! record each request's arrival and how many requests they serve at once. A test binary of
//! its own: its tests measure real time, and run one at a time (`serial`), away from the
//! `runtime` binary's paused-clock tests.

// Shared with the `runtime` binary, which uses all of it.
#[allow(dead_code)]
#[path = "../runtime/fixtures.rs"]
mod fixtures;
mod in_flight;
mod loadtest;
#[allow(dead_code)]
#[path = "../runtime/server.rs"]
mod server;
mod tls;
mod wire;

pub use fixtures::*;

/// Held by every test: each measures real time on a machine of 2 cores.
pub async fn serial() -> tokio::sync::MutexGuard<'static, ()> {
    static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    SERIAL.lock().await
}
