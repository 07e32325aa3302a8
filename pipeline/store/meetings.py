"""Blocs and meetings: one row per real-world meeting, however many articles report it.

A bloc is identified by its province (in the structure of its time), kind and
number (or normalised name when it has no number). When no province is known,
the source site stands in for it: "Cụm thi đua số 2" of a court cluster and of
a border-guard cluster are different blocs, and without a province the only
safe evidence that two articles mean the same one is that one site reported
both (a national bloc reported by two sites is then two blocs: a missed merge,
never a false one). A meeting is identified by
its bloc, event type and emulation year; without a year, by its date; without
either, it is the article's own. Each reporting article adds a mention with
the values it gives; the meeting shows the value most articles give (ties: the
smallest) and lists every field on which they disagree in `conflicts`.
"""

from __future__ import annotations

import collections
import json
import sqlite3
from typing import Any

from pipeline.store.provinces import Province
from pipeline.text.normalize import unit_key

CONFLICT_FIELDS = ("date", "attendance_present", "attendance_total")


def bloc_key(bloc: dict[str, Any], province: Province | None, site: str | None = None) -> str | None:
    """Identity of the bloc a record names, or None when the record names none.

    `site` (the source domain) scopes a bloc whose province is unknown.
    """
    name, kind, number = bloc.get("name"), bloc.get("kind"), bloc.get("number")
    if number is not None:
        ident = f"no{number}"
    elif name and unit_key(name):
        ident = f"name:{unit_key(name)}"
    else:
        return None
    scope = province.key if province else (f"site:{site}" if site else "-")
    return f"{scope}|{kind or '?'}|{ident}"


def meeting_key(bloc_id: int, event: dict[str, Any], article_id: str) -> str:
    kind = event.get("type") or "unknown"
    if event.get("year") is not None:
        return f"{bloc_id}|{kind}|y{event['year']}"
    if event.get("date"):
        return f"{bloc_id}|{kind}|d{event['date']}"
    return f"{bloc_id}|{kind}|a:{article_id}"


def _consensus(values: list[Any]) -> tuple[Any, dict[str, list[str]] | None]:
    """(value most reported, ties to the smallest; {value: [article ids]} when they differ)."""
    reported = [(v, a) for v, a in values if v is not None]
    if not reported:
        return None, None
    counts = collections.Counter(v for v, _ in reported)
    best = min(counts, key=lambda v: (-counts[v], v))
    if len(counts) == 1:
        return best, None
    by_value: dict[str, list[str]] = {}
    for v, a in sorted(reported, key=lambda x: (str(x[0]), x[1])):
        by_value.setdefault(str(v), []).append(a)
    return best, by_value


def recompute(conn: sqlite3.Connection, meeting_id: int) -> bool:
    """Refresh a meeting's consensus values and conflicts from its mentions; delete it when none is left.

    Returns False when the meeting was deleted.
    """
    rows = conn.execute(
        "SELECT article_id, date, attendance_present, attendance_total FROM mentions WHERE meeting_id = ? ORDER BY article_id",
        (meeting_id,),
    ).fetchall()
    if not rows:
        conn.execute("DELETE FROM meetings WHERE id = ?", (meeting_id,))
        return False
    values, conflicts = {}, {}
    for i, field in enumerate(CONFLICT_FIELDS, 1):
        values[field], differing = _consensus([(r[i], r[0]) for r in rows])
        if differing:
            conflicts[field] = differing
    conn.execute(
        "UPDATE meetings SET date = ?, attendance_present = ?, attendance_total = ?, n_mentions = ?, conflicts = ? WHERE id = ?",
        (values["date"], values["attendance_present"], values["attendance_total"], len(rows),
         json.dumps(conflicts, ensure_ascii=False, sort_keys=True) if conflicts else None, meeting_id),
    )
    return True


def drop_orphan_bloc(conn: sqlite3.Connection, bloc_id: int) -> bool:
    """Delete a bloc nothing refers to any more (its last article was re-extracted without it)."""
    for table in ("meetings", "memberships", "officers", "scores", "rankings", "awards"):
        if conn.execute(f"SELECT 1 FROM {table} WHERE bloc_id = ? LIMIT 1", (bloc_id,)).fetchone():
            return False
    conn.execute("DELETE FROM blocs WHERE id = ?", (bloc_id,))
    return True
