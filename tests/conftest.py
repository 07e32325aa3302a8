"""Shared fixtures: where the shared corpus lives, and a skip when it does not."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV_CORPUS = SHARED / "corpus" / "dev"
SKIP_NO_SHARED = pytest.mark.skipif(
    not DEV_CORPUS.is_dir(),
    reason=f"the shared development corpus is not at {DEV_CORPUS}; checks on real articles are skipped",
)


@pytest.fixture
def root() -> Path:
    return ROOT
