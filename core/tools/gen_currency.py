#!/usr/bin/env python3
"""Regenerates core/src/currency_table.rs from an ISO 4217 table.

Usage: gen_currency.py ISODATA.tsv > core/src/currency_table.rs

The TSV has the columns alpha3, numeric, name, ..., exponent (the layout of the
`isodata.tsv` shipped with the `iso_currency` crate, which tracks ISO's list).
"""
import csv
import sys

rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
# Withdrawn in 2018, but MultiSafepay's card gateways still list it.
rows.append({"alpha3": "VEF", "numeric": "937", "name": "Venezuelan bolivar fuerte (historic)", "exponent": "2"})
rows.sort(key=lambda r: r["alpha3"])
print("// Generated from the ISO 4217 list (codes, numeric codes, minor-unit exponents) by")
print("// `core/tools/gen_currency.py`; edit that script, not this file.")
print("// `VEF` (withdrawn 2018) is kept because MultiSafepay's card gateways still list it.")
print("currency_table! {")
for r in rows:
    exponent = r["exponent"].strip()
    exponent = exponent if exponent.isdigit() else "0"
    name = r["name"].replace('"', '\\"')
    # Numeric codes keep their three digits in docs ("008") but not as Rust literals.
    print(f'    {r["alpha3"]} = ({int(r["numeric"])}, {exponent}, "{name}"),')
print("}")
