"""Reading articles: every bad input becomes an error with its reason, nothing else stops."""

from __future__ import annotations

import io
import json
from pathlib import Path

from pipeline.corpus import Article, ArticleError, read_articles


def _write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_directory_is_read_in_name_order(tmp_path: Path) -> None:
    _write(tmp_path / "b.json", {"id": "b", "text": "Khối thi đua số 2"})
    _write(tmp_path / "a.json", {"id": "a", "text": "Khối thi đua số 1"})
    items = list(read_articles([str(tmp_path)]))
    assert [i.id for i in items] == ["a", "b"]
    assert all(isinstance(i, Article) for i in items)


def test_bad_inputs_are_reported_and_the_rest_go_on(tmp_path: Path) -> None:
    (tmp_path / "1.json").write_text("{not json", encoding="utf-8")
    _write(tmp_path / "2.json", {"text": "no id here"})
    _write(tmp_path / "3.json", {"id": "ok", "text": "Cụm thi đua số III"})
    (tmp_path / "4.json").write_bytes("{\"id\": \"x\", \"text\": \"Kh\xf4i\"}".encode("latin-1"))
    _write(tmp_path / "5.json", ["a", "list"])
    _write(tmp_path / "6.json", {"id": "t"})
    items = list(read_articles([str(tmp_path), str(tmp_path / "missing.json")]))
    errors = [i for i in items if isinstance(i, ArticleError)]
    assert [i.id for i in items if isinstance(i, Article)] == ["ok"]
    reasons = [e.reason for e in errors]
    assert reasons[0].startswith("malformed JSON")
    assert reasons[1] == "missing or empty 'id'"
    assert reasons[2].startswith("not UTF-8")
    assert reasons[3].startswith("expected a JSON object")
    assert reasons[4].startswith("missing 'text'")
    assert reasons[5] == "no such file or directory"


def test_jsonl_on_stdin_with_a_bad_line() -> None:
    stdin = io.StringIO('{"id": "a", "text": "x"}\n\nnot json\n{"id": "b", "text": "y"}\n')
    items = list(read_articles(["-"], stdin=stdin))
    assert [type(i).__name__ for i in items] == ["Article", "ArticleError", "Article"]
    assert items[1].source == "<stdin>:3"


def test_html_is_used_when_text_is_missing(tmp_path: Path) -> None:
    html = "<html><body><nav>Trang chủ</nav><article><p>Ngày 08/3/2019, Khối thi đua số 2 đã tổ chức Hội nghị tổng kết phong trào thi đua năm 2018.</p></article></body></html>"
    _write(tmp_path / "h.json", {"id": "h", "html": html})
    (item,) = read_articles([str(tmp_path / "h.json")])
    assert isinstance(item, Article)
    assert "Khối thi đua số 2" in item.text
