#!/usr/bin/env bash
# Compile-time cost of `#[derive(MspOrder)]`, and the weight of the facade.
#
#   benches/compile_time.sh [--structs N] [--runs R] [--no-clean] [--callgrind] [--opt-macros]
#                           [--baseline DIR] [--account] [--used]
#
# 1. Generates three crates with the same N order structs (default 300), path-depending on this
#    workspace's `msp`: `serialize` (only `#[derive(Serialize)]`), `noop` (plus a do-nothing
#    derive that reads the same attributes: the floor any second derive costs) and `derive`
#    (plus `#[derive(MspOrder)]`). With --baseline DIR (a checkout of an earlier version of this
#    workspace), a fourth crate `before` derives `MspOrder` of that version, so that before and
#    after are measured in the same interleaved run. With the dependencies built once, it rebuilds each crate R
#    times (default 7), interleaved, after `touch src/lib.rs`, and prints the medians and their
#    ratios to `serialize`: both the whole `cargo build` and the crate's own rustc invocation.
#    With --callgrind, also counts the instructions of each crate's own rustc invocation under
#    valgrind (deterministic: the same count whatever else the machine is doing).
#    With --opt-macros, the generated crates build their proc macros optimised
#    (`[profile.dev.build-override] opt-level = 3`, a merchant's own choice), in a target dir of
#    their own.
#    With --account, a crate `account` is `derive` with an `msp-account.json` at its root (12
#    gateways, those of the structs among them): the cost of reading and applying the file.
#    With --used, every struct is also used once from its crate, as a merchant's code would: in
#    `serialize` and `noop` a function per struct calls `serde_json::to_vec` on it, in the
#    deriving crates one calls its `to_request()` and one its `submit(&client)` (without
#    awaiting it). Generic and `#[inline]` code is compiled where it is used, so this measures
#    that part too. The crates go to a directory of their own (compile-bench-used).
# 2. Counts the crates in the facade's dependency tree for its feature sets.
# 3. Times a clean `cargo build -p msp` (default features) in a fresh target dir (skip with
#    --no-clean).
# Everything goes under ${CARGO_TARGET_DIR:-target}/compile-bench; the workspace's own build is
# left alone.
set -euo pipefail

structs=300
runs=7
baseline=""
clean=1
callgrind=0
opt_macros=0
account=0
used=0
while [ $# -gt 0 ]; do
    case "$1" in
        --structs) structs="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --no-clean) clean=0; shift ;;
        --callgrind) callgrind=1; shift ;;
        --opt-macros) opt_macros=1; shift ;;
        --baseline) baseline="$(cd "$2" && pwd)"; shift 2 ;;
        --account) account=1; shift ;;
        --used) used=1; shift ;;
        *) echo "usage: $0 [--structs N] [--runs R] [--no-clean] [--callgrind] [--opt-macros] [--baseline DIR] [--account] [--used]" >&2; exit 2 ;;
    esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
target_root="${CARGO_TARGET_DIR:-$root/target}"
case "$target_root" in /*) ;; *) target_root="$root/$target_root" ;; esac
out="$target_root/compile-bench"
[ "$opt_macros" = 1 ] && out="$target_root/compile-bench-opt-macros"
[ "$used" = 1 ] && out="$out-used"
mkdir -p "$out"
unset CARGO_TARGET_DIR RUSTC_WRAPPER
export CARGO_TERM_COLOR=never

# Times the crate's own rustc invocation (not its dependencies', not cargo's bookkeeping).
cat > "$out/time-rustc.sh" <<'SH'
#!/usr/bin/env bash
# RUSTC_WRAPPER: runs rustc; for the bench crates, appends "<crate> <seconds>" to $TIMES.
crate=""
prev=""
for arg in "$@"; do
    [ "$prev" = "--crate-name" ] && crate="$arg"
    prev="$arg"
done
case "$crate" in
    bench_*)
        if [ -n "${CALLGRIND_OUT:-}" ]; then
            exec valgrind --tool=callgrind --callgrind-out-file="$CALLGRIND_OUT" "$@" 2>/dev/null
        fi
        start=$(date +%s%N)
        "$@"; status=$?
        end=$(date +%s%N)
        echo "$crate $(( (end - start) / 1000 ))" >> "${TIMES:-/dev/null}"
        exit $status ;;
    *) exec "$@" ;;
esac
SH
chmod +x "$out/time-rustc.sh"
export RUSTC_WRAPPER="$out/time-rustc.sh"
export CARGO_TARGET_DIR="$out/target"
# The baseline's crates have the same names and relative paths as this workspace's, so cargo
# would give them the same file names: they get a target dir of their own.
target_of() { if [ "$1" = before ]; then echo "$out/target-before"; else echo "$out/target"; fi; }

# The do-nothing derive: accepts `#[msp_order(...)]` and emits nothing.
mkdir -p "$out/noop-derive/src"
cat > "$out/noop-derive/Cargo.toml" <<'TOML'
[package]
name = "noop-derive"
version = "0.0.0"
edition = "2021"
publish = false

[lib]
proc-macro = true

[workspace]
TOML
cat > "$out/noop-derive/src/lib.rs" <<'RS'
use proc_macro::TokenStream;

#[proc_macro_derive(MspOrder, attributes(msp_order))]
pub fn derive(_input: TokenStream) -> TokenStream {
    TokenStream::new()
}
RS

# With --used, what uses struct $2 once: serde_json in the crates without the derive, the
# derived methods in the others.
uses_source() {
    [ "$used" = 1 ] || return 0
    case "$1" in
        serialize|noop) cat <<RS

pub fn use$2(order: &Checkout$2) -> Vec<u8> {
    serde_json::to_vec(order).unwrap_or_default()
}
RS
        ;;
        *) cat <<RS

pub fn use$2(order: &Checkout$2) -> bool {
    order.to_request().is_ok()
}

pub fn submit$2<'a>(order: &'a Checkout$2, client: &'a msp::Client) -> impl std::future::Future + 'a {
    order.submit(client)
}
RS
        ;;
    esac
}

# The structs: four shapes in turn (seed-like AMEX, IDEAL with a fixed currency and integer id,
# MASTERCARD with a whole customer, VISA with optional customer fields).
structs_source() {
    local derives="$1" variant="$2" i
    echo "#![allow(dead_code)]"
    echo "use msp::{Currency, Customer};"
    echo "use serde::Serialize;"
    echo "use std::net::IpAddr;"
    for ((i = 0; i < structs; i++)); do
        echo
        case $((i % 4)) in
        0) cat <<RS
#[derive(${derives})]
#[msp_order(
    gateway = "AMEX", flow = "redirect", notification_method = "POST",
    notification_url = "https://shop.example/notify/$i",
    redirect_url = "https://shop.example/thanks/$i",
    cancel_url = "https://shop.example/cancel/$i",
    locale = "nl_NL",
)]
pub struct Checkout$i {
    pub order_id: String,
    pub currency: Currency,
    #[msp_order(amount)]
    pub total_cents: u64,
    pub description: String,
    pub ip_address: IpAddr,
    pub email: Option<String>,
    pub country: String,
    pub internal_note: String,
}
RS
        ;;
        1) cat <<RS
#[derive(${derives})]
#[msp_order(gateway = "IDEAL", flow = "redirect", currency = "EUR", close_window = true, notification_method = "POST")]
pub struct Checkout$i {
    pub order_id: u64,
    pub amount: u32,
    pub description: String,
    pub notification_url: String,
    pub redirect_url: String,
    pub cancel_url: String,
    pub var1: Option<String>,
}
RS
        ;;
        2) cat <<RS
#[derive(${derives})]
#[msp_order(
    gateway = "MASTERCARD", flow = "redirect", notification_method = "POST",
    notification_url = "https://shop.example/n/$i",
    redirect_url = "https://shop.example/r/$i",
    cancel_url = "https://shop.example/c/$i",
)]
pub struct Checkout$i {
    pub order_id: String,
    pub currency: Currency,
    pub amount: u64,
    pub description: String,
    pub customer: Customer,
}
RS
        ;;
        3) cat <<RS
#[derive(${derives})]
#[msp_order(
    gateway = "VISA", flow = "redirect", notification_method = "POST",
    notification_url = "https://shop.example/n/$i",
    redirect_url = "https://shop.example/r/$i",
    cancel_url = "https://shop.example/c/$i",
    locale = "en_US",
)]
pub struct Checkout$i {
    pub order_id: String,
    pub currency: Currency,
    pub amount: u64,
    pub description: String,
    pub ip_address: String,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub email: Option<String>,
    pub country: String,
}
RS
        ;;
        esac
        uses_source "$variant" "$i"
    done
}

variants=(serialize noop derive)
[ -n "$baseline" ] && variants+=(before)
[ "$account" = 1 ] && variants+=(account)
for variant in "${variants[@]}"; do
    dir="$out/$variant"
    mkdir -p "$dir/src"
    extra_dep=""
    used_dep=""
    [ "$used" = 1 ] && used_dep='serde_json = "1"'
    msp_root="$root"
    case "$variant" in
        serialize) derives="Serialize" ;;
        noop) derives="Serialize, noop_derive::MspOrder"; extra_dep='noop-derive = { path = "../noop-derive" }' ;;
        derive|account) derives="Serialize, msp::MspOrder" ;;
        before) derives="Serialize, msp::MspOrder"; msp_root="$baseline" ;;
    esac
    cat > "$dir/Cargo.toml" <<TOML
[package]
name = "bench-$variant"
version = "0.0.0"
edition = "2021"
publish = false

# The same dependencies in every variant (the macro crates aside), so that only the derive differs.
[dependencies]
msp = { path = "$msp_root" }
serde = { version = "1.0.200", features = ["derive"] }
$used_dep
$extra_dep

[workspace]
TOML
    if [ "$opt_macros" = 1 ]; then
        printf '\n[profile.dev.build-override]\nopt-level = 3\n' >> "$dir/Cargo.toml"
    fi
    if [ "$variant" = serialize ]; then
        # Without the derive, the attribute is unknown to rustc: leave it out.
        structs_source "$derives" "$variant" | awk '
            /^#\[msp_order\(/ { skip = !/\)\]$/; next }
            skip { if (/^\)\]$/) skip = 0; next }
            /#\[msp_order\(/ { next }
            { print }' > "$dir/src/lib.rs"
    else
        structs_source "$derives" "$variant" > "$dir/src/lib.rs"
    fi
    cp "$msp_root/Cargo.lock" "$dir/Cargo.lock"
    if [ "$variant" = account ]; then
        {
            printf '{\n  "format": 1,\n  "taken_at": "2026-11-29T05:30:00Z",\n  "environment": "test",\n  "gateways": {\n'
            sep=""
            for g in AMEX APPLEPAY BANKTRANS DIRDEB GOOGLEPAY IDEAL KLARNA MAESTRO MASTERCARD MISTERCASH PAYPAL VISA; do
                case "$g" in
                    AMEX|MISTERCASH|BANKTRANS) flows='"redirect", "paymentlink"' ;;
                    *) flows='"redirect", "direct", "paymentlink"' ;;
                esac
                case "$g" in
                    AMEX) currencies='"EUR", "GBP", "USD"' ;;
                    MAESTRO|MASTERCARD|VISA|APPLEPAY|GOOGLEPAY) currencies='"CHF", "EUR", "GBP", "USD"' ;;
                    BANKTRANS|PAYPAL) currencies='"EUR", "GBP"' ;;
                    KLARNA) currencies='"EUR", "SEK"' ;;
                    *) currencies='"EUR"' ;;
                esac
                printf '%s    "%s": {\n      "flows": [%s],\n      "currencies": [%s],\n      "allowed_amount": {"min": 100, "max": 5000000},\n      "shopping_cart_required": false,\n      "required_customer_data": []\n    }' "$sep" "$g" "$flows" "$currencies"
                sep=$',\n'
            done
            printf '\n  }\n}\n'
        } > "$dir/msp-account.json"
    fi
done

echo "== building the dependencies once"
for variant in "${variants[@]}"; do
    (cd "$out/$variant" && CARGO_TARGET_DIR="$(target_of "$variant")" TIMES=/dev/null cargo build --offline -q)
done

median() { sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

echo "== $runs interleaved rebuilds of each crate ($structs structs), dev profile"
: > "$out/wall.txt"
: > "$out/rustc.txt"
for ((r = 0; r < runs; r++)); do
    # Rotate the order so that no variant always follows the same one.
    for ((k = 0; k < ${#variants[@]}; k++)); do
        variant="${variants[$(((r + k) % ${#variants[@]}))]}"
        touch "$out/$variant/src/lib.rs"
        start=$(date +%s%N)
        (cd "$out/$variant" && CARGO_TARGET_DIR="$(target_of "$variant")" TIMES="$out/rustc.txt" cargo build --offline -q)
        end=$(date +%s%N)
        echo "bench_$variant $(( (end - start) / 1000 ))" >> "$out/wall.txt"
    done
done

report() {
    local file="$1" what="$2" base
    base=$(grep "^bench_serialize " "$file" | cut -d' ' -f2 | median)
    for variant in "${variants[@]}"; do
        local m
        m=$(grep "^bench_$variant " "$file" | cut -d' ' -f2 | median)
        awk -v v="$variant" -v m="$m" -v b="$base" -v w="$what" \
            'BEGIN { printf "COMPILE %-9s %-22s median %6.3f s  ratio to serialize %.3fx\n", v, w, m / 1e6, m / b }'
    done
}
report "$out/wall.txt" "cargo build (wall)"
report "$out/rustc.txt" "rustc of the crate"

if [ "$callgrind" = 1 ]; then
    echo "== instructions of each crate's rustc (callgrind, after an incremental build as above)"
    : > "$out/instructions.txt"
    for variant in "${variants[@]}"; do
        touch "$out/$variant/src/lib.rs"
        (cd "$out/$variant" && CARGO_TARGET_DIR="$(target_of "$variant")" TIMES=/dev/null cargo build --offline -q)
        touch "$out/$variant/src/lib.rs"
        (cd "$out/$variant" && CARGO_TARGET_DIR="$(target_of "$variant")" CALLGRIND_OUT="$out/callgrind.$variant" cargo build --offline -q)
        echo "bench_$variant $(grep -m1 '^summary:' "$out/callgrind.$variant" | cut -d' ' -f2)" >> "$out/instructions.txt"
    done
    base=$(grep "^bench_serialize " "$out/instructions.txt" | cut -d' ' -f2)
    while read -r crate count; do
        awk -v v="${crate#bench_}" -v c="$count" -v b="$base" \
            'BEGIN { printf "COMPILE %-9s %-22s %6.0f M instructions  ratio to serialize %.3fx\n", v, "rustc (callgrind)", c / 1e6, c / b }'
    done < "$out/instructions.txt"
fi

echo "== weight of the facade (cargo tree -e normal, crates incl. msp)"
count() { (cd "$root" && cargo tree -e normal --prefix none -p msp "$@" | sed 's/ (\*)$//; s/ (proc-macro)//' | sort -u | wc -l); }
echo "CRATES default features:                 $(count)"
echo "CRATES --no-default-features:            $(count --no-default-features)"
echo "CRATES --no-default-features -F client:  $(count --no-default-features -F client)"
echo "CRATES --no-default-features -F webhook: $(count --no-default-features -F webhook)"

if [ "$clean" = 1 ]; then
    echo "== clean build of the facade, default features, dev profile"
    clean_target="$out/clean-target"
    rm -rf "$clean_target"
    unset RUSTC_WRAPPER
    start=$(date +%s%N)
    (cd "$root" && CARGO_TARGET_DIR="$clean_target" cargo build -p msp --offline -q)
    end=$(date +%s%N)
    awk -v t=$(( (end - start) / 1000 )) 'BEGIN { printf "CLEAN cargo build -p msp (default features): %.1f s\n", t / 1e6 }'
    rm -rf "$clean_target"
fi
