"""`thidua run`: the main job on the embedded default (local corpus, SQLite)."""

from __future__ import annotations

import collections
import json
from pathlib import Path

import click

from pipeline.corpus import ArticleError, read_articles
from pipeline.extract import extract_article


@click.command()
@click.option("--corpus", "corpus_dirs", multiple=True, type=click.Path(file_okay=False),
              default=["corpus"], show_default=True, help="Directories of articles to process.")
@click.option("--out", type=click.Path(dir_okay=False), default="data/records.jsonl", show_default=True,
              help="Where the records go (JSON Lines).")
def run(corpus_dirs: tuple[str, ...], out: str) -> None:
    """Run the main job over the local corpus and print a summary.

    Example: thidua run --corpus corpus --corpus ../shared/corpus/dev
    """
    out_path = Path(out)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    counts: collections.Counter[str] = collections.Counter()
    with out_path.open("w", encoding="utf-8") as sink:
        for item in read_articles(corpus_dirs):
            if isinstance(item, ArticleError):
                counts["failed"] += 1
                click.echo(f"thidua run: {item}", err=True)
                continue
            record = extract_article(item)
            counts["articles"] += 1
            counts["relevant"] += record["relevant"]
            for field in ("members", "officers", "people", "scores", "ranking", "awards"):
                counts[field] += len(record[field])
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")
    click.echo(f"{counts['articles']} articles ({counts['failed']} failed), {counts['relevant']} relevant -> {out_path}")
    click.echo("items: " + ", ".join(f"{k} {counts[k]}" for k in ("members", "officers", "people", "scores", "ranking", "awards")))


def register(cli: click.Group) -> None:
    cli.add_command(run)
