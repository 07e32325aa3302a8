"""`thidua load / tables / sql / export / lineage` end to end with click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.commands import dataset
from test_store_load import record

COMMANDS = ("load", "tables", "sql", "export", "lineage")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    records = tmp_path / "records.jsonl"
    lines = [json.dumps(record("a1", 2018, evidence={}), ensure_ascii=False),
             json.dumps(record("a2", 2019, evidence={}), ensure_ascii=False),
             json.dumps(record("bad", 2019, attendance={"present": 9, "total": 8}), ensure_ascii=False)]
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for art_id in ("a1", "a2"):
        (corpus / f"{art_id}.json").write_text(json.dumps({
            "id": art_id, "url": f"https://anbien.kiengiang.gov.vn/{art_id}", "title": "Hội nghị tổng kết Khối thi đua số 2",
            "published": "13/03/2019", "text": "Khối thi đua số 2 tổ chức hội nghị tổng kết (văn bản tự viết cho kiểm thử)."},
            ensure_ascii=False), encoding="utf-8")
    (corpus / "broken.json").write_text('{"id": "broken", "title": 3, "text": "x"}', encoding="utf-8")
    return {"records": records, "corpus": corpus, "db": tmp_path / "data" / "d.sqlite", "dir": tmp_path}


def test_every_dataset_command_is_registered_with_help_and_an_example(runner: CliRunner) -> None:
    for name in COMMANDS:
        result = runner.invoke(cli, [name, "--help"])
        assert result.exit_code == 0, name
        assert "Example: thidua " + name in result.output, name
        assert "--db" in result.output or name == "export" and "--db" in result.output


def test_load_twice_then_query(runner: CliRunner, files: dict[str, Path]) -> None:
    args = ["load", str(files["records"]), "--articles", str(files["corpus"]), "--db", str(files["db"]), "--extractor-version", "t1"]
    first = runner.invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert "3 records: 2 loaded, 0 replaced, 0 unchanged, 1 rejected, 1 article errors" in first.output
    assert "rejected bad: attendance: 9 present of 8" in first.output
    second = runner.invoke(cli, args)
    assert "0 loaded, 0 replaced, 2 unchanged, 1 rejected" in second.output
    strict = runner.invoke(cli, args + ["--strict"])
    assert strict.exit_code == 1

    heads = runner.invoke(cli, ["tables", "heads", "--db", str(files["db"]), "--format", "json"])
    assert heads.exit_code == 0, heads.output
    data = json.loads(heads.output)
    assert [(r["year"], r["head"], r["province"], r["province_2025"]) for r in data] == [
        (2018, "Sở Ngoại vụ", "Kiên Giang", "An Giang"), (2019, "Sở Ngoại vụ", "Kiên Giang", "An Giang")]

    csv_out = runner.invoke(cli, ["tables", "members", "--db", str(files["db"]), "--format", "csv"])
    assert csv_out.output.splitlines()[0].startswith("bloc_id,bloc,kind,number,province,province_2025,year,unit,status")
    table_out = runner.invoke(cli, ["tables", "coverage", "--db", str(files["db"])])
    assert "Kiên Giang" in table_out.output and "errors" in table_out.output

    sql = runner.invoke(cli, ["sql", "SELECT id, status, url FROM articles ORDER BY id", "--db", str(files["db"]), "--format", "csv"])
    assert sql.output.splitlines() == ["id,status,url", "a1,loaded,https://anbien.kiengiang.gov.vn/a1",
                                       "a2,loaded,https://anbien.kiengiang.gov.vn/a2", "bad,rejected,", "broken,error,"]


def test_sql_is_read_only_and_reports_errors(runner: CliRunner, files: dict[str, Path]) -> None:
    runner.invoke(cli, ["load", str(files["records"]), "--db", str(files["db"])])
    bad = runner.invoke(cli, ["sql", "SELECT nope FROM articles", "--db", str(files["db"])])
    assert bad.exit_code == 1 and "query failed" in bad.output
    write = runner.invoke(cli, ["sql", "DELETE FROM articles", "--db", str(files["db"])])
    assert write.exit_code == 1 and "readonly" in write.output
    missing = runner.invoke(cli, ["tables", "heads", "--db", str(files["dir"] / "none.sqlite")])
    assert missing.exit_code == 1 and "thidua load" in missing.output


def test_load_reads_stdin_and_reports_unreadable_lines(runner: CliRunner, files: dict[str, Path]) -> None:
    text = json.dumps(record("s1"), ensure_ascii=False) + "\nnot json\n"
    result = runner.invoke(cli, ["load", "-", "--db", str(files["db"])], input=text)
    assert result.exit_code == 1
    assert "<stdin>:2: malformed JSON" in result.output
    assert "1 records: 1 loaded" in result.output


def test_load_with_a_user_alias_file(runner: CliRunner, files: dict[str, Path]) -> None:
    aliases = files["dir"] / "mine.csv"
    aliases.write_text("alias,canonical,note\nSở Ngoại vụ,Sở Ngoại vụ tỉnh Kiên Giang (test),test\n", encoding="utf-8")
    result = runner.invoke(cli, ["load", str(files["records"]), "--db", str(files["db"]), "--aliases", str(aliases)])
    assert "1 aliases from" in result.output
    heads = runner.invoke(cli, ["tables", "heads", "--db", str(files["db"]), "--format", "json"])
    assert {r["head"] for r in json.loads(heads.output)} == {"Sở Ngoại vụ tỉnh Kiên Giang (test)"}


def test_export_and_lineage(runner: CliRunner, files: dict[str, Path]) -> None:
    runner.invoke(cli, ["load", str(files["records"]), "--db", str(files["db"])])
    out = files["dir"] / "dist"
    result = runner.invoke(cli, ["export", str(out), "--db", str(files["db"])])
    assert result.exit_code == 0, result.output
    assert (out / "datapackage.json").is_file() and (out / "parquet" / "analysis" / "heads.parquet").is_file()
    lineage = runner.invoke(cli, ["lineage", "Sở KH&ĐT", "--province", "Kiên Giang", "--db", str(files["db"]), "--format", "json"])
    steps = json.loads(lineage.output)
    assert [(s["from"], s["to"]) for s in steps] == [("Sở Kế hoạch và Đầu tư", "Sở Tài chính"), ("Kiên Giang", "An Giang")]


def test_render_formats() -> None:
    import pandas as pd

    df = pd.DataFrame({"a": [1, None], "b": ["x", "y"]})
    assert dataset.render(df, "csv") == "a,b\n1.0,x\n,y\n"
    assert json.loads(dataset.render(df, "json"))[1] == {"a": None, "b": "y"}
    assert "(no rows; columns: a, b)" in dataset.render(df.iloc[0:0], "table")
