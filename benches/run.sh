#!/usr/bin/env bash
# Every figure of BENCHMARKS.md in one run, so that the ratios are measured on the same machine
# state: the run-time benchmarks (criterion, each with its interleaved RATIO line), the sandbox
# under load, then the compile-time script. The summary goes to stdout and the whole output to
# ${CARGO_TARGET_DIR:-target}/bench-run.log.
#
#   benches/run.sh [--quick] [--baseline DIR]
#
# --quick: 5 compile rebuilds instead of 11, no clean build, no callgrind.
# --baseline DIR: DIR is a checkout of an earlier version of this workspace (for instance
#   `git worktree add ../before <commit>`); its `runtime` and `submit` benchmarks run right
#   before this one's, in the same target dir, and compile_time.sh builds its derive beside this
#   one's (variant `before`), so that before and after are measured in one run.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
case "$target" in /*) ;; *) target="$PWD/$target" ;; esac
export CARGO_TARGET_DIR="$target"
mkdir -p "$target"
log="$target/bench-run.log"
compile_args=(--runs 11 --callgrind)
baseline=""
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) compile_args=(--runs 5 --no-clean); shift ;;
        --baseline) baseline="$(cd "$2" && pwd)"; shift 2 ;;
        *) echo "usage: $0 [--quick] [--baseline DIR]" >&2; exit 2 ;;
    esac
done
[ -n "$baseline" ] && compile_args+=(--baseline "$baseline")

{
    echo "== machine"
    echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
    echo "cpus: $(nproc) ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))"
    echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    rustc --version
    cargo --version
    for bench in runtime submit sandbox_load; do
        if [ -n "$baseline" ] && [ "$bench" != sandbox_load ]; then
            echo "== BEFORE ($baseline): cargo bench --bench $bench"
            # A target dir of its own: its crates have the same names as this workspace's.
            (cd "$baseline" && CARGO_TARGET_DIR="$target/before" cargo bench --bench "$bench" 2>&1) |
                sed 's/^RATIO /RATIO BEFORE /'
            echo "== AFTER: cargo bench --bench $bench"
        else
            echo "== cargo bench --bench $bench"
        fi
        cargo bench --bench "$bench" 2>&1
    done
    echo "== benches/compile_time.sh ${compile_args[*]}"
    bash benches/compile_time.sh "${compile_args[@]}" 2>&1
    echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$log"

# The summary: criterion's estimates (name and time line) and the scripts' own lines.
awk '
    /^== / { print; next }
    /^(date|cpus|load|rustc|cargo)[: ]/ { print; next }
    /^(RATIO|LOAD|COMPILE|CRATES|CLEAN) / { print; next }
    /time: *\[/ { if ($0 ~ /^[^ ]/) print "  " $0; else print "  " name ": " $0; next }
    /^[a-z_]+\/.*[^ ]$/ && !/time:/ { name = $0 }
' "$log" | sed 's/  */ /g'
echo "(full output: $log)"
