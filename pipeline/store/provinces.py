"""Provinces before and after 1 July 2025, from the `vietnamadminunits` package.

The package carries the 63 provinces (LEGACY) and the 34 (FROM_2025) and a
converter from old addresses to new ones (Nghị quyết 202/2025/QH15). The
dataset copies what it needs into `provinces` and `province_successions` so
queries can join on them; a written name is resolved against the structure in
force on the article's date, falling back to the other one.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib.metadata import version

from pipeline.text.normalize import strip_diacritics

REFORM_DATE = date(2025, 7, 1)
LEGACY, NEW = "legacy", "2025"
_PREFIX = re.compile(r"^(?:tinh|thanhpho|tp)(?=[a-z])")
_NOT_ALNUM = re.compile(r"[^a-z0-9]")


def package_version() -> str:
    return version("vietnamadminunits")


def match_key(name: str) -> str:
    """ASCII key of a written province name: 'Tỉnh Kiên Giang', 'kien giang' -> 'kiengiang'."""
    key = _NOT_ALNUM.sub("", strip_diacritics(name).lower())
    return _PREFIX.sub("", key)


@lru_cache(maxsize=1)
def package_rows() -> tuple[list[tuple], list[tuple]]:
    """(provinces rows, succession rows) as the package gives them (computed once per process)."""
    from vietnamadminunits import convert_address
    from vietnamadminunits.database import get_data

    fields = ["province", "provinceShort", "provinceCode", "provinceKey", "provinceShortKey", "provinceKeywords"]
    provinces, successions = [], []
    for regime, table in ((LEGACY, "admin_units_legacy"), (NEW, "admin_units")):
        for row in get_data(fields, table):
            keys = {row["provinceShortKey"], match_key(row["province"]), *json.loads(row["provinceKeywords"] or "[]")}
            provinces.append((
                f"{regime}:{row['provinceKey']}", regime, row["province"], row["provinceShort"],
                row["provinceCode"], json.dumps(sorted(keys)),
            ))
    source = f"vietnamadminunits {package_version()} convert_address (Nghị quyết 202/2025/QH15)"
    for key, regime, name, *_ in provinces:
        if regime != LEGACY:
            continue
        new = convert_address(name)
        if not new.province_key:
            raise RuntimeError(f"vietnamadminunits gives no 2025 province for {name}")
        successions.append((key, f"{NEW}:{new.province_key}", REFORM_DATE.isoformat(), source))
    return provinces, successions


def refresh(conn: sqlite3.Connection) -> None:
    """Bring the province tables up to the package's data (caller holds a transaction).

    Provinces are upserted, never deleted: rows already loaded refer to them.
    """
    provinces, successions = package_rows()
    conn.execute("DELETE FROM province_successions")
    conn.executemany(
        """INSERT INTO provinces VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET
           regime = excluded.regime, name = excluded.name, short_name = excluded.short_name,
           code = excluded.code, match_keys = excluded.match_keys""",
        provinces,
    )
    conn.executemany("INSERT INTO province_successions VALUES (?, ?, ?, ?)", successions)


@dataclass(frozen=True)
class Province:
    """A written province name resolved: `key` in the structure of its date, and both structures."""

    raw: str
    key: str
    legacy: str | None
    new: str | None


class ProvinceIndex:
    """Resolves written province names against the dataset's province tables."""

    def __init__(self, conn: sqlite3.Connection):
        self.by_match: dict[str, dict[str, str]] = {}
        self.match_keys: dict[str, list[str]] = {}
        for key, regime, keys in conn.execute("SELECT key, regime, match_keys FROM provinces"):
            self.match_keys[key] = json.loads(keys)
            for k in self.match_keys[key]:
                self.by_match.setdefault(k, {})[regime] = key
        self.successor: dict[str, str] = {}
        self.predecessors: dict[str, list[str]] = {}
        for old, new in conn.execute("SELECT legacy_key, new_key FROM province_successions ORDER BY legacy_key"):
            self.successor[old] = new
            self.predecessors.setdefault(new, []).append(old)

    def resolve(self, name: str | None, on: date | None = None) -> Province | None:
        """The province `name` stands for on day `on` (None: before the reform); None if unknown."""
        if not name or not name.strip():
            return None
        regimes = self._candidates(name.strip())
        if not regimes:
            return None
        prefer = NEW if on is not None and on >= REFORM_DATE else LEGACY
        key = regimes.get(prefer) or next(iter(regimes.values()))
        if key.startswith(LEGACY + ":"):
            return Province(name, key, key, self.successor.get(key))
        olds = self.predecessors.get(key, [])
        return Province(name, key, olds[0] if len(olds) == 1 else None, key)

    def is_province(self, name: str) -> bool:
        return bool(name and name.strip() and self._candidates(name.strip()))

    def _candidates(self, name: str) -> dict[str, str]:
        found = self.by_match.get(match_key(name))
        if found:
            return found
        # The package's own parser knows more spellings ("Thừa Thiên Huế", "Bà Rịa Vũng Tàu"), but it
        # also guesses ("Văn phòng" -> Hải Phòng): a guess counts only if the name contains the province's key.
        written = match_key(name)
        out = {}
        for regime, package_key in _parse(name).items():
            key = f"{regime}:{package_key}"
            if any(len(k) >= 3 and k in written for k in self.match_keys.get(key, ())):
                out[regime] = key
        return out


@lru_cache(maxsize=4096)
def _parse(name: str) -> dict[str, str]:
    from vietnamadminunits import ParseMode, parse_address

    out = {}
    for regime, mode in ((LEGACY, ParseMode.LEGACY), (NEW, ParseMode.FROM_2025)):
        try:
            unit = parse_address(name, mode=mode, level=1)
        except Exception:  # the parser raises on strings it cannot place; that means "unknown"
            continue
        if unit.province_key:
            out[regime] = unit.province_key
    return out
