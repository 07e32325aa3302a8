"""`thidua extract`: articles in, one JSON record per article out."""

from __future__ import annotations

import json
import sys
from typing import IO

import click

from pipeline.corpus import ArticleError, read_articles
from pipeline.extract import extract_article


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="Write JSON Lines here instead of standard output.")
@click.option("--evidence/--no-evidence", default=True, show_default=True,
              help="Include the character spans that support each item.")
def extract(paths: tuple[str, ...], output: IO[str], evidence: bool) -> None:
    """Extract one record per article from PATHS (files, directories, or - for JSON Lines on stdin).

    Records are JSON Lines in input order, valid against record.schema.json.
    An unreadable article is reported on stderr with its reason and the others
    go on; the exit status is 1 when any article failed.

    Example: thidua extract ../shared/corpus/dev -o records.jsonl
    """
    failed = 0
    for item in read_articles(paths, stdin=sys.stdin):
        if isinstance(item, ArticleError):
            failed += 1
            click.echo(f"thidua extract: {item}", err=True)
            continue
        record = extract_article(item)
        if not evidence:
            record.pop("evidence", None)
        output.write(json.dumps(record, ensure_ascii=False) + "\n")
    if failed:
        raise SystemExit(1)


def register(cli: click.Group) -> None:
    cli.add_command(extract)
