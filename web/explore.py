"""The explorer: a Cytoscape.js neighbourhood graph fed by a small JSON API."""
from __future__ import annotations

import pyoxigraph as ox
from flask import Blueprint, abort, render_template, request

from graph_builder.network import shortest_path
from web.kg import compact, neighbours
from web.links import canonical_iri, entity_url
from web.state import state

bp = Blueprint("explore", __name__)


def node_json(iri: str) -> dict:
    entity = state().index.get(iri)
    return {"id": iri, "label": entity.label, "type": entity.kind, "url": entity_url(iri)}


def edge_json(source: str, predicate: str, target: str) -> dict:
    return {"id": f"{source} {predicate} {target}", "source": source, "target": target,
            "relation": compact(predicate), "label": state().index.label(predicate) if
            state().index.get(predicate).labels else compact(predicate)}


def valid_iri(text: str) -> str:
    try:
        return canonical_iri(ox.NamedNode(text.strip()).value, state().settings.base_iri)
    except ValueError:
        abort(400, "not a valid IRI")


def int_arg(name: str, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(request.args.get(name, default))))
    except ValueError:
        return default


@bp.route("/explore")
def explore_page():
    return render_template("explore.html", start=request.args.get("iri", ""))


@bp.route("/api/neighbourhood")
def neighbourhood_api():
    if not request.args.get("iri", "").strip():
        abort(400, "give the centre as ?iri=")
    iri = valid_iri(request.args["iri"])
    offset, limit = int_arg("offset", 0, 0, 10**6), int_arg("limit", 25, 1, 200)
    relations = set(filter(None, request.args.get("relations", "").split(",")))
    found = [n for n in neighbours(state().store, iri) if not relations or compact(n.predicate) in relations]
    page = found[offset:offset + limit]
    edges = [edge_json(iri, n.predicate, n.iri) if n.direction == "out" else edge_json(n.iri, n.predicate, iri)
             for n in page]
    return {"centre": node_json(iri), "nodes": [node_json(n.iri) for n in page], "edges": edges,
            "total": len(found), "offset": offset, "next_offset": offset + len(page) if offset + len(page) < len(found)
            else None}


@bp.route("/api/path")
def path_api():
    if not request.args.get("from", "").strip() or not request.args.get("to", "").strip():
        abort(400, "give both ends as ?from=&to=")
    source, target = valid_iri(request.args["from"]), valid_iri(request.args["to"])
    graph = state().network()
    try:
        steps = shortest_path(graph, source, target)
    except KeyError:  # an end that is not an entity of this graph
        steps = []
    # the view keys edges by compact predicate; each edge keeps the full IRI as its `predicate`
    edges = [(s, graph[s][o][key]["predicate"], o) for s, key, o in steps]
    ordered = [source]
    for subject, _, obj in edges:
        ordered.append(obj if subject == ordered[-1] else subject)
    return {"found": bool(edges) or source == target, "nodes": [node_json(n) for n in ordered],
            "edges": [edge_json(s, p, o) for s, p, o in edges]}
