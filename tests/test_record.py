"""The packaged schema is the shared contract, and empty records satisfy it."""

from __future__ import annotations

import json

from conftest import SHARED, SKIP_NO_SHARED
from pipeline.record import empty_record, schema, schema_errors


@SKIP_NO_SHARED
def test_packaged_schema_matches_the_shared_spec() -> None:
    shared = json.loads((SHARED / "spec" / "record.schema.json").read_text(encoding="utf-8"))
    assert schema() == shared


def test_empty_record_is_valid_and_schema_errors_name_the_field() -> None:
    record = empty_record("a")
    assert schema_errors(record) == []
    record["event"]["year"] = 1800
    record["officers"] = [{"role": "boss", "unit": "Sở Y tế", "year": 2020}]
    errors = schema_errors(record)
    assert any(e.startswith("event/year:") for e in errors)
    assert any(e.startswith("officers/0/role:") for e in errors)
