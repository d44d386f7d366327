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


def _data_graphs(store: ox.Store) -> list:
    """The default graph and every named graph but the ontology, in the store's own order (the
    order a scan of all quads visits them in)."""
    ontology = ox.NamedNode(ONTOLOGY_GRAPH)
    return [ox.DefaultGraph()] + [g for g in store.named_graphs() if g != ontology]


# Every statement whose object has an rdf:type outside the ontology (the only ones that can be edges). The
# typed objects are found first and joined through the object index, so the statements with literal
# objects (most of the store, and its longest strings) are never read. Oxigraph writes the rows as
# TSV (IRIs are <…> and hold no tab), so Python splits strings instead of building a Quad of four
# terms for each statement.
_LINKS_QUERY = f"""SELECT ?s ?p ?o WHERE {{
  {{ SELECT DISTINCT ?o WHERE {{ {{ GRAPH ?h {{ ?o a ?t }} FILTER(!sameTerm(?h, <{ONTOLOGY_GRAPH}>)) }} UNION {{ ?o a ?t }} }} }}
  {{ GRAPH ?g {{ ?s ?p ?o }} }} UNION {{ ?s ?p ?o }}
}}"""


def _links(store: ox.Store, types: dict) -> list[tuple[str, str, str]]:
    """The (subject, predicate, object) statements, rdf:type excepted, between two IRIs of ``types``
    in any graph but the ontology's, sorted."""
    tsv = store.query(_LINKS_QUERY).serialize(format=ox.QueryResultsFormat.TSV).decode("utf-8")
    rdf_type = f"<{_RDF_TYPE}>"
    links = set()
    rows = set(tsv.split("\n"))  # a statement in several graphs comes once per graph
    rows.discard(tsv[:tsv.find("\n")])  # the header
    rows.discard("")
    for row in rows:
        s, p, o = row.split("\t")
        if p != rdf_type and s[0] == "<" and o[0] == "<":
            s, o = s[1:-1], o[1:-1]
            if s in types and o in types:
                links.add((s, p[1:-1], o))
    # the query read the ontology graph too: drop what only it says (in practice nothing)
    ontology = ox.NamedNode(ONTOLOGY_GRAPH)
    for quad in store.quads_for_pattern(None, None, None, ontology):
        link = (quad.subject.value, quad.predicate.value, quad.object.value)
        if link in links and all(q.graph_name == ontology for q in
                                 store.quads_for_pattern(quad.subject, quad.predicate, quad.object, None)):
            links.discard(link)
    return sorted(links)


def view(store: ox.Store) -> nx.MultiDiGraph:
    """The entity graph of every issue graph in the store (the ontology graph left out).

    Reads only what the view needs: rdf:type and the label properties through the store's
    indexes (graph by graph, in the order of a full scan, so the first label of a kind wins as
    before), the candidate edges through one SPARQL query (``_links``); compact names are computed
    once per IRI and the edges are put straight into the graph's adjacency.
    """
    graphs = _data_graphs(store)
    rdf_type = ox.NamedNode(_RDF_TYPE)
    types: dict[str, set[str]] = {}
    labels: dict[str, dict[str, str]] = {}
    for graph in graphs:
        for quad in store.quads_for_pattern(None, rdf_type, None, graph):
            if isinstance(quad.subject, ox.NamedNode):
                types.setdefault(quad.subject.value, set()).add(quad.object.value)
        for prop in LABEL_PROPERTIES:
            for quad in store.quads_for_pattern(None, ox.NamedNode(prop), None, graph):
                if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.Literal):
                    labels.setdefault(quad.subject.value, {}).setdefault(prop, quad.object.value)
    links = _links(store, types)
    predicate_labels = _predicate_labels(store)
    compact_of: dict[str, str] = {}

    def short(iri: str) -> str:
        name = compact_of.get(iri)
        if name is None:
            name = compact_of[iri] = compact(iri)
        return name

    kinds_of: dict[frozenset, tuple[str, list[str]]] = {}  # most nodes share a few sets of classes

    def node(iri: str) -> tuple[str, dict]:
        found = labels.get(iri, {})
        label = next((found[p] for p in LABEL_PROPERTIES if p in found), iri.rsplit("/", 1)[-1])
        classes = frozenset(types[iri])
        kinds = kinds_of.get(classes)
        if kinds is None:
            ordered = sorted(classes)
            kinds = kinds_of[classes] = (_node_type(ordered), sorted(short(t) for t in ordered))
        return iri, {"label": label, "type": kinds[0], "types": list(kinds[1])}

    graph = nx.MultiDiGraph()
    graph.add_nodes_from(node(iri) for iri in sorted(types))
    edge_of = {p: (short(p), predicate_labels.get(p, short(p))) for p in {p for _, p, _ in links}}
    # what add_edge(s, o, key=…, predicate=…, label=…) does for each link, without its per-call
    # checks: both ends are nodes already; one key dict per (s, o), shared by succ and pred
    succ, pred = graph._succ, graph._pred
    for s, p, o in links:
        keys = succ[s].get(o)
        if keys is None:
            keys = succ[s][o] = pred[o][s] = graph.edge_key_dict_factory()
        key, label = edge_of[p]
        data = keys.get(key)
        if data is None:
            data = keys[key] = graph.edge_attr_dict_factory()
        data.update(predicate=p, label=label)
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
