//! milvus-import-sim: a stand-in for the Milvus bulk-import REST API.
//!
//! It imitates each server version's answers byte for byte (see the project's shared API page)
//! and walks jobs through the real phases over scaled time, with faults on demand. It shares no
//! code or types with the widget, so a misreading in one cannot hide in the other.
#![warn(clippy::too_many_lines)]

mod access;
mod admin;
mod answer;
mod binding;
mod clock;
mod config;
mod contribution;
mod create;
mod engine;
mod faults;
mod gojson;
mod http;
mod import_api;
mod newest;
mod operation;
mod plan;
mod profile;
mod readiness;
mod replication;
mod seeds;
mod store;
mod wal;

use clap::Parser;
use config::Config;
use std::io::Write;

#[tokio::main]
async fn main() {
    let cfg = Config::parse();
    let sim = store::Sim::new(cfg.clone());
    let mut seeded = Vec::new();
    if cfg.demo {
        seeded.extend(seeds::demo(&sim));
    }
    if let Some(path) = &cfg.scenario {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
        seeded.extend(seeds::scenario(&sim, &text).unwrap_or_else(|e| fail(&e)));
    }
    let listener = tokio::net::TcpListener::bind((cfg.host.as_str(), cfg.port))
        .await
        .unwrap_or_else(|e| fail(&format!("cannot bind {}:{}: {e}", cfg.host, cfg.port)));
    let address = listener.local_addr().unwrap_or_else(|e| fail(&e.to_string()));
    let base = format!("http://{address}");
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "milvus-import-sim: profile {} listening on {base}", cfg.profile);
    for (label, id) in &seeded {
        let _ = writeln!(out, "job {id} ({label})");
        if cfg.serve.is_some() {
            let _ = writeln!(out, "  watch: {base}/?endpoint={base}&jobId={id}");
        }
    }
    let batch: Vec<&str> = seeded.iter().filter(|(label, _)| label.starts_with(seeds::BATCH_LABEL)).map(|(_, id)| id.as_str()).collect();
    if cfg.serve.is_some() && !batch.is_empty() {
        let ids: String = batch.iter().map(|id| format!("&jobId={id}")).collect();
        let _ = writeln!(out, "batch of {} jobs: {base}/?endpoint={base}{ids}", batch.len());
    }
    // The last line: tests wait for it rather than for a time, so every job line is read.
    let _ = writeln!(out, "milvus-import-sim: ready");
    let _ = out.flush();
    drop(out);
    if let Some(primary) = cfg.standby_of.clone() {
        tokio::spawn(replication::follow(sim.clone(), primary));
    }
    let app = axum::Router::new().fallback(http::handle).with_state(sim);
    if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(shutdown()).await {
        fail(&e.to_string());
    }
}

async fn shutdown() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(term) => term,
            Err(_) => return std::future::pending().await,
        };
        tokio::select! { _ = ctrl_c => {}, _ = term.recv() => {} }
    }
    #[cfg(not(unix))]
    let _ = ctrl_c.await;
}

fn fail(message: &str) -> ! {
    eprintln!("milvus-import-sim: {message}");
    std::process::exit(1);
}
