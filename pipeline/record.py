"""The record every article becomes (CODEBOOK.md section 2) and its schema."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any, TypedDict

import jsonschema

LIST_FIELDS = ("members", "officers", "people", "scores", "ranking", "awards")


class Bloc(TypedDict):
    name: str | None
    kind: str | None
    number: int | None
    province: str | None


class Event(TypedDict):
    type: str | None
    date: str | None
    year: int | None


class Record(TypedDict, total=False):
    id: str
    relevant: bool
    bloc: Bloc
    event: Event
    members: list[str]
    officers: list[dict[str, Any]]
    people: list[dict[str, Any]]
    scores: list[dict[str, Any]]
    ranking: list[dict[str, Any]]
    awards: list[dict[str, Any]]
    attendance: dict[str, int | None] | None
    evidence: dict[str, Any]


def empty_record(article_id: str) -> Record:
    """A record that says nothing: what an irrelevant article becomes."""
    return {
        "id": article_id,
        "relevant": False,
        "bloc": {"name": None, "kind": None, "number": None, "province": None},
        "event": {"type": None, "date": None, "year": None},
        "members": [],
        "officers": [],
        "people": [],
        "scores": [],
        "ranking": [],
        "awards": [],
        "attendance": None,
    }


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The record JSON Schema shipped with the package (a copy of shared/spec)."""
    text = resources.files("pipeline").joinpath("data/record.schema.json").read_text("utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema())


def schema_errors(record: dict[str, Any]) -> list[str]:
    """Every schema violation of `record`, as 'path: message' strings."""
    errors = sorted(_validator().iter_errors(record), key=lambda e: list(e.absolute_path))
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in errors]
