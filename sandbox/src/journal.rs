//! The state file (`--state FILE`, [`SandboxBuilder::state_file`](crate::SandboxBuilder::state_file)):
//! orders kept across restarts.
//!
//! An append-only journal of JSON lines, one per acknowledged change: `{"put": ORDER}` (the
//! whole order after the change; the last line of an id wins), `{"clock": SECONDS}` (the
//! clock's offset) and `{"reset": true}`. A change's line is appended under the store's lock (so
//! that the lines are in the order of the changes) and `fsync`ed after the lock is released,
//! before the answer that acknowledges the change is sent, so a crash loses nothing
//! acknowledged. The `fsync`s are grouped: one covers every line appended before it began, and a
//! change whose line an `fsync` under way does not cover waits for it and then usually finds its
//! line covered by the next, shared with every change that arrived meanwhile (group commit). A
//! crash in the middle of a line leaves a torn last line, which the next start ignores. On start
//! the journal is read, then rewritten compactly (one line per order) to a temporary file that is
//! `fsync`ed and renamed over it, so that it does not grow without bound across restarts.
//!
//! A failed `fsync` stops the journal for good (fail-stop, as PostgreSQL does since 2018): the
//! kernel may have dropped the pages it could not write and marked them clean, so a later
//! `fsync` that succeeds proves nothing about the lines before it. From the first failure on,
//! every line not made durable before it is refused ([`Journal::sync_through`] answers the
//! failure), and so is every new line; restarting the sandbox reads the file as it is on disk.

use crate::ledger::Ledger;
use crate::order::StoredOrder;
use msp_core::{OrderRequest, OrderStatus};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

/// An order as the journal keeps it: what the sandbox cannot recompute.
#[derive(Serialize, Deserialize)]
pub(crate) struct OrderRecord {
    request: OrderRequest<'static>,
    transaction_id: u64,
    session_id: String,
    status: String,
    created: u64,
    modified: u64,
    completed: Option<u64>,
    /// Refunds, captures, shipping (absent in files written before they existed).
    #[serde(default)]
    ledger: Ledger,
}

impl OrderRecord {
    /// The stored order (its request read again, as when it was created).
    pub(crate) fn into_order(self) -> Result<StoredOrder, crate::errors::ApiError> {
        let mut order = StoredOrder::new(
            &self.request,
            self.session_id,
            self.transaction_id,
            self.created,
        )?;
        order.status = OrderStatus::from_api(&self.status);
        order.modified = self.modified;
        order.completed = self.completed;
        order.ledger = self.ledger;
        Ok(order)
    }
}

/// [`OrderRecord`] as written from a stored order: its request's JSON as stored, not decoded.
#[derive(Serialize)]
struct StoredRecord<'a> {
    request: &'a RawValue,
    transaction_id: u64,
    session_id: &'a str,
    status: &'a str,
    created: u64,
    modified: u64,
    completed: Option<u64>,
    ledger: &'a Ledger,
}

/// A `put` line for a stored order.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum StoredLine<'a> {
    Put(StoredRecord<'a>),
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Line {
    Put(Box<OrderRecord>),
    Clock(u64),
    Reset(bool),
}

/// What a journal held when it was opened.
pub(crate) struct Replay {
    /// The orders, in the order they were first stored.
    pub(crate) orders: Vec<OrderRecord>,
    /// The clock's offset.
    pub(crate) clock: u64,
}

/// The open journal.
#[derive(Debug)]
pub(crate) struct Journal {
    /// The file, appended to (never `fsync`ed) under this lock.
    file: Mutex<File>,
    /// Lines appended so far: a line's number is its ticket, durable once `synced` reaches it.
    written: AtomicU64,
    /// The last line known durable, as `Synced::line` tells it, readable without the lock.
    synced_line: AtomicU64,
    /// Held for each `fsync`.
    synced: Mutex<Synced>,
    /// Set, for good, by the first failed `fsync` (see the module's documentation).
    failed: AtomicBool,
}

/// The `fsync` side of the journal.
struct Synced {
    /// Every line up to this one is durable.
    line: u64,
    /// The same file, to `fsync` without the appending lock.
    file: File,
    /// The first failed `fsync`'s error (its kind and text), answered from then on.
    failure: Option<(io::ErrorKind, String)>,
    /// Replaces `fsync` in tests: fails or counts calls.
    #[cfg(test)]
    fsync_hook: Option<Box<dyn FnMut() -> io::Result<()> + Send>>,
}

impl std::fmt::Debug for Synced {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Synced")
            .field("line", &self.line)
            .field("failure", &self.failure)
            .finish_non_exhaustive()
    }
}

impl Synced {
    fn fsync(&mut self) -> io::Result<()> {
        #[cfg(test)]
        if let Some(hook) = &mut self.fsync_hook {
            return hook();
        }
        self.file.sync_data()
    }
}

/// The error of a journal stopped by a failed `fsync`.
fn stopped(kind: io::ErrorKind, text: &str) -> io::Error {
    io::Error::new(
        kind,
        format!("an earlier fsync of the state file failed ({text}); restart the sandbox"),
    )
}

impl Journal {
    /// Reads the journal at `path` (if it exists), rewrites it compactly and opens it for
    /// appending.
    pub(crate) fn open(path: &Path) -> io::Result<(Journal, Replay)> {
        let replay = match File::open(path) {
            Ok(file) => read(BufReader::new(file), path)?,
            Err(e) if e.kind() == io::ErrorKind::NotFound => Replay {
                orders: Vec::new(),
                clock: 0,
            },
            Err(e) => return Err(e),
        };
        let mut compact = Vec::new();
        if replay.clock > 0 {
            push_line(&mut compact, &Line::Clock(replay.clock))?;
        }
        for record in &replay.orders {
            serde_json::to_writer(&mut compact, &LineRef::Put(record)).map_err(io::Error::other)?;
            compact.push(b'\n');
        }
        replace(path, &compact)?;
        let file = OpenOptions::new().append(true).open(path)?;
        let synced = Synced {
            line: 0,
            file: file.try_clone()?,
            failure: None,
            #[cfg(test)]
            fsync_hook: None,
        };
        Ok((
            Journal {
                file: Mutex::new(file),
                written: AtomicU64::new(0),
                synced_line: AtomicU64::new(0),
                synced: Mutex::new(synced),
                failed: AtomicBool::new(false),
            },
            replay,
        ))
    }

    /// Appends the order as it is now, durably.
    #[cfg(test)]
    pub(crate) fn put(&self, order: &StoredOrder) -> io::Result<()> {
        let ticket = self.append_put(order)?;
        self.sync_through(ticket)
    }

    /// Appends the order as it is now, not yet durably: its ticket, for
    /// [`sync_through`](Journal::sync_through).
    pub(crate) fn append_put(&self, order: &StoredOrder) -> io::Result<u64> {
        let request: &RawValue =
            serde_json::from_slice(order.request_json()).map_err(io::Error::other)?;
        self.append(&StoredLine::Put(StoredRecord {
            request,
            transaction_id: order.transaction_id,
            session_id: &order.session_id,
            status: order.status.as_str(),
            created: order.created,
            modified: order.modified,
            completed: order.completed,
            ledger: &order.ledger,
        }))
    }

    /// Appends the clock's offset, durably.
    pub(crate) fn clock(&self, offset: u64) -> io::Result<()> {
        let ticket = self.append(&Line::Clock(offset))?;
        self.sync_through(ticket)
    }

    /// Appends a reset, durably.
    pub(crate) fn reset(&self) -> io::Result<()> {
        let ticket = self.append(&Line::Reset(true))?;
        self.sync_through(ticket)
    }

    /// The error of a journal stopped by a failed `fsync`, if it is.
    pub(crate) fn check(&self) -> io::Result<()> {
        if !self.failed.load(Ordering::Acquire) {
            return Ok(());
        }
        let synced = self.synced.lock().unwrap_or_else(PoisonError::into_inner);
        match &synced.failure {
            Some((kind, text)) => Err(stopped(*kind, text)),
            None => Ok(()),
        }
    }

    /// Puts `hook` in the place of `fsync`, to fail it or count its calls.
    #[cfg(test)]
    pub(crate) fn set_fsync_hook(&self, hook: impl FnMut() -> io::Result<()> + Send + 'static) {
        let mut synced = self.synced.lock().unwrap_or_else(PoisonError::into_inner);
        synced.fsync_hook = Some(Box::new(hook));
    }

    /// The ticket of the last line appended: once it is durable, so is every change made so far.
    pub(crate) fn written(&self) -> u64 {
        self.written.load(Ordering::Acquire)
    }

    /// Whether the line of `ticket` is durable already.
    pub(crate) fn is_synced(&self, ticket: u64) -> bool {
        self.synced_line.load(Ordering::Acquire) >= ticket
    }

    /// Returns once the line of `ticket` (and every line before it) is durable: at once if an
    /// earlier `fsync` covered it; else after the `fsync` under way, if any, and one more that
    /// covers every line appended by then (this call's and those of the writers waiting with it).
    /// Once an `fsync` failed, a line it did not cover is never durable: the failure is
    /// answered, without another `fsync`.
    pub(crate) fn sync_through(&self, ticket: u64) -> io::Result<()> {
        let mut synced = self.synced.lock().unwrap_or_else(PoisonError::into_inner);
        if synced.line >= ticket {
            return Ok(());
        }
        if let Some((kind, text)) = &synced.failure {
            return Err(stopped(*kind, text));
        }
        // Every line up to `target` was written before this load (`written` moves after the
        // write), so the `fsync` below covers it.
        let target = self.written();
        if let Err(e) = synced.fsync() {
            synced.failure = Some((e.kind(), e.to_string()));
            self.failed.store(true, Ordering::Release);
            return Err(e);
        }
        synced.line = target;
        self.synced_line.store(target, Ordering::Release);
        Ok(())
    }

    fn append(&self, line: &impl Serialize) -> io::Result<u64> {
        let mut bytes = Vec::with_capacity(512);
        push_line(&mut bytes, line)?;
        let mut file = self.file.lock().unwrap_or_else(PoisonError::into_inner);
        // Stopped: the line could never be made durable.
        self.check()?;
        file.write_all(&bytes)?;
        Ok(self.written.fetch_add(1, Ordering::AcqRel) + 1)
    }
}

/// [`Line::Put`] by reference, for the compact rewrite.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum LineRef<'a> {
    Put(&'a OrderRecord),
}

fn push_line(out: &mut Vec<u8>, line: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer(&mut *out, line).map_err(io::Error::other)?;
    out.push(b'\n');
    Ok(())
}

/// Replays the lines: the last `put` of an id wins, a `reset` forgets everything before it. A
/// torn last line (no newline) is ignored; any other unreadable line is an error.
fn read(reader: impl BufRead, path: &Path) -> io::Result<Replay> {
    let mut orders: Vec<Option<OrderRecord>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut clock = 0;
    let mut lines = reader.split(b'\n').peekable();
    let mut number = 0;
    while let Some(line) = lines.next() {
        let line = line?;
        number += 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let parsed: Line = match serde_json::from_slice(&line) {
            Ok(parsed) => parsed,
            // The last line, cut short by a crash: never acknowledged.
            Err(_) if lines.peek().is_none() => break,
            Err(e) => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "{}, line {number}: not a state record ({e})",
                        path.display()
                    ),
                ))
            }
        };
        match parsed {
            Line::Put(record) => {
                let key = record.request.order_id.to_string();
                match index.get(&key) {
                    Some(&i) => orders[i] = Some(*record),
                    None => {
                        index.insert(key, orders.len());
                        orders.push(Some(*record));
                    }
                }
            }
            Line::Clock(offset) => clock = offset,
            Line::Reset(_) => {
                orders.clear();
                index.clear();
                clock = 0;
            }
        }
    }
    Ok(Replay {
        orders: orders.into_iter().flatten().collect(),
        clock,
    })
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, `fsync`, rename, and an
/// `fsync` of the directory (where the platform allows it).
fn replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut temporary = PathBuf::from(path);
    let mut name = path
        .file_name()
        .ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "the state file needs a file name",
            )
        })?
        .to_os_string();
    name.push(".tmp");
    temporary.set_file_name(name);
    {
        let mut file = File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
    }
    fs::rename(&temporary, path)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(dir) = File::open(dir) {
            let _ = dir.sync_all();
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(id: &str, status: &str) -> String {
        let request = serde_json::from_str::<serde_json::Value>(include_str!(
            "../tests/fixtures/seed-amex.json"
        ))
        .map(|mut body| {
            body["order_id"] = id.into();
            body
        })
        .unwrap();
        serde_json::json!({"put": {
            "request": request, "transaction_id": 1_000_000_007u64, "session_id": "s",
            "status": status, "created": 1, "modified": 2, "completed": null,
        }})
        .to_string()
    }

    #[test]
    fn the_last_put_wins_a_reset_forgets_and_a_torn_last_line_is_ignored() {
        let text = format!(
            "{}\n{}\n{{\"clock\":60}}\n{}\n{}\n{{\"reset\":true}}\n{}\n{}\n{{\"put\": {{\"requ",
            record("gone", "initialized"),
            record("gone", "completed"),
            record("a", "initialized"),
            record("gone", "completed"),
            record("b", "initialized"),
            record("b", "completed"),
        );
        let replay = read(text.as_bytes(), Path::new("state.jsonl")).unwrap();
        let ids: Vec<_> = replay
            .orders
            .iter()
            .map(|r| (r.request.order_id.to_string(), r.status.clone()))
            .collect();
        assert_eq!(ids, [("b".to_owned(), "completed".to_owned())]);
        assert_eq!(replay.clock, 0);
    }

    #[test]
    fn a_stored_order_is_written_as_its_request_and_read_back() {
        let body = serde_json::from_str::<serde_json::Value>(include_str!(
            "../tests/fixtures/seed-amex.json"
        ))
        .unwrap();
        let request: OrderRequest = serde_json::from_value(body).unwrap();
        let mut order = StoredOrder::new(&request, "s".into(), 1_000_000_009, 60).unwrap();
        order.status = OrderStatus::Completed;
        order.completed = Some(120);
        let path = std::env::temp_dir().join(format!(
            "msp-sandbox-journal-{}-{}.jsonl",
            std::process::id(),
            order.transaction_id
        ));
        let _ = fs::remove_file(&path);
        let (journal, _) = Journal::open(&path).unwrap();
        journal.put(&order).unwrap();
        drop(journal);
        let (_, replay) = Journal::open(&path).unwrap();
        let _ = fs::remove_file(&path);
        let [record] = <[OrderRecord; 1]>::try_from(replay.orders).ok().unwrap();
        let back = record.into_order().unwrap();
        assert_eq!(back.request_json(), order.request_json());
        assert_eq!(
            (
                &*back.session_id,
                back.transaction_id,
                back.status.clone(),
                back.created
            ),
            ("s", 1_000_000_009, OrderStatus::Completed, 60)
        );
        assert_eq!(
            (back.completed, back.expires_at()),
            (Some(120), order.expires_at())
        );
    }

    #[test]
    fn one_fsync_covers_every_line_appended_before_it_and_concurrent_writers_all_end_durable() {
        let path = std::env::temp_dir().join(format!(
            "msp-sandbox-journal-{}-group.jsonl",
            std::process::id()
        ));
        let _ = fs::remove_file(&path);
        let (journal, _) = Journal::open(&path).unwrap();
        let tickets: Vec<u64> = (1..=3)
            .map(|n| journal.append(&Line::Clock(n)).unwrap())
            .collect();
        assert_eq!(tickets, [1, 2, 3]);
        assert!(!journal.is_synced(1));
        journal.sync_through(1).unwrap();
        assert!(
            journal.is_synced(3),
            "the lines appended before the fsync are covered"
        );
        let journal = std::sync::Arc::new(journal);
        let writers: Vec<_> = (0..8)
            .map(|n| {
                let journal = std::sync::Arc::clone(&journal);
                std::thread::spawn(move || {
                    let ticket = journal.append(&Line::Clock(10 + n)).unwrap();
                    journal.sync_through(ticket).unwrap();
                    assert!(journal.is_synced(ticket));
                })
            })
            .collect();
        for writer in writers {
            writer.join().unwrap();
        }
        assert_eq!(journal.written(), 11);
        assert!(journal.is_synced(11));
        let lines = fs::read_to_string(&path).unwrap().lines().count();
        let _ = fs::remove_file(&path);
        assert_eq!(lines, 11);
    }

    #[test]
    fn a_failed_fsync_stops_the_journal_for_good() {
        use std::sync::atomic::AtomicUsize;
        use std::sync::Arc;
        let path = std::env::temp_dir().join(format!(
            "msp-sandbox-journal-{}-failed.jsonl",
            std::process::id()
        ));
        let _ = fs::remove_file(&path);
        let (journal, _) = Journal::open(&path).unwrap();
        // The first `fsync` succeeds, the second fails, every later one would succeed.
        let calls = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&calls);
        journal.set_fsync_hook(move || match counted.fetch_add(1, Ordering::SeqCst) {
            1 => Err(io::Error::other("writeback failed")),
            _ => Ok(()),
        });
        let durable = journal.append(&Line::Clock(1)).unwrap();
        journal.sync_through(durable).unwrap();
        let lost = journal.append(&Line::Clock(2)).unwrap();
        let first = journal.sync_through(lost).unwrap_err();
        assert!(first.to_string().contains("writeback failed"), "{first}");
        // The failed writeback's line is never reported durable, though an `fsync` would now
        // succeed; no further `fsync` is even tried.
        let again = journal.sync_through(lost).unwrap_err();
        assert!(
            again.to_string().contains("an earlier fsync")
                && again.to_string().contains("writeback failed"),
            "{again}"
        );
        assert!(!journal.is_synced(lost));
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        // A new line is refused; what was durable before the failure still is.
        assert!(journal.append(&Line::Clock(3)).is_err());
        assert_eq!(journal.written(), lost);
        journal.sync_through(durable).unwrap();
        let _ = fs::remove_file(&path);
    }

    #[test]
    fn a_damaged_line_before_the_end_is_an_error() {
        let text = format!("not json\n{}\n", record("a", "initialized"));
        let error = read(text.as_bytes(), Path::new("state.jsonl"))
            .err()
            .unwrap();
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
        assert!(error.to_string().contains("line 1"), "{error}");
    }
}
