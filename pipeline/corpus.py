"""Reading articles in the corpus format: JSON files, directories, JSON Lines.

An article is one JSON object with `id`, `url`, `title`, `published`, `text`
(and optionally `html`, used when `text` is missing). Reading never stops at a
bad input: each one becomes an `ArticleError` naming its source and reason.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterable, Iterator


@dataclass(frozen=True)
class Article:
    id: str
    text: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


@dataclass(frozen=True)
class ArticleError:
    source: str
    reason: str
    id: str | None = None

    def __str__(self) -> str:
        who = f" (id {self.id})" if self.id else ""
        return f"{self.source}{who}: {self.reason}"


def article_from_dict(data: Any, source: str) -> Article | ArticleError:
    """Validate one decoded JSON value and turn it into an Article."""
    if not isinstance(data, dict):
        return ArticleError(source, f"expected a JSON object, got {type(data).__name__}")
    art_id = data.get("id")
    if not isinstance(art_id, str) or not art_id.strip():
        return ArticleError(source, "missing or empty 'id'")
    text = data.get("text")
    if text is None and isinstance(data.get("html"), str):
        from pipeline.text.html import html_to_text

        text = html_to_text(data["html"])
    if not isinstance(text, str):
        return ArticleError(source, "missing 'text' (and no 'html' to fall back on)", art_id)
    for key in ("url", "title", "published"):
        if data.get(key) is not None and not isinstance(data[key], str):
            return ArticleError(source, f"'{key}' must be a string or null", art_id)
    known = {"id", "text", "url", "title", "published", "html"}
    return Article(
        id=art_id.strip(),
        text=text,
        url=data.get("url"),
        title=data.get("title"),
        published=data.get("published"),
        source=source,
        extra={k: v for k, v in data.items() if k not in known},
    )


def _read_file(path: Path) -> Iterator[Article | ArticleError]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        yield ArticleError(str(path), f"cannot read file: {exc.strerror or exc}")
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield ArticleError(str(path), f"not UTF-8 (byte {exc.start}): re-encode the file as UTF-8")
        return
    if path.suffix == ".jsonl":
        yield from read_jsonl(text.splitlines(), str(path))
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield ArticleError(str(path), f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
        return
    yield article_from_dict(data, str(path))


def read_jsonl(lines: Iterable[str], source: str) -> Iterator[Article | ArticleError]:
    """Articles from JSON Lines; blank lines are skipped, bad lines reported."""
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{source}:{lineno}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            yield ArticleError(where, f"malformed JSON: {exc.msg} at column {exc.colno}")
            continue
        yield article_from_dict(data, where)


def read_articles(paths: Iterable[str], stdin: IO[str] | None = None) -> Iterator[Article | ArticleError]:
    """Articles from files, directories (their *.json and *.jsonl, sorted) or '-' (stdin)."""
    for name in paths:
        if name == "-":
            yield from read_jsonl(stdin or sys.stdin, "<stdin>")
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.iterdir() if p.suffix in (".json", ".jsonl") and p.is_file())
            for file in files:
                yield from _read_file(file)
        elif path.exists():
            yield from _read_file(path)
        else:
            yield ArticleError(name, "no such file or directory")
