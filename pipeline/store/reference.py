"""Reference data kept current in every dataset: provinces, unit aliases, department lineage.

Each source has a fingerprint in `meta`; `refresh` rewrites only what changed
(a new package version, an edited CSV), so opening an up-to-date dataset
costs one small read.
"""

from __future__ import annotations

import hashlib
import sqlite3

from pipeline.store import lineage, provinces, units
from pipeline.store.db import transaction


def _fingerprints() -> dict[str, str]:
    def sha(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    return {
        "provinces": f"vietnamadminunits {provinces.package_version()}",
        "unit_aliases": sha(units.packaged_alias_text()),
        "department_lineage": sha(lineage.packaged_text()),
    }


def stored(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM meta WHERE key LIKE 'ref:%'"))


def refresh(conn: sqlite3.Connection) -> list[str]:
    """Bring reference data up to date; return the names of the sources rewritten."""
    wanted = {f"ref:{k}": v for k, v in _fingerprints().items()}
    if all(stored(conn).get(k) == v for k, v in wanted.items()):
        return []
    with transaction(conn):
        have = stored(conn)  # again, under the write lock
        stale = [k for k, v in wanted.items() if have.get(k) != v]
        if "ref:provinces" in stale:
            provinces.refresh(conn)
        if "ref:unit_aliases" in stale:
            rows = units.read_alias_rows(units.packaged_alias_text(), units.PACKAGED_ALIASES)
            units.replace_aliases(conn, rows, units.PACKAGED_ALIASES)
        if "ref:department_lineage" in stale:
            lineage.refresh(conn)
        if "ref:unit_aliases" in stale or "ref:provinces" in stale:
            index = provinces.ProvinceIndex(conn)
            units.reresolve(conn, units.UnitResolver(conn, index.is_province))
        conn.executemany("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", [(k, wanted[k]) for k in stale])
    return [k.removeprefix("ref:") for k in stale]


def add_user_aliases(conn: sqlite3.Connection, path: str) -> int:
    """Load a user alias file (same columns as the packaged one) and re-point existing facts."""
    rows, source = units.user_alias_file(path)
    with transaction(conn):
        n = units.replace_aliases(conn, rows, source)
        index = provinces.ProvinceIndex(conn)
        units.reresolve(conn, units.UnitResolver(conn, index.is_province))
    return n
