"""From one article to one codebook record (CODEBOOK.md section 2).

The rule families live in their own modules (bloc, event, units, roles,
people, results, relevance); this module runs them in order and assembles the
record with the evidence span of every item.
"""

from __future__ import annotations

from typing import Any

from pipeline.corpus import Article
from pipeline.evaluate.match import units_match
from pipeline.extract.bloc import choose_bloc, find_blocs, find_province
from pipeline.extract.document import Document
from pipeline.extract.event import extract_event
from pipeline.extract.people import extract_people
from pipeline.extract.relevance import is_relevant
from pipeline.extract.results import (extract_attendance, extract_awards, extract_ranking, extract_scores,
                                      ranks_from_awards)
from pipeline.extract.roles import extract_members, extract_officers
from pipeline.extract.units import UnitSpan, find_units, make_doc
from pipeline.record import Record, empty_record

EXTRACTOR_VERSION = "0.2.0"

# Texts longer than this are cut before extraction: the genre's reports are a
# few pages at most, and a runaway input (a whole site dump) must not stall a batch.
MAX_CHARS = 60_000


def _add_unique_unit(items: list[tuple[str, list[list[int]]]], name: str, span: list[int]) -> None:
    for existing, spans in items:
        if units_match(existing, name):
            spans.append(span)
            return
    items.append((name, [span]))


def extract_article(article: Article) -> Record:
    """The record of one article. Odd text gives an empty record, never an exception."""
    record = empty_record(article.id)
    if not article.text.strip():
        return record
    doc = Document.from_article(article)
    text = doc.text[:MAX_CHARS]
    title_blocs = find_blocs(doc.title, in_title=True)
    body_blocs = find_blocs(text)
    bloc = choose_bloc(title_blocs, body_blocs)
    distinct = len({(b.kind, b.number, b.name.lower()) for b in title_blocs + body_blocs if b.number is not None
                    or len(b.name.split()) > 3})
    if not is_relevant(doc.title, text[:1500], bloc is not None, bool(title_blocs), len(body_blocs), distinct):
        return record

    evidence: dict[str, Any] = {}
    spacy_doc = make_doc(text)
    units = find_units(spacy_doc)
    event = extract_event(doc.title, text, article.published)
    people = extract_people(text)
    members = extract_members(text, units)
    # Members written out from a shared head ("6 sở: Tài nguyên và Môi trường (trưởng khối)") are units
    # the officer rules can link a role to, under their written-out name.
    starts = {u.start for u in units}
    linkable = sorted(units + [UnitSpan(a, b, name) for name, a, b in members if a not in starts], key=lambda u: u.start)
    officers = extract_officers(text, linkable, [(p.title or "", *p.title_span) for p in people if p.title_span],
                                event.type, event.year)
    member_items: list[tuple[str, list[list[int]]]] = []
    for name, start, end in members:
        _add_unique_unit(member_items, name, doc.orig_span(start, end))
    for off in officers:
        _add_unique_unit(member_items, off.unit, doc.orig_span(off.start, off.end))
    scores = extract_scores(text, units)
    ranking = extract_ranking(text, units)
    awards = extract_awards(text, units)
    ranking = ranks_from_awards(text, awards, ranking)
    attendance = extract_attendance(text)

    assert bloc is not None
    record["relevant"] = True
    record["bloc"] = {
        "name": bloc.name,
        "kind": bloc.kind,
        "number": bloc.number,
        "province": find_province(
            [b.name for b in title_blocs + body_blocs if b.kind == bloc.kind and b.number == bloc.number],
            doc.title, text, [m for m, _ in member_items] + [u.text for u in units if u.start < 2000]),
    }
    record["event"] = {"type": event.type, "date": event.date, "year": event.year}
    record["members"] = [name for name, _ in member_items]
    record["officers"] = [{"role": o.role, "unit": o.unit, "year": o.year} for o in officers]
    record["people"] = [{"name": p.name, "title": p.title} for p in people]
    record["scores"] = [{"unit": s.unit, "score": s.value, "max": s.extra} for s in scores]
    record["ranking"] = [{"unit": r.unit, "rank": r.value} for r in ranking]
    record["awards"] = [{"unit": a.unit, "award": a.value} for a in awards]
    record["attendance"] = attendance[0] if attendance else None

    evidence["members"] = [spans for _, spans in member_items]
    evidence["officers"] = [[doc.orig_span(o.start, o.end)] for o in officers]
    evidence["people"] = [[doc.orig_span(p.start, p.end)] + ([doc.orig_span(*p.title_span)] if p.title_span else [])
                          for p in people]
    evidence["scores"] = [[doc.orig_span(s.start, s.end)] for s in scores]
    evidence["ranking"] = [[doc.orig_span(r.start, r.end)] for r in ranking]
    evidence["awards"] = [[doc.orig_span(a.start, a.end)] for a in awards]
    if not bloc.in_title:
        evidence["bloc"] = [doc.orig_span(bloc.start, bloc.end)]
    if event.date_span:
        evidence["event"] = [doc.orig_span(*event.date_span)]
    if attendance:
        evidence["attendance"] = [doc.orig_span(*attendance[1])]
    record["evidence"] = evidence
    return record
