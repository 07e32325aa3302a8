"""Gold records: loading, validation (`thidua gold check`) and statistics."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.record import LIST_FIELDS, schema_errors
from pipeline.text.normalize import fold_tones

GOLD_ONLY_KEYS = ("text_sha256", "notes")


@dataclass
class Problem:
    file: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", fold_tones(unicodedata.normalize("NFC", s)).lower()).strip()


def _occurs(value: str, haystack: str) -> bool:
    """A string occurs in the article; a unit written out from a shared head may match by its distinctive part."""
    v = _norm(value)
    if v in haystack:
        return True
    words = v.split()
    # "Sở Tài chính" from "các sở Nội vụ, Tài chính", "Công an tỉnh Điện Biên" from "Công an các
    # tỉnh: Điện Biên, …": the distinctive tail occurs, and so does the shared head word.
    if words and words[0] in haystack:
        for cut in range(1, len(words)):
            tail = " ".join(words[cut:])
            if (len(tail) >= 4 or tail.isdigit()) and re.search(r"(?<!\w)" + re.escape(tail) + r"(?!\w)", haystack):
                return True
    # Bracketed abbreviations trimmed, or a line break inside the name.
    squeezed = re.sub(r"\s*\([^)]*\)", "", haystack)
    return v in squeezed


def _years(record: dict[str, Any]) -> list[int]:
    years = [record["event"].get("year")] + [o.get("year") for o in record["officers"]]
    if record["event"].get("date"):
        years.append(int(record["event"]["date"][:4]))
    return [y for y in years if isinstance(y, int)]


def check_record(path: Path, record: Any, articles: dict[str, dict[str, Any]] | None) -> list[Problem]:
    name = path.name
    if not isinstance(record, dict):
        return [Problem(name, "not a JSON object")]
    problems: list[Problem] = []
    bare = {k: v for k, v in record.items() if k not in GOLD_ONLY_KEYS}
    problems += [Problem(name, f"schema: {e}") for e in schema_errors(bare)]
    if problems:
        return problems
    if path.stem != record["id"]:
        problems.append(Problem(name, f"file name does not match id {record['id']!r}"))
    raw = json.dumps(record, ensure_ascii=False)
    if not unicodedata.is_normalized("NFC", raw):
        problems.append(Problem(name, "strings are not in Unicode NFC"))
    for y in _years(record):
        if not 1990 <= y <= 2030:
            problems.append(Problem(name, f"year {y} outside 1990-2030"))
    if not record["relevant"]:
        filled = [f for f in LIST_FIELDS if record[f]] + [f"bloc.{k}" for k, v in record["bloc"].items() if v is not None]
        filled += [f"event.{k}" for k, v in record["event"].items() if v is not None]
        if filled or record["attendance"] is not None:
            problems.append(Problem(name, f"irrelevant record has values: {', '.join(filled) or 'attendance'}"))
    for field in LIST_FIELDS:
        items = [json.dumps(i, ensure_ascii=False, sort_keys=True) for i in record[field]]
        for item, n in Counter(items).items():
            if n > 1:
                problems.append(Problem(name, f"duplicate item in {field}: {item}"))
    if articles is not None:
        article = articles.get(record["id"])
        if article is None:
            problems.append(Problem(name, "no corpus article with this id"))
        else:
            if record.get("text_sha256") != text_sha256(article["text"]):
                problems.append(Problem(name, "text_sha256 does not match the article text (the article changed?)"))
            haystack = _norm((article.get("title") or "") + "\n" + article["text"])
            strings = [("members", m) for m in record["members"]]
            strings += [(f, i["unit"]) for f in ("officers", "scores", "ranking", "awards") for i in record[f]]
            strings += [("people", p["name"]) for p in record["people"]]
            for field, value in strings:
                if not _occurs(value, haystack):
                    problems.append(Problem(name, f"{field}: {value!r} does not occur in the article"))
    return problems


def load_articles(corpus: Path) -> dict[str, dict[str, Any]]:
    out = {}
    for p in sorted(corpus.glob("*.json")):
        data = json.loads(p.read_text(encoding="utf-8"))
        out[data["id"]] = data
    return out


def check_gold(gold_dir: Path, corpus: Path | None) -> list[Problem]:
    """Every problem of every gold file; an empty list means the gold is sound."""
    articles = load_articles(corpus) if corpus is not None else None
    problems: list[Problem] = []
    files = sorted(gold_dir.glob("*.json"))
    if not files:
        return [Problem(str(gold_dir), "no gold files")]
    for path in files:
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            problems.append(Problem(path.name, f"cannot parse: {exc}"))
            continue
        problems += check_record(path, record, articles)
    return problems


def gold_stats(gold_dir: Path) -> dict[str, Any]:
    records = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(gold_dir.glob("*.json"))]
    relevant = [r for r in records if r["relevant"]]
    stats: dict[str, Any] = {
        "articles": len(records),
        "relevant": len(relevant),
        "relevant_share": round(len(relevant) / len(records), 3) if records else 0.0,
        "items": {f: sum(len(r[f]) for r in records) for f in LIST_FIELDS},
        "people_with_title": sum(1 for r in records for p in r["people"] if p["title"]),
        "attendance": sum(1 for r in records if r["attendance"]),
        "kind": dict(Counter(r["bloc"]["kind"] for r in relevant)),
        "event_type": dict(Counter(r["event"]["type"] for r in relevant)),
        "with_number": sum(1 for r in relevant if r["bloc"]["number"] is not None),
        "with_province": sum(1 for r in relevant if r["bloc"]["province"]),
        "with_date": sum(1 for r in relevant if r["event"]["date"]),
        "with_year": sum(1 for r in relevant if r["event"]["year"]),
    }
    return stats
