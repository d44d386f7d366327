"""Two graphs for the web tests.

- the sample (tests/fixtures/web/sample.trig, shaped like CONTRACT.md) built into a real on-disk store:
  `data_dir`, `app`, `client`, `live_server` — for protocol, formats, hostile input;
- the REAL build of data/gazettes (tests/conftest.py `bundled_dir`): `real_app`, `real_client`,
  `real_live_server`, `real_exports` — for the example queries, the journeys and the downloads.
"""
from __future__ import annotations

import dataclasses
import gc
import json
import socket
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_builder.settings import load as load_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "web"
BASE = "https://w3id.org/govkg/id/"


def build_data_dir(directory: Path, *trig_files: Path) -> Path:
    store = ox.Store(str(directory / "store"))
    for trig in trig_files:
        store.load(path=str(trig), format=ox.RdfFormat.TRIG)
    store.flush()
    counts = {row["t"].value: int(row["n"].value) for row in store.query(
        "SELECT ?t (COUNT(?s) AS ?n) WHERE { GRAPH ?g { ?s a ?t } } GROUP BY ?t")}
    del store
    gc.collect()  # the writer must be gone before the app opens the store read-only
    (directory / "build.json").write_text(json.dumps(
        {"base_iri": BASE, "inputs": [{"path": t.name} for t in trig_files], "counts": counts, "seconds": 0},
        ensure_ascii=False), encoding="utf-8")
    return directory


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory) -> Path:
    return build_data_dir(tmp_path_factory.mktemp("webdata"), FIXTURES / "sample.trig")


def make_app(data_dir: Path, exports_dir: Path | None = None, **overrides):
    from web import create_app
    settings = dataclasses.replace(load_settings(), base_iri=BASE, **overrides)
    return create_app(data_dir, settings=settings, pool_size=2, exports_dir=exports_dir)


@pytest.fixture(scope="session")
def app(data_dir):
    app = make_app(data_dir)
    yield app
    app.extensions["govkg"].close()


@pytest.fixture()
def client(app):
    return app.test_client()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(app):
    """The app under waitress on a free loopback port, for SPARQLWrapper and the browser."""
    yield from serve(app)


def serve(app):
    """Runs `app` under waitress on a free loopback port; yields its base URL."""
    from waitress.server import create_server
    server = create_server(app, host="127.0.0.1", port=free_port(), threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()


@pytest.fixture(scope="session")
def real_exports(bundled_dir, tmp_path_factory) -> Path:
    """The open-data files of the REAL build, written by the exports package (as `python -m exports`)."""
    from exports import export
    out = tmp_path_factory.mktemp("exports") / "exports"
    export(bundled_dir, out, only=["ttl", "nt", "trig", "jsonld", "csv", "graphml"])
    return out


@pytest.fixture(scope="session")
def real_app(bundled_dir):
    """The app on the REAL build of data/gazettes (tests/conftest.py `bundled_dir`)."""
    app = make_app(bundled_dir)
    yield app
    app.extensions["govkg"].close()


@pytest.fixture()
def real_client(real_app):
    return real_app.test_client()


@pytest.fixture(scope="session")
def real_live_server(real_app):
    yield from serve(real_app)
