"""Labels with markup taken from a document: a gazette whose title, recipients, agencies and group
members carry `<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>` and `{{7*7}}`
(tests/fixtures/hardening/hostile-gazette.txt) is BUILT with the real pipeline, served with
`python -m web serve`, and every page type must show those strings as text, never as markup."""
from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import pytest

from tests.hardening.conftest import REPO, get, run_cli, served

HOSTILE = REPO / "tests" / "fixtures" / "hardening" / "hostile-gazette.txt"
RAW_MARKUP = [b"<script>alert", b"<img src=x", b"<svg onload", b"onerror=alert(1)>"]
PLANTED = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{7*7}}", "'\"><svg onload=alert(1)>"]


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "in").mkdir()
    (folder / "in" / "xinzhou-2024-01.txt").write_bytes(HOSTILE.read_bytes())
    result = run_cli("build", folder / "in", "--out", folder / "var", "-q")
    assert result.returncode == 0, result.stderr
    with served(folder / "var") as base:
        yield base


def sparql_rows(base: str, query: str) -> list[dict]:
    status, _, body = get(base + "/sparql?" + urllib.parse.urlencode({"query": query, "format": "json"}))
    assert status == 200, body
    return json.loads(body)["results"]["bindings"]


@pytest.fixture(scope="module")
def entities(hostile_server) -> dict[str, list[str]]:
    """Every subject of the built issue graph, by kind of page it gets."""
    rows = sparql_rows(hostile_server, "SELECT DISTINCT ?s ?t WHERE { GRAPH ?g { ?s a ?t } FILTER(isIRI(?s)) }")
    by_kind: dict[str, list[str]] = {"all": [], "org": []}
    for row in rows:
        iri = row["s"]["value"]
        if not iri.startswith("https://w3id.org/govkg/id/"):
            continue  # the ontology's own terms
        if iri not in by_kind["all"]:
            by_kind["all"].append(iri)
        if row["t"]["value"] in ("http://www.w3.org/ns/org#Organization",) and iri not in by_kind["org"]:
            by_kind["org"].append(iri)
    return by_kind


def test_the_planted_strings_reached_the_graph(hostile_server):
    """Without this the page checks below could pass on a graph that lost the markup."""
    labels = " ".join(r["l"]["value"] for r in sparql_rows(
        hostile_server, "SELECT ?l WHERE { GRAPH ?g { ?s ?p ?l FILTER(isLiteral(?l)) } }"))
    for planted in ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{7*7}}"):
        assert planted in labels, planted
    orgs = [r["l"]["value"] for r in sparql_rows(
        hostile_server, "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                        "SELECT ?l WHERE { GRAPH ?g { ?s skos:prefLabel ?l } }")]
    assert any("{{7*7}}" in label for label in orgs)


def check_html(path: str, status: int, headers: dict, body: bytes) -> None:
    assert status == 200, (path, status)
    assert headers["Content-Type"].startswith("text/html"), path
    for markup in RAW_MARKUP:
        assert markup not in body, (path, markup)
    for evaluated in ("49局", "开展49", "做好49"):  # {{7*7}} rendered by a template engine
        assert evaluated.encode() not in body, (path, evaluated)


PAGE_TEMPLATES = {  # kind of page: (which entities, path for one IRI)
    "resource": ("all", lambda iri: "/resource?iri=" + urllib.parse.quote(iri)),
    "own-path": ("all", lambda iri: urllib.parse.urlsplit(iri).path.replace("/govkg", "", 1)),
    "agency": ("org", lambda iri: "/agency?iri=" + urllib.parse.quote(iri)),
    "explore": ("org", lambda iri: "/explore?iri=" + urllib.parse.quote(iri)),
}


@pytest.mark.parametrize("page", PAGE_TEMPLATES)
def test_entity_pages_escape_document_text(hostile_server, entities, page):
    kind, make_path = PAGE_TEMPLATES[page]
    assert entities[kind]
    escaped_somewhere = False
    for iri in entities[kind]:
        path = make_path(iri)
        status, headers, body = get(hostile_server + path)
        check_html(path, status, headers, body)
        escaped_somewhere |= b"&lt;script&gt;" in body or b"&#34;&gt;&lt;img" in body or b"{{7*7}}" in body
    assert escaped_somewhere or page == "explore", page  # the explorer fills itself from the JSON API


@pytest.mark.parametrize("text", PLANTED + ["忻州", "局", "alert", "7*7"])
@pytest.mark.parametrize("page", ["/search?q=", "/responsible?q="])
def test_search_and_responsibility_views_escape(hostile_server, page, text):
    path = page + urllib.parse.quote(text)
    check_html(path, *get(hostile_server + path))


@pytest.mark.parametrize("path", ["/", "/agencies", "/matrix", "/timeline", "/query", "/downloads"])
def test_listing_pages_escape(hostile_server, path):
    check_html(path, *get(hostile_server + path))


def test_agency_listing_shows_the_planted_names_as_text(hostile_server):
    _, _, body = get(hostile_server + "/agencies")
    assert "市{{7*7}}局".encode() in body


@pytest.mark.parametrize("api", ["/api/search?q=", "/api/neighbourhood?iri="])
def test_json_apis_are_json_and_not_sniffable(hostile_server, entities, api):
    for iri in entities["org"]:
        argument = iri if "neighbourhood" in api else "局"
        status, headers, body = get(hostile_server + api + urllib.parse.quote(argument))
        assert status == 200 and headers["Content-Type"].startswith("application/json")
        assert headers["X-Content-Type-Options"] == "nosniff"
        json.loads(body)


@pytest.mark.parametrize("fmt, media", [("xml", "application/sparql-results+xml"), ("json", "application/sparql-results+json"),
                                        ("csv", "text/csv"), ("tsv", "text/tab-separated-values")])
def test_sparql_results_carry_the_markup_only_as_data(hostile_server, fmt, media):
    query = "SELECT ?l WHERE { GRAPH ?g { ?s ?p ?l FILTER(CONTAINS(STR(?l), \"<script>\")) } }"
    status, headers, body = get(hostile_server + "/sparql?" + urllib.parse.urlencode({"query": query, "format": fmt}))
    assert status == 200 and headers["Content-Type"].startswith(media)
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    if fmt == "xml":
        assert b"<script>" not in body and b"&lt;script&gt;" in body


def test_rdf_views_of_an_entity_are_not_html(hostile_server, entities):
    for iri in entities["org"][:5]:
        for fmt in ("ttl", "nt", "jsonld"):
            status, headers, _ = get(hostile_server + "/resource?" + urllib.parse.urlencode({"iri": iri, "format": fmt}))
            assert status == 200 and not headers["Content-Type"].startswith("text/html"), (iri, fmt)
            assert headers["X-Content-Type-Options"] == "nosniff"
