"""Department lineage across the 2025 reorganisation, shipped as data.

`pipeline/data/department_lineage.csv` lists, per row, a predecessor
department, its successor, the relation (merged, renamed, part), the province
the row applies to (* for the nationwide pattern), the effective date and the
sources. `follow` walks it from a unit (and, given a province, across the
1 July 2025 province merger too).
"""

from __future__ import annotations

import csv
import sqlite3
from datetime import date
from importlib import resources

from pipeline.store import units

COLUMNS = ("predecessor", "successor", "relation", "province", "effective", "sources", "note")
RELATIONS = {"merged", "renamed", "part"}


def packaged_text() -> str:
    return resources.files("pipeline").joinpath("data/department_lineage.csv").read_text("utf-8")


def read_rows(text: str, source: str = "department_lineage.csv") -> list[dict[str, str | None]]:
    """Validated rows of a lineage CSV: every row needs a known relation, an ISO date and sources."""
    reader = csv.DictReader(text.splitlines())
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise ValueError(f"{source}: expected columns {','.join(COLUMNS)}, got {','.join(reader.fieldnames or [])}")
    rows = []
    for lineno, row in enumerate(reader, 2):
        clean = {k: (v or "").strip() or None for k, v in row.items()}
        where = f"{source}:{lineno}"
        for required in ("predecessor", "successor", "relation", "province", "effective", "sources"):
            if not clean[required]:
                raise ValueError(f"{where}: '{required}' is empty")
        if clean["relation"] not in RELATIONS:
            raise ValueError(f"{where}: relation must be one of {sorted(RELATIONS)}")
        date.fromisoformat(clean["effective"])  # raises on a malformed date
        rows.append(clean)
    return rows


def refresh(conn: sqlite3.Connection) -> int:
    """Replace `unit_lineage` with the packaged file (caller holds a transaction)."""
    rows = read_rows(packaged_text())
    conn.execute("DELETE FROM unit_lineage")
    for row in rows:
        pred = units.ensure_unit(conn, row["predecessor"], "lineage")
        succ = units.ensure_unit(conn, row["successor"], "lineage")
        conn.execute(
            "INSERT INTO unit_lineage VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (row["predecessor"], row["successor"], pred, succ, row["relation"], row["province"],
             row["effective"], row["sources"], row["note"]),
        )
    return len(rows)


def follow(conn: sqlite3.Connection, unit: str, province: str | None = None) -> list[dict[str, object]]:
    """Every step from `unit` forward: department mergers (for `province` or nationwide), then the province's 2025 merger.

    Each step is a dict with kind ('department' or 'province'), from, to,
    relation, effective, sources, note. Cycles are not followed twice.
    """
    from pipeline.store.provinces import ProvinceIndex

    index = ProvinceIndex(conn)
    resolver = units.UnitResolver(conn, lambda name: index.resolve(name) is not None)
    resolved_province = index.resolve(province) if province else None
    start, _ = resolver.lookup(unit)
    steps: list[dict[str, object]] = []
    seen = set()
    frontier = [start] if start else []
    while frontier:
        unit_id = frontier.pop(0)
        if unit_id in seen:
            continue
        seen.add(unit_id)
        for row in conn.execute(
            """SELECT l.predecessor, l.successor, l.successor_unit_id, l.relation, l.province, l.effective, l.sources, l.note
               FROM unit_lineage l WHERE l.predecessor_unit_id = ? ORDER BY l.relation, l.successor""",
            (unit_id,),
        ):
            pred, succ, succ_id, relation, where, effective, sources, note = row
            if where != "*" and (resolved_province is None or _province_of(index, where) != resolved_province.key):
                continue
            steps.append({"kind": "department", "from": pred, "to": succ, "relation": relation,
                          "province": where, "effective": effective, "sources": sources, "note": note})
            if relation != "part":
                frontier.append(succ_id)
    if resolved_province and resolved_province.legacy and resolved_province.new:
        old = conn.execute("SELECT short_name FROM provinces WHERE key = ?", (resolved_province.legacy,)).fetchone()[0]
        new, effective, source = conn.execute(
            """SELECT p.short_name, s.effective, s.source FROM province_successions s
               JOIN provinces p ON p.key = s.new_key WHERE s.legacy_key = ?""",
            (resolved_province.legacy,),
        ).fetchone()
        steps.append({"kind": "province", "from": old, "to": new, "relation": "merged" if old != new else "kept",
                      "province": old, "effective": effective, "sources": source, "note": None})
    return steps


def _province_of(index, name: str) -> str | None:
    hit = index.resolve(name)
    return hit.key if hit else None
