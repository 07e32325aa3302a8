"""Per-field precision, recall, F1 and accuracy of records against gold (CODEBOOK.md section 3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from pipeline.evaluate.match import match_one_to_one, names_match, scalar_equal, titles_match, units_match

SCALAR_FIELDS = [
    ("bloc.kind", "bloc", "kind"),
    ("bloc.number", "bloc", "number"),
    ("bloc.province", "bloc", "province"),
    ("event.type", "event", "type"),
    ("event.date", "event", "date"),
    ("event.year", "event", "year"),
]


def _officer_same(g: dict[str, Any], e: dict[str, Any]) -> bool:
    return g["role"] == e["role"] and g.get("year") == e.get("year") and units_match(g["unit"], e["unit"])


def _score_same(g: dict[str, Any], e: dict[str, Any]) -> bool:
    return abs(float(g["score"]) - float(e["score"])) < 1e-6 and units_match(g["unit"], e["unit"])


def _rank_same(g: dict[str, Any], e: dict[str, Any]) -> bool:
    return g["rank"] == e["rank"] and units_match(g["unit"], e["unit"])


# list field name -> (record key, comparison)
LIST_FIELDS: dict[str, tuple[str, Callable[[Any, Any], bool]]] = {
    "members": ("members", units_match),
    "officers": ("officers", _officer_same),
    "people": ("people", lambda g, e: names_match(g["name"], e["name"])),
    "people.title": ("people", lambda g, e: names_match(g["name"], e["name"]) and titles_match(g.get("title"), e.get("title"))),
    "scores": ("scores", _score_same),
    "ranking": ("ranking", _rank_same),
    "awards": ("awards", lambda g, e: units_match(g["unit"], e["unit"])),
}


@dataclass
class ListCount:
    tp: int = 0
    gold: int = 0
    got: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.got if self.got else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else (1.0 if not self.got else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class ArticleErrors:
    id: str
    errors: list[str] = field(default_factory=list)


@dataclass
class Scores:
    relevant: Accuracy = field(default_factory=Accuracy)
    scalars: dict[str, Accuracy] = field(default_factory=lambda: {name: Accuracy() for name, _, _ in SCALAR_FIELDS})
    lists: dict[str, ListCount] = field(default_factory=lambda: {name: ListCount() for name in LIST_FIELDS})
    articles: list[ArticleErrors] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        """Every figure that enters the macro average, by name."""
        out = {"relevant": self.relevant.value}
        out.update({name: acc.value for name, acc in self.scalars.items()})
        for name, count in self.lists.items():
            if count.gold or count.got:
                out[name] = count.f1
        return out

    @property
    def macro(self) -> float:
        values = list(self.figures().values())
        return sum(values) / len(values) if values else 0.0


def _item_text(field_name: str, item: Any) -> str:
    if isinstance(item, str):
        return item
    if field_name == "people.title":
        return f"{item['name']} ({item.get('title')})"
    return ", ".join(f"{k}={v}" for k, v in item.items())


def score_records(gold: Mapping[str, dict[str, Any]], extracted: Mapping[str, dict[str, Any]]) -> Scores:
    """Compare extracted records with gold records, both keyed by article id.

    A gold article with no extracted record counts as an empty, irrelevant
    extraction, so missing output is penalised rather than skipped.
    """
    from pipeline.record import empty_record

    scores = Scores()
    for art_id in sorted(gold):
        g = gold[art_id]
        e = extracted.get(art_id)
        if e is None:
            scores.missing.append(art_id)
            e = dict(empty_record(art_id))
        errs = ArticleErrors(art_id)
        scores.relevant.total += 1
        if bool(g["relevant"]) == bool(e["relevant"]):
            scores.relevant.right += 1
        else:
            errs.errors.append(f"relevant: gold {g['relevant']} vs extracted {e['relevant']}")
        if g["relevant"]:
            for name, group, key in SCALAR_FIELDS:
                acc = scores.scalars[name]
                acc.total += 1
                gv, ev = g[group][key], (e.get(group) or {}).get(key)
                if scalar_equal(key, gv, ev):
                    acc.right += 1
                else:
                    errs.errors.append(f"{name}: gold {gv!r} vs extracted {ev!r}")
        for name, (key, same) in LIST_FIELDS.items():
            g_items, e_items = g.get(key) or [], e.get(key) or []
            pairs = match_one_to_one(g_items, e_items, same)
            count = scores.lists[name]
            count.tp += len(pairs)
            count.gold += len(g_items)
            count.got += len(e_items)
            matched_g = {i for i, _ in pairs}
            matched_e = {j for _, j in pairs}
            for i, item in enumerate(g_items):
                if i not in matched_g:
                    errs.errors.append(f"{name}: missed {_item_text(name, item)}")
            for j, item in enumerate(e_items):
                if j not in matched_e:
                    errs.errors.append(f"{name}: spurious {_item_text(name, item)}")
        if errs.errors:
            scores.articles.append(errs)
    scores.articles.sort(key=lambda a: (-len(a.errors), a.id))
    return scores


def format_report(scores: Scores, worst: int = 10) -> str:
    """The human-readable report `thidua eval` prints."""
    lines = [f"{'field':<16}{'P':>8}{'R':>8}{'F1/acc':>8}{'gold':>7}{'got':>7}"]
    lines.append(f"{'relevant':<16}{'':>8}{'':>8}{scores.relevant.value:>8.3f}{scores.relevant.total:>7}{'':>7}")
    for name, acc in scores.scalars.items():
        lines.append(f"{name:<16}{'':>8}{'':>8}{acc.value:>8.3f}{acc.total:>7}{'':>7}")
    for name, c in scores.lists.items():
        lines.append(f"{name:<16}{c.precision:>8.3f}{c.recall:>8.3f}{c.f1:>8.3f}{c.gold:>7}{c.got:>7}")
    lines.append(f"{'macro':<16}{'':>8}{'':>8}{scores.macro:>8.3f}")
    if scores.missing:
        lines.append(f"\n{len(scores.missing)} gold articles had no extracted record: {', '.join(scores.missing[:10])}")
    if worst and scores.articles:
        lines.append(f"\nArticles with the most errors (gold vs extracted):")
        for art in scores.articles[:worst]:
            lines.append(f"  {art.id} ({len(art.errors)} errors)")
            lines.extend(f"    {err}" for err in art.errors)
    return "\n".join(lines)


def load_gold(paths: Iterable[Any]) -> dict[str, dict[str, Any]]:
    import json

    out: dict[str, dict[str, Any]] = {}
    for path in paths:
        record = json.loads(path.read_text(encoding="utf-8"))
        out[record["id"]] = record
    return out
