"""Every command documents itself with an example (sqlite-utils style)."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from pipeline.cli import cli


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    out = []
    for name, command in group.commands.items():
        out.append(prefix + (name,))
        if isinstance(command, click.Group):
            out.extend(_commands(command, prefix + (name,)))
    return out


@pytest.mark.parametrize("path", _commands(cli), ids=lambda p: " ".join(p))
def test_help_has_an_example(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output, f"thidua {' '.join(path)} --help has no example"


def test_every_command_family_is_registered() -> None:
    assert {"extract", "eval", "gold", "run", "load", "tables", "sql", "export", "sites", "crawl", "nightly"} <= set(cli.commands)
