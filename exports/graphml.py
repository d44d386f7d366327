"""graph.graphml: the NetworkX view of the graph, for Gephi and other network tools.

The view is graph_builder.network.view (the same one the web app explores). GraphML here has
plain attribute types only (string, long, double, boolean), nodes and edges in sorted order,
and edge ids made from the predicate so that two exports are identical.
"""
from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from .context import ExportContext
from .source import RDF_TYPE
from .writing import atomic_output

LABEL_PREDICATES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://xmlns.com/foaf/0.1/name",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
    "http://purl.org/dc/terms/identifier",
)


def write_graphml(ctx: ExportContext, out_dir: Path) -> list[Path]:
    path = out_dir / "graph.graphml"
    graph = plain_graph(network_view(ctx))
    buffer = io.BytesIO()
    nx.write_graphml_xml(graph, buffer, encoding="utf-8", prettyprint=True)
    with atomic_output(path) as out:
        out.write(buffer.getvalue())
    return [path]


def network_view(ctx: ExportContext) -> nx.MultiDiGraph:
    try:
        from graph_builder.network import view
    except ImportError:  # the core's view has not landed in this checkout
        return resource_view(ctx.build.merged_triples())
    return view(ctx.build.store)


def resource_view(triples) -> nx.MultiDiGraph:
    """Resources as nodes, resource-to-resource statements as edges, labels and types as attributes."""
    graph = nx.MultiDiGraph()
    for t in triples:
        subject = t.subject.value
        graph.add_node(subject)
        if t.predicate == RDF_TYPE:
            node = graph.nodes[subject]
            node["type"] = " | ".join(sorted(set(filter(None, node.get("type", "").split(" | "))) | {t.object.value}))
        elif isinstance(t.object, ox.Literal):
            if t.predicate.value in LABEL_PREDICATES and "label" not in graph.nodes[subject]:
                graph.nodes[subject]["label"] = t.object.value
        else:
            graph.add_edge(subject, t.object.value, key=t.predicate.value, predicate=t.predicate.value)
    return graph


def plain_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with sorted nodes and edges and attribute values GraphML can type."""
    plain = nx.MultiDiGraph()
    for node in sorted(graph.nodes, key=str):
        plain.add_node(str(node), **_plain_attributes(graph.nodes[node]))
    edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2])))
    for source, target, key, data in edges:
        plain.add_edge(str(source), str(target), key=str(key), **_plain_attributes(data))
    plain.graph.update(_plain_attributes(graph.graph))
    _unify_types([data for _, data in plain.nodes(data=True)])
    _unify_types([data for *_, data in plain.edges(keys=True, data=True)])
    return plain


def _unify_types(attribute_dicts: list[dict]) -> None:
    """GraphML declares one type per attribute: an attribute of mixed types becomes a string."""
    types: dict[str, set[type]] = {}
    for attributes in attribute_dicts:
        for name, value in attributes.items():
            types.setdefault(name, set()).add(type(value))
    mixed = {name for name, seen in types.items() if len(seen) > 1}
    for attributes in attribute_dicts:
        for name in mixed & attributes.keys():
            attributes[name] = str(attributes[name])


def _plain_attributes(attributes: dict) -> dict:
    return {str(k): _plain_value(v) for k, v in sorted(attributes.items(), key=lambda kv: str(kv[0]))
            if v is not None}


def _plain_value(value):
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        return " | ".join(sorted(str(_plain_value(v)) for v in value))
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value.value
    return str(value)
