"""notebooks/year_over_year.ipynb runs on the dataset built from the available corpus, and on an empty one."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import DEV_CORPUS, ROOT
from pipeline.cli import cli

NOTEBOOK = ROOT / "notebooks" / "year_over_year.ipynb"
MISSING = [m for m in ("nbclient", "nbformat", "ipykernel") if importlib.util.find_spec(m) is None]
pytestmark = pytest.mark.skipif(bool(MISSING), reason=f"notebook execution needs {', '.join(MISSING)} (pip install -e '.[test]')")


def run_notebook(db: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv("THIDUA_DB", str(db))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    texts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", out
            texts.append(out.get("text", "") or str(out.get("data", {}).get("text/plain", "")))
    return "\n".join(texts)


def test_notebook_on_the_corpus_dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = [str(ROOT / "corpus")] + ([str(DEV_CORPUS)] if DEV_CORPUS.is_dir() else [])
    records, db = tmp_path / "records.jsonl", tmp_path / "thidua.sqlite"
    runner = CliRunner()
    extracted = runner.invoke(cli, ["extract", *sources, "-o", str(records)])
    assert extracted.exit_code in (0, 1), extracted.output  # 1: some article unreadable, the rest extracted
    args = ["load", str(records), "--db", str(db)] + [a for s in sources for a in ("--articles", s)]
    loaded = runner.invoke(cli, args)
    assert loaded.exit_code == 0, loaded.output
    text = run_notebook(db, monkeypatch)
    assert f"dataset: {db} (found)" in text
    assert "coverage" in text


def test_notebook_on_an_empty_dataset_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.store import open_db

    db = tmp_path / "empty.sqlite"
    open_db(db).close()
    text = run_notebook(db, monkeypatch)
    assert "The dataset is empty" in text
    assert "No heads" in text and "No scores in the dataset." in text
