"""Extraction quality on the real dev corpus, gated by the floors pinned in gold/floors.json.

Like trafilatura's evaluation: real pages, pinned minimum scores. Skipped with
a clear reason when the shared corpus is not beside the project.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import DEV_CORPUS, ROOT, SKIP_NO_SHARED
from pipeline.cli import cli
from pipeline.commands.evaluate import floor_failures, run_eval
from pipeline.gold import check_gold

GOLD = ROOT / "gold" / "dev"
FLOORS = ROOT / "gold" / "floors.json"


@SKIP_NO_SHARED
def test_gold_is_sound() -> None:
    problems = check_gold(GOLD, DEV_CORPUS)
    assert problems == [], "\n".join(map(str, problems[:20]))


@SKIP_NO_SHARED
def test_every_dev_article_has_gold() -> None:
    corpus_ids = {p.stem for p in DEV_CORPUS.glob("*.json")}
    gold_ids = {p.stem for p in GOLD.glob("*.json")}
    assert corpus_ids == gold_ids


@SKIP_NO_SHARED
def test_extraction_stays_above_the_pinned_floors() -> None:
    scores = run_eval(GOLD, DEV_CORPUS)
    figures = scores.figures()
    figures["macro"] = scores.macro
    floors = json.loads(FLOORS.read_text())
    assert set(floors) >= {"macro", "members", "officers", "people", "relevant"}
    assert floor_failures(figures, floors) == []


def test_floor_gate_catches_a_drop() -> None:
    assert floor_failures({"macro": 0.70, "members": 0.9}, {"macro": 0.75, "members": 0.85}) == [
        "macro: 0.700 < floor 0.750"]


def test_gold_check_reports_problems(tmp_path: Path) -> None:
    bad = {"id": "x1", "relevant": False, "bloc": {"name": "Khối 1", "kind": "khoi", "number": 1, "province": None},
           "event": {"type": None, "date": None, "year": 2150}, "members": ["Sở A", "Sở A"], "officers": [],
           "people": [], "scores": [], "ranking": [], "awards": [], "attendance": None}
    (tmp_path / "x2.json").write_text(json.dumps(bad), encoding="utf-8")
    messages = [p.message for p in check_gold(tmp_path, None)]
    assert any("schema" in m and "2150" in m for m in messages)
    bad["event"]["year"] = 2025
    (tmp_path / "x2.json").write_text(json.dumps(bad), encoding="utf-8")
    messages = [p.message for p in check_gold(tmp_path, None)]
    assert "file name does not match id 'x1'" in messages
    assert "year 2025 outside 1990-2030" not in messages
    assert any(m.startswith("irrelevant record has values") for m in messages)
    assert any(m.startswith("duplicate item in members") for m in messages)


def test_gold_check_cli_on_the_seeds(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    for seed in ("seed-000", "seed-004"):
        (gold / f"{seed}.json").write_text((GOLD / f"{seed}.json").read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["gold", "check", "--gold", str(gold), "--corpus", str(ROOT / "corpus")])
    assert result.exit_code == 0, result.output
    assert "2 gold files OK" in result.output
    data = json.loads((gold / "seed-000.json").read_text(encoding="utf-8"))
    data["members"].append("Sở Không Có Thật")
    (gold / "seed-000.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(cli, ["gold", "check", "--gold", str(gold), "--corpus", str(ROOT / "corpus")])
    assert result.exit_code == 1
    assert "'Sở Không Có Thật' does not occur in the article" in result.output


def test_eval_cli_on_the_seeds(tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    gold.mkdir()
    for seed in ("seed-000", "seed-004"):
        (gold / f"{seed}.json").write_text((GOLD / f"{seed}.json").read_text(encoding="utf-8"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "--gold", str(gold), "--corpus", str(ROOT / "corpus"),
                                      "--floors", str(tmp_path / "none.json"), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["relevant"] == 1.0
    assert figures["bloc.number"] == 1.0
    assert 0.5 < figures["members"] <= 1.0
    assert figures["scores"] == 1.0


HELDOUT_CORPUS = ROOT / "corpus" / "heldout"
HELDOUT_GOLD = ROOT / "gold" / "heldout"
HELDOUT_FLOORS = ROOT / "gold" / "heldout-floors.json"


def test_heldout_gold_is_sound() -> None:
    # Articles written for the project (committed, no shared corpus needed) with hand-made gold,
    # annotated by someone who never saw the extractor: a check of generalisation in CI.
    problems = check_gold(HELDOUT_GOLD, HELDOUT_CORPUS)
    assert problems == [], "\n".join(map(str, problems[:20]))


def test_extraction_on_the_heldout_set_stays_above_its_floors() -> None:
    scores = run_eval(HELDOUT_GOLD, HELDOUT_CORPUS)
    figures = scores.figures()
    figures["macro"] = scores.macro
    assert floor_failures(figures, json.loads(HELDOUT_FLOORS.read_text())) == []
