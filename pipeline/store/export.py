"""`export`: every table as Parquet and CSV, plus a Frictionless datapackage.json.

Field descriptions come from the schema itself: the `-- comment` after each
column in the migrations (SQLite keeps the CREATE text) and
`tables.COLUMNS` for the analysis tables. A column without a description is
an error, so the documentation cannot drift from the data.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from pipeline import __version__
from pipeline.store import migrations, tables

TABLE_DESCRIPTIONS = {
    "schema_migrations": "Migrations applied to this dataset, in order.",
    "meta": "Dataset settings: reference-data fingerprints, last load time.",
    "provinces": "Provinces before (63, regime legacy) and after (34, regime 2025) 1 July 2025, from vietnamadminunits.",
    "province_successions": "Which 2025 province each pre-2025 province became part of.",
    "sites": "Source sites (by domain) and their province.",
    "articles": "One row per article: metadata, load status, the record as loaded.",
    "rejections": "Records that could not be loaded, with the reason.",
    "blocs": "Emulation blocs (Khối / Cụm thi đua), one per province, kind and number or name.",
    "meetings": "One row per real-world bloc meeting, with the values its articles agree on and their conflicts.",
    "mentions": "Which article reports which meeting, with the values that article gives.",
    "units": "Canonical units (departments, offices, districts, ...).",
    "unit_aliases": "Written forms of units and the canonical unit each stands for (pipeline/data/unit_aliases.csv and user files).",
    "unit_lineage": "Department lineage across the 2025 reorganisation (pipeline/data/department_lineage.csv).",
    "people": "Officials named in the articles.",
    "memberships": "Units reported as members of a bloc in a year.",
    "officers": "Heads (trưởng) and deputies (phó) of a bloc per year.",
    "appearances": "Officials appearing at a meeting, with their title as written.",
    "scores": "Points scored by a unit in a bloc's yearly review.",
    "rankings": "Ranks of units in a bloc's yearly review.",
    "awards": "Commendations proposed or given to units at a bloc's review.",
}
ANALYSIS_DESCRIPTIONS = {
    "heads": "Head and deputy per bloc per year (thidua tables heads).",
    "leaders": "Leading unit per bloc per year (thidua tables leaders).",
    "scores": "Scores per unit across years, with the change from the year before (thidua tables scores).",
    "members": "Membership per bloc per year, with joins and departures (thidua tables members).",
    "coverage": "Articles, blocs and meetings per province and year (thidua tables coverage).",
}
_SQL_TYPES = {"INTEGER": "integer", "REAL": "number", "TEXT": "string"}
_PANDAS_TYPES = {"integer": "Int64", "number": "Float64", "string": "string", "boolean": "boolean", "date": "string"}
_COMMENTED = re.compile(r"^\s*(\w+)\s+[A-Z]+.*?--\s*(.+?)\s*$")


def base_tables(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid")]


def _field_type(name: str, declared: str) -> str:
    if name == "date" or name.endswith("_date") or name == "effective":
        return "date"
    return _SQL_TYPES.get(declared.upper(), "string")


def table_schema(conn: sqlite3.Connection, table: str) -> dict:
    """Frictionless Table Schema of a dataset table, from its CREATE statement and PRAGMA info."""
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    described = {m.group(1): m.group(2) for m in map(_COMMENTED.match, sql.splitlines()) if m}
    if table == "schema_migrations":
        described = {m.group(1): m.group(2) for m in map(_COMMENTED.match, migrations.MIGRATIONS_TABLE.splitlines()) if m}
    fields, pk = [], []
    for _, name, declared, notnull, _, pk_pos in conn.execute(f"PRAGMA table_info({table})"):
        if name not in described:
            raise ValueError(f"column {table}.{name} has no description comment in its migration")
        field = {"name": name, "type": _field_type(name, declared), "description": described[name]}
        if notnull or pk_pos:
            field["constraints"] = {"required": True}
        fields.append(field)
        if pk_pos:
            pk.append((pk_pos, name))
    schema: dict = {"fields": fields}
    if pk:
        schema["primaryKey"] = [n for _, n in sorted(pk)]
    fks = {}
    for _, _, ref_table, col, ref_col, *_ in conn.execute(f"PRAGMA foreign_key_list({table})"):
        fks.setdefault(ref_table, []).append((col, ref_col))
    if fks:
        schema["foreignKeys"] = [
            {"fields": [c for c, _ in pairs], "reference": {"resource": ref, "fields": [r for _, r in pairs]}}
            for ref, pairs in fks.items()
        ]
    return schema


def analysis_schema(name: str) -> dict:
    return {"fields": [{"name": c, "type": t, "description": d} for c, (t, d) in tables.COLUMNS[name].items()]}


def dataset_version(conn: sqlite3.Connection) -> str:
    """Package version + schema version + a digest of the loaded content and reference data."""
    digest = hashlib.sha256()
    for row in conn.execute("SELECT id, status, record_sha256, error FROM articles ORDER BY id"):
        digest.update(repr(row).encode("utf-8"))
    for row in conn.execute("SELECT key, value FROM meta WHERE key LIKE 'ref:%' ORDER BY key"):
        digest.update(repr(row).encode("utf-8"))
    return f"{__version__}+{migrations.schema_version(conn)}.{digest.hexdigest()[:12]}"


def _frame(conn: sqlite3.Connection, table: str, schema: dict) -> pd.DataFrame:
    df = pd.read_sql_query(f"SELECT * FROM {table}", conn)
    return df.astype({f["name"]: _PANDAS_TYPES[f["type"]] for f in schema["fields"]})


def _write(df: pd.DataFrame, out: Path, rel: str) -> tuple[Path, Path]:
    csv_path, parquet_path = out / "csv" / f"{rel}.csv", out / "parquet" / f"{rel}.parquet"
    for p in (csv_path, parquet_path):
        p.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(csv_path, index=False, encoding="utf-8")
    df.to_parquet(parquet_path, index=False)
    return csv_path, parquet_path


def _resources(name: str, csv_rel: str, parquet_rel: str, description: str, schema: dict) -> list[dict]:
    common = {"description": description, "schema": schema}
    return [
        {"name": name, "path": csv_rel, "profile": "tabular-data-resource", "format": "csv",
         "mediatype": "text/csv", "encoding": "utf-8", **common},
        {"name": f"{name}-parquet", "path": parquet_rel, "format": "parquet",
         "mediatype": "application/vnd.apache.parquet", **common},
    ]


def export(conn: sqlite3.Connection, out_dir: str | Path) -> list[Path]:
    """Write every table and analysis table to `out_dir`; return the files written (datapackage.json last)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    resources: list[dict] = []
    for table in base_tables(conn):
        schema = table_schema(conn, table)
        written += _write(_frame(conn, table, schema), out, table)
        resources += _resources(table, f"csv/{table}.csv", f"parquet/{table}.parquet",
                                TABLE_DESCRIPTIONS.get(table, table), schema)
    for name in tables.NAMES:
        rel = f"analysis/{name}"
        written += _write(tables.table(conn, name), out, rel)
        resources += _resources(f"analysis-{name}", f"csv/{rel}.csv", f"parquet/{rel}.parquet",
                                ANALYSIS_DESCRIPTIONS[name], analysis_schema(name))
    package = {
        "profile": "tabular-data-package",
        "name": "thidua",
        "title": "Emulation blocs (Khối / Cụm thi đua) in Vietnamese provincial news",
        "version": dataset_version(conn),
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "schema_version": migrations.schema_version(conn),
        "resources": resources,
    }
    path = out / "datapackage.json"
    path.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    written.append(path)
    return written
