"""The SPARQL 1.1 Protocol endpoint through the Flask test client, against the real worker pool."""
from __future__ import annotations

import csv
import io
import json
import threading
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from tests.web.conftest import FIXTURES, make_app
from web.sparql import uses_service

SELECT = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?o ?l WHERE { ?o skos:altLabel ?l } ORDER BY ?l"
ASK = 'PREFIX skos: <http://www.w3.org/2004/02/skos/core#> ASK { ?o skos:altLabel "市住建局" }'
CONSTRUCT = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
             'CONSTRUCT { ?o skos:altLabel ?l } WHERE { ?o skos:altLabel ?l FILTER(?l = "市住建局") }')
DESCRIBE = "DESCRIBE <https://w3id.org/govkg/id/person/xinzhou/%E9%83%91%E8%BF%9E%E7%94%9F>"
ZJ = "https://w3id.org/govkg/id/org/xinzhou/%E5%BF%BB%E5%B7%9E%E5%B8%82%E4%BD%8F%E6%88%BF%E5%92%8C%E5%9F%8E%E4%B9%A1%E5%BB%BA%E8%AE%BE%E5%B1%80"


@pytest.fixture(scope="module")
def reference_store() -> ox.Store:
    """The fixture loaded in memory: the oracle for how many rows a query has."""
    store = ox.Store()
    store.load(path=str(FIXTURES / "sample.trig"), format=ox.RdfFormat.TRIG)
    return store


def json_rows(body: bytes) -> list[dict]:
    return json.loads(body)["results"]["bindings"]


def xml_rows(body: bytes) -> list:
    return ET.fromstring(body).findall(".//{http://www.w3.org/2005/sparql-results#}result")


def csv_rows(body: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"))))


def tsv_rows(body: bytes) -> list[str]:
    return body.decode("utf-8").strip().split("\n")[1:]


def parsed_graph(body: bytes, fmt: ox.RdfFormat) -> list:
    return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=fmt)]


SELECT_FORMATS = [  # (how the client asks, expected media type, parse rows)
    ({"headers": {"Accept": "application/sparql-results+json"}}, "application/sparql-results+json", json_rows),
    ({"headers": {"Accept": "application/sparql-results+xml"}}, "application/sparql-results+xml", xml_rows),
    ({"headers": {"Accept": "text/csv"}}, "text/csv", csv_rows),
    ({"headers": {"Accept": "text/tab-separated-values"}}, "text/tab-separated-values", tsv_rows),
    ({"params": {"format": "json"}}, "application/sparql-results+json", json_rows),
    ({"params": {"format": "xml"}}, "application/sparql-results+xml", xml_rows),
    ({"params": {"format": "csv"}}, "text/csv", csv_rows),
    ({"params": {"format": "tsv"}}, "text/tab-separated-values", tsv_rows),
    ({"headers": {"Accept": "text/html,*/*;q=0.8"}}, "application/sparql-results+json", json_rows),
]
METHODS = ["get", "post-form", "post-direct"]


def send(client, method: str, query: str, params: dict | None = None, headers: dict | None = None):
    params, headers = dict(params or {}), dict(headers or {})
    if method == "get":
        return client.get("/sparql", query_string={"query": query, **params}, headers=headers)
    if method == "post-form":
        return client.post("/sparql", data={"query": query, **params}, headers=headers)
    return client.post("/sparql", data=query.encode("utf-8"), query_string=params,
                       headers={**headers, "Content-Type": "application/sparql-query"})


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("ask, media_type, rows", SELECT_FORMATS)
def test_select_in_every_format_and_method(client, reference_store, method, ask, media_type, rows):
    response = send(client, method, SELECT, **ask)
    assert response.status_code == 200, response.data
    assert response.mimetype == media_type
    found = rows(response.data)
    assert len(found) == len(list(reference_store.query(SELECT, use_default_graph_as_union=True)))
    assert "市住建局".encode() in response.data


@pytest.mark.parametrize("fmt, media_type, expected", [
    ("json", "application/sparql-results+json", b'"boolean":true'),
    ("xml", "application/sparql-results+xml", b"<boolean>true</boolean>"),
    ("csv", "text/csv", b"true"), ("tsv", "text/tab-separated-values", b"true"),
])
def test_ask(client, fmt, media_type, expected):
    response = send(client, "get", ASK, params={"format": fmt})
    assert response.status_code == 200 and response.mimetype == media_type
    assert expected in response.data.replace(b" ", b"")


GRAPH_FORMATS = [
    ({"headers": {"Accept": "text/turtle"}}, "text/turtle", ox.RdfFormat.TURTLE),
    ({"headers": {"Accept": "application/n-triples"}}, "application/n-triples", ox.RdfFormat.N_TRIPLES),
    ({"headers": {"Accept": "application/ld+json"}}, "application/ld+json", ox.RdfFormat.JSON_LD),
    ({"params": {"format": "ttl"}}, "text/turtle", ox.RdfFormat.TURTLE),
    ({"params": {"format": "nt"}}, "application/n-triples", ox.RdfFormat.N_TRIPLES),
    ({"params": {"format": "jsonld"}}, "application/ld+json", ox.RdfFormat.JSON_LD),
    ({}, "text/turtle", ox.RdfFormat.TURTLE),
]


@pytest.mark.parametrize("ask, media_type, fmt", GRAPH_FORMATS)
@pytest.mark.parametrize("query, subject", [(CONSTRUCT, ZJ), (DESCRIBE, None)])
def test_construct_and_describe(client, reference_store, ask, media_type, fmt, query, subject):
    response = send(client, "post-form", query, **ask)
    assert response.status_code == 200, response.data
    assert response.mimetype == media_type
    triples = parsed_graph(response.data, fmt)
    assert set(triples) == set(reference_store.query(query, use_default_graph_as_union=True))
    if subject:
        assert triples[0].subject == ox.NamedNode(subject) and triples[0].object == ox.Literal("市住建局")


def test_service_description_without_query(client):
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    triples = parsed_graph(response.data, ox.RdfFormat.TURTLE)
    predicates = {t.predicate.value.rsplit("#", 1)[-1] for t in triples}
    assert {"endpoint", "supportedLanguage", "resultFormat", "feature"} <= predicates


def test_browser_without_query_gets_the_query_page(client):
    response = client.get("/sparql", headers={"Accept": "text/html"})
    assert response.status_code == 200 and b'id="yasgui"' in response.data


def count_triples(client) -> int:
    response = send(client, "get", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    return int(json_rows(response.data)[0]["n"]["value"])


UPDATES = [
    ("post", {"data": {"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}}, 403),
    ("post", {"data": b"DROP ALL", "headers": {"Content-Type": "application/sparql-update"}}, 403),
    ("get", {"query_string": {"update": "CLEAR ALL"}}, 403),
    ("post", {"data": {"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}}, 400),
    ("get", {"query_string": {"query": "DELETE WHERE { ?s ?p ?o }"}}, 400),
    ("post", {"data": "LOAD <http://example.org/x.ttl>".encode(),
              "headers": {"Content-Type": "application/sparql-query"}}, 400),
]


@pytest.mark.parametrize("method, kwargs, status", UPDATES)
def test_updates_are_refused_and_change_nothing(client, method, kwargs, status):
    before = count_triples(client)
    response = getattr(client, method)("/sparql", **kwargs)
    assert response.status_code == status
    assert count_triples(client) == before


@pytest.mark.parametrize("query, refused", [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:22/> { ?s ?p ?o } }", True),
    ("SELECT * WHERE { service <http://169.254.169.254/latest/> { ?s ?p ?o } }", True),
    ("SELECT * WHERE { SERVICE SILENT <http://localhost/sparql> { ?s ?p ?o } }", True),
    ('SELECT * WHERE { ?s ?p "SERVICE" }', False),
    ("SELECT * WHERE { ?s <http://example.org/SERVICE> ?o } # SERVICE <x>", False),
])
def test_service_is_refused(client, query, refused):
    assert uses_service(query) is refused
    response = send(client, "get", query)
    assert (response.status_code == 400) is refused
    if refused:
        assert b"SERVICE" in response.data


@pytest.mark.parametrize("query", ["SELECT * WHERE { ?s ?p }", "SELEKT ?x", "SELECT * WHERE { ?s a <bad iri> }"])
def test_syntax_errors_are_client_errors(client, query):
    response = send(client, "post-form", query)
    assert response.status_code == 400 and response.data.startswith(b"Query rejected")


def test_unknown_format_is_a_client_error(client):
    assert send(client, "get", SELECT, params={"format": "yaml"}).status_code == 400


def test_body_over_the_limit_is_refused(client, app):
    limit = app.extensions["govkg"].settings.max_body_bytes
    padding = "#" + "x" * limit + "\n"
    assert send(client, "post-form", padding + SELECT).status_code == 413
    assert send(client, "post-direct", padding + SELECT).status_code == 413


def test_cors_for_get(client):
    response = send(client, "get", ASK)
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_result_cap_truncates_and_says_so(data_dir):
    app = make_app(data_dir, result_limit=3)
    try:
        client = app.test_client()
        for fmt, rows in (("json", json_rows), ("csv", csv_rows), ("xml", xml_rows)):
            response = send(client, "get", SELECT, params={"format": fmt})
            assert response.status_code == 200 and len(rows(response.data)) == 3
            assert response.headers["X-Govkg-Result-Truncated"] == "3"
        construct = send(client, "get", "CONSTRUCT WHERE { ?s ?p ?o }", params={"format": "nt"})
        assert len(parsed_graph(construct.data, ox.RdfFormat.N_TRIPLES)) == 3
        small = send(client, "get", ASK)
        assert "X-Govkg-Result-Truncated" not in small.headers
    finally:
        app.extensions["govkg"].close()


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


def test_runaway_query_times_out_and_the_server_stays_up(data_dir):
    app = make_app(data_dir, query_timeout=2.0)
    try:
        client = app.test_client()
        results = {}
        runaway = threading.Thread(target=lambda: results.update(r=send(app.test_client(), "get", RUNAWAY)))
        runaway.start()
        # while the runaway query holds one worker, pages and other queries are answered
        assert client.get("/").status_code == 200
        assert send(client, "get", ASK).status_code == 200
        runaway.join()
        assert results["r"].status_code == 503 and b"timed out" in results["r"].data
        # the killed worker was replaced: the pool still answers as many queries at once as before
        assert all(send(client, "get", ASK).status_code == 200 for _ in range(4))
    finally:
        app.extensions["govkg"].close()
