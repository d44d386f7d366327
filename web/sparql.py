"""The SPARQL 1.1 Protocol endpoint (read-only) and the query page."""
from __future__ import annotations

import re

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request, url_for

from web.examples import load_examples
from web.limits import QueryTooDeep, check_nesting
from web.kg import PREFIXES
from web.query_pool import (GRAPH_FORMATS, RESULT_FORMATS, PoolBusy, QueryRejected, QueryRequest,
                            QueryTimeout)
from web.state import state

bp = Blueprint("sparql", __name__)

FORMAT_ALIASES = {
    "json": ("result", "json"), "srj": ("result", "json"), "xml": ("result", "xml"), "srx": ("result", "xml"),
    "csv": ("result", "csv"), "tsv": ("result", "tsv"),
    "turtle": ("graph", "turtle"), "ttl": ("graph", "turtle"), "ntriples": ("graph", "ntriples"),
    "nt": ("graph", "ntriples"), "n-triples": ("graph", "ntriples"), "jsonld": ("graph", "jsonld"),
    "json-ld": ("graph", "jsonld"), "n3": ("graph", "turtle"),  # Turtle is N3 that every N3 reader accepts
}
MEDIA_TYPES = {media: ("result", key) for key, (_, media) in RESULT_FORMATS.items()}
MEDIA_TYPES.update({media: ("graph", key) for key, (_, media) in GRAPH_FORMATS.items()})
MEDIA_TYPES.update({"application/json": ("result", "json"), "application/xml": ("result", "xml"),
                    "text/xml": ("result", "xml"), "text/plain": ("graph", "ntriples"),
                    "application/x-turtle": ("graph", "turtle")})

# Comments, strings and IRIs are removed before looking for keywords, so that a SERVICE in a literal
# or an IRI is not mistaken for the operator.
_LEXICAL_NOISE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>' r"|#[^\n]*", re.S)
_SERVICE = re.compile(r"\bSERVICE\b", re.I)


def uses_service(query: str) -> bool:
    return bool(_SERVICE.search(_LEXICAL_NOISE.sub(" ", query)))


def negotiate() -> tuple[str, str]:
    """(result format, graph format) from the `format` parameter, else the Accept header."""
    result_format, graph_format = "json", "turtle"
    requested = (request.values.get("format") or request.values.get("output") or "").strip().lower()
    if requested:
        kind, key = FORMAT_ALIASES.get(requested) or MEDIA_TYPES.get(requested) or (None, None)
        if kind is None:
            raise QueryRejected(f"unknown format {requested!r}; use one of {', '.join(sorted(FORMAT_ALIASES))}")
        return (key, graph_format) if kind == "result" else (result_format, key)
    accept = request.accept_mimetypes
    listed = set(accept.values())  # only types the client named, not ones matched by */*
    result_types = [m for m, (kind, _) in MEDIA_TYPES.items() if kind == "result" and m in listed]
    graph_types = [m for m, (kind, _) in MEDIA_TYPES.items() if kind == "graph" and m in listed]
    if result_types:
        result_format = MEDIA_TYPES[accept.best_match(result_types)][1]
    if graph_types:
        graph_format = MEDIA_TYPES[accept.best_match(graph_types)][1]
    return result_format, graph_format


def query_text() -> str | None:
    if request.method == "POST":
        if request.mimetype == "application/sparql-query":
            return request.get_data(as_text=True)
        return request.form.get("query")
    return request.args.get("query")


def is_update_request() -> bool:
    if request.method != "POST":
        return "update" in request.args
    return request.mimetype == "application/sparql-update" or "update" in request.form


def plain(message: str, status: int) -> Response:
    return Response(message + "\n", status=status, mimetype="text/plain")


def service_description() -> Response:
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoint = ox.NamedNode(url_for("sparql.endpoint", _external=True))
    service = ox.BlankNode()

    def triple(p, o):
        return ox.Triple(service, ox.NamedNode(sd + p), o)

    triples = [ox.Triple(service, ox.NamedNode(PREFIXES["rdf"] + "type"), ox.NamedNode(sd + "Service")),
               triple("endpoint", endpoint), triple("supportedLanguage", ox.NamedNode(sd + "SPARQL11Query")),
               triple("feature", ox.NamedNode(sd + "UnionDefaultGraph"))]
    for fmt in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                "Turtle", "N-Triples", "JSON-LD"):
        triples.append(triple("resultFormat", ox.NamedNode("http://www.w3.org/ns/formats/" + fmt)))
    body = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes={"sd": sd})
    return Response(body, mimetype="text/turtle")


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint():
    if is_update_request():
        return plain("This endpoint is read-only: SPARQL Update is not accepted.", 403)
    query = query_text()
    if query is None:
        if request.method == "GET" and request.accept_mimetypes.best == "text/html":
            return query_page()
        return service_description()
    settings = state().settings
    if len(query.encode("utf-8")) > settings.max_body_bytes:
        return plain("The query is longer than this endpoint accepts.", 413)
    if uses_service(query):
        return plain("SERVICE (federated query) is not allowed on this endpoint.", 400)
    try:
        check_nesting(query)
    except QueryTooDeep as error:
        return plain(f"Query rejected: {error}", 400)
    try:
        result_format, graph_format = negotiate()
        result = state().pool.run(QueryRequest(query, result_format, graph_format, settings.result_limit))
    except QueryRejected as error:
        return plain(f"Query rejected: {error}", 400)
    except QueryTimeout as error:
        return plain(f"Query timed out: {error}", 503)
    except PoolBusy as error:
        return plain(f"Server busy: {error}", 503)
    response = Response(result.body, mimetype=result.media_type)
    if result.media_type.startswith("text/") or result.media_type.endswith("json"):
        response.charset = "utf-8"
    if result.truncated:
        response.headers["X-Govkg-Result-Truncated"] = str(settings.result_limit)
    response.vary.add("Accept")
    return response


@bp.after_request
def allow_cross_origin_reads(response: Response) -> Response:
    if request.method in ("GET", "OPTIONS") and request.path == "/sparql":
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Allow-Methods"] = "GET"
    return response


@bp.route("/query")
def query_page():
    return render_template("query.html", examples=load_examples(), prefixes=PREFIXES)


@bp.route("/api/examples")
def examples_api():
    return {"examples": [example.as_json() for example in load_examples()], "prefixes": PREFIXES}
