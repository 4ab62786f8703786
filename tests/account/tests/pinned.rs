//! The derive against a crate's `msp-account.json` (see `src/lib.rs` for how the file reaches
//! trybuild's project). The `.stderr` files hold for the rustc of `tests/ui/TOOLCHAIN` of the
//! `msp` crate; on another one the cases are skipped, saying why, unless `MSP_UI_TESTS=force`.

use std::path::{Path, PathBuf};
use std::process::Command;

const PINNED: &str = include_str!("../../ui/TOOLCHAIN");

fn rustc_release() -> Option<String> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let output = Command::new(rustc).arg("--version").output().ok()?;
    let version = String::from_utf8(output.stdout).ok()?;
    version.split_whitespace().nth(1).map(str::to_owned)
}

/// trybuild's project for this crate: `<target dir>/tests/trybuild/<package>/`, the target
/// directory as `cargo metadata` reports it (as trybuild reads it).
fn trybuild_project() -> PathBuf {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo metadata runs");
    let metadata: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("cargo metadata answers JSON");
    let target = metadata["target_directory"]
        .as_str()
        .expect("cargo metadata names the target directory");
    Path::new(target)
        .join("tests")
        .join("trybuild")
        .join(env!("CARGO_PKG_NAME"))
}

/// Puts `source` at the root of trybuild's project, as `msp-account.json`.
fn use_account_file(project: &Path, source: &str) {
    std::fs::create_dir_all(project).unwrap();
    let text = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(source)).unwrap();
    let target = project.join("msp-account.json");
    // Rewritten only when it differs, so that cases already built against it stay fresh.
    if std::fs::read(&target).ok().as_ref() != Some(&text) {
        std::fs::write(target, text).unwrap();
    }
}

/// The `.d` files under `dir`, down to `depth` levels.
fn dep_info_files(dir: &Path, depth: usize) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() && depth > 0 {
            found.extend(dep_info_files(&path, depth - 1));
        } else if path.extension().is_some_and(|e| e == "d") {
            found.push(path);
        }
    }
    found
}

/// One test, so that the two account files are used one after the other.
#[test]
fn the_derive_checks_against_the_account_file() {
    let force = std::env::var("MSP_UI_TESTS").is_ok_and(|v| v == "force");
    let this = rustc_release();
    if !force && this.as_deref() != Some(PINNED.trim()) {
        println!(
            "skipping: the .stderr files are pinned to rustc {}, this is {this:?} \
             (MSP_UI_TESTS=force runs them anyway)",
            PINNED.trim()
        );
        return;
    }
    let project = trybuild_project();

    use_account_file(&project, "msp-account.json");
    {
        let t = trybuild::TestCases::new();
        t.pass("ui/pass/*.rs");
        t.compile_fail("ui/fail/*.rs");
    }

    // The compiler recorded the file as an input of the cases (the derive's `include_bytes!`),
    // so cargo rebuilds them when it changes.
    let file = project.join("msp-account.json");
    let trybuild_target = project.parent().expect("tests/trybuild");
    assert!(
        dep_info_files(trybuild_target, 5)
            .iter()
            .any(|d| std::fs::read_to_string(d).is_ok_and(|t| t.contains(&*file.to_string_lossy()))),
        "no dep-info file under {} lists {}",
        trybuild_target.display(),
        file.display()
    );

    use_account_file(&project, "ui/malformed/msp-account.json");
    {
        let t = trybuild::TestCases::new();
        t.compile_fail("ui/malformed/*.rs");
    }
}
