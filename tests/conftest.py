"""Shared fixtures for the whole suite.

- ``bundled_build`` (session): the graph of the bundled gazettes (data/gazettes/*.txt) built ONCE
  per test session with ``graph_builder.pipeline.build`` into a temporary directory. It returns
  the BuildReport; the data directory is ``Path(bundled_build.out_dir)`` (layout: store/,
  graph.ttl, graph.trig, build.json, sources/ — see docs/ARCHITECTURE.md). Treat it as READ-ONLY:
  open the store with ``graph_builder.store.open_store(dir)`` (read-only by default).
- ``bundled_dir`` (session): that data directory as a Path.
- ``bundled_store`` (session): a read-only pyoxigraph.Store on it.
- ``bundled_inputs`` (session): the sorted list of bundled gazette files.
"""
from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GAZETTES = REPO / "data" / "gazettes"


@pytest.fixture(scope="session")
def bundled_inputs() -> list[Path]:
    return sorted(GAZETTES.glob("*.txt"))


@pytest.fixture(scope="session")
def bundled_build(tmp_path_factory, bundled_inputs):
    from graph_builder.pipeline import build

    out = tmp_path_factory.mktemp("bundled") / "var"
    return build([GAZETTES], out, progress=False)


@pytest.fixture(scope="session")
def bundled_dir(bundled_build) -> Path:
    return Path(bundled_build.out_dir)


@pytest.fixture(scope="session")
def bundled_store(bundled_dir):
    from graph_builder.store import open_store

    return open_store(bundled_dir)
