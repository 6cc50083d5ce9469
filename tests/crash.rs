//! Crash safety: a child process saves cases in a loop (`stress-save`) and prints each case
//! number only after the save returned; we SIGKILL it at random moments over several rounds.
//! Every printed case must survive intact, `check` must pass, and no case number may be
//! handed out twice.
//!
//! Rounds: `CK_CRASH_ROUNDS` (default 6). The random seed is printed; set `CK_CRASH_SEED`
//! to replay a run.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_chuangkou");
const NOW: &str = "2026-03-02T10:00";

/// splitmix64: enough randomness for kill timing, no crate needed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Same text as `chuangkou::cli::stress`, so the test checks content, not just presence.
fn expected(tag: &str, i: u32) -> (String, String) {
    (
        chuangkou::cli::stress::name(tag, i),
        chuangkou::cli::stress::matter(tag, i),
    )
}

/// A case the child said it saved.
#[derive(Debug, Clone)]
struct Saved {
    tag: String,
    i: u32,
}

/// Runs one round: starts the saver, lets it save `min_lines` cases, waits a random moment
/// more, kills it with SIGKILL and returns every complete line it printed.
fn round(dir: &Path, tag: &str, min_lines: usize, extra_delay_us: u64) -> Vec<(i32, u32, Saved)> {
    let mut child = Command::new(BIN)
        .arg("--data")
        .arg(dir)
        .args([
            "--now",
            NOW,
            "stress-save",
            "--count",
            "100000",
            "--tag",
            tag,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut lines = Vec::new();
    let mut buf = String::new();
    while lines.len() < min_lines {
        buf.clear();
        let n = out.read_line(&mut buf).unwrap();
        if n == 0 {
            break; // the child ended early; its stderr says why (checked below)
        }
        lines.push(buf.clone());
    }
    std::thread::sleep(Duration::from_micros(extra_delay_us));
    child.kill().unwrap(); // SIGKILL on Unix
                           // Lines printed before the kill are promises too.
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut out, &mut rest).unwrap();
    let status = child.wait().unwrap();
    let mut err = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut err).unwrap();
    assert!(
        lines.len() >= min_lines,
        "round {tag}: child stopped after {} saves ({status}): {err}",
        lines.len()
    );
    assert!(!err.contains("panicked"), "round {tag}: {err}");
    let mut all: Vec<String> = lines;
    // A line cut by the kill has no newline: it was not a complete promise.
    all.extend(
        rest.split_inclusive('\n')
            .filter(|l| l.ends_with('\n'))
            .map(str::to_string),
    );
    all.iter()
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(f.len(), 5, "bad line {l:?}");
            assert_eq!(f[0], "SAVED");
            (
                f[1].parse().unwrap(),
                f[2].parse().unwrap(),
                Saved {
                    tag: f[3].to_string(),
                    i: f[4].parse().unwrap(),
                },
            )
        })
        .collect()
}

fn run_ok(dir: &Path, args: &[&str]) -> std::process::Output {
    let out = Command::new(BIN)
        .arg("--data")
        .arg(dir)
        .args(["--now", NOW])
        .args(args)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    assert!(
        out.status.success(),
        "{args:?} failed: {}{stderr}",
        String::from_utf8_lossy(&out.stdout)
    );
    out
}

#[test]
fn killed_saver_loses_nothing_it_reported() {
    let rounds = env_u64("CK_CRASH_ROUNDS", 6);
    let seed = env_u64(
        "CK_CRASH_SEED",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(1),
    );
    eprintln!("crash test: {rounds} rounds, CK_CRASH_SEED={seed}");
    let mut rng = Rng(seed);
    let dir = tempfile::tempdir().unwrap();
    // Every case number any round reported, with who wrote it.
    let mut promised: BTreeMap<(i32, u32), Saved> = BTreeMap::new();
    for r in 0..rounds {
        let tag = format!("r{r}");
        let min_lines = 1 + rng.below(40) as usize;
        let delay = rng.below(30_000);
        let saved = round(dir.path(), &tag, min_lines, delay);
        for (year, seq, s) in saved {
            assert_eq!(s.tag, tag);
            if let Some(old) = promised.insert((year, seq), s.clone()) {
                panic!("case number {year}-{seq} reused: first {old:?}, again {s:?}");
            }
        }
        // After every kill: the directory opens, `check` passes, every promise is kept.
        let check = run_ok(dir.path(), &["check"]);
        assert!(String::from_utf8_lossy(&check.stdout).contains("检查通过"));
        let export = run_ok(dir.path(), &["export", "--format", "json"]);
        let cases: serde_json::Value = serde_json::from_slice(&export.stdout).unwrap();
        let by_no: BTreeMap<String, &serde_json::Value> = cases
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["case_no"].as_str().unwrap().to_string(), c))
            .collect();
        for ((year, seq), s) in &promised {
            let no = format!("XF-{year}-{seq:06}");
            let c = by_no.get(&no).unwrap_or_else(|| {
                panic!("round {r}: case {no} ({s:?}) was reported saved but is gone (seed {seed})")
            });
            let (name, matter) = expected(&s.tag, s.i);
            assert_eq!(c["name"], name.as_str(), "case {no}");
            assert_eq!(c["matter"], matter.as_str(), "case {no}");
        }
    }
    assert!(
        promised.len() as u64 >= rounds,
        "every round saved at least one case"
    );
}
