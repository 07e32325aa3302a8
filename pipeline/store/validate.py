"""Why a record cannot be loaded: schema violations and impossible values.

A record is loaded whole or not at all; the reasons found here are stored with
the rejection and reported by `thidua load`.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache
from typing import Any, Callable

import fastjsonschema

from pipeline.record import LIST_FIELDS, schema, schema_errors

EVIDENCE_SCALARS = ("bloc", "event", "attendance")


def record_problems(record: Any) -> list[str]:
    """Every reason to reject `record`; empty when it can be loaded."""
    if not isinstance(record, dict):
        return [f"record is a {type(record).__name__}, not a JSON object"]
    if not _schema_valid(record):
        # jsonschema is the authority and words the reasons; the fast check only spares it valid records.
        problems = schema_errors(record)
        if problems:
            return problems
    return _value_problems(record) + _evidence_problems(record)


@lru_cache(maxsize=1)
def _fast_validator() -> Callable[[Any], Any]:
    return fastjsonschema.compile(schema())


def _schema_valid(record: dict[str, Any]) -> bool:
    try:
        _fast_validator()(record)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def _value_problems(rec: dict[str, Any]) -> list[str]:
    out = []
    if not rec["relevant"]:
        filled = [f for f in LIST_FIELDS if rec[f]]
        filled += [f"bloc.{k}" for k, v in rec["bloc"].items() if v is not None]
        filled += [f"event.{k}" for k, v in rec["event"].items() if v is not None]
        if rec["attendance"] is not None:
            filled.append("attendance")
        if filled:
            out.append(f"relevant is false but {', '.join(filled)} filled")
    event = rec["event"]
    if event["date"] is not None:
        try:
            day = date.fromisoformat(event["date"])
        except ValueError:
            out.append(f"event.date {event['date']!r} is not a calendar date")
        else:
            # A meeting reported more than a year ahead cannot have been held; a gap between the
            # date and the emulation year can (a school year reviewed late, a late report).
            if day > date.today() + timedelta(days=366) or day.year < 1945:
                out.append(f"event.date {event['date']} is impossible (before 1945 or more than a year ahead)")
    for i, officer in enumerate(rec["officers"]):
        year = officer["year"]
        if year is not None and not 1945 <= year <= 2100:
            out.append(f"officers/{i}/year {year} is outside 1945-2100")
    for i, score in enumerate(rec["scores"]):
        if score["score"] < 0:
            out.append(f"scores/{i}: negative score {score['score']}")
        if score["max"] is not None:
            if score["max"] <= 0:
                out.append(f"scores/{i}: scale {score['max']} is not positive")
            elif score["score"] > score["max"]:
                out.append(f"scores/{i}: score {score['score']} above its scale {score['max']}")
    att = rec["attendance"]
    if att and att["present"] is not None and att["total"] is not None and att["present"] > att["total"]:
        out.append(f"attendance: {att['present']} present of {att['total']}")
    return out


def _is_span(value: Any) -> bool:
    # type() rather than isinstance: True is not an offset.
    return (type(value) in (list, tuple) and len(value) == 2 and type(value[0]) is int and type(value[1]) is int
            and 0 <= value[0] <= value[1])


def spans_of(value: Any) -> list[list[int]] | None:
    """One item's evidence as a list of [start, end] spans; a bare [start, end] is one span; None if malformed."""
    if _is_span(value):
        return [list(value)]
    if type(value) in (list, tuple) and all(_is_span(v) for v in value):
        return [list(v) for v in value]
    return None


def spans_json(value: Any) -> str | None:
    """A validated evidence item as JSON text ('[[s, e], ...]'), None when it has no span."""
    if not value:
        return None
    spans = [value] if type(value[0]) is int else value
    return "[" + ", ".join(f"[{s}, {e}]" for s, e in spans) + "]"


def _evidence_problems(rec: dict[str, Any]) -> list[str]:
    evidence = rec.get("evidence")
    if evidence is None:
        return []
    out = []
    for field, items in evidence.items():
        if field in LIST_FIELDS:
            if not isinstance(items, list) or len(items) != len(rec[field]):
                n = len(items) if isinstance(items, list) else "no list of"
                out.append(f"evidence.{field} has {n} items for {len(rec[field])} {field}")
                continue
            for i, item in enumerate(items):
                if spans_of(item) is None:
                    out.append(f"evidence.{field}/{i} is not a list of [start, end] spans with 0 <= start <= end")
        elif field in EVIDENCE_SCALARS:
            if spans_of(items) is None:
                out.append(f"evidence.{field} is not a list of [start, end] spans with 0 <= start <= end")
        # Other keys are the extractor's own business and are kept as they are.
    return out
