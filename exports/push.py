"""Push the named graphs of a build to any SPARQL 1.1 Graph Store Protocol endpoint.

Each graph is replaced with one HTTP PUT (``?graph=IRI``), so a push is idempotent and a rerun
after a failure only redoes what is left. After the upload a SPARQL COUNT per graph against the
query endpoint checks that the store holds exactly the triples sent.
"""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Callable, TextIO

import pyoxigraph as ox
import requests

from .source import Build

# Graph Store endpoint suffix -> query endpoint suffix, for the servers the docs cover.
QUERY_ENDPOINT_RULES = (
    ("/store", "/query"),  # Oxigraph
    ("/sparql-graph-crud-auth", "/sparql"),  # Virtuoso (authenticated)
    ("/sparql-graph-crud", "/sparql"),  # Virtuoso
    ("/rdf-graphs/service", ""),  # GraphDB / RDF4J: /repositories/X
    ("/data", "/sparql"),  # Fuseki: /ds/data -> /ds/sparql
)

MEDIA_TYPES = {"nt": "application/n-triples", "ttl": "text/turtle"}


class PushError(Exception):
    exit_code = 1


class ConnectionFailed(PushError):
    exit_code = 3


class AuthenticationFailed(PushError):
    exit_code = 4


class ServerRejected(PushError):
    exit_code = 5


class CountMismatch(PushError):
    exit_code = 6


@dataclass(frozen=True)
class Target:
    endpoint: str  # Graph Store Protocol endpoint
    query_endpoint: str
    user: str | None = None
    password: str | None = None
    auth_scheme: str = "basic"  # or "digest" (Virtuoso's sparql-graph-crud-auth)
    graph_parameter: str = "graph"
    format: str = "nt"
    timeout: float = 600.0

    @property
    def auth(self):
        if self.user is None:
            return None
        if self.auth_scheme == "digest":
            return requests.auth.HTTPDigestAuth(self.user, self.password or "")
        return requests.auth.HTTPBasicAuth(self.user, self.password or "")


@dataclass
class PushedGraph:
    graph: str
    triples: int
    remote_triples: int


@dataclass
class PushReport:
    graphs: list[PushedGraph] = field(default_factory=list)

    @property
    def triples(self) -> int:
        return sum(g.triples for g in self.graphs)


def default_query_endpoint(endpoint: str) -> str:
    """The query endpoint that goes with a Graph Store endpoint on Oxigraph, Fuseki, GraphDB, Virtuoso."""
    stripped = endpoint.rstrip("/")
    for store_suffix, query_suffix in QUERY_ENDPOINT_RULES:
        if stripped.endswith(store_suffix):
            return stripped[: -len(store_suffix)] + query_suffix
    raise PushError(f"no default query endpoint for {endpoint}: give --query-endpoint")


def graphs_to_push(build: Build, only: str | None = None) -> list[ox.NamedNode]:
    """Every named graph of the build (issues and the ontology), or just ``only``."""
    graphs = sorted((g for g in build.store.named_graphs() if isinstance(g, ox.NamedNode)),
                    key=lambda g: g.value)
    if only is None:
        return graphs
    chosen = [g for g in graphs if g.value == only]
    if not chosen:
        raise PushError(f"the build has no graph <{only}>; it has: " + ", ".join(g.value for g in graphs))
    return chosen


def push(build: Build, target: Target, *, only: str | None = None,
         progress: TextIO | None = sys.stderr) -> PushReport:
    say: Callable[[str], None] = (lambda m: print(m, file=progress, flush=True)) if progress else (lambda m: None)
    graphs = graphs_to_push(build, only)
    report = PushReport()
    session = requests.Session()
    session.auth = target.auth
    for number, graph in enumerate(graphs, 1):
        body = serialize_graph(build, graph, target.format)
        triples = body.count(b"\n") if target.format == "nt" else _count_triples(build, graph)
        say(f"[{number}/{len(graphs)}] PUT <{graph.value}> {triples} triples ({len(body)} bytes)")
        put_graph(session, target, graph.value, body)
        report.graphs.append(PushedGraph(graph.value, triples, -1))
    say("checking triple counts")
    for pushed in report.graphs:
        pushed.remote_triples = count_remote(session, target, pushed.graph)
    wrong = [g for g in report.graphs if g.remote_triples != g.triples]
    if wrong:
        raise CountMismatch("; ".join(f"<{g.graph}>: sent {g.triples}, store has {g.remote_triples}" for g in wrong))
    say(f"done: {len(report.graphs)} graphs, {report.triples} triples, counts match")
    return report


def serialize_graph(build: Build, graph: ox.NamedNode, fmt: str) -> bytes:
    ntriples = build.graph_ntriples(graph)
    if fmt == "nt":
        return ntriples
    triples = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE)


def _count_triples(build: Build, graph: ox.NamedNode) -> int:
    return build.graph_ntriples(graph).count(b"\n")


def put_graph(session: requests.Session, target: Target, graph: str, body: bytes) -> None:
    headers = {"Content-Type": MEDIA_TYPES[target.format] + "; charset=utf-8"}
    response = _request(session, "PUT", target.endpoint, target, params={target.graph_parameter: graph},
                        data=body, headers=headers)
    _raise_for_status(response, f"PUT <{graph}>")


def count_remote(session: requests.Session, target: Target, graph: str) -> int:
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    response = _request(session, "POST", target.query_endpoint, target, data={"query": query},
                        headers={"Accept": "application/sparql-results+json"})
    _raise_for_status(response, f"COUNT <{graph}>")
    try:
        bindings = response.json()["results"]["bindings"]
        return int(bindings[0]["n"]["value"]) if bindings else 0
    except (ValueError, KeyError, IndexError) as error:
        raise ServerRejected(f"{target.query_endpoint}: unexpected answer to COUNT: {response.text[:300]}") from error


def _request(session: requests.Session, method: str, url: str, target: Target, **kwargs) -> requests.Response:
    try:
        return session.request(method, url, timeout=target.timeout, **kwargs)
    except requests.ConnectionError as error:
        raise ConnectionFailed(f"cannot connect to {url}: {_reason(error)}") from error
    except requests.Timeout as error:
        raise ConnectionFailed(f"{url} did not answer within {target.timeout:g} s") from error
    except requests.RequestException as error:
        raise PushError(f"{method} {url}: {error}") from error


def _reason(error: Exception) -> str:
    text = str(error)
    return "connection refused" if "refused" in text.lower() else text


def _raise_for_status(response: requests.Response, what: str) -> None:
    if response.ok:
        return
    message = f"{what}: HTTP {response.status_code} {response.reason} from {response.url}"
    detail = response.text.strip()[:500]
    if detail:
        message += f": {detail}"
    if response.status_code in (401, 403):
        raise AuthenticationFailed(message + " (check --user/--password and --auth)")
    raise ServerRejected(message)
