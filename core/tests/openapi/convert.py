#!/usr/bin/env python3
"""Writes openapi.json, the parts of the copied OpenAPI files that the catalogue's drift test
reads, from the YAML copies in yaml/ (run from this directory after refreshing them):

    python3 convert.py

Needs PyYAML. The test reads the JSON, so that the crate needs no YAML parser."""

import json
import pathlib

import yaml

here = pathlib.Path(__file__).parent
out = {}
for path in sorted((here / "yaml").rglob("*.yaml")):
    name = path.relative_to(here / "yaml").as_posix()
    schema = yaml.safe_load(path.read_text(encoding="utf-8"))
    entry = {}
    if "enum" in schema:
        entry["enum"] = [str(v) for v in schema["enum"]]
    properties = schema.get("properties") or {}
    if properties:
        entry["properties"] = list(properties)
        kind = properties.get("type") or {}
        if "enum" in kind:
            entry["type"] = kind["enum"]
    if name.startswith("GatewayInfo"):
        # Which gateway_info fields are required, and for what, is said in words only.
        entry["descriptions"] = {k: (v or {}).get("description", "") for k, v in properties.items()}
    if "required" in schema:
        entry["required"] = schema["required"]
    out[name] = entry
(here / "openapi.json").write_text(json.dumps(out, indent=2, sort_keys=True) + "\n", encoding="utf-8")
