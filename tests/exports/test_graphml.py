from __future__ import annotations

import networkx as nx
import pytest

from exports.graphml import plain_graph

GRAPHML_TYPES = (str, int, float, bool)


def test_graphml_loads_in_networkx_with_plain_attribute_types(exported):
    graph = nx.read_graphml(exported / "graph.graphml", force_multigraph=True)
    assert graph.number_of_nodes() > 0 and graph.number_of_edges() > 0
    for _, attributes in graph.nodes(data=True):
        assert all(isinstance(v, GRAPHML_TYPES) for v in attributes.values())
    for *_, attributes in graph.edges(data=True):
        assert all(isinstance(v, GRAPHML_TYPES) for v in attributes.values())


@pytest.mark.parametrize("value,expected", [
    (["b", "a"], "a | b"),
    ({"x"}, "x"),
    (3, 3),
    (2.5, 2.5),
    (True, True),
    (("q", 1), "1 | q"),
])
def test_attribute_values_become_graphml_types(value, expected):
    graph = nx.MultiDiGraph()
    graph.add_node("n", value=value)
    assert plain_graph(graph).nodes["n"]["value"] == expected


def test_an_attribute_with_mixed_types_becomes_a_string_everywhere():
    graph = nx.MultiDiGraph()
    graph.add_node("a", size=1)
    graph.add_node("b", size="large")
    plain = plain_graph(graph)
    assert (plain.nodes["a"]["size"], plain.nodes["b"]["size"]) == ("1", "large")
