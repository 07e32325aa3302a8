"""The five analysis tables and the export, on a dataset built here: Khối thi đua số 2 (Kiên Giang), 2018-2020."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from pipeline.store import ArticleMeta, load_records, open_db, record_article_error
from pipeline.store import export, tables
from test_store_load import record

MEMBERS = {
    2018: ["Sở Ngoại vụ", "Sở KH&ĐT", "Sở Nội vụ", "Sở Tư pháp", "Văn phòng Đoàn ĐBQH"],
    2019: ["Sở Ngoại vụ", "Sở Kế hoạch và Đầu tư", "Sở Nội vụ", "Văn phòng Đoàn ĐBQH"],  # Sở Tư pháp left
    2020: ["Sở Ngoại vụ", "Sở Kế hoạch và Đầu tư", "Sở Nội vụ", "Văn phòng Đoàn ĐBQH", "Sở Y tế"],  # Sở Y tế joined
}
HEADS = {2018: ("Sở Ngoại vụ", "Sở KH&ĐT"), 2019: ("Sở Kế hoạch và Đầu tư", "Văn phòng Đoàn ĐBQH"), 2020: ("Sở Nội vụ", "Sở Ngoại vụ")}


def yearly(art_id: str, year: int, **changes: Any) -> dict[str, Any]:
    head, deputy = HEADS[year]
    base = record(
        art_id, year,
        members=MEMBERS[year],
        officers=[{"role": "truong", "unit": head, "year": year}, {"role": "pho", "unit": deputy, "year": year}],
        scores=[{"unit": "Sở Nội vụ", "score": 950 + year - 2018, "max": 1000},
                {"unit": "Sở Ngoại vụ", "score": 960 - 2 * (year - 2018), "max": None}],
        ranking=[] if year == 2020 else [{"unit": "Sở Ngoại vụ", "rank": 1}],
        evidence={},
    )
    base.update(changes)
    return base


@pytest.fixture(scope="module")
def conn(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    conn = open_db(tmp_path_factory.mktemp("tables") / "t.sqlite")
    records = [yearly(f"k{y}", y) for y in (2018, 2019, 2020)]
    # A second report of the 2020 meeting names another head and another score: kept, flagged.
    records.append(yearly("k2020b", 2020, officers=[{"role": "truong", "unit": "Sở Tư pháp", "year": 2020}],
                          scores=[{"unit": "Sở Nội vụ", "score": 951.5, "max": 1000}]))
    # A bloc in another province, and a rejected record and an article error for coverage.
    records.append(yearly("b2019", 2019, bloc={"name": "Cụm thi đua số III", "kind": "cum", "number": 3, "province": "Bình Định"}))
    records.append(yearly("bad", 2019, attendance={"present": 9, "total": 8}))
    metas = {r["id"]: ArticleMeta(r["id"], url=f"https://kiengiang.gov.vn/{r['id']}", published="13/03/2020", province_hint="Kiên Giang")
             for r in records}
    load_records(conn, records, metas)
    record_article_error(conn, "broken", "dev/broken.json", "malformed JSON", ArticleMeta("broken", url="https://kiengiang.gov.vn/broken",
                                                                                               published="01/02/2021", province_hint="Kiên Giang"))
    return conn


def rows(df: pd.DataFrame, *cols: str) -> list[tuple]:
    return [tuple(None if pd.isna(v) else v for v in r) for r in df[list(cols)].itertuples(index=False)]


def test_heads_rotate_and_conflicts_are_flagged(conn: sqlite3.Connection) -> None:
    df = tables.table(conn, "heads")
    k2 = df[df.bloc == "Khối thi đua số 2"]
    assert rows(k2, "year", "head", "deputy", "province", "province_2025") == [
        (2018, "Sở Ngoại vụ", "Sở Kế hoạch và Đầu tư", "Kiên Giang", "An Giang"),
        (2019, "Sở Kế hoạch và Đầu tư", "Văn phòng Đoàn ĐBQH tỉnh", "Kiên Giang", "An Giang"),
        (2020, "Sở Nội vụ", "Sở Ngoại vụ", "Kiên Giang", "An Giang"),
    ]
    last = k2[k2.year == 2020].iloc[0]
    assert bool(last.conflict) and last.alternatives == "head: Sở Tư pháp (1)"
    assert last.articles == "k2020 k2020b"
    assert not k2[k2.year == 2018].iloc[0].conflict
    assert list(df.columns) == list(tables.COLUMNS["heads"])


def test_leaders_from_ranking_then_from_scores(conn: sqlite3.Connection) -> None:
    df = tables.table(conn, "leaders")
    k2 = df[df.bloc == "Khối thi đua số 2"]
    assert rows(k2, "year", "leader", "basis", "score", "max") == [
        (2018, "Sở Ngoại vụ", "ranking", 960.0, 1000.0),
        (2019, "Sở Ngoại vụ", "ranking", 958.0, 1000.0),
        (2020, "Sở Ngoại vụ", "score", 956.0, 1000.0),  # no ranking for 2020: the top score
    ]


def test_scores_across_years_with_scale_percent_and_change(conn: sqlite3.Connection) -> None:
    df = tables.table(conn, "scores")
    noi_vu = df[(df.bloc == "Khối thi đua số 2") & (df.unit == "Sở Nội vụ")]
    assert rows(noi_vu, "year", "score", "score_pct", "rank_in_bloc", "conflict") == [
        (2018, 950.0, 95.0, 2, False), (2019, 951.0, 95.1, 2, False), (2020, 951.5, 95.15, 2, True)]
    # 951.5 and 952 are each reported once; the tie goes to the smaller value, and the conflict is flagged.
    assert noi_vu.change_pct.round(2).tolist()[1:] == [0.1, 0.05]
    ngoai_vu = df[(df.bloc == "Khối thi đua số 2") & (df.unit == "Sở Ngoại vụ")]
    assert ngoai_vu["max"].tolist() == [1000.0] * 3  # the scale given for other units of the same review


def test_members_with_changes_from_the_year_before(conn: sqlite3.Connection) -> None:
    df = tables.table(conn, "members")
    k2 = df[df.bloc == "Khối thi đua số 2"]
    status = {(y, u): s for y, u, s in rows(k2, "year", "unit", "status")}
    assert status[(2018, "Sở Tư pháp")] == "first_observed"
    assert status[(2019, "Sở Tư pháp")] == "left"
    assert status[(2019, "Sở Kế hoạch và Đầu tư")] == "continuing"  # "Sở KH&ĐT" in 2018
    assert status[(2020, "Sở Y tế")] == "joined"
    assert (2020, "Sở Tư pháp") not in status
    assert len(k2[(k2.year == 2020) & (k2.status != "left")]) == 5


def test_members_of_a_bloc_seen_in_one_year_only(tmp_path: Path) -> None:
    # Regression: with no year followed by another, the "left" selection was an empty list and dropped the columns.
    conn = open_db(tmp_path / "one.sqlite")
    load_records(conn, [yearly("only", 2019)])
    df = tables.table(conn, "members")
    assert set(df.status) == {"first_observed"} and len(df) == 4
    leaders = tables.table(conn, "leaders")
    assert leaders.leader.tolist() == ["Sở Ngoại vụ"]


def test_coverage_per_province_and_year(conn: sqlite3.Connection) -> None:
    df = tables.table(conn, "coverage")
    got = {(p, y): (a, r, rej, err, b, m) for p, y, a, r, rej, err, b, m in
           rows(df, "province", "year", "articles", "relevant", "rejected", "errors", "blocs", "meetings")}
    assert got[("Kiên Giang", 2018)] == (1, 1, 0, 0, 1, 1)
    assert got[("Kiên Giang", 2020)] == (2, 2, 0, 0, 1, 1)
    assert got[("Bình Định", 2019)] == (1, 1, 0, 0, 1, 1)
    assert got[("Kiên Giang", 2021)] == (0, 0, 0, 1, 0, 0)  # the article error, by publication year
    assert sum(v[2] for v in got.values()) == 1


def test_tables_on_an_empty_dataset_have_their_columns(tmp_path: Path) -> None:
    conn = open_db(tmp_path / "empty.sqlite")
    for name in tables.NAMES:
        df = tables.table(conn, name)
        assert df.empty and list(df.columns) == list(tables.COLUMNS[name])
    with pytest.raises(ValueError, match="choose one of heads"):
        tables.table(conn, "nope")


def test_export_writes_parquet_csv_and_a_datapackage_that_matches(conn: sqlite3.Connection, tmp_path: Path) -> None:
    files = export.export(conn, tmp_path / "out")
    package = json.loads((tmp_path / "out" / "datapackage.json").read_text("utf-8"))
    assert files[-1].name == "datapackage.json"
    assert package["profile"] == "tabular-data-package" and package["created"]
    assert package["version"].startswith("0.") and "+0001_core." in package["version"]
    names = {r["name"] for r in package["resources"]}
    assert {"articles", "memberships", "meetings", "analysis-heads", "analysis-coverage", "heads-parquet"} - names == {"heads-parquet"}
    for resource in package["resources"]:
        path = tmp_path / "out" / resource["path"]
        fields = [f["name"] for f in resource["schema"]["fields"]]
        assert all(f["description"] for f in resource["schema"]["fields"]), resource["name"]
        if resource["format"] == "csv":
            with path.open(encoding="utf-8") as fh:
                assert next(csv.reader(fh)) == fields, resource["name"]
        else:
            assert list(pd.read_parquet(path).columns) == fields
    heads = pd.read_parquet(tmp_path / "out" / "parquet" / "analysis" / "heads.parquet")
    assert len(heads) == len(tables.table(conn, "heads"))
    # Integers stay integers in CSV (no "2018.0").
    with (tmp_path / "out" / "csv" / "memberships.csv").open(encoding="utf-8") as fh:
        assert {row["year"] for row in csv.DictReader(fh)} == {"2018", "2019", "2020"}


def test_every_column_of_the_schema_is_described(conn: sqlite3.Connection) -> None:
    for name in export.base_tables(conn):
        assert name in export.TABLE_DESCRIPTIONS, name
        export.table_schema(conn, name)  # raises on a column without a comment
    assert set(export.ANALYSIS_DESCRIPTIONS) == set(tables.NAMES)
