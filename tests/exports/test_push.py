from __future__ import annotations

import http.server
import subprocess
import sys
import threading

import pyoxigraph as ox
import pytest
import rdflib
import requests
from rdflib.compare import isomorphic

from exports.push import PushError, Target, default_query_endpoint, push
from exports.source import open_build

from .conftest import REPO, free_port


def remote_graph(base: str, graph: str) -> rdflib.Graph:
    response = requests.get(f"{base}/store", params={"graph": graph}, headers={"Accept": "application/n-triples"})
    response.raise_for_status()
    return rdflib.Graph().parse(data=response.content.decode("utf-8"), format="nt")  # N-Triples is UTF-8


def local_graph(build, graph: ox.NamedNode) -> rdflib.Graph:
    return rdflib.Graph().parse(data=build.graph_ntriples(graph), format="nt")


@pytest.mark.parametrize("fmt", ["nt", "ttl"])
def test_push_round_trips_every_named_graph(data_dir, oxigraph_server, fmt):
    build = open_build(data_dir)
    target = Target(f"{oxigraph_server}/store", f"{oxigraph_server}/query", format=fmt)
    report = push(build, target, progress=None)
    graphs = sorted(g.value for g in build.store.named_graphs())
    assert [g.graph for g in report.graphs] == graphs
    for graph in build.store.named_graphs():
        assert isomorphic(remote_graph(oxigraph_server, graph.value), local_graph(build, graph)), graph.value


def test_push_of_one_graph_sends_only_that_graph(fixture_data_dir, oxigraph_server):
    build = open_build(fixture_data_dir)
    chosen = build.issue_graphs[0]
    report = push(build, Target(f"{oxigraph_server}/store", f"{oxigraph_server}/query"), only=chosen.value,
                  progress=None)
    assert [g.graph for g in report.graphs] == [chosen.value]
    answer = requests.post(f"{oxigraph_server}/query", data={"query": "SELECT DISTINCT ?g { GRAPH ?g {?s ?p ?o} }"},
                           headers={"Accept": "application/sparql-results+json"}).json()
    assert [b["g"]["value"] for b in answer["results"]["bindings"]] == [chosen.value]


def test_pushing_twice_replaces_rather_than_duplicates(fixture_data_dir, oxigraph_server):
    build = open_build(fixture_data_dir)
    target = Target(f"{oxigraph_server}/store", f"{oxigraph_server}/query")
    push(build, target, progress=None)
    report = push(build, target, progress=None)
    assert all(g.remote_triples == g.triples for g in report.graphs)


def run_cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "exports", "push", *args], cwd=REPO, capture_output=True, text=True)


def test_cli_reports_progress_and_succeeds(fixture_data_dir, oxigraph_server):
    result = run_cli("--data", str(fixture_data_dir), "--endpoint", f"{oxigraph_server}/store")
    assert result.returncode == 0, result.stderr
    assert "[1/3] PUT" in result.stderr and "counts match" in result.stderr


class RefusingHandler(http.server.BaseHTTPRequestHandler):
    def do_PUT(self):
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="store"')
        self.end_headers()
        self.wfile.write(b"credentials required")

    def log_message(self, *args):
        pass


@pytest.fixture
def refusing_server():
    server = http.server.HTTPServer(("127.0.0.1", free_port()), RefusingHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("case,exit_code,message", [
    ("refused", 3, "connection refused"),
    ("unauthorised", 4, "HTTP 401"),
    ("not found", 5, "HTTP 404"),
    ("unknown graph", 1, "has no graph"),
])
def test_cli_failures_have_clear_messages_and_exit_codes(fixture_data_dir, oxigraph_server, refusing_server,
                                                         case, exit_code, message):
    args = {
        "refused": ["--endpoint", f"http://127.0.0.1:{free_port()}/store"],
        "unauthorised": ["--endpoint", f"{refusing_server}/store", "--user", "u", "--password", "wrong"],
        "not found": ["--endpoint", f"{oxigraph_server}/no/such/store", "--query-endpoint", f"{oxigraph_server}/query"],
        "unknown graph": ["--endpoint", f"{oxigraph_server}/store", "--graph", "https://example.org/nothing"],
    }[case]
    result = run_cli("--data", str(fixture_data_dir), *args)
    assert result.returncode == exit_code, result.stderr
    assert message in result.stderr


@pytest.mark.parametrize("endpoint,expected", [
    ("http://localhost:7878/store", "http://localhost:7878/query"),
    ("http://localhost:3030/ds/data", "http://localhost:3030/ds/sparql"),
    ("http://localhost:7200/repositories/govkg/rdf-graphs/service", "http://localhost:7200/repositories/govkg"),
    ("http://localhost:8890/sparql-graph-crud-auth", "http://localhost:8890/sparql"),
    ("http://localhost:8890/sparql-graph-crud", "http://localhost:8890/sparql"),
])
def test_default_query_endpoints(endpoint, expected):
    assert default_query_endpoint(endpoint) == expected


def test_an_unknown_endpoint_shape_asks_for_the_query_endpoint():
    with pytest.raises(PushError, match="--query-endpoint"):
        default_query_endpoint("http://localhost:9999/upload")
