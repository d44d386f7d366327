"""A NetworkX view of the built graph: entities as nodes, labelled relations as edges.

Every IRI subject with an rdf:type becomes a node (attributes: ``label``, ``type`` — the most
specific known class, compact — and ``types``); every triple linking two such IRIs becomes an edge
keyed by the compact predicate, with ``label`` (the predicate's zh-Hans label from the ontology
when it has one) and ``predicate`` (full IRI). Literals stay out of the view. No spaCy here: the
web layer imports this module.
"""
from __future__ import annotations

from collections import deque
from typing import Optional

import networkx as nx
import pyoxigraph as ox

from .vocab import DCTERMS, FOAF, GKG, ONTOLOGY_GRAPH, ORG, RDF, RDFS, SKOS, compact

LABEL_PROPERTIES = [str(p) for p in (SKOS.prefLabel, FOAF.name, RDFS.label, DCTERMS.identifier, DCTERMS.title)]
# the more specific class wins as the node's ``type``
GENERIC_CLASSES = {str(ORG.Organization), str(GKG.PersonnelChange), str(GKG.Document)}
_RDF_TYPE = str(RDF.type)


def _predicate_labels(store: ox.Store) -> dict[str, str]:
    ontology = ox.NamedNode(ONTOLOGY_GRAPH)
    labels = {}
    for quad in store.quads_for_pattern(None, ox.NamedNode(str(RDFS.label)), None, ontology):
        if isinstance(quad.object, ox.Literal) and (quad.object.language or "").lower() == "zh-hans":
            labels[quad.subject.value] = quad.object.value
    return labels


def _node_type(types: list[str]) -> str:
    specific = [t for t in types if t not in GENERIC_CLASSES] or types
    return compact(sorted(specific)[0]) if specific else ""


def view(store: ox.Store) -> nx.MultiDiGraph:
    """The entity graph of every issue graph in the store (the ontology graph left out)."""
    ontology = ox.NamedNode(ONTOLOGY_GRAPH)
    types: dict[str, set[str]] = {}
    labels: dict[str, dict[str, str]] = {}
    links: set[tuple[str, str, str]] = set()
    for quad in store.quads_for_pattern(None, None, None, None):
        if quad.graph_name == ontology or not isinstance(quad.subject, ox.NamedNode):
            continue
        s, p, o = quad.subject.value, quad.predicate.value, quad.object
        if p == _RDF_TYPE:
            types.setdefault(s, set()).add(o.value)
        elif isinstance(o, ox.Literal):
            if p in LABEL_PROPERTIES:
                labels.setdefault(s, {}).setdefault(p, o.value)
        elif isinstance(o, ox.NamedNode):
            links.add((s, p, o.value))
    predicate_labels = _predicate_labels(store)
    graph = nx.MultiDiGraph()
    for iri in sorted(types):
        found = labels.get(iri, {})
        label = next((found[p] for p in LABEL_PROPERTIES if p in found), iri.rsplit("/", 1)[-1])
        graph.add_node(iri, label=label, type=_node_type(sorted(types[iri])),
                       types=sorted(compact(t) for t in types[iri]))
    for s, p, o in sorted(links):
        if s in types and o in types:
            graph.add_edge(s, o, key=compact(p), predicate=p, label=predicate_labels.get(p, compact(p)))
    return graph


def neighbourhood(graph: nx.MultiDiGraph, node: str, depth: int = 1, limit: Optional[int] = 200) -> nx.MultiDiGraph:
    """The nodes within ``depth`` steps of ``node`` (edges followed both ways), nearest first,
    at most ``limit`` nodes, with the edges among them."""
    if node not in graph:
        raise KeyError(node)
    seen = {node: 0}
    queue = deque([node])
    while queue and (limit is None or len(seen) < limit):
        current = queue.popleft()
        if seen[current] >= depth:
            continue
        for other in sorted(set(graph.successors(current)) | set(graph.predecessors(current))):
            if other not in seen:
                seen[other] = seen[current] + 1
                queue.append(other)
                if limit is not None and len(seen) >= limit:
                    break
    return graph.subgraph(seen).copy()


def shortest_path(graph: nx.MultiDiGraph, a: str, b: str) -> list[tuple[str, str, str]]:
    """The shortest chain of relations between two entities, ignoring direction.

    Returned as (subject, predicate key, object) triples in their stored direction; [] when the
    two are not connected. Raises KeyError for an unknown node.
    """
    for n in (a, b):
        if n not in graph:
            raise KeyError(n)
    try:
        nodes = nx.shortest_path(graph.to_undirected(as_view=True), a, b)
    except nx.NetworkXNoPath:
        return []
    steps = []
    for u, v in zip(nodes, nodes[1:]):
        if graph.has_edge(u, v):
            steps.append((u, sorted(graph[u][v])[0], v))
        else:
            steps.append((v, sorted(graph[v][u])[0], u))
    return steps


def centrality(graph: nx.MultiDiGraph, top: Optional[int] = None) -> list[tuple[str, float]]:
    """Degree centrality (edges counted both ways), highest first; ties by IRI."""
    scores = nx.degree_centrality(graph) if len(graph) > 1 else {n: 0.0 for n in graph}
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return ranked[:top] if top else ranked
