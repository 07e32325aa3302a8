"""Crawl building blocks without a network: decoding, WARC archive, state, prefilter, failures, progress, summary."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from pipeline.crawl.archive import WarcArchive, decode_html, iter_responses, read_record
from pipeline.crawl.nightly import Progress, summarize
from pipeline.crawl.prefilter import is_candidate
from pipeline.crawl.state import CrawlState, article_id, content_sha
from pipeline.sites import REGISTRY
from conftest import DEV_CORPUS, SKIP_NO_SHARED
from replicas.families import to_cp1258

VIETNAMESE = "Khối thi đua số 4 tổng kết; Sở Lao động, Thương binh và Xã hội làm Khối trưởng năm 2019."


def test_decode_windows_1258_gives_composed_text() -> None:
    body = to_cp1258(f"<html><body><p>{VIETNAMESE}</p></body></html>")
    assert VIETNAMESE.encode("utf-8") not in body  # really another encoding
    assert VIETNAMESE in decode_html(body, "text/html; charset=windows-1258")
    meta_only = to_cp1258(f'<html><head><meta charset="windows-1258"></head><body>{VIETNAMESE}</body></html>')
    assert VIETNAMESE in decode_html(meta_only, "text/html")


def test_decode_without_any_charset_declaration() -> None:
    body = f"<html><body><p>{VIETNAMESE}</p></body></html>".encode("utf-8")
    assert VIETNAMESE in decode_html(body, "text/html")
    assert VIETNAMESE in decode_html(body, None)
    assert VIETNAMESE in decode_html(b"\xef\xbb\xbf" + body, None)  # BOM


def test_warc_round_trip_and_truncated_tail(tmp_path: Path) -> None:
    archive = WarcArchive(tmp_path, "run1")
    pointers = []
    for n in range(3):
        body = f"<html><body>{VIETNAMESE} {n}</body></html>".encode("utf-8")
        pointers.append(archive.write(f"http://x.vn/a-{n}.html", 200, "OK",
                                      [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")], body,
                                      [("User-Agent", "thidua-test")]))
    archive.close()
    name, offset, _ = pointers[1]
    page = read_record(tmp_path / name, offset)
    assert page.url == "http://x.vn/a-1.html" and page.status == 200
    assert page.header("Content-Encoding") is None  # the stored body is decoded
    assert page.html.endswith(f"{VIETNAMESE} 1</body></html>")
    with open(tmp_path / name, "ab") as fh:  # a record cut by kill -9
        fh.write(b"\x1f\x8b\x08\x00garbage")
    assert [p.url for p in iter_responses(tmp_path / name)] == [f"http://x.vn/a-{n}.html" for n in range(3)]
    second = WarcArchive(tmp_path, "run1")  # a rerun with the same id never appends to an old file
    second.write("http://x.vn/b.html", 200, "OK", [], b"<p>x</p>")
    second.close()
    assert len(list(tmp_path.glob("run1-*.warc.gz"))) == 2


def test_state_pages_frontier_and_runs(tmp_path: Path) -> None:
    state = CrawlState(tmp_path / "state.sqlite")
    url = "http://x.vn/a-1.html"
    state.record_page(url, "x", "article", "r1", article_id=article_id(url), sha256="s1", warc_path="f", warc_offset=0,
                      title="T", etag='"e1"')
    state.record_page(url, "x", "article", "r2", status=304)  # only the given columns change
    known = state.known(url)
    assert known is not None and known.sha256 == "s1" and known.etag == '"e1"' and known.status == 304
    assert [r["url"] for r in state.pending()] == [url]
    state.mark_processed(url, "s1", True)
    assert state.pending() == []
    state.push(url + "?x", "x", "article", "r1")
    assert state.fail_frontier(url + "?x") == 1 and state.fail_frontier(url + "?x") == 2
    assert [r["url"] for r in state.frontier(["x"])] == [url + "?x"]
    state.pop(url + "?x")
    assert state.frontier(["x"]) == []
    assert state.start_run("r1", "nightly", 1) == []
    stale = state.start_run("r2", "nightly", 2)
    assert [r["run_id"] for r in stale] == ["r1"]
    assert state.conn.execute("SELECT status FROM runs WHERE run_id='r1'").fetchone()[0] == "interrupted"
    state.add_stats("r2", {("x", "new"): 2})
    state.add_stats("r2", {("x", "new"): 3})
    assert state.stats("r2") == {"x": {"new": 5}}
    state.close()


def test_ids_are_stable() -> None:
    assert article_id("https://baokhanhhoa.vn/a-1/") == article_id("https://baokhanhhoa.vn/a-1/")
    assert article_id("https://baokhanhhoa.vn/a-1/").startswith("u-") and len(article_id("x")) == 12
    assert content_sha("T", "x") != content_sha("T", "y")


@pytest.mark.parametrize("title,text,expected", [
    ("Khối thi đua số 4 tổng kết năm 2019", "", True),
    ("Hội nghị", "Cụm thi đua các tỉnh miền Đông Nam Bộ ký kết giao ước.", True),
    ("Hoi nghi", "Cum thi dua so 3 tong ket", True),  # text without diacritics
    ("Hội nghị", "Sở Y tế được bầu làm Khối trưởng năm 2024.", True),
    ("Giá lúa tăng", "Nông dân phấn khởi vì được mùa.", False),
    ("Lễ hội ẩm thực", "Thi đua bán hàng sôi nổi.", False),
])
def test_prefilter(title: str, text: str, expected: bool) -> None:
    assert is_candidate(title, text) is expected


@SKIP_NO_SHARED
def test_prefilter_keeps_every_relevant_gold_article(root: Path) -> None:
    """The prefilter must not cost recall: every article gold marks relevant passes it."""
    checked = 0
    for gold_path in sorted((root / "gold" / "dev").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        article_path = DEV_CORPUS / f"{gold['id']}.json"
        if not gold.get("relevant") or not article_path.is_file():
            continue
        article = json.loads(article_path.read_text(encoding="utf-8"))
        assert is_candidate(article.get("title"), article["text"], article.get("url")), gold["id"]
        checked += 1
    assert checked > 50


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_on_a_terminal_plain_lines_otherwise() -> None:
    plain = io.StringIO()
    progress = Progress(plain, every=2)
    for n in range(1, 5):
        progress.bar("extract", n, 4)
    assert plain.getvalue().splitlines() == ["extract: 2/4", "extract: 4/4"]
    tty = _Tty()
    progress = Progress(tty)
    progress.bar("extract", 4, 4)
    assert tty.getvalue().startswith("\r\x1b[K") and "[##############################] 4/4" in tty.getvalue()


def test_summary_fits_one_screen_for_all_registered_sites() -> None:
    sites = list(REGISTRY.values())
    details = {"run_id": "r", "seconds": 3.2, "crawl": {"pages": 500, "new": 40, "log": "data/crawl/logs/r.log"},
               "process": dict.fromkeys(("handled", "extracted", "relevant", "skipped", "errors", "loaded", "unchanged",
                                         "replaced", "rejected"), 1),
               "per_site": {s.key: {"pages_seen": 5, "errors": 1} for s in sites}, "failures": ["boom"]}
    text = summarize(details, sites, "data/thidua.sqlite", 1)
    lines = text.splitlines()
    assert len(lines) <= 24 and all(len(line) <= 100 for line in lines if "FAILED:" not in line)
    assert lines[0].startswith("thidua nightly r: FAILED") and "FAILED: boom" in text
    assert "more sites" in text


@pytest.mark.parametrize("command", [["sites"], ["sites", "list"], ["sites", "check"], ["crawl"], ["nightly"]])
def test_crawl_commands_have_help_with_an_example_and_are_documented(command: list[str], root: Path) -> None:
    from click.testing import CliRunner

    from pipeline.cli import cli

    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0
    assert "Example: thidua " + command[0] in result.output
    docs = (root / "docs" / "nightly.md").read_text(encoding="utf-8")
    assert "thidua " + " ".join(command) in docs
