#!/usr/bin/env bash
# Runs MultiSafepay's official Python SDK against the msp-sandbox binary
# (tests/compat/official_python_sdk.py). Installs the SDK into a virtual environment under the
# target directory; skips, saying why, when python3 (with venv) is not available.
set -euo pipefail
cd "$(dirname "$0")/../.."

SDK_VERSION="3.1.0"
target="${CARGO_TARGET_DIR:-target}"
venv="$target/compat-venv"

if ! command -v python3 >/dev/null 2>&1; then
    echo "skipping the official-SDK compatibility test: python3 is not installed"
    exit 0
fi
if [ ! -x "$venv/bin/python" ]; then
    if ! python3 -m venv "$venv" >/dev/null 2>&1; then
        echo "skipping the official-SDK compatibility test: python3 cannot create a venv (install python3-venv)"
        rm -rf "$venv"
        exit 0
    fi
fi
if ! "$venv/bin/python" -c "import multisafepay, requests" >/dev/null 2>&1; then
    "$venv/bin/pip" install --quiet "multisafepay[requests]==$SDK_VERSION"
fi
cargo build --quiet -p msp-sandbox --bin msp-sandbox
"$venv/bin/python" tests/compat/official_python_sdk.py "$target/debug/msp-sandbox" "$@"
