"""Loading: idempotency, replacement, rejection with reasons, article errors, rollback of one bad record."""

from __future__ import annotations

import copy
import hashlib
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from pipeline.store import ArticleMeta, load_records, open_db, record_article_error
from pipeline.store.export import base_tables


def record(art_id: str, year: int = 2018, **changes: Any) -> dict[str, Any]:
    """A relevant record of Khối thi đua số 2 (Kiên Giang) reviewing `year`."""
    rec: dict[str, Any] = {
        "id": art_id,
        "relevant": True,
        "bloc": {"name": "Khối thi đua số 2", "kind": "khoi", "number": 2, "province": "Kiên Giang"},
        "event": {"type": "tong_ket", "date": f"{year + 1}-03-08", "year": year},
        "members": ["Sở Ngoại vụ", "Sở KH&ĐT", "Sở Nội vụ", "Sở Tư pháp", "Văn phòng UBND tỉnh"],
        "officers": [{"role": "truong", "unit": "Sở Ngoại vụ", "year": year},
                     {"role": "pho", "unit": "Sở Kế hoạch và Đầu tư", "year": year}],
        "people": [{"name": "Huỳnh Thanh Hải", "title": "Phó Giám đốc Sở Ngoại vụ"}],
        "scores": [{"unit": "Văn phòng UBND tỉnh", "score": 983.5, "max": 1000},
                   {"unit": "Sở Ngoại vụ", "score": 949, "max": None}],
        "ranking": [{"unit": "VP UBND tỉnh", "rank": 1}, {"unit": "Sở KH&ĐT", "rank": 2}],
        "awards": [{"unit": "Văn phòng UBND tỉnh", "award": "Cờ thi đua của UBND tỉnh"}],
        "attendance": {"present": 7, "total": 8},
        "evidence": {"members": [[[10, 21]], [[23, 31]], [[33, 42]], [[44, 54]], [[56, 75], [300, 319]]],
                     "officers": [[[80, 91]], [[95, 116]]], "people": [[[120, 135]]],
                     "scores": [[[140, 160]], [[170, 180]]], "ranking": [[[190, 200]], [[210, 220]]],
                     "awards": [[[230, 250]]], "bloc": [[0, 17]], "event": [[0, 9]]},
    }
    for key, value in changes.items():
        rec[key] = value
    return rec


def meta(art_id: str) -> ArticleMeta:
    return ArticleMeta(id=art_id, url=f"https://anbien.kiengiang.gov.vn/tin/{art_id}", title="Hội nghị tổng kết",
                       published="15:38 | 13/03/2019", fetched_at="2026-11-01T00:00:00+00:00",
                       text_sha256="0" * 64, site="anbien.kiengiang.gov.vn", province_hint="Kiên Giang")


def checksum(conn: sqlite3.Connection) -> dict[str, str]:
    """SHA-256 of every table's rows, sorted: equal checksums mean nothing changed."""
    out = {}
    for table in base_tables(conn):
        rows = sorted(repr(r) for r in conn.execute(f"SELECT * FROM {table}"))
        out[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return out


@pytest.fixture
def conn(tmp_path: Path) -> sqlite3.Connection:
    return open_db(tmp_path / "nested" / "dir" / "t.sqlite")


def count(conn: sqlite3.Connection, sql: str, *args: Any) -> int:
    return conn.execute(sql, args).fetchone()[0]


def test_open_db_creates_directories_wal_foreign_keys_and_migrations(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "d.sqlite"
    conn = open_db(path)
    assert path.is_file()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert [r[0] for r in conn.execute("SELECT name FROM schema_migrations")] == ["0001_core"]
    assert count(conn, "SELECT COUNT(*) FROM provinces WHERE regime = 'legacy'") == 63
    assert count(conn, "SELECT COUNT(*) FROM provinces WHERE regime = '2025'") == 34
    before = checksum(conn)
    conn.close()
    assert checksum(open_db(path)) == before  # reopening applies nothing again


def test_loading_the_same_records_twice_changes_nothing(conn: sqlite3.Connection) -> None:
    records = [record("a1", 2018), record("a2", 2019), record("a3", 2018, relevant=False, bloc={"name": None, "kind": None, "number": None, "province": None},
               event={"type": None, "date": None, "year": None}, members=[], officers=[], people=[], scores=[], ranking=[], awards=[],
               attendance=None, evidence={}),
               record("bad", 2019, attendance={"present": 9, "total": 8})]
    metas = {r["id"]: meta(r["id"]) for r in records}
    first = load_records(conn, records, metas, "x1")
    assert (first.loaded, first.unchanged, first.replaced, first.rejected) == (3, 0, 0, 1)
    before = checksum(conn)
    second = load_records(conn, copy.deepcopy(records), metas, "x1")
    assert (second.loaded, second.unchanged, second.replaced, second.rejected) == (0, 3, 0, 1)
    assert checksum(conn) == before


def test_provenance_on_every_fact_row(conn: sqlite3.Connection) -> None:
    load_records(conn, [record("a1")], {"a1": meta("a1")}, "x1")
    for table in ("memberships", "officers", "appearances", "scores", "rankings", "awards"):
        rows = conn.execute(f"SELECT article_id, url, evidence, extractor_version FROM {table}").fetchall()
        assert rows, table
        for art_id, url, evidence, version in rows:
            assert (art_id, url, version) == ("a1", "https://anbien.kiengiang.gov.vn/tin/a1", "x1")
            assert evidence.startswith("[[")
    assert conn.execute("SELECT evidence FROM memberships WHERE unit_raw = 'Văn phòng UBND tỉnh'").fetchone()[0] == "[[56, 75], [300, 319]]"
    assert count(conn, "SELECT COUNT(*) FROM mentions WHERE evidence LIKE '%bloc%'") == 1


def test_a_changed_record_replaces_its_articles_facts(conn: sqlite3.Connection) -> None:
    load_records(conn, [record("a1"), record("a2", 2019)])
    changed = record("a1", members=["Sở Y tế"], evidence={})
    report = load_records(conn, [changed, record("a2", 2019)])
    assert (report.replaced, report.unchanged) == (1, 1)
    assert [r[0] for r in conn.execute("SELECT unit_raw FROM memberships WHERE article_id = 'a1'")] == ["Sở Y tế"]
    assert count(conn, "SELECT COUNT(*) FROM memberships WHERE article_id = 'a2'") == 5
    assert count(conn, "SELECT COUNT(*) FROM officers WHERE article_id = 'a1'") == 2  # replaced, not doubled


def test_members_written_twice_in_one_record_are_one_membership(conn: sqlite3.Connection) -> None:
    load_records(conn, [record("a1", members=["Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"], evidence={})])
    assert count(conn, "SELECT COUNT(*) FROM memberships") == 1


@pytest.mark.parametrize("bad, reason", [
    ({"bloc": {"name": "Khối 2"}}, "bloc: 'kind' is a required property"),
    ({"event": {"type": "tong_ket", "date": "2019-02-30", "year": 2018}}, "not a calendar date"),
    ({"event": {"type": "tong_ket", "date": "2099-03-05", "year": 2018}}, "is impossible"),
    ({"scores": [{"unit": "Sở Y tế", "score": 1200, "max": 1000}]}, "above its scale"),
    ({"attendance": {"present": 9, "total": 8}}, "9 present of 8"),
    ({"relevant": False}, "relevant is false but members"),
    ({"evidence": {"members": [[[1, 2]]]}}, "evidence.members has 1 items for 5 members"),
    ({"evidence": {"bloc": [[9, 3]]}}, "evidence.bloc is not a list of [start, end] spans"),
    ({"officers": [{"role": "truong", "unit": "Sở Y tế", "year": 3018}]}, "outside 1945-2100"),
])
def test_bad_records_are_rejected_with_their_reason_and_never_half_loaded(conn: sqlite3.Connection, bad: dict, reason: str) -> None:
    report = load_records(conn, [record("ok"), record("bad", **bad)])
    assert (report.loaded, report.rejected) == (1, 1)
    assert report.rejections[0][0] == "bad" and reason in report.rejections[0][1]
    status, error = conn.execute("SELECT status, error FROM articles WHERE id = 'bad'").fetchone()
    assert status == "rejected" and reason in error
    assert count(conn, "SELECT COUNT(*) FROM rejections WHERE article_id = 'bad'") == 1
    for table in ("memberships", "officers", "appearances", "scores", "rankings", "awards", "mentions"):
        assert count(conn, f"SELECT COUNT(*) FROM {table} WHERE article_id = 'bad'") == 0
    assert count(conn, "SELECT COUNT(*) FROM meetings") == 1


def test_non_objects_and_missing_ids_are_rejected(conn: sqlite3.Connection) -> None:
    report = load_records(conn, ["not a record", {"relevant": True}])  # type: ignore[list-item]
    assert report.rejected == 2
    assert [r[0] for r in report.rejections] == ["?record-1", "?record-2"]
    assert "not a JSON object" in report.rejections[0][1]


def test_a_bad_re_extraction_keeps_the_facts_loaded_before(conn: sqlite3.Connection) -> None:
    load_records(conn, [record("a1")])
    report = load_records(conn, [record("a1", attendance={"present": 9, "total": 8})])
    assert report.rejected == 1
    assert conn.execute("SELECT status FROM articles WHERE id = 'a1'").fetchone()[0] == "loaded"
    assert count(conn, "SELECT COUNT(*) FROM memberships WHERE article_id = 'a1'") == 5


def test_a_database_error_rolls_back_only_that_record_and_its_cached_ids(conn: sqlite3.Connection) -> None:
    # A trigger stands in for a constraint validation did not foresee.
    conn.execute("CREATE TRIGGER boom BEFORE INSERT ON awards WHEN NEW.award = 'boom' BEGIN SELECT RAISE(ABORT, 'boom'); END")
    first = record("a1", members=["Sở Mới Lập"], evidence={}, awards=[{"unit": "Sở Mới Lập", "award": "boom"}])
    second = record("a2", 2019, members=["Sở Mới Lập"], evidence={})
    report = load_records(conn, [first, second])
    assert (report.rejected, report.loaded) == (1, 1)
    assert "boom" in report.rejections[0][1]
    # The unit created inside the rolled-back record was created again for the next one.
    assert conn.execute("SELECT u.name FROM memberships m JOIN units u ON u.id = m.unit_id WHERE m.article_id = 'a2'").fetchone()[0] == "Sở Mới Lập"
    assert count(conn, "SELECT COUNT(*) FROM meetings") == 1
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_article_errors_are_stored_with_status_error(conn: sqlite3.Connection) -> None:
    record_article_error(conn, "w-x", "dev/w-x.json", "not UTF-8 (byte 12)", meta("w-x"))
    row = conn.execute("SELECT status, error, url FROM articles WHERE id = 'w-x'").fetchone()
    assert row == ("error", "dev/w-x.json: not UTF-8 (byte 12)", "https://anbien.kiengiang.gov.vn/tin/w-x")
    before = checksum(conn)
    record_article_error(conn, "w-x", "dev/w-x.json", "not UTF-8 (byte 12)", meta("w-x"))
    assert checksum(conn) == before
    # A later good record loads over the error.
    assert load_records(conn, [record("w-x")]).loaded == 1
    assert conn.execute("SELECT status, error FROM articles WHERE id = 'w-x'").fetchone() == ("loaded", None)


def test_article_metadata_is_kept(conn: sqlite3.Connection) -> None:
    load_records(conn, [record("a1")], {"a1": meta("a1")}, "x1")
    row = conn.execute("SELECT url, title, published_raw, published_date, fetched_at, text_sha256, extractor_version FROM articles").fetchone()
    assert row == ("https://anbien.kiengiang.gov.vn/tin/a1", "Hội nghị tổng kết", "15:38 | 13/03/2019", "2019-03-13",
                   "2026-11-01T00:00:00+00:00", "0" * 64, "x1")
    assert conn.execute("SELECT domain, province_legacy, province_2025 FROM sites").fetchone() == (
        "anbien.kiengiang.gov.vn", "legacy:tinhkiengiang", "2025:tinhangiang")


def test_new_metadata_or_extractor_version_counts_as_a_change(conn: sqlite3.Connection) -> None:
    load_records(conn, [record("a1")], {"a1": meta("a1")}, "x1")
    assert load_records(conn, [record("a1")], {"a1": meta("a1")}, "x2").replaced == 1
    assert conn.execute("SELECT DISTINCT extractor_version FROM memberships").fetchall() == [("x2",)]


def test_a_late_review_of_a_school_year_is_loaded(conn: sqlite3.Connection) -> None:
    # A review of school year 2017-2018 held in March 2019 is unusual but real (dev article w-a69cbc4f94).
    report = load_records(conn, [record("late", event={"type": "tong_ket", "date": "2019-03-22", "year": 2017})])
    assert (report.loaded, report.rejected) == (1, 0)
