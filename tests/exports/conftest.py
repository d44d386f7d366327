"""Data directories to export (the TriG fixture, and a real build of the bundled gazettes),
their exports, and a live Oxigraph server on a free loopback port."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from exports import export

REPO = Path(__file__).resolve().parents[2]
FIXTURE_TRIG = REPO / "tests" / "fixtures" / "exports" / "store.trig"
GAZETTES = REPO / "data" / "gazettes"
OXIGRAPH = Path(sys.executable).parent / "oxigraph"
BASE_URL = "https://data.example.org/govkg/"


def make_fixture_data_dir(target: Path, trig: Path = FIXTURE_TRIG) -> Path:
    """A data directory laid out like a build (store/ + build.json) holding the TriG fixture."""
    store = ox.Store(str(target / "store"))
    store.load(path=str(trig), format=ox.RdfFormat.TRIG)
    store.flush()
    del store
    inputs = [{"path": str(trig), "sha256": "fixture", "issue_iri": ""}]
    (target / "build.json").write_text(json.dumps({"base_iri": "https://w3id.org/govkg/id/", "inputs": inputs}))
    return target


@pytest.fixture(scope="session")
def fixture_data_dir(tmp_path_factory) -> Path:
    return make_fixture_data_dir(tmp_path_factory.mktemp("fixture-data"))


@pytest.fixture(scope="session")
def bundled_data_dir(tmp_path_factory) -> Path:
    """A real build of the bundled gazettes through the core's public API."""
    from graph_builder.store import build

    target = tmp_path_factory.mktemp("bundled") / "var"
    build(sorted(GAZETTES.glob("*.txt")), target, progress=False)
    return target


@pytest.fixture(scope="session", params=["fixture", "bundled"])
def data_dir(request) -> Path:
    return request.getfixturevalue(f"{request.param}_data_dir")


@pytest.fixture(scope="session")
def exported(data_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("exported")
    export(data_dir, out, base_url=BASE_URL, sparql_endpoint="https://data.example.org/sparql")
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {process.stderr.read()}")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not come up")


@pytest.fixture
def oxigraph_server(tmp_path) -> str:
    """Base URL of a fresh Oxigraph server (empty store) on 127.0.0.1."""
    port = free_port()
    process = subprocess.Popen(
        [str(OXIGRAPH), "serve", "--location", str(tmp_path / "db"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/query?query=ASK%7B%7D", process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
