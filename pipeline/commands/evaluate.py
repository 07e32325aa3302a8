"""`thidua eval` and `thidua gold`: extraction quality against the hand-made gold."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pipeline.corpus import Article, read_articles
from pipeline.evaluate.score import format_report, load_gold, score_records
from pipeline.extract import extract_article
from pipeline.gold import check_gold, gold_stats

DEFAULT_GOLD = "gold/dev"
DEFAULT_CORPUS = "../shared/corpus/dev"
DEFAULT_FLOORS = "gold/floors.json"


def run_eval(gold_dir: Path, corpus: Path):
    gold = load_gold(sorted(gold_dir.glob("*.json")))
    extracted = {}
    for item in read_articles([str(corpus)]):
        if isinstance(item, Article) and item.id in gold:
            extracted[item.id] = extract_article(item)
    return score_records(gold, extracted)


def floor_failures(figures: dict[str, float], floors: dict[str, float], epsilon: float = 1e-9) -> list[str]:
    """The figures that fell below their pinned floor, as readable lines."""
    out = []
    for name, floor in sorted(floors.items()):
        value = figures.get(name)
        if value is None:
            continue
        if value + epsilon < floor:
            out.append(f"{name}: {value:.3f} < floor {floor:.3f}")
    return out


@click.command("eval")
@click.option("--gold", "gold_dir", type=click.Path(file_okay=False, exists=True), default=DEFAULT_GOLD, show_default=True)
@click.option("--corpus", type=click.Path(file_okay=False, exists=True), default=DEFAULT_CORPUS, show_default=True)
@click.option("--worst", type=int, default=10, show_default=True, help="How many worst articles to list.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--floors", type=click.Path(dir_okay=False), default=DEFAULT_FLOORS, show_default=True,
              help="Fail (exit 1) when a figure drops below its pinned floor.")
@click.option("--pin", is_flag=True, help="Write the current figures (rounded down) as the new floors; never lowers one.")
def eval_cmd(gold_dir: str, corpus: str, worst: int, as_json: bool, floors: str, pin: bool) -> None:
    """Score extraction against gold: per-field P/R/F1, accuracy for scalars, macro, worst articles.

    Example: thidua eval --gold gold/dev --corpus ../shared/corpus/dev
    """
    scores = run_eval(Path(gold_dir), Path(corpus))
    figures = {k: round(v, 4) for k, v in scores.figures().items()}
    figures["macro"] = round(scores.macro, 4)
    if as_json:
        click.echo(json.dumps(figures, indent=2))
    else:
        click.echo(format_report(scores, worst=worst))
    floors_path = Path(floors)
    try:
        pinned = json.loads(floors_path.read_text()) if floors_path.is_file() and not pin else {}
    except json.JSONDecodeError as exc:
        raise click.ClickException(f"{floors_path} is not valid JSON: {exc}") from exc
    if pin and floors_path.is_file():
        pinned = json.loads(floors_path.read_text())
    if pin:
        new = {k: max(pinned.get(k, 0.0), round(int(v * 100) / 100 - 0.01, 2)) for k, v in figures.items()}
        floors_path.write_text(json.dumps(dict(sorted(new.items())), indent=2) + "\n")
        click.echo(f"floors written to {floors_path}", err=True)
        return
    failures = floor_failures(figures, pinned) if not pin else []
    if failures:
        click.echo("below the pinned floors:\n  " + "\n  ".join(failures), err=True)
        sys.exit(1)


@click.group()
def gold() -> None:
    """Validate and describe the gold standard.

    Example: thidua gold check --gold gold/dev --corpus ../shared/corpus/dev
    """


@gold.command("check")
@click.option("--gold", "gold_dir", type=click.Path(file_okay=False, exists=True), default=DEFAULT_GOLD, show_default=True)
@click.option("--corpus", type=click.Path(file_okay=False), default=DEFAULT_CORPUS, show_default=True,
              help="Articles to check ids, hashes and strings against; skipped with a note when absent.")
def gold_check(gold_dir: str, corpus: str) -> None:
    """Validate gold: schema, ids, text hashes, strings that must occur in the article, duplicates, years, NFC.

    Example: thidua gold check
    """
    corpus_path = Path(corpus)
    if not corpus_path.is_dir():
        click.echo(f"note: no corpus at {corpus_path}; ids, hashes and strings are not checked", err=True)
    problems = check_gold(Path(gold_dir), corpus_path if corpus_path.is_dir() else None)
    for p in problems:
        click.echo(str(p))
    n = len(list(Path(gold_dir).glob("*.json")))
    if problems:
        click.echo(f"{len(problems)} problems in {n} gold files", err=True)
        sys.exit(1)
    click.echo(f"{n} gold files OK")


@gold.command("stats")
@click.option("--gold", "gold_dir", type=click.Path(file_okay=False, exists=True), default=DEFAULT_GOLD, show_default=True)
def gold_stats_cmd(gold_dir: str) -> None:
    """Print the statistics of the gold (articles, relevant share, items per field) as JSON.

    Example: thidua gold stats
    """
    click.echo(json.dumps(gold_stats(Path(gold_dir)), indent=2, ensure_ascii=False))


def register(cli: click.Group) -> None:
    cli.add_command(eval_cmd)
    cli.add_command(gold)
