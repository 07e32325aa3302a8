"""The `thidua` command line: a thin layer over the library.

Each command module registers its commands on the `cli` group; this file only
assembles them, so the command families stay in the modules that own them.
"""

from __future__ import annotations

import importlib
import logging

import click

from pipeline import __version__

# Modules that add commands to `cli` (each defines `register(cli)`).
COMMAND_MODULES = [
    "pipeline.commands.extract",
    "pipeline.commands.run",
    "pipeline.commands.evaluate",
    "pipeline.commands.dataset",
    "pipeline.commands.crawl",
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="thidua")
@click.option("-v", "--verbose", count=True, help="-v for progress, -vv for debugging.")
def cli(verbose: int) -> None:
    """Structured records about Vietnamese emulation blocs from provincial news.

    Example: thidua extract corpus/ -o records.jsonl
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(cli)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
