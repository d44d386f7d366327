from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic, to_isomorphic

from exports.source import ONTOLOGY_GRAPH, open_build

RDF_FILES = [
    ("graph.ttl", "turtle"),
    ("graph.nt", "nt"),
    ("graph.jsonld", "json-ld"),
    ("ontology.ttl", "turtle"),
    ("shapes.ttl", "turtle"),
    ("shacl-report.ttl", "turtle"),
    ("catalog.ttl", "turtle"),
]
DATASET_FILES = [("graph.trig", "trig"), ("graph.nq", "nquads")]


def parse(path, fmt) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(path, format=fmt)
    return graph


@pytest.mark.parametrize("name,fmt", RDF_FILES)
def test_every_rdf_file_parses_with_rdflib(exported, name, fmt):
    assert len(parse(exported / name, fmt)) > 0


@pytest.mark.parametrize("name,fmt", DATASET_FILES)
def test_named_graph_files_hold_one_graph_per_issue_with_the_store_content(exported, data_dir, name, fmt):
    dataset = rdflib.Dataset()
    dataset.parse(exported / name, format=fmt)
    build = open_build(data_dir)
    exported_graphs = {str(g.identifier): g for g in dataset.graphs() if len(g)}
    assert sorted(exported_graphs) == [g.value for g in build.issue_graphs]
    for graph in build.issue_graphs:
        expected = rdflib.Graph().parse(data=build.graph_ntriples(graph), format="nt")
        assert isomorphic(exported_graphs[graph.value], expected), graph.value


@pytest.mark.parametrize("name,fmt", [("graph.ttl", "turtle"), ("graph.jsonld", "json-ld")])
def test_graph_files_are_isomorphic_to_the_ntriples(exported, name, fmt):
    ntriples = parse(exported / "graph.nt", "nt")
    other = parse(exported / name, fmt)
    assert len(other) == len(ntriples)
    assert isomorphic(other, ntriples)


def test_the_merged_graph_is_the_union_of_the_issue_graphs_without_the_ontology(exported, data_dir):
    store = ox.Store.read_only(str(data_dir / "store"))
    expected = {(q.subject, q.predicate, q.object) for q in store
                if q.graph_name != ONTOLOGY_GRAPH and isinstance(q.graph_name, ox.NamedNode)}
    exported_triples = {(t.subject, t.predicate, t.object)
                        for t in ox.parse(path=str(exported / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)}
    assert exported_triples == expected


def test_ntriples_lines_are_sorted_and_unique(exported):
    lines = (exported / "graph.nt").read_bytes().splitlines()
    assert lines == sorted(set(lines))


def test_jsonld_embeds_the_ontology_context(exported):
    document = json.loads((exported / "graph.jsonld").read_text(encoding="utf-8"))
    context = json.loads((exported / "context.jsonld").read_text(encoding="utf-8"))
    assert document["@context"] == context.get("@context", context)


def test_ontology_file_is_the_ontology_graph_of_the_build(exported, data_dir):
    store = ox.Store.read_only(str(data_dir / "store"))
    triples = [q.triple for q in store.quads_for_pattern(None, None, None, ONTOLOGY_GRAPH)]
    assert triples, "the build has an ontology graph"
    expected = rdflib.Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    assert to_isomorphic(parse(exported / "ontology.ttl", "turtle")) == to_isomorphic(expected)
