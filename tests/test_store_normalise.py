"""Units and aliases, provinces old and new, department lineage."""

from __future__ import annotations

import csv
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from pipeline.store import load_records, open_db
from pipeline.store import lineage, reference, units
from pipeline.store.provinces import ProvinceIndex
from test_store_load import record


@pytest.fixture(scope="module")
def conn(tmp_path_factory: pytest.TempPathFactory) -> sqlite3.Connection:
    return open_db(tmp_path_factory.mktemp("norm") / "n.sqlite")


@pytest.fixture
def fresh(tmp_path: Path) -> sqlite3.Connection:
    return open_db(tmp_path / "f.sqlite")


def resolver(conn: sqlite3.Connection) -> units.UnitResolver:
    return units.UnitResolver(conn, ProvinceIndex(conn).is_province)


def name_of(conn: sqlite3.Connection, unit_id: int) -> str:
    return conn.execute("SELECT name FROM units WHERE id = ?", (unit_id,)).fetchone()[0]


@pytest.mark.parametrize("written, canonical", [
    ("Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"),
    ("Sở Kế hoạch và Đầu tư", "Sở Kế hoạch và Đầu tư"),
    ("sở kế hoạch và đầu tư", "Sở Kế hoạch và Đầu tư"),
    ("Sở Kế hoạch - Đầu tư", "Sở Kế hoạch và Đầu tư"),
    ("Sở Kế hoạch và Đầu tư tỉnh Kiên Giang", "Sở Kế hoạch và Đầu tư"),
    ("VP UBND tỉnh", "Văn phòng UBND tỉnh"),
    ("Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng UBND tỉnh"),
    ("Sở LĐ-TB&XH", "Sở Lao động, Thương binh và Xã hội"),
    ("Sở Lao động - Thương binh và Xã hội", "Sở Lao động, Thương binh và Xã hội"),
    ("Sở Văn hoá, Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"),  # old tone-mark placement
    ("Sở Nôi vụ", "Sở Nội vụ"),  # source typo, listed in the alias file
    ("  Sở Tư pháp. ", "Sở Tư pháp"),
])
def test_written_forms_resolve_to_one_canonical_unit(conn: sqlite3.Connection, written: str, canonical: str) -> None:
    r = resolver(conn)
    assert r.resolve(written) == r.resolve(canonical)
    assert name_of(conn, r.resolve(written)) == canonical


def test_similar_but_different_units_stay_apart(conn: sqlite3.Connection) -> None:
    r = resolver(conn)
    assert r.resolve("Sở Nội vụ") != r.resolve("Sở Ngoại vụ")
    assert r.resolve("Sở Tư pháp") != r.resolve("Sở Tài chính")
    # "tỉnh X" where X is not a province is part of the name.
    assert r.resolve("Văn phòng Đoàn ĐBQH tỉnh") != r.resolve("Văn phòng")


def test_a_typo_without_diacritic_difference_folds_onto_the_one_known_unit(fresh: sqlite3.Connection) -> None:
    r = resolver(fresh)
    known = r.resolve("Phòng Giáo dục huyện An Biên")
    assert r.resolve("Phong Giao duc huyen An Bien") == known
    assert fresh.execute("SELECT COUNT(*) FROM units WHERE name LIKE 'Phòng Giáo dục%' OR name LIKE 'Phong Giao%'").fetchone()[0] == 1


def test_the_alias_file_is_well_formed_and_unambiguous() -> None:
    rows = units.read_alias_rows(units.packaged_alias_text(), "unit_aliases.csv")
    assert len(rows) >= 40
    from pipeline.text.normalize import unit_key

    targets: dict[str, str] = {}
    for row in rows:
        key = unit_key(row["alias"])
        assert targets.setdefault(key, unit_key(row["canonical"])) == unit_key(row["canonical"]), row
        assert row["note"], row


def test_a_bad_alias_file_says_what_is_wrong(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="missing canonical"):
        units.read_alias_rows("alias,note\nx,y\n", "mine.csv")
    with pytest.raises(ValueError, match="mine.csv:2"):
        units.read_alias_rows("alias,canonical,note\nx,,y\n", "mine.csv")


def test_user_aliases_repoint_facts_already_loaded(fresh: sqlite3.Connection, tmp_path: Path) -> None:
    load_records(fresh, [record("a1", members=["Phòng Nội vụ - Lao động", "Sở Nội vụ"], evidence={})])
    ids = lambda: {r[0]: r[1] for r in fresh.execute("SELECT unit_raw, unit_id FROM memberships")}  # noqa: E731
    assert len(set(ids().values())) == 2
    extra = tmp_path / "aliases.csv"
    extra.write_text("alias,canonical,note\nPhòng Nội vụ - Lao động,Sở Nội vụ,local merger (test)\n", encoding="utf-8")
    assert reference.add_user_aliases(fresh, str(extra)) == 1
    assert len(set(ids().values())) == 1


# -- provinces -----------------------------------------------------------------------

@pytest.mark.parametrize("written, on, key, legacy, new", [
    ("Kiên Giang", date(2019, 3, 8), "legacy:tinhkiengiang", "legacy:tinhkiengiang", "2025:tinhangiang"),
    ("kien giang", None, "legacy:tinhkiengiang", "legacy:tinhkiengiang", "2025:tinhangiang"),
    ("tỉnh Kiên Giang", date(2026, 1, 1), "legacy:tinhkiengiang", "legacy:tinhkiengiang", "2025:tinhangiang"),
    ("An Giang", date(2019, 3, 8), "legacy:tinhangiang", "legacy:tinhangiang", "2025:tinhangiang"),
    ("An Giang", date(2025, 9, 1), "2025:tinhangiang", None, "2025:tinhangiang"),  # new An Giang = old An Giang + Kiên Giang
    ("Hà Nội", date(2025, 9, 1), "2025:thanhphohanoi", "legacy:thanhphohanoi", "2025:thanhphohanoi"),
    ("Thừa Thiên Huế", None, "legacy:thanhphohue", "legacy:thanhphohue", "2025:thanhphohue"),
    ("Bình Định", None, "legacy:tinhbinhdinh", "legacy:tinhbinhdinh", "2025:tinhgialai"),
    ("Bà Rịa - Vũng Tàu", None, "legacy:tinhbariavungtau", "legacy:tinhbariavungtau", "2025:thanhphohochiminh"),
    ("Đắk Lắk", None, "legacy:tinhdaklak", "legacy:tinhdaklak", "2025:tinhdaklak"),
])
def test_provinces_resolve_in_both_structures(conn: sqlite3.Connection, written: str, on: date | None, key: str,
                                              legacy: str | None, new: str) -> None:
    found = ProvinceIndex(conn).resolve(written, on)
    assert found is not None
    assert (found.key, found.legacy, found.new) == (key, legacy, new)


def test_unknown_provinces_are_none(conn: sqlite3.Connection) -> None:
    index = ProvinceIndex(conn)
    assert index.resolve("Atlantis") is None
    assert index.resolve("") is None
    assert not index.is_province("Văn phòng")


def test_every_old_province_has_one_successor_and_every_new_one_a_predecessor(conn: sqlite3.Connection) -> None:
    assert conn.execute("SELECT COUNT(DISTINCT legacy_key), COUNT(*) FROM province_successions").fetchone() == (63, 63)
    assert conn.execute("SELECT COUNT(DISTINCT new_key) FROM province_successions").fetchone()[0] == 34


def test_a_bloc_in_kien_giang_is_in_an_giang_after_the_reform(fresh: sqlite3.Connection) -> None:
    load_records(fresh, [record("a1")])
    row = fresh.execute("""SELECT p.short_name, n.short_name, b.province_source FROM blocs b
                           JOIN provinces p ON p.key = b.province_legacy JOIN provinces n ON n.key = b.province_2025""").fetchone()
    assert row == ("Kiên Giang", "An Giang", "record")


def test_the_site_province_fills_in_when_the_record_has_none(fresh: sqlite3.Connection) -> None:
    from pipeline.store import ArticleMeta

    rec = record("a1", bloc={"name": "Khối thi đua số 2", "kind": "khoi", "number": 2, "province": None})
    load_records(fresh, [rec], {"a1": ArticleMeta("a1", url="https://x.example/a1", province_hint="Kiên Giang")})
    assert fresh.execute("SELECT province_legacy, province_source FROM blocs").fetchone() == ("legacy:tinhkiengiang", "site")


# -- lineage -------------------------------------------------------------------------

def test_the_lineage_file_has_sources_dates_and_known_relations() -> None:
    rows = lineage.read_rows(lineage.packaged_text())
    assert len(rows) >= 10
    assert all(r["sources"] and "45/2025/NĐ-CP" in r["sources"] for r in rows)
    with open(Path(__file__).resolve().parents[1] / "pipeline" / "data" / "department_lineage.csv", encoding="utf-8") as fh:
        assert tuple(csv.DictReader(fh).fieldnames or ()) == lineage.COLUMNS


def test_a_malformed_lineage_row_is_refused() -> None:
    header = ",".join(lineage.COLUMNS)
    with pytest.raises(ValueError, match="relation"):
        lineage.read_rows(f"{header}\nA,B,absorbed,*,2025-03-01,src,\n")
    with pytest.raises(ValueError, match="sources"):
        lineage.read_rows(f"{header}\nA,B,merged,*,2025-03-01,,\n")
    with pytest.raises(ValueError):
        lineage.read_rows(f"{header}\nA,B,merged,*,1/3/2025,src,\n")


def test_follow_a_department_across_the_reform(conn: sqlite3.Connection) -> None:
    steps = lineage.follow(conn, "Sở KH&ĐT", "Kiên Giang")
    assert [(s["kind"], s["from"], s["to"], s["effective"]) for s in steps] == [
        ("department", "Sở Kế hoạch và Đầu tư", "Sở Tài chính", "2025-03-01"),
        ("province", "Kiên Giang", "An Giang", "2025-07-01"),
    ]
    tnmt = lineage.follow(conn, "Sở TN&MT")
    assert [(s["to"], s["relation"]) for s in tnmt] == [("Sở Nông nghiệp và Môi trường", "merged")]
    ldtbxh = {(s["to"], s["relation"]) for s in lineage.follow(conn, "Sở LĐTBXH")}
    assert {("Sở Nội vụ", "merged"), ("Sở Y tế", "part"), ("Sở Giáo dục và Đào tạo", "part")} <= ldtbxh
    assert lineage.follow(conn, "Sở Không Có") == []


@pytest.mark.parametrize("raw, shown", [
    ("  Sở Y tế.", "Sở Y tế"),
    ("(Sở Y tế", "Sở Y tế"),
    ("Sở Y tế)", "Sở Y tế"),
    ("Công ty Điện lực (PC Kiên Giang)", "Công ty Điện lực (PC Kiên Giang)"),
    ("“Sở   Nội vụ”", "Sở Nội vụ"),
])
def test_unit_names_are_shown_trimmed_with_balanced_brackets(raw: str, shown: str) -> None:
    assert units.clean_name(raw) == shown


def test_article_metadata_takes_the_registered_sites_province(monkeypatch: pytest.MonkeyPatch) -> None:
    """`thidua run` and `thidua load` build metadata alike: the source site's province when the article has none."""
    from pipeline.corpus import Article
    from pipeline.store import ArticleMeta
    from pipeline.store import load as load_mod

    monkeypatch.setattr(load_mod, "site_province", lambda url: "Quảng Nam" if "quangnam" in (url or "") else None)
    art = Article(id="q1", url="https://bandantoc.quangnam.gov.vn/x", title="t", published=None, text="x")
    assert ArticleMeta.from_article(art).province_hint == "Quảng Nam"
    assert ArticleMeta.from_article(art, province_hint="Kiên Giang").province_hint == "Kiên Giang"
    other = Article(id="o1", url="https://cand.com.vn/x", title="t", published=None, text="x")
    assert ArticleMeta.from_article(other).province_hint is None


def test_units_of_different_provinces_stay_apart_in_a_cluster_of_provinces(fresh: sqlite3.Connection) -> None:
    """Regression: 'Công an tỉnh Nghệ An' (head) and 'Công an tỉnh Hà Tĩnh' (deputy) were one unit 'Công an tỉnh'."""
    cluster = {"name": "Cụm thi đua số 5 Bộ Công an", "kind": "cum", "number": 5, "province": None}
    rec = record("c1", 2021, bloc=cluster, members=["Công an tỉnh Nghệ An", "Công an tỉnh Hà Tĩnh", "Công an tỉnh Quảng Bình"],
                 officers=[{"role": "truong", "unit": "Công an tỉnh Nghệ An", "year": 2021},
                           {"role": "pho", "unit": "Công an tỉnh Hà Tĩnh", "year": 2021}],
                 scores=[], ranking=[], awards=[], evidence={})
    load_records(fresh, [rec])
    assert sorted(n for n, in fresh.execute("SELECT u.name FROM memberships m JOIN units u ON u.id = m.unit_id")) == [
        "Công an tỉnh Hà Tĩnh", "Công an tỉnh Nghệ An", "Công an tỉnh Quảng Bình"]
    assert fresh.execute("SELECT COUNT(DISTINCT unit_id) FROM officers").fetchone()[0] == 2


def test_the_blocs_own_province_is_dropped_and_the_unit_not_named_after_it(fresh: sqlite3.Connection) -> None:
    own = record("k1", 2018, members=["Trung tâm Xúc tiến Đầu tư tỉnh Kiên Giang", "Sở Tư pháp"], officers=[], scores=[],
                 ranking=[], awards=[], evidence={})
    other = record("q1", 2018, bloc={"name": "Khối thi đua số 2", "kind": "khoi", "number": 2, "province": "Quảng Nam"},
                   members=["Trung tâm Xúc tiến Đầu tư", "Sở Tư pháp tỉnh Kiên Giang"], officers=[], scores=[], ranking=[], awards=[], evidence={})
    load_records(fresh, [own, other])
    names = dict(fresh.execute("SELECT m.unit_raw, u.name FROM memberships m JOIN units u ON u.id = m.unit_id"))
    assert names["Trung tâm Xúc tiến Đầu tư tỉnh Kiên Giang"] == names["Trung tâm Xúc tiến Đầu tư"] == "Trung tâm Xúc tiến Đầu tư"
    # In a Quảng Nam bloc, "Sở Tư pháp tỉnh Kiên Giang" is not Quảng Nam's own Sở Tư pháp.
    assert names["Sở Tư pháp tỉnh Kiên Giang"] == "Sở Tư pháp tỉnh Kiên Giang"
