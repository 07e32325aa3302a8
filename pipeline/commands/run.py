"""`thidua run`: the main job on the embedded default — local corpus in, SQLite dataset and export out."""

from __future__ import annotations

import collections
import json
from pathlib import Path

import click

from pipeline.corpus import ArticleError, read_articles
from pipeline.extract import EXTRACTOR_VERSION, extract_article
from pipeline.record import LIST_FIELDS
from pipeline.store import DEFAULT_DB, ArticleMeta, load_records, open_db, record_article_error
from pipeline.store.export import export

SHARED_DEV = Path("../shared/corpus/dev")


@click.command()
@click.option("--corpus", "corpus_dirs", multiple=True, type=click.Path(file_okay=False),
              help="Directories of articles (default: corpus/, plus ../shared/corpus/dev when present).")
@click.option("--db", type=click.Path(dir_okay=False), default=str(DEFAULT_DB), show_default=True,
              help="The dataset to load into.")
@click.option("--records", "records_path", type=click.Path(dir_okay=False), default="data/records.jsonl",
              show_default=True, help="Where the extracted records are also written (JSON Lines).")
@click.option("--export-dir", type=click.Path(file_okay=False), default="data/export", show_default=True,
              help="Where Parquet, CSV and datapackage.json go.")
def run(corpus_dirs: tuple[str, ...], db: str, records_path: str, export_dir: str) -> None:
    """Extract every local article, load the records into the dataset, export it, print a summary.

    Idempotent: a second run on the same corpus changes nothing in the dataset.

    Example: thidua run --corpus corpus --corpus ../shared/corpus/dev
    """
    dirs = list(corpus_dirs) or ["corpus"] + ([str(SHARED_DEV)] if SHARED_DEV.is_dir() else [])
    out_path = Path(records_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    conn = open_db(db)
    counts: collections.Counter[str] = collections.Counter()
    records: list[dict] = []
    metas: dict[str, ArticleMeta] = {}
    with out_path.open("w", encoding="utf-8") as sink:
        for item in read_articles(dirs):
            if isinstance(item, ArticleError):
                counts["failed"] += 1
                click.echo(f"thidua run: {item}", err=True)
                record_article_error(conn, item.id or item.source, item.source, item.reason)
                continue
            record = extract_article(item)
            counts["articles"] += 1
            counts["relevant"] += record["relevant"]
            for field in LIST_FIELDS:
                counts[field] += len(record[field])
            records.append(record)
            metas[item.id] = ArticleMeta.from_article(item)
            sink.write(json.dumps(record, ensure_ascii=False) + "\n")
    report = load_records(conn, records, metas, EXTRACTOR_VERSION)
    files = export(conn, export_dir)
    click.echo(f"{counts['articles']} articles from {', '.join(dirs)} ({counts['failed']} unreadable), "
               f"{counts['relevant']} relevant -> {out_path}")
    click.echo("items: " + ", ".join(f"{k} {counts[k]}" for k in LIST_FIELDS))
    click.echo(f"dataset {db}: {report.loaded} loaded, {report.replaced} replaced, {report.unchanged} unchanged, "
               f"{report.rejected} rejected")
    for art_id, reason in report.rejections[:10]:
        click.echo(f"  rejected {art_id}: {reason}")
    click.echo(f"export: {len(files)} files in {export_dir}")


def register(cli: click.Group) -> None:
    cli.add_command(run)
