"""What each NLP component earns on the dev gold, and what it costs.

The issue asked to measure underthesea and spaCy rather than assume them.
This script scores person names three ways against `gold/dev`:

- the project's rules (honorific / title / surname patterns over spaCy-free tokens),
- underthesea's NER (PER spans) alone,
- the union of both,

and times underthesea's sentence splitter and NER next to spaCy's tokenizer,
which the unit rules run on. Figures, not asserts:

    .venv/bin/python bench/components.py
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.corpus import Article, read_articles  # noqa: E402
from pipeline.evaluate.match import match_one_to_one, names_match  # noqa: E402
from pipeline.extract.document import Document  # noqa: E402
from pipeline.extract.people import extract_people  # noqa: E402
from pipeline.extract.units import make_doc  # noqa: E402


def underthesea_people(text: str) -> list[str]:
    from underthesea import ner

    names: list[str] = []
    for para in text.split("\n"):
        if not para.strip():
            continue
        current: list[str] = []
        for word, _pos, _chunk, tag in ner(para):
            if tag == "B-PER":
                if current:
                    names.append(" ".join(current))
                current = [word]
            elif tag == "I-PER" and current:
                current.append(word)
            elif current:
                names.append(" ".join(current))
                current = []
        if current:
            names.append(" ".join(current))
    return list(dict.fromkeys(names))


def prf(tp: int, gold: int, got: int) -> str:
    p = tp / got if got else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}"


def main() -> None:
    corpus = ROOT.parent / "shared" / "corpus" / "dev"
    if not corpus.is_dir():
        sys.exit(f"needs the shared dev corpus at {corpus}")
    gold = {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (ROOT / "gold" / "dev").glob("*.json")}
    articles = [a for a in read_articles([str(corpus)]) if isinstance(a, Article) and gold[a.id]["relevant"]]
    counts = {"rules": [0, 0, 0], "underthesea": [0, 0, 0], "union": [0, 0, 0]}
    timing = {"rules": 0.0, "underthesea": 0.0}
    for article in articles:
        gold_names = [p["name"] for p in gold[article.id]["people"]]
        text = Document.from_article(article).text
        started = time.perf_counter()
        rules = [p.name for p in extract_people(text)]
        timing["rules"] += time.perf_counter() - started
        started = time.perf_counter()
        uts = underthesea_people(text)
        timing["underthesea"] += time.perf_counter() - started
        union = rules + [n for n in uts if not any(names_match(n, r) for r in rules)]
        for name, got in (("rules", rules), ("underthesea", uts), ("union", union)):
            pairs = match_one_to_one(gold_names, got, names_match)
            c = counts[name]
            c[0] += len(pairs)
            c[1] += len(gold_names)
            c[2] += len(got)
    print(f"person names on {len(articles)} relevant dev articles:")
    for name, (tp, g, got) in counts.items():
        print(f"  {name:<12} {prf(tp, g, got)}")
    print(f"  time: rules {timing['rules']:.2f} s, underthesea NER {timing['underthesea']:.2f} s")

    from underthesea import sent_tokenize

    texts = [a.text for a in articles]
    started = time.perf_counter()
    for t in texts:
        sent_tokenize(t)
    uts_split = time.perf_counter() - started
    started = time.perf_counter()
    for t in texts:
        make_doc(t)
    spacy_tok = time.perf_counter() - started
    print(f"per article: underthesea sent_tokenize {uts_split / len(texts) * 1000:.2f} ms, "
          f"spaCy tokenizer {spacy_tok / len(texts) * 1000:.2f} ms")


if __name__ == "__main__":
    main()
