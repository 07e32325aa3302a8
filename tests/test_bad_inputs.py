"""Bad input gets a clear outcome and never stops the batch."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from pipeline.corpus import Article
from pipeline.extract import extract_article
from pipeline.record import schema_errors


def _extract(text: str) -> dict:
    record = extract_article(Article(id="x", text=text))
    assert schema_errors(record) == []
    return record


def test_empty_text_is_an_empty_irrelevant_record() -> None:
    assert _extract("")["relevant"] is False
    assert _extract("   \n\n ")["relevant"] is False


def test_non_vietnamese_text_is_irrelevant() -> None:
    r = _extract("The annual review of the emulation bloc was held on 5 January. Members signed a pact.")
    assert r["relevant"] is False


def test_html_passed_as_text_does_not_crash() -> None:
    html = "<html><body><div class='menu'>Trang chủ</div><p>Ngày 5/1/2022, Khối thi đua số 6 tổng kết năm 2021.</p></body></html>"
    r = _extract(html)
    assert r["bloc"]["number"] == 6 or r["relevant"] is False


def test_very_long_text_is_bounded() -> None:
    text = ("Ngày 5/1/2022, Khối thi đua số 6 tổng kết năm 2021. " + "Các đơn vị thi đua sôi nổi. " * 200_000)[:5_000_000]
    started = time.perf_counter()
    r = _extract(text)
    assert r["relevant"] is True
    assert time.perf_counter() - started < 60  # a guard against runaway work, not a speed claim


def test_cli_reports_bad_files_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps({"id": "a", "text": "Ngày 5/1/2022, Khối thi đua số 6 tổng kết năm 2021."}), encoding="utf-8")
    (tmp_path / "b.json").write_text("{broken", encoding="utf-8")
    (tmp_path / "c.json").write_text(json.dumps({"text": "no id"}), encoding="utf-8")
    (tmp_path / "d.json").write_text(json.dumps({"id": "d", "text": ""}), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "pipeline.cli", "extract", str(tmp_path)], capture_output=True, text=True)
    assert proc.returncode == 1
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["id"] for r in out] == ["a", "d"]
    assert out[0]["relevant"] is True and out[1]["relevant"] is False
    errors = proc.stderr.strip().splitlines()
    assert len(errors) == 2
    assert "b.json" in errors[0] and "malformed JSON" in errors[0]
    assert "c.json" in errors[1] and "missing or empty 'id'" in errors[1]
