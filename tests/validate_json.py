#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
"""Validate mmsgtrace's JSON lines against schema/mmsgtrace.schema.json.

usage: tests/validate_json.py [--schema FILE] FILE...

Every non-empty line of each FILE must be one JSON object that the schema
accepts. One line per FILE on stdout: "ok FILE N" (N objects checked) or
"fail FILE LINE: what is wrong". Exit 0 when every file passes, 1 when one
fails, 2 for bad usage or a schema that is itself invalid.
"""
import argparse
import json
import os
import sys

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SCHEMA = os.path.join(HERE, "..", "schema", "mmsgtrace.schema.json")


def first_error(validator, obj):
    """The most specific error for obj, or None: the deepest path first."""
    errors = sorted(validator.iter_errors(obj), key=lambda e: -len(e.absolute_path))
    if not errors:
        return None
    e = jsonschema.exceptions.best_match(errors) or errors[0]
    where = "/".join(str(p) for p in e.absolute_path) or "(top)"
    return f"{where}: {e.message}"


def check_file(validator, path):
    """("ok", N) or ("fail", reason)"""
    n = 0
    try:
        with open(path, encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except ValueError as e:
                    return "fail", f"line {lineno}: not JSON ({e})"
                err = first_error(validator, obj)
                if err:
                    kind = obj.get("type") if isinstance(obj, dict) else None
                    return "fail", f"line {lineno} (type {kind}): {err}"
                n += 1
    except (OSError, UnicodeDecodeError) as e:
        return "fail", f"cannot read: {e}"
    return "ok", n


def main():
    ap = argparse.ArgumentParser(description="check mmsgtrace JSON lines against the schema")
    ap.add_argument("--schema", default=DEFAULT_SCHEMA)
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()
    try:
        with open(args.schema, encoding="utf-8") as f:
            schema = json.load(f)
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
    except (OSError, ValueError, jsonschema.exceptions.SchemaError) as e:
        print(f"validate_json.py: bad schema {args.schema}: {e}", file=sys.stderr)
        return 2
    validator = cls(schema)
    failed = False
    for path in args.files:
        verdict, detail = check_file(validator, path)
        failed |= verdict != "ok"
        print(f"{verdict} {path} {detail}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
