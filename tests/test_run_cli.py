"""`thidua run`, the README's main job, end to end on the seed articles."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from conftest import ROOT
from pipeline.cli import cli


def test_run_extracts_loads_and_exports_idempotently(tmp_path: Path, monkeypatch) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    (corpus / "broken.json").write_text("{not json", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = ["run", "--corpus", str(corpus), "--db", "out/t.sqlite", "--records", "out/r.jsonl", "--export-dir", "out/x"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert "2 articles" in first.output and "1 unreadable" in first.output
    assert "2 loaded" in first.output
    records = [json.loads(line) for line in Path("out/r.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["id"] for r in records} == {"seed-000", "seed-004"}
    assert Path("out/x/datapackage.json").is_file()
    conn = sqlite3.connect("out/t.sqlite")
    members = conn.execute("SELECT COUNT(*) FROM memberships").fetchone()[0]
    assert members >= 10
    second = CliRunner().invoke(cli, args)
    assert second.exit_code == 0 and "0 loaded" in second.output and "2 unchanged" in second.output
    assert conn.execute("SELECT COUNT(*) FROM memberships").fetchone()[0] == members
