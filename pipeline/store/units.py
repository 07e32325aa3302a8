"""Canonical units and their aliases.

A unit string from a record ("Sở KH&ĐT", "VP UBND tỉnh", "Sở Nôi vụ") is
resolved to one canonical unit:

1. its normalised key (`pipeline.text.normalize.unit_key`: case, tone marks,
   abbreviations, punctuation, a trailing bare "tỉnh") is looked up among the
   aliases of `pipeline/data/unit_aliases.csv` (and any user alias files), then
   among the units already known;
2. a trailing "tỉnh <province>" naming a real province is dropped and step 1
   repeated (units are kinds of body; the province belongs to the bloc) --
   when loading, only if it is the bloc's own province: in a cluster of
   provinces "Công an tỉnh Nghệ An" and "Công an tỉnh Hà Tĩnh" are two members;
3. the key without diacritics is compared with the known units: one match
   (a typo such as "Sở Nôi vụ") is taken, several are not;
4. otherwise the string becomes a new unit, named as first written.

The alias file is data: one row per alias with the canonical name and a note,
reviewed like code. Users add their own with `thidua load --aliases FILE`.
"""

from __future__ import annotations

import csv
import re
import sqlite3
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from pipeline.store.cache import JournaledCache
from pipeline.text.normalize import strip_diacritics, unit_key

if TYPE_CHECKING:
    from pipeline.store.provinces import ProvinceIndex

PACKAGED_ALIASES = "package:data/unit_aliases.csv"
ALIAS_COLUMNS = ("alias", "canonical", "note")
_PROVINCE_TAIL = re.compile(r"^(.+?) (?:tỉnh|thành phố) (.+)$")
_RAW_PROVINCE_TAIL = re.compile(r"\s+(?:tỉnh|thành phố)\s+[^,;()]+$", re.IGNORECASE)
_TRIM = " \t\r\n.,;:-–—\"'“”"


def clean_name(raw: str) -> str:
    """A unit name for display: surrounding punctuation, unbalanced brackets and extra spaces removed."""
    name = raw.strip(_TRIM)
    while name.endswith(")") and name.count(")") > name.count("("):
        name = name[:-1].strip(_TRIM)
    while name.startswith("(") and name.count("(") > name.count(")"):
        name = name[1:].strip(_TRIM)
    return " ".join(name.split())


def fold(key: str) -> str:
    return strip_diacritics(key)


def packaged_alias_text() -> str:
    return resources.files("pipeline").joinpath("data/unit_aliases.csv").read_text("utf-8")


def read_alias_rows(text: str, source: str) -> list[dict[str, str]]:
    """Rows of an alias CSV (header alias,canonical,note); a clear error on a bad file."""
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in ALIAS_COLUMNS[:2] if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"{source}: alias file needs the columns {', '.join(ALIAS_COLUMNS)} (missing {', '.join(missing)})")
    rows = []
    for lineno, row in enumerate(reader, 2):
        alias, canonical = (row.get("alias") or "").strip(), (row.get("canonical") or "").strip()
        if not alias or not canonical:
            raise ValueError(f"{source}:{lineno}: alias and canonical must both be given")
        rows.append({"alias": alias, "canonical": canonical, "note": (row.get("note") or "").strip() or None})
    return rows


def ensure_unit(conn: sqlite3.Connection, name: str, source: str) -> int:
    """The id of the unit whose key is that of `name`, created (named `name`) if missing."""
    key = unit_key(name)
    row = conn.execute("SELECT id FROM units WHERE key = ?", (key,)).fetchone()
    if row:
        if source != "records":
            # A name from reviewed data outranks the first spelling seen in a record.
            conn.execute("UPDATE units SET name = ?, source = ? WHERE id = ? AND source = 'records'", (clean_name(name), source, row[0]))
        return row[0]
    cur = conn.execute(
        "INSERT INTO units(key, fold_key, name, source) VALUES (?, ?, ?, ?)",
        (key, fold(key), clean_name(name), source),
    )
    return int(cur.lastrowid)


def replace_aliases(conn: sqlite3.Connection, rows: Iterable[dict[str, str]], source_file: str) -> int:
    """Make `rows` the aliases that came from `source_file` (caller holds a transaction)."""
    conn.execute("DELETE FROM unit_aliases WHERE source_file = ?", (source_file,))
    n = 0
    for row in rows:
        unit_id = ensure_unit(conn, row["canonical"], "aliases")
        conn.execute(
            "INSERT OR REPLACE INTO unit_aliases(alias_key, alias, unit_id, note, source_file) VALUES (?, ?, ?, ?, ?)",
            (unit_key(row["alias"]), row["alias"], unit_id, row.get("note"), source_file),
        )
        n += 1
    return n


class UnitResolver:
    """Unit string -> unit id, with a rollback-aware cache (see module docstring for the steps)."""

    def __init__(self, conn: sqlite3.Connection, is_province: Callable[[str], bool]):
        self.conn = conn
        self.is_province = is_province
        self.aliases = dict(conn.execute("SELECT alias_key, unit_id FROM unit_aliases"))
        self.by_key: JournaledCache[str, int] = JournaledCache()
        self.by_fold: JournaledCache[str, tuple[int, ...]] = JournaledCache()
        for unit_id, key, fold_key in conn.execute("SELECT id, key, fold_key FROM units ORDER BY id"):
            self.by_key.set(key, unit_id)
            self.by_fold.set(fold_key, (self.by_fold.get(fold_key) or ()) + (unit_id,))
        self.commit()

    def _known(self, key: str) -> int | None:
        return self.aliases.get(key) or self.by_key.get(key)

    def lookup(self, raw: str, own_province: Callable[[str], bool] | None = None) -> tuple[int | None, str]:
        """(known unit id or None, the key a new unit would get); never writes.

        `own_province(name)` says whether a trailing "tỉnh <name>" may be dropped (the bloc's
        own province); by default any real province is.
        """
        key = unit_key(raw)
        found = self._known(key)
        if found:
            return found, key
        tail = _PROVINCE_TAIL.match(key)
        if tail and (own_province or self.is_province)(tail.group(2)):
            key = tail.group(1)
            found = self._known(key)
            if found:
                return found, key
        same_fold = self.by_fold.get(fold(key)) or ()
        if len(same_fold) == 1:
            return same_fold[0], key
        return None, key

    def resolve(self, raw: str, own_province: Callable[[str], bool] | None = None) -> int:
        """The unit id of `raw`, creating the unit when it is new (see `lookup` for `own_province`)."""
        found, key = self.lookup(raw, own_province)
        if found:
            if key not in self.by_key:
                self.by_key.set(key, found)  # remember the spelling
            return found
        name = clean_name(raw)
        if key != unit_key(raw):  # the province was dropped: name the unit without it, not after one province
            name = clean_name(_RAW_PROVINCE_TAIL.sub("", name)) or name
        cur = self.conn.execute(
            "INSERT INTO units(key, fold_key, name, source) VALUES (?, ?, ?, 'records')",
            (key, fold(key), name),
        )
        unit_id = int(cur.lastrowid)
        self.by_key.set(key, unit_id)
        self.by_fold.set(fold(key), (self.by_fold.get(fold(key)) or ()) + (unit_id,))
        return unit_id

    def mark(self) -> tuple[int, int]:
        return self.by_key.mark(), self.by_fold.mark()

    def rollback(self, mark: tuple[int, int]) -> None:
        self.by_key.rollback(mark[0])
        self.by_fold.rollback(mark[1])

    def commit(self) -> None:
        self.by_key.commit()
        self.by_fold.commit()


FACT_TABLES_WITH_UNITS = ("memberships", "officers", "scores", "rankings", "awards")


def reresolve(conn: sqlite3.Connection, resolver: UnitResolver) -> int:
    """Point every fact row at the unit its written name resolves to now (after alias changes)."""
    from pipeline.store.provinces import ProvinceIndex

    index = ProvinceIndex(conn)
    changed = 0
    for table in FACT_TABLES_WITH_UNITS:
        rows = conn.execute(f"""SELECT DISTINCT f.unit_raw, f.unit_id, f.bloc_id, b.province_key, b.province_legacy
                                FROM {table} f LEFT JOIN blocs b ON b.id = f.bloc_id""").fetchall()
        for raw, old, bloc_id, key, legacy in rows:
            own = None if bloc_id is None else bloc_province_test(index, key, legacy)
            new = resolver.resolve(raw, own)
            if new != old:
                changed += conn.execute(
                    f"UPDATE {table} SET unit_id = ? WHERE unit_raw = ? AND unit_id = ? AND bloc_id IS ?",
                    (new, raw, old, bloc_id)).rowcount
    return changed


def bloc_province_test(index: ProvinceIndex, key: str | None, legacy: str | None) -> Callable[[str], bool]:
    """Whether a written province name is the bloc's own (province key `key`, legacy key `legacy`)."""
    if key is None:
        return lambda name: False

    def own(name: str) -> bool:
        found = index.resolve(name)
        return found is not None and (found.key == key or (legacy is not None and found.legacy == legacy))

    return own


def user_alias_file(path: str | Path) -> tuple[list[dict[str, str]], str]:
    path = Path(path)
    return read_alias_rows(path.read_text("utf-8-sig"), str(path)), str(path.resolve())
