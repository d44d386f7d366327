"""The NetworkX view of the graph and shortest paths over it."""
from __future__ import annotations

import networkx as nx
import pyoxigraph as ox

from web.kg import ONTOLOGY_GRAPH, RDF_TYPE


def build_view(store: ox.Store) -> nx.MultiDiGraph:
    """Resources as nodes, IRI-valued statements (rdf:type and the ontology left out) as keyed edges."""
    graph = nx.MultiDiGraph()
    query = (f"SELECT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{ONTOLOGY_GRAPH}> "
             f"&& isIRI(?s) && isIRI(?o) && ?p != <{RDF_TYPE}>) }}")
    for row in store.query(query):
        graph.add_edge(row["s"].value, row["o"].value, key=row["p"].value)
    return graph


def load_view(store: ox.Store) -> nx.MultiDiGraph:
    return build_view(store)


def shortest_path(graph: nx.MultiDiGraph, source: str, target: str) -> list[tuple[str, str, str]]:
    """The edges (subject, predicate, object) of a shortest path, ignoring edge direction; [] if none."""
    if source not in graph or target not in graph:
        return []
    try:
        nodes = nx.shortest_path(graph.to_undirected(as_view=True), source, target)
    except nx.NetworkXNoPath:
        return []
    edges = []
    for a, b in zip(nodes, nodes[1:]):
        if graph.has_edge(a, b):
            edges.append((a, min(graph[a][b]), b))
        else:
            edges.append((b, min(graph[b][a]), a))
    return edges
