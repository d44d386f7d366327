"""SPARQLWrapper against the app served by waitress on loopback, and `python -m web serve` itself."""
from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from SPARQLWrapper import CSV, JSON, N3, POST, TURTLE, XML, SPARQLWrapper

from tests.web.conftest import free_port

REPO = Path(__file__).resolve().parents[2]
WHO_LEADS_RURAL_TOILETS = """
PREFIX gkg: <https://w3id.org/govkg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?task ?agencyName ?indicator ?value ?year WHERE {
  ?task a gkg:Task ; rdfs:label ?label ; gkg:leadAgency ?agency FILTER(CONTAINS(?label, "农村改厕"))
  ?agency skos:prefLabel ?agencyName .
  ?task gkg:subTaskOf? ?scope . ?target gkg:forTask ?scope ; gkg:indicator ?indicator ;
        gkg:targetValue ?value ; gkg:dueYear ?year .
}"""


def wrapper(live_server, query, fmt=JSON, method=None):
    sparql = SPARQLWrapper(live_server + "/sparql")
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    if method:
        sparql.setMethod(method)
    return sparql


@pytest.mark.parametrize("method", [None, POST])
def test_specialist_answers_who_is_responsible_for_rural_toilets(live_server, method):
    rows = wrapper(live_server, WHO_LEADS_RURAL_TOILETS, method=method).query().convert()["results"]["bindings"]
    answers = {(r["agencyName"]["value"], r["indicator"]["value"], r["value"]["value"], r["year"]["value"]) for r in rows}
    assert ("忻州市农业农村局", "农村卫生厕所普及率", "85", "2025") in {(a, i, v.removesuffix(".0"), y) for a, i, v, y in answers}


@pytest.mark.parametrize("fmt, check", [
    (XML, lambda r: r.getElementsByTagName("result")),
    (CSV, lambda r: "忻州市农业农村局" in r.decode("utf-8")),
])
def test_other_result_formats(live_server, fmt, check):
    assert check(wrapper(live_server, WHO_LEADS_RURAL_TOILETS, fmt).query().convert())


@pytest.mark.parametrize("fmt", [TURTLE, N3])
def test_construct_through_sparqlwrapper(live_server, fmt):
    graph = wrapper(live_server, "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                                 'CONSTRUCT { ?o skos:prefLabel ?l } WHERE { ?o skos:altLabel "市住建局" ; skos:prefLabel ?l }',
                    fmt).query().convert()
    if isinstance(graph, bytes):  # SPARQLWrapper hands Turtle back unparsed
        objects = {quad.object.value for quad in ox.parse(graph, format=ox.RdfFormat.TURTLE)}
    else:
        objects = {str(o) for o in graph.objects()}
    assert "忻州市住房和城乡建设局" in objects


def test_ask_and_refused_update(live_server):
    assert wrapper(live_server, "ASK { ?s ?p ?o }").query().convert()["boolean"] is True
    update = SPARQLWrapper(live_server + "/sparql", updateEndpoint=live_server + "/sparql")
    update.setMethod(POST)
    update.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises(Exception) as refused:
        update.query()
    assert "403" in str(refused.value) or "Forbidden" in str(refused.value) or "read-only" in str(refused.value)
    assert wrapper(live_server, "ASK { <urn:a> <urn:b> <urn:c> }").query().convert()["boolean"] is False


def test_serve_command_runs_waitress(data_dir):
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "web", "serve", "--data", str(data_dir), "--port", str(port)],
                              cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    assert response.status == 200 and "谁负责" in response.read().decode("utf-8")
                    assert response.headers["Server"] == "waitress"
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("server did not answer: " + server.stdout.read1().decode(errors="replace"))
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_serve_command_without_a_build(tmp_path):
    done = subprocess.run([sys.executable, "-m", "web", "serve", "--data", str(tmp_path)], cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "no built graph" in done.stderr


def test_web_layer_does_not_import_spacy(data_dir):
    code = ("import sys; from web import create_app; app = create_app(sys.argv[1]); "
            "app.test_client().get('/'); app.extensions['govkg'].close(); "
            "bad = [m for m in sys.modules if m == 'spacy' or m.startswith(('graph_builder.nlp', 'graph_builder.extractors'))]; "
            "print(bad); sys.exit(1 if bad else 0)")
    done = subprocess.run([sys.executable, "-c", code, str(data_dir)], cwd=REPO, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
