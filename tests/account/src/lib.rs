//! The derive's checks against an account file, as merchants read them: `tests/pinned.rs`
//! builds the cases of `ui/` with trybuild in a crate whose root holds `msp-account.json`.
//!
//! trybuild builds its cases in a project of its own, `<target>/tests/trybuild/<this crate>/`,
//! and that project's directory is the `CARGO_MANIFEST_DIR` the derive sees. The runner therefore
//! copies the account file there before each run: `msp-account.json` next to this file for the
//! cases of `ui/pass` and `ui/fail`, `ui/malformed/msp-account.json` for those of
//! `ui/malformed`. This crate has its own trybuild project (named after it), so the file never
//! reaches the main suite (`tests/ui.rs` of `msp`), whose cases use the documented catalogue.
