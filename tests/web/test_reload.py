"""A rebuild of the served directory is picked up without a restart: new store, new label index, new
query workers; the old workers are stopped once idle."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from graph_builder.settings import load as load_settings

GAZETTES = Path(__file__).resolve().parents[2] / "data" / "gazettes"
BASE = "https://w3id.org/govkg/id/"
# (gazette of the first build, of the rebuild, a person only the first names, one only the rebuild names)
REBUILDS = [
    ("xinzhou-2023-03.txt", "xinzhou-2022-03.txt", "张敏", "李志毅"),
]
PERSON_QUERY = ('PREFIX foaf: <http://xmlns.com/foaf/0.1/> '
                'ASK {{ ?p a foaf:Person ; foaf:name "{}" }}')


def build(gazette: str, out: Path) -> None:
    from graph_builder.pipeline import build as run_build
    run_build([GAZETTES / gazette], out, progress=False)


def ask(client, name: str) -> bool:
    response = client.get("/sparql", query_string={"query": PERSON_QUERY.format(name), "format": "json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json["boolean"]


def found(client, name: str) -> bool:
    hits = client.get("/api/search", query_string={"q": name, "type": "foaf:Person"}).json["hits"]
    return any(h["label"] == name for h in hits)


@pytest.mark.parametrize("first, second, only_first, only_second", REBUILDS)
def test_app_follows_a_rebuild_without_restart(tmp_path, first, second, only_first, only_second):
    from web import create_app
    data = tmp_path / "var"
    build(first, data)
    settings = dataclasses.replace(load_settings(), base_iri=BASE)
    app = create_app(data, settings=settings, pool_size=2, reload_check_seconds=0)
    holder = app.extensions["govkg"]
    try:
        client = app.test_client()
        before = client.get("/")
        old_pids, old_pool = holder.current.pool.pids, holder.current.pool
        assert ask(client, only_first) and not ask(client, only_second)
        assert found(client, only_first) and not found(client, only_second)

        build(second, data)  # graph_builder swaps the new build into the same directory

        after = client.get("/")
        assert after.headers["X-Govkg-Build"] != before.headers["X-Govkg-Build"]
        assert holder.generation == 2
        assert ask(client, only_second) and not ask(client, only_first)  # SPARQL: the new workers' store
        assert found(client, only_second) and not found(client, only_first)  # the new label index
        assert set(holder.current.pool.pids).isdisjoint(old_pids)
        for thread in holder._retired:
            thread.join(timeout=settings.query_timeout + 10)
        assert old_pool._closed and not old_pool._all  # the old workers were stopped
        # nothing changed: nothing is reopened
        client.get("/")
        assert holder.generation == 2
    finally:
        holder.close()


def test_no_reopen_without_a_new_build(tmp_path):
    from web import create_app
    data = tmp_path / "var"
    build("xinzhou-2023-03.txt", data)
    app = create_app(data, settings=dataclasses.replace(load_settings(), base_iri=BASE), reload_check_seconds=0)
    holder = app.extensions["govkg"]
    try:
        client = app.test_client()
        pids = holder.current.pool.pids
        for _ in range(3):
            assert client.get("/").status_code == 200
        assert holder.generation == 1 and holder.current.pool.pids == pids
    finally:
        holder.close()


def test_a_half_written_directory_keeps_the_old_build(tmp_path):
    """build.json changed but the store cannot be opened: keep serving the build already open."""
    from web import create_app
    data = tmp_path / "var"
    build("xinzhou-2023-03.txt", data)
    app = create_app(data, settings=dataclasses.replace(load_settings(), base_iri=BASE), pool_size=2,
                     reload_check_seconds=0)
    holder = app.extensions["govkg"]
    try:
        client = app.test_client()
        assert ask(client, "张敏") and ask(client, "张敏")  # both workers have opened the store
        store_dir = data / "store"
        store_dir.rename(data / "store.moved")
        (data / "build.json").write_text((data / "build.json").read_text(encoding="utf-8") + "\n", encoding="utf-8")
        assert ask(client, "张敏") and holder.generation == 1
        (data / "store.moved").rename(store_dir)
        (data / "build.json").write_text((data / "build.json").read_text(encoding="utf-8") + "\n", encoding="utf-8")
        assert ask(client, "张敏") and holder.generation == 2
    finally:
        holder.close()
