//! Starts the stand-in on a free port and talks raw HTTP/1.1 to it, so tests see the exact
//! bytes, statuses and headers.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running stand-in, killed (by its PID) when dropped.
pub struct SimProcess {
    child: Child,
    pub addr: String,
}

/// A clock all but stopped: tests step it with `/_sim/advance`.
pub const STOPPED: [&str; 2] = ["--speed", "0.000001"];

impl SimProcess {
    /// A stand-in of `profile` with its clock all but stopped, and `extra` arguments.
    pub fn stopped(profile: &str, extra: &[&str]) -> SimProcess {
        let mut args = vec!["--profile", profile];
        args.extend(STOPPED);
        args.extend(extra);
        SimProcess::start(&args)
    }

    pub fn start(args: &[&str]) -> SimProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_milvus-import-sim"))
            .args(["--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start milvus-import-sim");
        let mut out = BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        out.read_line(&mut line).expect("first line");
        let addr = line.split("http://").nth(1).expect("a URL on the first line").trim().to_owned();
        // Keep draining stdout so the process never blocks on a full pipe.
        std::thread::spawn(move || {
            let mut sink = String::new();
            while out.read_line(&mut sink).map(|n| n > 0).unwrap_or(false) {
                sink.clear();
            }
        });
        SimProcess { child, addr }
    }

    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> HttpResponse {
        raw_request(&self.addr, method, path, headers, body).unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    }

    pub fn post(&self, op: &str, body: &str) -> HttpResponse {
        self.request("POST", &format!("/v2/vectordb/jobs/import/{op}"), &[("Content-Type", "application/json")], body.as_bytes())
    }

    pub fn post_json(&self, op: &str, body: &str) -> serde_json::Value {
        let response = self.post(op, body);
        assert_eq!(response.status, 200, "{op}: {}", response.text());
        response.json()
    }

    pub fn create(&self, files: &[&str]) -> String {
        let groups: Vec<Vec<&str>> = files.iter().map(|f| vec![*f]).collect();
        let body = serde_json::json!({"collectionName": "book_embeddings", "files": groups}).to_string();
        let v = self.post_json("create", &body);
        v["data"]["jobId"].as_str().unwrap_or_else(|| panic!("no jobId in {v}")).to_owned()
    }
}

impl Drop for SimProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// One request on a fresh connection; an error when the connection dies mid-response.
pub fn raw_request(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> std::io::Result<HttpResponse> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").ok_or_else(|| std::io::Error::other("no header end"))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other("bad status line"))?;
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':')).map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned())).collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers.iter().any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body).ok_or_else(|| std::io::Error::other("connection closed inside a chunked body"))?;
    } else if let Some(len) =
        headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("content-length")).and_then(|(_, v)| v.parse::<usize>().ok())
    {
        if body.len() < len {
            return Err(std::io::Error::other("connection closed before the body ended"));
        }
    }
    Ok(HttpResponse { status, headers, body })
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size = usize::from_str_radix(std::str::from_utf8(&data[..line_end]).ok()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

/// Asks `op` and then moves simulated time forward by `step_secs` (`/_sim/advance`), until
/// `done` says so; returns every answer. With the stand-in's clock all but stopped
/// (`--speed 0.000001`), each phase is seen however slow the machine is.
pub fn step_until(
    sim: &SimProcess,
    op: &str,
    body: &str,
    step_secs: f64,
    done: impl FnMut(&serde_json::Value) -> bool,
) -> Vec<serde_json::Value> {
    let advance = || {
        let advanced = sim.request("POST", "/_sim/advance", &[], format!(r#"{{"secs":{step_secs}}}"#).as_bytes());
        assert_eq!(advanced.status, 200, "advance: {}", advanced.text());
    };
    ask_until(sim, op, body, 10_000, advance, done)
}

/// Polls describe (or the given route) until `done` says so, returning every answer seen.
pub fn poll_until(sim: &SimProcess, op: &str, body: &str, done: impl FnMut(&serde_json::Value) -> bool) -> Vec<serde_json::Value> {
    ask_until(sim, op, body, 2_000, || std::thread::sleep(Duration::from_millis(20)), done)
}

/// Asks `op` up to `tries` times, doing `between` after each answer that is not `done`.
fn ask_until(
    sim: &SimProcess,
    op: &str,
    body: &str,
    tries: usize,
    mut between: impl FnMut(),
    mut done: impl FnMut(&serde_json::Value) -> bool,
) -> Vec<serde_json::Value> {
    let mut seen = Vec::new();
    for _ in 0..tries {
        let v = sim.post_json(op, body);
        let stop = done(&v);
        seen.push(v);
        if stop {
            return seen;
        }
        between();
    }
    panic!("never done; last: {:?}", seen.last());
}
