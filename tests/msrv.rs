//! The promised minimum Rust version (`rust-version` of the workspace, also in the README) holds:
//! no locked dependency declares a newer one, and the code uses no language feature or standard
//! library item stabilised after it. Only one toolchain is installed where this is developed, so
//! this reads what the dependencies declare (their sources in Cargo's registry cache) and greps
//! the workspace's sources, instead of building with the old toolchain.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

/// A Rust release, `major.minor` (the patch never matters for what a release can compile).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
struct Release(u32, u32);

impl Release {
    fn parse(text: &str) -> Option<Release> {
        let mut parts = text.trim().split('.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next().map_or(Some(0), |m| m.parse().ok())?;
        Some(Release(major, minor))
    }
}

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.0, self.1)
    }
}

/// What the workspace promises: `rust-version` of `[workspace.package]`, which every crate
/// inherits.
fn promise() -> Release {
    Release::parse(env!("CARGO_PKG_RUST_VERSION")).expect("the package declares a rust-version")
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The crates.io packages of `Cargo.lock`: (name, version).
fn locked_packages(lock: &str) -> Vec<(String, String)> {
    let mut packages = Vec::new();
    for block in lock.split("[[package]]").skip(1) {
        let field = |key: &str| {
            block.lines().find_map(|line| {
                let value = line.strip_prefix(key)?.trim_start().strip_prefix('=')?;
                Some(value.trim().trim_matches('"').to_owned())
            })
        };
        let from_registry = field("source").is_some_and(|s| s.starts_with("registry+"));
        if let (Some(name), Some(version), true) = (field("name"), field("version"), from_registry)
        {
            packages.push((name, version));
        }
    }
    packages
}

/// The `rust-version` of a manifest's `[package]` section, if it declares one.
fn declared_rust_version(manifest: &str) -> Option<Release> {
    let mut in_package = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package {
            if let Some(value) = line.strip_prefix("rust-version") {
                let value = value.trim_start().strip_prefix('=')?;
                return Release::parse(value.trim().trim_matches('"'));
            }
        }
    }
    None
}

/// The directories where Cargo unpacks crates.io sources: `$CARGO_HOME/registry/src/*`.
fn registry_sources() -> Vec<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")));
    let Some(home) = home else {
        return Vec::new();
    };
    fs::read_dir(home.join("registry").join("src"))
        .map(|dirs| dirs.filter_map(|d| Some(d.ok()?.path())).collect())
        .unwrap_or_default()
}

#[test]
fn no_locked_dependency_needs_a_newer_rust() {
    let promise = promise();
    let lock = fs::read_to_string(root().join("Cargo.lock")).expect("Cargo.lock");
    let packages = locked_packages(&lock);
    assert!(
        packages.len() > 50,
        "Cargo.lock lists {} packages",
        packages.len()
    );
    let sources = registry_sources();

    let (mut read, mut absent, mut too_new) = (0, Vec::new(), Vec::new());
    let mut highest: Option<(Release, String)> = None;
    for (name, version) in &packages {
        let manifest = sources
            .iter()
            .map(|dir| dir.join(format!("{name}-{version}")).join("Cargo.toml"))
            .find_map(|path| fs::read_to_string(path).ok());
        let Some(manifest) = manifest else {
            // Cargo unpacks what it builds: this one serves another platform (windows-*,
            // wasm-*, ...).
            absent.push(format!("{name} {version}"));
            continue;
        };
        read += 1;
        let Some(needs) = declared_rust_version(&manifest) else {
            continue;
        };
        if highest.as_ref().is_none_or(|(h, _)| needs > *h) {
            highest = Some((needs, format!("{name} {version}")));
        }
        if needs > promise {
            too_new.push(format!("{name} {version} needs Rust {needs}"));
        }
    }
    if read == 0 {
        println!(
            "skipping: no dependency sources under $CARGO_HOME/registry/src (run `cargo fetch`); \
             {} locked packages unchecked",
            packages.len()
        );
        return;
    }
    println!(
        "{read} locked packages read; the highest rust-version is {} ({}); not unpacked, so not built on \
         this platform: {}",
        highest
            .as_ref()
            .map_or("none".into(), |(r, _)| r.to_string()),
        highest.as_ref().map_or("-", |(_, p)| p.as_str()),
        absent.join(", ")
    );
    assert!(
        too_new.is_empty(),
        "the workspace promises Rust {promise} (rust-version), but:\n  {}\nraise rust-version \
         in Cargo.toml and the README together, or hold these dependencies back",
        too_new.join("\n  ")
    );
}

/// Language features and standard library items, each with the release that stabilised it, as
/// they appear in source. Only what a grep finds reliably; extend it when the code starts using
/// something recent.
const FEATURES: &[(&str, Release, &str)] = &[
    (
        "#[diagnostic::on_unimplemented",
        Release(1, 78),
        "diagnostic::on_unimplemented",
    ),
    (
        "#[diagnostic::do_not_recommend",
        Release(1, 85),
        "diagnostic::do_not_recommend",
    ),
    ("is_some_and(", Release(1, 70), "Option::is_some_and"),
    ("is_none_or(", Release(1, 82), "Option::is_none_or"),
    ("LazyLock", Release(1, 80), "std::sync::LazyLock"),
    ("LazyCell", Release(1, 80), "std::cell::LazyCell"),
    ("#[expect(", Release(1, 81), "#[expect] lint attributes"),
    ("#[unsafe(", Release(1, 82), "unsafe attributes"),
    ("&raw const", Release(1, 82), "raw borrows"),
    ("&raw mut", Release(1, 82), "raw borrows"),
    ("+ use<", Release(1, 82), "precise capturing"),
    ("repeat_n(", Release(1, 82), "std::iter::repeat_n"),
    (
        "get_or_insert_default(",
        Release(1, 83),
        "Option::get_or_insert_default",
    ),
    ("async ||", Release(1, 85), "async closures"),
    ("async move |", Release(1, 85), "async closures"),
    ("pop_if(", Release(1, 86), "Vec::pop_if"),
    ("get_disjoint_mut(", Release(1, 86), "get_disjoint_mut"),
    ("extract_if(", Release(1, 87), "Vec::extract_if"),
    ("is_multiple_of(", Release(1, 87), "is_multiple_of"),
    ("std::io::pipe", Release(1, 87), "std::io::pipe"),
    ("as_chunks(", Release(1, 88), "slice::as_chunks"),
    ("&& let ", Release(1, 88), "let chains"),
    ("edition = \"2024\"", Release(1, 85), "edition 2024"),
];

/// Every `.rs` file and manifest of the workspace, except the build output.
fn workspace_sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if path.is_dir() {
            if name != "target" && !name.starts_with('.') {
                workspace_sources(&path, out);
            }
        } else if name.ends_with(".rs") || name == "Cargo.toml" {
            out.push(path);
        }
    }
}

/// The uses of features newer than `promise` in `text`: (line number, feature, release).
fn newer_features(text: &str, promise: Release) -> Vec<(usize, &'static str, Release)> {
    let mut found = Vec::new();
    for (number, line) in text.lines().enumerate() {
        for &(pattern, since, feature) in FEATURES {
            if since > promise && line.contains(pattern) {
                found.push((number + 1, feature, since));
            }
        }
    }
    found
}

#[test]
fn the_code_uses_no_feature_newer_than_the_promise() {
    let promise = promise();
    let root = root();
    let mut files = Vec::new();
    workspace_sources(&root, &mut files);
    assert!(files.len() > 20, "found only {} source files", files.len());
    // This file's table holds the patterns.
    let this = root.join(file!());
    let mut uses = Vec::new();
    for file in files.iter().filter(|f| **f != this) {
        let text = fs::read_to_string(file).unwrap_or_default();
        for (line, feature, since) in newer_features(&text, promise) {
            let shown = file.strip_prefix(&root).unwrap_or(file).display();
            uses.push(format!("{shown}:{line}: {feature} (Rust {since})"));
        }
    }
    assert!(
        uses.is_empty(),
        "the workspace promises Rust {promise} (rust-version), but uses:\n  {}",
        uses.join("\n  ")
    );
}

#[test]
fn the_checks_see_what_they_look_for() {
    // A manifest's own rust-version, not a dependency's table.
    let manifest = "[package]\nname = \"x\"\nrust-version = \"1.88\"\n[dependencies]\n";
    assert_eq!(declared_rust_version(manifest), Some(Release(1, 88)));
    assert_eq!(declared_rust_version("[package]\nname = \"x\"\n"), None);
    let lock = "version = 4\n\n[[package]]\nname = \"a\"\nversion = \"1.0.0\"\nsource = \
                \"registry+https://github.com/rust-lang/crates.io-index\"\n\n[[package]]\nname = \
                \"msp\"\nversion = \"0.1.0\"\n";
    assert_eq!(
        locked_packages(lock),
        [("a".to_owned(), "1.0.0".to_owned())]
    );
    // A let chain is newer than 1.85 and not than 1.88.
    let chain = "if let Some(a) = x && let Some(b) = y {}";
    assert_eq!(newer_features(chain, Release(1, 85)).len(), 1);
    assert!(newer_features(chain, Release(1, 88)).is_empty());
    assert_eq!(Release::parse("1.85.0"), Some(Release(1, 85)));
}

/// The README states the same figure as `rust-version`.
#[test]
fn the_readme_states_the_promise() {
    let readme = fs::read_to_string(root().join("README.md")).expect("README.md");
    let stated = format!("Rust toolchain ({} or later)", promise());
    assert!(readme.contains(&stated), "README.md should say {stated:?}");
}
