"""Loading records into the dataset: idempotent, one article at a time, never half-loaded.

Each record is compared with what the dataset holds for its article (a
fingerprint of the record, the article metadata and the extractor version):
the same -> unchanged, skipped; different -> the article's facts are deleted
and the new ones inserted inside one savepoint; invalid -> rejected with its
reasons, the article's earlier facts (if any) left as they were.

Records are committed in batches for speed; a batch is one transaction, so a
crash or kill loses at most the batch in flight, and the rerun, skipping what
is unchanged, completes it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timezone
from typing import Any, Callable, Iterable, Mapping
from urllib.parse import urlparse

from pipeline.store import meetings
from pipeline.store.cache import JournaledCache
from pipeline.store.db import transaction
from pipeline.store.provinces import Province, ProvinceIndex
from pipeline.store.units import UnitResolver, bloc_province_test
from pipeline.store.validate import EVIDENCE_SCALARS, record_problems, spans_json, spans_of
from pipeline.text.normalize import basic_key

log = logging.getLogger(__name__)

FACT_TABLES = ("memberships", "officers", "appearances", "scores", "rankings", "awards")

# Part of every fingerprint: bump it when the way a record is loaded changes (bloc or meeting
# identity, unit resolution), so the next load re-files every article instead of skipping it.
LOAD_RULES = "2"  # 2: a bloc without a province is scoped to its source site; "tỉnh X" dropped only for the bloc's own X


@dataclass(frozen=True)
class ArticleMeta:
    """What the dataset keeps about an article besides its record."""

    id: str
    url: str | None = None
    title: str | None = None
    published: str | None = None  # as shown on the page
    fetched_at: str | None = None  # ISO 8601
    text_sha256: str | None = None
    site: str | None = None  # domain
    province_hint: str | None = None  # the source site's province

    @classmethod
    def from_article(cls, article: Any, *, fetched_at: str | None = None, province_hint: str | None = None) -> ArticleMeta:
        """Metadata of a `pipeline.corpus.Article` (or anything with id, url, title, published, text)."""
        extra = getattr(article, "extra", {}) or {}
        return cls(
            id=article.id,
            url=article.url,
            title=article.title,
            published=article.published,
            fetched_at=fetched_at or extra.get("fetched_at"),
            text_sha256=hashlib.sha256(article.text.encode("utf-8")).hexdigest(),
            site=domain_of(article.url),
            province_hint=(province_hint or extra.get("province_hint") or extra.get("site_province")
                           or site_province(article.url)),
        )


@dataclass
class LoadReport:
    loaded: int = 0
    unchanged: int = 0
    replaced: int = 0
    rejected: int = 0
    rejections: list[tuple[str, str]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.loaded + self.unchanged + self.replaced + self.rejected

    def add(self, other: LoadReport) -> None:
        for name in ("loaded", "unchanged", "replaced", "rejected"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.rejections.extend(other.rejections)

    def __str__(self) -> str:
        return (f"{self.total} records: {self.loaded} loaded, {self.replaced} replaced, "
                f"{self.unchanged} unchanged, {self.rejected} rejected")


_META_FIELDS = [f.name for f in fields(ArticleMeta)]


def domain_of(url: str | None) -> str | None:
    if not url:
        return None
    host = (urlparse(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def site_province(url: str | None) -> str | None:
    """The province of the registered site (pipeline.sites) an article comes from, if any.

    Used by `thidua run` and `thidua load` alike, so both file an article the same way.
    """
    if not url:
        return None
    from pipeline.sites import site_for_url  # imported late: the registry is only needed for URLs

    site = site_for_url(url)
    return site.province if site else None


def parse_published(raw: str | None) -> str | None:
    """'15:38 | 13/03/2019' -> '2019-03-13'; None when no valid date is found (the extractor's own reading)."""
    from pipeline.extract.event import published_date  # imported late: the extractor's models load slowly

    day = published_date(raw)
    return day.isoformat() if day else None


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def fingerprint(record_json: str, meta: ArticleMeta | None, extractor_version: str | None) -> str:
    """What decides 'unchanged': the record (as canonical JSON), the article metadata, the extractor version."""
    fields = [getattr(meta, f) for f in _META_FIELDS] if meta else None
    payload = "\n".join((record_json, _dumps(fields), _dumps(extractor_version), LOAD_RULES))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _record_json(record: Any) -> str:
    try:
        return _dumps(record)
    except (TypeError, ValueError):  # not JSON data at all; it will be rejected
        return repr(record)


class _Loader:
    """Per-load state: resolvers and id caches that roll back with their savepoints."""

    def __init__(self, conn: sqlite3.Connection, extractor_version: str | None):
        self.conn = conn
        self.version = extractor_version
        self.provinces = ProvinceIndex(conn)
        self.units = UnitResolver(conn, self.provinces.is_province)
        self.caches: dict[str, JournaledCache[Any, Any]] = {}
        for name, sql in (
            ("people", "SELECT key, id FROM people"),
            ("blocs", "SELECT key, id FROM blocs"),
            ("meetings", "SELECT key, id FROM meetings"),
            ("sites", "SELECT domain, id FROM sites"),
        ):
            cache: JournaledCache[Any, Any] = JournaledCache()
            for key, value in conn.execute(sql):
                cache.set(key, value)
            cache.commit()
            self.caches[name] = cache
        self.site_hints: dict[int, str | None] = dict(conn.execute("SELECT id, province_hint FROM sites"))

    # -- savepoint bookkeeping -------------------------------------------------
    def mark(self) -> tuple[Any, ...]:
        return (self.units.mark(), {k: c.mark() for k, c in self.caches.items()}, dict(self.site_hints))

    def rollback(self, mark: tuple[Any, ...]) -> None:
        self.units.rollback(mark[0])
        for k, c in self.caches.items():
            c.rollback(mark[1][k])
        self.site_hints = mark[2]

    def commit(self) -> None:
        self.units.commit()
        for c in self.caches.values():
            c.commit()

    # -- one record ------------------------------------------------------------
    def is_unchanged(self, art_id: str, fp: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM articles WHERE id = ? AND status = 'loaded' AND record_sha256 = ?", (art_id, fp)).fetchone()
        return row is not None

    def load(self, record: dict[str, Any], meta: ArticleMeta | None, fp: str, record_json: str) -> str:
        """Load a valid record; return 'loaded', 'replaced' or 'unchanged'."""
        conn, art_id = self.conn, record["id"]
        existing = conn.execute("SELECT status, record_sha256 FROM articles WHERE id = ?", (art_id,)).fetchone()
        if existing and existing[0] == "loaded" and existing[1] == fp:
            return "unchanged"  # the same id twice in one input
        old = []
        if existing:  # a new article has no facts to replace
            old = conn.execute(
                "SELECT m.id, m.key, m.bloc_id FROM mentions x JOIN meetings m ON m.id = x.meeting_id WHERE x.article_id = ?",
                (art_id,),
            ).fetchall()
            for table in FACT_TABLES + ("mentions",):
                conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (art_id,))

        meta = meta or ArticleMeta(art_id)
        site_id = self._site(meta)
        published = parse_published(meta.published)
        conn.execute(
            """INSERT INTO articles(id, url, site_id, title, published_raw, published_date, fetched_at, text_sha256,
                   extractor_version, status, error, relevant, record_sha256, record_json, loaded_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'loaded', NULL, ?, ?, ?, ?)
               ON CONFLICT(id) DO UPDATE SET url = excluded.url, site_id = excluded.site_id, title = excluded.title,
                   published_raw = excluded.published_raw, published_date = excluded.published_date,
                   fetched_at = excluded.fetched_at, text_sha256 = excluded.text_sha256,
                   extractor_version = excluded.extractor_version, status = 'loaded', error = NULL,
                   relevant = excluded.relevant, record_sha256 = excluded.record_sha256,
                   record_json = excluded.record_json, loaded_at = excluded.loaded_at""",
            (art_id, meta.url, site_id, meta.title, meta.published, published, meta.fetched_at, meta.text_sha256,
             self.version, int(record["relevant"]), fp, record_json, _now()),
        )
        new_meeting = None
        if record["relevant"]:
            new_meeting = self._facts(record, meta, published)
        for meeting_id, key, bloc_id in old:
            if meeting_id != new_meeting and not meetings.recompute(conn, meeting_id):
                self.caches["meetings"].discard(key)
                bloc_key = conn.execute("SELECT key FROM blocs WHERE id = ?", (bloc_id,)).fetchone()
                if bloc_key and meetings.drop_orphan_bloc(conn, bloc_id):
                    self.caches["blocs"].discard(bloc_key[0])
        return "replaced" if existing and existing[0] == "loaded" else "loaded"

    def _site(self, meta: ArticleMeta) -> int | None:
        domain = meta.site or domain_of(meta.url)
        if not domain:
            return None
        site_id = self.caches["sites"].get(domain)
        if site_id is not None and (meta.province_hint is None or self.site_hints.get(site_id) == meta.province_hint):
            return site_id
        site_id = upsert_site(self.conn, self.provinces, domain, meta.province_hint)
        self.caches["sites"].set(domain, site_id)
        self.site_hints[site_id] = meta.province_hint
        return site_id

    def _province(self, record: dict[str, Any], meta: ArticleMeta, published: str | None) -> tuple[Province | None, str | None]:
        when = record["event"]["date"] or published
        on = date.fromisoformat(when) if when else None
        written = record["bloc"]["province"]
        if written:
            found = self.provinces.resolve(written, on)
            if found:
                return found, "record"
        if meta.province_hint:
            found = self.provinces.resolve(meta.province_hint, on)
            if found:
                return found, "site"
        return None, None

    def _bloc(self, record: dict[str, Any], meta: ArticleMeta, published: str | None) -> int | None:
        bloc = record["bloc"]
        province, source = self._province(record, meta, published)
        key = meetings.bloc_key(bloc, province, None if province else (meta.site or domain_of(meta.url)))
        if key is None:
            return None
        bloc_id = self.caches["blocs"].get(key)
        if bloc_id is None:
            bloc_id = self.conn.execute(
                """INSERT INTO blocs(key, kind, number, name, province_key, province_legacy, province_2025, province_source, province_raw)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
                (key, bloc["kind"], bloc["number"], bloc["name"], province.key if province else None,
                 province.legacy if province else None, province.new if province else None, source,
                 province.raw if province else None),
            ).fetchone()[0]
            self.caches["blocs"].set(key, bloc_id)
        return bloc_id

    def _meeting(self, bloc_id: int, event: dict[str, Any], art_id: str) -> int:
        key = meetings.meeting_key(bloc_id, event, art_id)
        meeting_id = self.caches["meetings"].get(key)
        if meeting_id is None:
            meeting_id = self.conn.execute(
                "INSERT INTO meetings(bloc_id, event_type, year, key) VALUES (?, ?, ?, ?) RETURNING id",
                (bloc_id, event["type"] or "unknown", event["year"], key),
            ).fetchone()[0]
            self.caches["meetings"].set(key, meeting_id)
        return meeting_id

    def _facts(self, rec: dict[str, Any], meta: ArticleMeta, published: str | None) -> int | None:
        conn, art_id, url, version = self.conn, rec["id"], meta.url, self.version
        evidence = rec.get("evidence") or {}

        def ev(field_name: str, i: int) -> str | None:
            items = evidence.get(field_name)
            if not items or i >= len(items) or not items[i]:
                return None
            return spans_json(items[i])  # validated: [start, end] or a list of them

        bloc_id = self._bloc(rec, meta, published)
        # A unit's trailing "tỉnh X" is dropped only when X is the bloc's own province.
        bloc_row = conn.execute("SELECT province_key, province_legacy FROM blocs WHERE id = ?", (bloc_id,)).fetchone() if bloc_id else None
        own = None if bloc_row is None else bloc_province_test(self.provinces, *bloc_row)

        def unit(raw: str) -> int:
            return self.units.resolve(raw, own)

        meeting_id = self._meeting(bloc_id, rec["event"], art_id) if bloc_id is not None else None
        year = rec["event"]["year"]
        if meeting_id is not None:
            att = rec["attendance"] or {}
            scalar_ev = {k: spans_of(evidence[k]) for k in EVIDENCE_SCALARS if evidence.get(k)}
            conn.execute(
                """INSERT INTO mentions(article_id, meeting_id, url, date, attendance_present, attendance_total,
                       bloc_name, evidence, extractor_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (art_id, meeting_id, url, rec["event"]["date"], att.get("present"), att.get("total"),
                 rec["bloc"]["name"], _dumps(scalar_ev) if scalar_ev else None, version),
            )
        common = (art_id, meeting_id, bloc_id)
        tail = (url,)
        seen: set[int] = set()
        rows: list[tuple[Any, ...]] = []
        for i, raw in enumerate(rec["members"]):
            unit_id = unit(raw)
            if unit_id not in seen:  # "Sở KH&ĐT" and "Sở Kế hoạch và Đầu tư" in one list are one member
                seen.add(unit_id)
                rows.append(common + (year, unit_id, raw) + tail + (ev("members", i), version))
        conn.executemany("INSERT INTO memberships VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        conn.executemany(
            "INSERT INTO officers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [common + (o["year"], o["role"], unit(o["unit"]), o["unit"]) + tail + (ev("officers", i), version)
             for i, o in enumerate(rec["officers"])],
        )
        conn.executemany(
            "INSERT INTO appearances VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(art_id, meeting_id, self._person(p["name"]), p["name"], p["title"], url, ev("people", i), version)
             for i, p in enumerate(rec["people"])],
        )
        conn.executemany(
            "INSERT INTO scores VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [common + (year, unit(s["unit"]), s["unit"], s["score"], s["max"]) + tail + (ev("scores", i), version)
             for i, s in enumerate(rec["scores"])],
        )
        conn.executemany(
            "INSERT INTO rankings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [common + (year, unit(r["unit"]), r["unit"], r["rank"]) + tail + (ev("ranking", i), version)
             for i, r in enumerate(rec["ranking"])],
        )
        conn.executemany(
            "INSERT INTO awards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [common + (year, unit(a["unit"]), a["unit"], a["award"]) + tail + (ev("awards", i), version)
             for i, a in enumerate(rec["awards"])],
        )
        if meeting_id is not None:
            meetings.recompute(conn, meeting_id)
        return meeting_id

    def _person(self, name: str) -> int:
        key = basic_key(name)
        person_id = self.caches["people"].get(key)
        if person_id is None:
            person_id = self.conn.execute(
                "INSERT INTO people(key, name) VALUES (?, ?) RETURNING id", (key, " ".join(name.split()))
            ).fetchone()[0]
            self.caches["people"].set(key, person_id)
        return person_id

    # -- rejections ------------------------------------------------------------
    def reject(self, art_id: str, fp: str, reason: str, record_json: str) -> None:
        conn = self.conn
        conn.execute(
            "INSERT OR IGNORE INTO rejections(article_id, record_sha256, reason, record_json, rejected_at) VALUES (?, ?, ?, ?, ?)",
            (art_id, fp, reason, record_json, _now()),
        )
        # An article loaded before keeps its facts; otherwise it is listed as rejected.
        conn.execute(
            """INSERT INTO articles(id, status, error, record_sha256, record_json, extractor_version, loaded_at)
               VALUES (?, 'rejected', ?, ?, ?, ?, ?)
               ON CONFLICT(id) DO UPDATE SET status = 'rejected', error = excluded.error,
                   record_sha256 = excluded.record_sha256, record_json = excluded.record_json,
                   extractor_version = excluded.extractor_version, loaded_at = excluded.loaded_at
               WHERE articles.status != 'loaded' AND articles.record_sha256 IS NOT excluded.record_sha256""",
            (art_id, reason, fp, record_json, self.version, _now()),
        )


def upsert_site(conn: sqlite3.Connection, provinces: ProvinceIndex | None, domain: str, province_hint: str | None) -> int:
    """The id of the site row for `domain`, created or given the new province hint."""
    if province_hint is None:
        row = conn.execute("SELECT id FROM sites WHERE domain = ?", (domain,)).fetchone()
        if row:
            return row[0]
    prov = (provinces or ProvinceIndex(conn)).resolve(province_hint) if province_hint else None
    return conn.execute(
        """INSERT INTO sites(domain, province_hint, province_legacy, province_2025) VALUES (?, ?, ?, ?)
           ON CONFLICT(domain) DO UPDATE SET province_hint = excluded.province_hint,
               province_legacy = excluded.province_legacy, province_2025 = excluded.province_2025
           RETURNING id""",
        (domain, province_hint, prov.legacy if prov else None, prov.new if prov else None),
    ).fetchone()[0]


def _reason(problems: list[str]) -> str:
    shown = "; ".join(problems[:5])
    return shown + (f" (and {len(problems) - 5} more)" if len(problems) > 5 else "")


def load_records(
    conn: sqlite3.Connection,
    records: Iterable[dict[str, Any]],
    articles: Mapping[str, ArticleMeta] | None = None,
    extractor_version: str | None = None,
    *,
    batch_size: int = 500,
    progress: Callable[[LoadReport], None] | None = None,
) -> LoadReport:
    """Load `records` (codebook records, one per article); see the module docstring for the guarantees."""
    articles = articles or {}
    loader = _Loader(conn, extractor_version)
    report = LoadReport()
    in_batch = 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        for position, record in enumerate(records, 1):
            art_id = record.get("id") if isinstance(record, dict) else None
            if not isinstance(art_id, str) or not art_id.strip():
                art_id = f"?record-{position}"
            meta = articles.get(art_id)
            record_json = _record_json(record)
            fp = fingerprint(record_json, meta, extractor_version)
            if loader.is_unchanged(art_id, fp):  # loaded before exactly so (hence valid): nothing to do
                report.unchanged += 1
                continue
            problems = record_problems(record)
            conn.execute("SAVEPOINT record")
            mark = loader.mark()
            try:
                status = loader.load(record, meta, fp, record_json) if not problems else "rejected"
            except sqlite3.Error as exc:
                # A constraint the validation did not foresee: this record only.
                conn.execute("ROLLBACK TO record")
                loader.rollback(mark)
                problems = [f"database refused it: {exc}"]
                status = "rejected"
            if status == "rejected":
                reason = _reason(problems)
                loader.reject(art_id, fp, reason, record_json)
                report.rejections.append((art_id, reason))
                log.info("rejected %s: %s", art_id, reason)
            conn.execute("RELEASE record")
            setattr(report, status, getattr(report, status) + 1)
            in_batch += 1
            if in_batch >= batch_size:
                conn.execute("COMMIT")
                loader.commit()
                if progress:
                    progress(report)
                conn.execute("BEGIN IMMEDIATE")
                in_batch = 0
        conn.execute("COMMIT")
        loader.commit()
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    if report.loaded or report.replaced:
        conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('last_load', ?)", (_now(),))
    return report


def record_article_error(
    conn: sqlite3.Connection, article_id: str, source: str, reason: str, meta: ArticleMeta | None = None
) -> None:
    """Store an article that failed before extraction (status 'error'); facts loaded earlier stay."""
    meta = meta or ArticleMeta(article_id)
    message = f"{source}: {reason}"
    with transaction(conn):
        row = conn.execute("SELECT status FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row and row[0] == "loaded":
            fp = hashlib.sha256(message.encode("utf-8")).hexdigest()
            conn.execute(
                "INSERT OR IGNORE INTO rejections(article_id, record_sha256, reason, record_json, rejected_at) VALUES (?, ?, ?, NULL, ?)",
                (article_id, fp, f"article error: {message}", _now()),
            )
            return
        domain = meta.site or domain_of(meta.url)
        site_id = upsert_site(conn, None, domain, meta.province_hint) if domain else None
        conn.execute(
            """INSERT INTO articles(id, url, site_id, title, published_raw, published_date, fetched_at, text_sha256,
                   status, error, loaded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'error', ?, ?)
               ON CONFLICT(id) DO UPDATE SET url = excluded.url, site_id = excluded.site_id, title = excluded.title,
                   published_raw = excluded.published_raw, published_date = excluded.published_date,
                   fetched_at = excluded.fetched_at, text_sha256 = excluded.text_sha256, status = 'error',
                   error = excluded.error, loaded_at = excluded.loaded_at
               WHERE articles.error IS NOT excluded.error OR articles.status != 'error'""",
            (article_id, meta.url, site_id, meta.title, meta.published, parse_published(meta.published),
             meta.fetched_at, meta.text_sha256, message, _now()),
        )
