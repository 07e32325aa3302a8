"""One meeting reported by several articles: one row, several mentions, conflicts kept and flagged."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from pipeline.store import load_records, open_db
from test_store_load import record


@pytest.fixture
def conn(tmp_path: Path) -> sqlite3.Connection:
    return open_db(tmp_path / "m.sqlite")


def meetings(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute("SELECT year, event_type, date, n_mentions, conflicts FROM meetings ORDER BY year").fetchall()


def test_one_meeting_reported_by_two_articles_with_a_conflicting_date(conn: sqlite3.Connection) -> None:
    a = record("a", 2018)  # date 2019-03-08
    b = record("b", 2018, event={"type": "tong_ket", "date": "2019-03-09", "year": 2018})
    load_records(conn, [a, b])
    ((year, kind, day, n, conflicts),) = meetings(conn)
    assert (year, kind, n) == (2018, "tong_ket", 2)
    assert day == "2019-03-08"  # a tie goes to the earliest; both values stay in mentions
    assert json.loads(conflicts) == {"date": {"2019-03-08": ["a"], "2019-03-09": ["b"]}}
    assert conn.execute("SELECT article_id, date FROM mentions ORDER BY article_id").fetchall() == [
        ("a", "2019-03-08"), ("b", "2019-03-09")]
    # Facts of both articles point at the one meeting.
    assert conn.execute("SELECT COUNT(DISTINCT meeting_id) FROM memberships").fetchone()[0] == 1


def test_the_date_most_articles_give_wins(conn: sqlite3.Connection) -> None:
    late = {"type": "tong_ket", "date": "2019-03-09", "year": 2018}
    load_records(conn, [record("a", 2018), record("b", 2018, event=late), record("c", 2018, event=late)])
    assert meetings(conn)[0][2] == "2019-03-09"


def test_agreeing_articles_make_no_conflict_and_a_re_extraction_can_clear_one(conn: sqlite3.Connection) -> None:
    load_records(conn, [record("a", 2018), record("b", 2018, attendance={"present": 6, "total": 8})])
    assert json.loads(meetings(conn)[0][4]) == {"attendance_present": {"6": ["b"], "7": ["a"]}}
    load_records(conn, [record("b", 2018)])
    assert meetings(conn)[0][3:] == (2, None)


def test_different_years_types_and_provinces_are_different_meetings(conn: sqlite3.Connection) -> None:
    so_ket = {"type": "so_ket", "date": "2018-07-10", "year": 2018}
    other_province = {"name": "Khối thi đua số 2", "kind": "khoi", "number": 2, "province": "Bình Định"}
    load_records(conn, [record("a", 2018), record("b", 2019), record("c", 2018, event=so_ket),
                        record("d", 2018, bloc=other_province)])
    assert conn.execute("SELECT COUNT(*) FROM meetings").fetchone()[0] == 4
    assert conn.execute("SELECT COUNT(*) FROM blocs").fetchone()[0] == 2


def test_a_meeting_without_year_or_date_is_its_articles_own(conn: sqlite3.Connection) -> None:
    unknown = {"type": "other", "date": None, "year": None}
    load_records(conn, [record("a", event=unknown), record("b", event=unknown)])
    assert conn.execute("SELECT COUNT(*) FROM meetings").fetchone()[0] == 2


def test_the_last_mention_gone_removes_the_meeting_and_bloc(conn: sqlite3.Connection) -> None:
    load_records(conn, [record("a", 2018), record("b", 2018)])
    irrelevant = record("a", relevant=False, bloc={"name": None, "kind": None, "number": None, "province": None},
                        event={"type": None, "date": None, "year": None}, members=[], officers=[], people=[],
                        scores=[], ranking=[], awards=[], attendance=None, evidence={})
    load_records(conn, [irrelevant])
    assert meetings(conn)[0][3] == 1
    load_records(conn, [dict(irrelevant, id="b")])
    assert conn.execute("SELECT COUNT(*) FROM meetings").fetchone()[0] == 0
    assert conn.execute("SELECT COUNT(*) FROM blocs").fetchone()[0] == 0
    # And the same bloc and meeting come back when an article reports them again.
    assert load_records(conn, [record("c", 2018)]).loaded == 1
    assert meetings(conn)[0][3] == 1


# -- blocs without a province (regression: every "Cụm thi đua số 2" in the country was one bloc) ---

NO_PROVINCE = {"name": "Cụm thi đua số 2", "kind": "cum", "number": 2, "province": None}


def _meta(art_id: str, domain: str):
    from pipeline.store import ArticleMeta

    return ArticleMeta(art_id, url=f"https://{domain}/{art_id}", site=domain)


def test_blocs_without_a_province_on_different_sites_are_different_blocs(conn: sqlite3.Connection) -> None:
    court = record("court", 2022, bloc=NO_PROVINCE, attendance={"present": 5, "total": 6})
    border = record("border", 2022, bloc=NO_PROVINCE)
    load_records(conn, [court, border], {"court": _meta("court", "thainguyen.toaan.gov.vn"),
                                         "border": _meta("border", "baonghean.vn")})
    assert conn.execute("SELECT COUNT(*) FROM blocs").fetchone()[0] == 2
    # Two meetings of one report each, so no conflict is invented between unrelated clusters.
    assert conn.execute("SELECT n_mentions, conflicts FROM meetings ORDER BY id").fetchall() == [(1, None), (1, None)]
    assert sorted(k for k, in conn.execute("SELECT key FROM blocs")) == [
        "site:baonghean.vn|cum|no2", "site:thainguyen.toaan.gov.vn|cum|no2"]


def test_a_bloc_without_a_province_reported_twice_by_one_site_is_one_meeting(conn: sqlite3.Connection) -> None:
    a = record("a", 2022, bloc=NO_PROVINCE)
    b = record("b", 2022, bloc=NO_PROVINCE, event={"type": "tong_ket", "date": "2023-03-09", "year": 2022})
    load_records(conn, [a, b], {"a": _meta("a", "cand.com.vn"), "b": _meta("b", "cand.com.vn")})
    ((year, kind, day, n, conflicts),) = meetings(conn)
    assert (year, n) == (2022, 2)
    assert json.loads(conflicts) == {"date": {"2023-03-08": ["a"], "2023-03-09": ["b"]}}


def test_a_change_of_loading_rules_refiles_articles_loaded_before(conn: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.store import load as load_mod

    recs = [record("a", 2022, bloc=NO_PROVINCE)]
    metas = {"a": _meta("a", "cand.com.vn")}
    assert load_records(conn, recs, metas).loaded == 1
    assert load_records(conn, recs, metas).unchanged == 1
    monkeypatch.setattr(load_mod, "LOAD_RULES", load_mod.LOAD_RULES + "-next")
    assert load_records(conn, recs, metas).replaced == 1
    assert conn.execute("SELECT COUNT(*) FROM blocs").fetchone()[0] == 1
    assert conn.execute("SELECT COUNT(*) FROM meetings").fetchone()[0] == 1
