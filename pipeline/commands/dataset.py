"""The dataset commands: `thidua load`, `tables`, `sql`, `export`, `lineage`.

Every command takes `--db PATH` (default data/thidua.sqlite, or $THIDUA_DB).
The work is done by `pipeline.store`; these commands only parse options and
print.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from pathlib import Path
from typing import IO, Iterator

import click
import pandas as pd

from pipeline.corpus import ArticleError, read_articles
from pipeline.extract import EXTRACTOR_VERSION
from pipeline.store import DEFAULT_DB, ArticleMeta, load_records, open_db, open_readonly, record_article_error
from pipeline.store import export as export_mod
from pipeline.store import lineage as lineage_mod
from pipeline.store import reference
from pipeline.store import tables as tables_mod

FORMATS = ("table", "csv", "json")


def db_option(func):
    return click.option(
        "--db", "db_path", type=click.Path(dir_okay=False), default=str(DEFAULT_DB), show_default=True,
        envvar="THIDUA_DB", help="The dataset (SQLite file); $THIDUA_DB also sets it.",
    )(func)


def format_option(func):
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                        help="Output format.")(func)


def render(df: pd.DataFrame, fmt: str) -> str:
    """A DataFrame as an aligned text table, CSV, or a JSON array of objects."""
    if fmt == "csv":
        return df.to_csv(index=False)
    if fmt == "json":
        return df.to_json(orient="records", force_ascii=False, indent=1) + "\n"
    if df.empty:
        return f"(no rows; columns: {', '.join(map(str, df.columns))})\n"
    with pd.option_context("display.max_rows", None, "display.max_columns", None, "display.width", 10_000,
                           "display.max_colwidth", 60):
        return df.to_string(index=False) + "\n"


def _readonly(db_path: str) -> sqlite3.Connection:
    try:
        return open_readonly(db_path)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None


def _records(paths: tuple[str, ...], bad: list[str]) -> Iterator[object]:
    """Decoded JSON values of the record files (JSON Lines, or one object per .json file); bad lines go to `bad`."""
    for name in paths:
        if name == "-":
            yield from _decode_lines(sys.stdin, "<stdin>", bad)
            continue
        try:
            with open(name, encoding="utf-8-sig") as stream:
                if name.endswith(".json"):
                    try:
                        yield json.load(stream)
                    except json.JSONDecodeError as exc:
                        bad.append(f"{name}: malformed JSON: {exc.msg} at line {exc.lineno}")
                else:
                    yield from _decode_lines(stream, name, bad)
        except OSError as exc:
            bad.append(f"{name}: cannot read: {exc.strerror or exc}")
        except UnicodeDecodeError as exc:
            bad.append(f"{name}: not UTF-8 (byte {exc.start})")


def _decode_lines(stream: IO[str], where: str, bad: list[str]) -> Iterator[object]:
    for lineno, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            yield json.loads(line)
        except json.JSONDecodeError as exc:
            bad.append(f"{where}:{lineno}: malformed JSON: {exc.msg} at column {exc.colno}")


@click.command()
@click.argument("records", nargs=-1, required=True)
@db_option
@click.option("--articles", "article_paths", multiple=True, type=click.Path(exists=True),
              help="Article files or directories the records come from (url, title, dates, text hash). Repeatable.")
@click.option("--extractor-version", default=None, help="Version stored with every fact [default: the installed extractor's].")
@click.option("--aliases", "alias_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra unit aliases (CSV: alias,canonical,note) to add before loading. Repeatable.")
@click.option("--batch-size", default=500, show_default=True, help="Records per transaction.")
@click.option("--strict", is_flag=True, help="Exit 1 when any record is rejected.")
def load(records: tuple[str, ...], db_path: str, article_paths: tuple[str, ...], extractor_version: str | None,
         alias_files: tuple[str, ...], batch_size: int, strict: bool) -> None:
    """Load RECORDS (JSON Lines from `thidua extract`, or - for stdin) into the dataset.

    Idempotent: records already loaded unchanged are skipped, a changed record
    replaces its article's facts, an invalid one is rejected with its reason
    (stored in the `rejections` table and printed here). Articles that cannot
    be read from --articles are stored with status "error".

    Example: thidua load records.jsonl --articles ../shared/corpus/dev --db data/thidua.sqlite
    """
    conn = open_db(db_path)
    for path in alias_files:
        n = reference.add_user_aliases(conn, path)
        click.echo(f"{n} aliases from {path}")
    metas: dict[str, ArticleMeta] = {}
    errors = 0
    for item in read_articles(article_paths):
        if isinstance(item, ArticleError):
            errors += 1
            if item.id:
                record_article_error(conn, item.id, item.source, item.reason)
            click.echo(f"thidua load: article {item}", err=True)
        else:
            metas[item.id] = ArticleMeta.from_article(item)  # the site's province too (pipeline.store.load.site_province)
    bad: list[str] = []
    version = extractor_version if extractor_version is not None else EXTRACTOR_VERSION
    report = load_records(conn, _records(records, bad), metas, version, batch_size=batch_size)
    conn.close()
    for line in bad:
        click.echo(f"thidua load: {line}", err=True)
    for art_id, reason in report.rejections[:50]:
        click.echo(f"rejected {art_id}: {reason}", err=True)
    if len(report.rejections) > 50:
        click.echo(f"... and {len(report.rejections) - 50} more (see the rejections table)", err=True)
    extra = f", {errors} article errors" if errors else ""
    extra += f", {len(bad)} unreadable lines" if bad else ""
    click.echo(f"{report}{extra} -> {db_path}")
    if bad or (strict and report.rejected):
        raise SystemExit(1)


@click.command("tables")
@click.argument("name", type=click.Choice(tables_mod.NAMES))
@db_option
@format_option
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="Write here instead of standard output.")
def tables_cmd(name: str, db_path: str, fmt: str, output: IO[str]) -> None:
    """Print an analysis table: heads, leaders, scores, members or coverage.

    heads: head and deputy per bloc per year; leaders: the leading unit per
    bloc per year; scores: scores per unit across years; members: membership
    per bloc per year with changes from the year before; coverage: articles,
    blocs and meetings per province and year.

    Example: thidua tables heads --db data/thidua.sqlite --format csv
    """
    conn = _readonly(db_path)
    output.write(render(tables_mod.table(conn, name), fmt))


@click.command()
@click.argument("query")
@db_option
@format_option
def sql(query: str, db_path: str, fmt: str) -> None:
    """Run a read-only SQL QUERY on the dataset and print the rows.

    The tables are described in datapackage.json (`thidua export`) and in
    pipeline/store/migrations.py. To browse interactively: `pip install
    datasette && datasette data/thidua.sqlite`.

    Example: thidua sql "SELECT kind, COUNT(*) FROM blocs GROUP BY kind" --db data/thidua.sqlite
    """
    conn = _readonly(db_path)
    try:
        df = pd.read_sql_query(query, conn)
    except (pd.errors.DatabaseError, sqlite3.Error) as exc:
        raise click.ClickException(f"query failed: {exc}") from None
    click.echo(render(df, fmt), nl=False)


@click.command("export")
@click.argument("out_dir", type=click.Path(file_okay=False))
@db_option
def export_cmd(out_dir: str, db_path: str) -> None:
    """Write every table as Parquet and CSV to OUT_DIR, with a Frictionless datapackage.json.

    The datapackage describes every field (from the schema's column comments),
    and carries the dataset version and build date.

    Example: thidua export --db data/thidua.sqlite dist/dataset
    """
    conn = _readonly(db_path)
    files = export_mod.export(conn, out_dir)
    click.echo(f"{len(files)} files -> {Path(out_dir)} (datapackage.json, csv/, parquet/)")


@click.command("lineage")
@click.argument("unit")
@click.option("--province", default=None, help="Province the unit belongs to (also follows its 2025 merger).")
@db_option
@format_option
def lineage_cmd(unit: str, province: str | None, db_path: str, fmt: str) -> None:
    """Follow UNIT across the 2025 reorganisation: department mergers, then the province merger.

    Example: thidua lineage "Sở KH&ĐT" --province "Kiên Giang"
    """
    # The lineage and province tables come with every dataset; without one, a throwaway in-memory one serves.
    conn = open_db(db_path if Path(db_path).is_file() else ":memory:")
    steps = lineage_mod.follow(conn, unit, province)
    if not steps and fmt == "table":
        click.echo(f"no lineage recorded for {unit!r}")
        return
    click.echo(render(pd.DataFrame(steps, columns=["kind", "from", "to", "relation", "province", "effective", "sources", "note"]), fmt), nl=False)


def register(cli: click.Group) -> None:
    for command in (load, tables_cmd, sql, export_cmd, lineage_cmd):
        cli.add_command(command)
