"""Fixtures shared across the suite: the bundled example and the shared evaluation data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "harbor-bridge"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def example_dir() -> Path:
    return EXAMPLE


@pytest.fixture
def multinews() -> Path:
    """The real Multi-News dev clusters; tests using them skip where the data is not present."""
    path = SHARED_DATA / "multinews-dev.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not present")
    return path
