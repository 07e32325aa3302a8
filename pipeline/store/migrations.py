"""The dataset's schema, as an ordered list of named migrations.

Each migration runs once, in order, inside a transaction, and is recorded in
`schema_migrations`. Never edit a migration that has shipped: add a new one.

Every column carries a `-- comment`: SQLite keeps the CREATE statement text,
and `pipeline.store.export` reads those comments to describe each field in
`datapackage.json`, so the documentation cannot drift from the schema.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from typing import Callable

from pipeline.store.db import transaction

MIGRATIONS_TABLE = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    name TEXT PRIMARY KEY,  -- migration name, e.g. 0001_core
    applied_at TEXT NOT NULL  -- when it was applied (ISO 8601, UTC)
)
"""

CORE = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,  -- setting name (reference-data fingerprints, build date)
    value TEXT  -- its value
);

CREATE TABLE provinces (
    key TEXT PRIMARY KEY,  -- package key of the province, regime-prefixed: legacy:tinhkiengiang or 2025:tinhangiang
    regime TEXT NOT NULL CHECK (regime IN ('legacy', '2025')),  -- legacy = the 63 provinces before 1 July 2025; 2025 = the 34 after
    name TEXT NOT NULL,  -- full name, e.g. Tỉnh Kiên Giang
    short_name TEXT NOT NULL,  -- name without Tỉnh/Thành phố, e.g. Kiên Giang
    code TEXT,  -- official province code
    match_keys TEXT NOT NULL  -- JSON list of ASCII keys a written name is matched on
);

CREATE TABLE province_successions (
    legacy_key TEXT NOT NULL REFERENCES provinces(key),  -- province before 1 July 2025
    new_key TEXT NOT NULL REFERENCES provinces(key),  -- province it is part of since 1 July 2025
    effective TEXT NOT NULL,  -- date the change took effect
    source TEXT NOT NULL,  -- where the mapping comes from
    PRIMARY KEY (legacy_key, new_key)
);

CREATE TABLE sites (
    id INTEGER PRIMARY KEY,  -- row id
    domain TEXT NOT NULL UNIQUE,  -- host name of the source site
    province_hint TEXT,  -- province of the site as given by the crawler (as written)
    province_legacy TEXT REFERENCES provinces(key),  -- that province in the 63-province structure
    province_2025 TEXT REFERENCES provinces(key)  -- that province in the 34-province structure
);

CREATE TABLE articles (
    id TEXT PRIMARY KEY,  -- article id from the corpus
    url TEXT,  -- address of the article
    site_id INTEGER REFERENCES sites(id),  -- source site
    title TEXT,  -- title as shown
    published_raw TEXT,  -- publication date as shown on the page
    published_date TEXT,  -- publication date parsed to YYYY-MM-DD when possible
    fetched_at TEXT,  -- when the page was fetched (ISO 8601)
    text_sha256 TEXT,  -- SHA-256 of the article text the record was extracted from
    extractor_version TEXT,  -- version of the extractor that made the record
    status TEXT NOT NULL CHECK (status IN ('loaded', 'rejected', 'error')),  -- loaded, rejected (record failed validation) or error (failed before extraction)
    error TEXT,  -- reason for a rejected record or an article error
    relevant INTEGER,  -- 1 when the record says the article reports on a bloc
    record_sha256 TEXT,  -- fingerprint of record and metadata; an unchanged reload is skipped
    record_json TEXT,  -- the record as loaded
    loaded_at TEXT  -- when the row was last written (ISO 8601, UTC)
);

CREATE TABLE rejections (
    article_id TEXT NOT NULL,  -- article whose record was rejected
    record_sha256 TEXT NOT NULL,  -- fingerprint of the rejected record
    reason TEXT NOT NULL,  -- why it was rejected
    record_json TEXT,  -- the rejected record (or the error source)
    rejected_at TEXT NOT NULL,  -- when (ISO 8601, UTC)
    PRIMARY KEY (article_id, record_sha256)
);

CREATE TABLE blocs (
    id INTEGER PRIMARY KEY,  -- row id
    key TEXT NOT NULL UNIQUE,  -- identity: province|kind|number-or-name
    kind TEXT CHECK (kind IN ('khoi', 'cum')),  -- khoi (Khối) or cum (Cụm)
    number INTEGER,  -- bloc number, null when named by scope only
    name TEXT,  -- name as written at its first load
    province_key TEXT REFERENCES provinces(key),  -- province of the bloc in the structure of its time
    province_legacy TEXT REFERENCES provinces(key),  -- province in the 63-province structure (null after the reform when ambiguous)
    province_2025 TEXT REFERENCES provinces(key),  -- province in the 34-province structure
    province_source TEXT CHECK (province_source IN ('record', 'site')),  -- where the province came from: the record's bloc.province or the source site
    province_raw TEXT  -- province as written
);

CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,  -- row id
    bloc_id INTEGER NOT NULL REFERENCES blocs(id),  -- bloc that met
    event_type TEXT NOT NULL,  -- tong_ket, so_ket, giao_uoc, other or unknown
    year INTEGER,  -- emulation year the meeting is about
    key TEXT NOT NULL UNIQUE,  -- identity: bloc|type|year (or date, or article when neither is known)
    date TEXT,  -- meeting day most reported by its articles (ties: earliest)
    attendance_present INTEGER,  -- units present, most reported value
    attendance_total INTEGER,  -- units in the bloc, most reported value
    n_mentions INTEGER NOT NULL DEFAULT 0,  -- articles reporting this meeting
    conflicts TEXT  -- JSON object: field -> the differing values reported, null when the articles agree
);

CREATE TABLE mentions (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,  -- reporting article
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),  -- meeting it reports
    url TEXT,  -- article address (provenance)
    date TEXT,  -- meeting date according to this article
    attendance_present INTEGER,  -- units present according to this article
    attendance_total INTEGER,  -- units in the bloc according to this article
    bloc_name TEXT,  -- bloc name as written in this article
    evidence TEXT,  -- JSON spans supporting bloc, event and attendance
    extractor_version TEXT  -- extractor that made the record (provenance)
);

CREATE TABLE units (
    id INTEGER PRIMARY KEY,  -- row id
    key TEXT NOT NULL UNIQUE,  -- normalised name the unit is matched on
    fold_key TEXT NOT NULL,  -- key without diacritics (typo-tolerant match)
    name TEXT NOT NULL,  -- canonical name
    source TEXT NOT NULL CHECK (source IN ('aliases', 'lineage', 'records'))  -- aliases / lineage = named in that data file; records = first seen in a record
);
CREATE INDEX units_fold ON units(fold_key);

CREATE TABLE unit_aliases (
    alias_key TEXT PRIMARY KEY,  -- normalised alias
    alias TEXT NOT NULL,  -- alias as written in the alias file
    unit_id INTEGER NOT NULL REFERENCES units(id),  -- unit it stands for
    note TEXT,  -- kind of alias: abbreviation, typo, old spelling, ...
    source_file TEXT  -- file the alias came from
);

CREATE TABLE unit_lineage (
    predecessor TEXT NOT NULL,  -- department before the 2025 reorganisation, as named
    successor TEXT NOT NULL,  -- department that took over its work
    predecessor_unit_id INTEGER REFERENCES units(id),  -- predecessor in units
    successor_unit_id INTEGER REFERENCES units(id),  -- successor in units
    relation TEXT NOT NULL CHECK (relation IN ('merged', 'renamed', 'part')),  -- merged = whole body merged in; renamed; part = some functions moved
    province TEXT NOT NULL,  -- province the row applies to; * for the nationwide pattern
    effective TEXT NOT NULL,  -- date the change took effect (YYYY-MM-DD)
    sources TEXT NOT NULL,  -- legal basis and where it was checked
    note TEXT,  -- what moved, when partial
    PRIMARY KEY (predecessor, successor, province)
);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,  -- row id
    key TEXT NOT NULL UNIQUE,  -- normalised name
    name TEXT NOT NULL  -- name as first written
);

CREATE TABLE memberships (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,  -- reporting article (provenance)
    meeting_id INTEGER REFERENCES meetings(id),  -- meeting reported
    bloc_id INTEGER REFERENCES blocs(id),  -- bloc
    year INTEGER,  -- emulation year
    unit_id INTEGER NOT NULL REFERENCES units(id),  -- member unit
    unit_raw TEXT NOT NULL,  -- unit as written
    url TEXT,  -- article address (provenance)
    evidence TEXT,  -- JSON list of [start, end] character spans in the article text
    extractor_version TEXT  -- extractor that made the record (provenance)
);
CREATE INDEX memberships_article ON memberships(article_id);
CREATE INDEX memberships_bloc_year ON memberships(bloc_id, year);

CREATE TABLE officers (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,  -- reporting article (provenance)
    meeting_id INTEGER REFERENCES meetings(id),  -- meeting reported
    bloc_id INTEGER REFERENCES blocs(id),  -- bloc
    year INTEGER,  -- year of the term
    role TEXT NOT NULL CHECK (role IN ('truong', 'pho')),  -- truong = head (Khối/Cụm trưởng), pho = deputy
    unit_id INTEGER NOT NULL REFERENCES units(id),  -- unit holding the role
    unit_raw TEXT NOT NULL,  -- unit as written
    url TEXT,  -- article address (provenance)
    evidence TEXT,  -- JSON list of [start, end] character spans in the article text
    extractor_version TEXT  -- extractor that made the record (provenance)
);
CREATE INDEX officers_article ON officers(article_id);
CREATE INDEX officers_bloc_year ON officers(bloc_id, year);

CREATE TABLE appearances (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,  -- reporting article (provenance)
    meeting_id INTEGER REFERENCES meetings(id),  -- meeting the person appeared at
    person_id INTEGER NOT NULL REFERENCES people(id),  -- person
    name_raw TEXT NOT NULL,  -- name as written
    title TEXT,  -- position as written next to the name
    url TEXT,  -- article address (provenance)
    evidence TEXT,  -- JSON list of [start, end] character spans in the article text
    extractor_version TEXT  -- extractor that made the record (provenance)
);
CREATE INDEX appearances_article ON appearances(article_id);

CREATE TABLE scores (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,  -- reporting article (provenance)
    meeting_id INTEGER REFERENCES meetings(id),  -- meeting reported
    bloc_id INTEGER REFERENCES blocs(id),  -- bloc
    year INTEGER,  -- emulation year scored
    unit_id INTEGER NOT NULL REFERENCES units(id),  -- unit scored
    unit_raw TEXT NOT NULL,  -- unit as written
    score REAL NOT NULL,  -- points
    max REAL,  -- scale (100, 1000, ...), null when not given
    url TEXT,  -- article address (provenance)
    evidence TEXT,  -- JSON list of [start, end] character spans in the article text
    extractor_version TEXT  -- extractor that made the record (provenance)
);
CREATE INDEX scores_article ON scores(article_id);
CREATE INDEX scores_bloc_year ON scores(bloc_id, year);

CREATE TABLE rankings (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,  -- reporting article (provenance)
    meeting_id INTEGER REFERENCES meetings(id),  -- meeting reported
    bloc_id INTEGER REFERENCES blocs(id),  -- bloc
    year INTEGER,  -- emulation year ranked
    unit_id INTEGER NOT NULL REFERENCES units(id),  -- unit ranked
    unit_raw TEXT NOT NULL,  -- unit as written
    rank INTEGER NOT NULL,  -- 1 = leading unit (dẫn đầu)
    url TEXT,  -- article address (provenance)
    evidence TEXT,  -- JSON list of [start, end] character spans in the article text
    extractor_version TEXT  -- extractor that made the record (provenance)
);
CREATE INDEX rankings_article ON rankings(article_id);
CREATE INDEX rankings_bloc_year ON rankings(bloc_id, year);

CREATE TABLE awards (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,  -- reporting article (provenance)
    meeting_id INTEGER REFERENCES meetings(id),  -- meeting reported
    bloc_id INTEGER REFERENCES blocs(id),  -- bloc
    year INTEGER,  -- emulation year the award is for
    unit_id INTEGER NOT NULL REFERENCES units(id),  -- unit awarded
    unit_raw TEXT NOT NULL,  -- unit as written
    award TEXT NOT NULL,  -- award as written
    url TEXT,  -- article address (provenance)
    evidence TEXT,  -- JSON list of [start, end] character spans in the article text
    extractor_version TEXT  -- extractor that made the record (provenance)
);
CREATE INDEX awards_article ON awards(article_id);

CREATE INDEX mentions_meeting ON mentions(meeting_id);
CREATE INDEX meetings_bloc ON meetings(bloc_id);
"""


def _sql(script: str) -> Callable[[sqlite3.Connection], None]:
    def apply(conn: sqlite3.Connection) -> None:
        for statement in _statements(script):
            conn.execute(statement)

    return apply


def _statements(script: str) -> list[str]:
    """Split a script on ';' at line ends (comments never contain one)."""
    parts, current = [], []
    for line in script.splitlines():
        current.append(line)
        if line.rstrip().endswith(";"):
            parts.append("\n".join(current).strip().rstrip(";"))
            current = []
    tail = "\n".join(current).strip()
    if tail:
        parts.append(tail)
    return [p for p in parts if p]


# Ordered; names are permanent.
MIGRATIONS: list[tuple[str, Callable[[sqlite3.Connection], None]]] = [
    ("0001_core", _sql(CORE)),
]


def applied(conn: sqlite3.Connection) -> list[str]:
    conn.execute(MIGRATIONS_TABLE)
    return [row[0] for row in conn.execute("SELECT name FROM schema_migrations ORDER BY name")]


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply the migrations not yet recorded, each in its own transaction; return their names."""
    done = set(applied(conn))
    known = {name for name, _ in MIGRATIONS}
    unknown = done - known
    if unknown:
        raise RuntimeError(f"database has migrations this version does not know: {sorted(unknown)}; upgrade thidua")
    ran = []
    for name, apply in MIGRATIONS:
        if name in done:
            continue
        with transaction(conn):
            # Another process may have applied it while we waited for the lock.
            if conn.execute("SELECT 1 FROM schema_migrations WHERE name = ?", (name,)).fetchone():
                continue
            apply(conn)
            conn.execute(
                "INSERT INTO schema_migrations(name, applied_at) VALUES (?, ?)",
                (name, datetime.now(timezone.utc).isoformat(timespec="seconds")),
            )
            ran.append(name)
    return ran


def schema_version(conn: sqlite3.Connection) -> str:
    names = applied(conn)
    return names[-1] if names else "0"
