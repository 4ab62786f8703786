//! The derive's compile errors, as merchants read them (`tests/ui/fail`), and the shapes it
//! accepts (`tests/ui/pass`). Regenerate a `.stderr` with `TRYBUILD=overwrite` only for a new
//! case, then read it (CONTRIBUTING.md).
//!
//! rustc's error layout changes between releases, so the `.stderr` files hold for the rustc
//! named in `tests/ui/TOOLCHAIN` only. On another one the suite is skipped, saying why, unless
//! `MSP_UI_TESTS=force` is set.

use std::process::Command;

/// The rustc release the `.stderr` files were written with.
const PINNED: &str = include_str!("ui/TOOLCHAIN");

/// The release of the rustc that cargo runs (`$RUSTC`, else `rustc`), such as `1.95.0`.
fn rustc_release() -> Option<String> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = Command::new(rustc).arg("--version").output().ok()?;
    let version = String::from_utf8(output.stdout).ok()?;
    // "rustc 1.95.0 (59807616e 2026-04-14)"
    version.split_whitespace().nth(1).map(str::to_owned)
}

/// Why the suite should not run here, if it should not.
fn skip_reason(pinned: &str, this: Option<&str>, force: bool) -> Option<String> {
    if force {
        return None;
    }
    match this {
        Some(this) if this == pinned => None,
        Some(this) => Some(format!(
            "skipping the trybuild suite: its .stderr files are pinned to rustc {pinned}, this is \
             {this} (MSP_UI_TESTS=force runs it anyway)"
        )),
        None => Some(format!(
            "skipping the trybuild suite: its .stderr files are pinned to rustc {pinned}, and \
             `rustc --version` could not be read (MSP_UI_TESTS=force runs it anyway)"
        )),
    }
}

#[test]
fn ui() {
    let force = std::env::var("MSP_UI_TESTS").is_ok_and(|v| v == "force");
    if let Some(reason) = skip_reason(PINNED.trim(), rustc_release().as_deref(), force) {
        println!("{reason}");
        return;
    }
    let t = trybuild::TestCases::new();
    t.pass("tests/ui/pass/*.rs");
    t.compile_fail("tests/ui/fail/*.rs");
}

#[test]
fn the_suite_runs_on_the_pinned_rustc_only() {
    assert_eq!(skip_reason("1.95.0", Some("1.95.0"), false), None);
    let reason = skip_reason("1.95.0", Some("1.96.0"), false).expect("another rustc skips");
    assert!(
        reason.contains("pinned to rustc 1.95.0, this is 1.96.0"),
        "{reason}"
    );
    assert!(skip_reason("1.95.0", None, false).is_some());
    assert_eq!(skip_reason("1.95.0", Some("1.96.0"), true), None);
}

#[test]
fn the_pinned_release_is_one_version() {
    let pinned = PINNED.trim();
    let parts: Vec<&str> = pinned.split('.').collect();
    assert!(
        parts.len() == 3 && parts.iter().all(|p| p.parse::<u32>().is_ok()),
        "tests/ui/TOOLCHAIN must hold one rustc release such as 1.95.0, not {pinned:?}"
    );
}
