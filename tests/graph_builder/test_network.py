"""network.py over the built bundled graph and over a small hand-made store."""
import networkx as nx
import pyoxigraph as ox
import pytest

from graph_builder.network import centrality, neighbourhood, shortest_path, view

ID = "https://w3id.org/govkg/id/"
GKG = "https://w3id.org/govkg/ontology#"
TURTLE = f"""@prefix gkg: <{GKG}> . @prefix org: <http://www.w3.org/ns/org#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix : <{ID}> .
:t1 a gkg:Task ; rdfs:label "全面推进厕所革命" ; gkg:leadAgency :o1 ; gkg:supportingAgency :o2 ; gkg:charStart 3 .
:t2 a gkg:Task ; rdfs:label "改善人居环境" ; gkg:leadAgency :o2 .
:o1 a org:Organization , gkg:Department ; skos:prefLabel "忻州市农业农村局" .
:o2 a org:Organization , gkg:Department ; skos:prefLabel "忻州市住房和城乡建设局" .
:o3 a org:Organization ; skos:prefLabel "孤立单位" .
"""


@pytest.fixture(scope="module")
def small():
    store = ox.Store()
    store.load(TURTLE, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ID + "issue/x/2023-01"))
    store.load(f'<{GKG}leadAgency> <http://www.w3.org/2000/01/rdf-schema#label> "牵头单位"@zh-Hans .',
               format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("https://w3id.org/govkg/ontology"))
    return view(store)


def test_nodes_have_label_and_most_specific_type(small):
    assert small.nodes[ID + "o1"] == {"label": "忻州市农业农村局", "type": "gkg:Department",
                                     "types": ["gkg:Department", "org:Organization"]}
    assert small.nodes[ID + "t1"]["label"] == "全面推进厕所革命"


def test_edges_are_labelled_relations_between_entities(small):
    edge = small.edges[ID + "t1", ID + "o1", "gkg:leadAgency"]
    assert edge == {"predicate": GKG + "leadAgency", "label": "牵头单位"}
    assert small.number_of_edges() == 3  # literals (charStart, labels) are not edges


@pytest.mark.parametrize("start,end,expected", [
    ("o1", "t2", [("t1", "gkg:leadAgency", "o1"), ("t1", "gkg:supportingAgency", "o2"), ("t2", "gkg:leadAgency", "o2")]),
    ("t1", "o2", [("t1", "gkg:supportingAgency", "o2")]),
    ("o1", "o3", []),
])
def test_shortest_path_ignores_direction(small, start, end, expected):
    path = shortest_path(small, ID + start, ID + end)
    assert [(s[len(ID):], p, o[len(ID):]) for s, p, o in path] == expected


def test_shortest_path_unknown_node(small):
    with pytest.raises(KeyError):
        shortest_path(small, ID + "nope", ID + "o1")


@pytest.mark.parametrize("node,depth,limit,expected", [
    ("o1", 1, None, {"o1", "t1"}),
    ("o1", 2, None, {"o1", "t1", "o2"}),
    ("o1", 3, None, {"o1", "t1", "o2", "t2"}),
    ("o1", 3, 2, {"o1", "t1"}),
    ("o3", 2, None, {"o3"}),
])
def test_neighbourhood(small, node, depth, limit, expected):
    sub = neighbourhood(small, ID + node, depth=depth, limit=limit)
    assert {n[len(ID):] for n in sub} == expected


def test_centrality_ranks_the_most_connected_first(small):
    ranked = centrality(small)
    assert ranked[0][0] in (ID + "t1", ID + "o2")
    assert ranked[-1] == (ID + "o3", 0.0)


def test_view_of_the_bundled_graph(bundled_store, bundled_build):
    graph = view(bundled_store)
    assert isinstance(graph, nx.MultiDiGraph)
    types = [data["type"] for _, data in graph.nodes(data=True)]
    assert types.count("gkg:GazetteIssue") == 4
    assert graph.number_of_edges() > graph.number_of_nodes()
    issue = bundled_build.inputs[0].issue_iri
    around = neighbourhood(graph, issue, depth=1)
    assert any(data["type"] in ("gkg:Document", "gkg:Program") for _, data in around.nodes(data=True))
