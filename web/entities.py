"""Entity pages: every IRI under the base dereferences at /id/<rest>; any IRI at /resource?iri=."""
from __future__ import annotations

from itertools import groupby
from urllib.parse import urlsplit

import pyoxigraph as ox
from flask import Blueprint, Response, abort, render_template, request

from web.kg import PREFIXES, compact, describe, description_triples, expand
from web.links import canonical_iri, iri_from_local_path
from web.state import state

bp = Blueprint("entities", __name__)

RDF_MEDIA_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}
FORMAT_PARAMETER = {"ttl": "text/turtle", "turtle": "text/turtle", "jsonld": "application/ld+json",
                    "json-ld": "application/ld+json", "nt": "application/n-triples",
                    "ntriples": "application/n-triples", "html": "text/html"}
PROVENANCE = [expand("gkg:sourceText"), expand("gkg:charStart"), expand("gkg:charEnd")]


def requested_media_type() -> str:
    requested = request.args.get("format", "").lower()
    if requested:
        if requested not in FORMAT_PARAMETER:
            abort(400, f"unknown format {requested!r}")
        return FORMAT_PARAMETER[requested]
    return request.accept_mimetypes.best_match(["text/html", *RDF_MEDIA_TYPES], default="text/html")


def raw_request_path() -> str:
    raw = request.environ.get("REQUEST_URI") or request.environ.get("RAW_URI")
    if not raw:
        return request.path
    # WSGI carries the request line's bytes as latin-1 text (PEP 3333); the bytes are UTF-8
    return urlsplit(raw.encode("latin-1", "replace").decode("utf-8", "replace")).path


def rdf_response(iri: str, media_type: str) -> Response:
    triples = description_triples(state().store, iri)
    fmt = RDF_MEDIA_TYPES[media_type]
    body = ox.serialize(triples, format=fmt, prefixes=PREFIXES if fmt == ox.RdfFormat.TURTLE else None)
    return Response(body, mimetype=media_type)


def provenance_of(outgoing) -> dict | None:
    values = {link.predicate: link.value.value for link in outgoing if link.predicate in PROVENANCE}
    if PROVENANCE[0] not in values:
        return None
    documents = [link.value.value for link in outgoing
                 if link.predicate == expand("prov:wasDerivedFrom") and isinstance(link.value, ox.NamedNode)]
    return {"text": values[PROVENANCE[0]], "start": values.get(PROVENANCE[1]), "end": values.get(PROVENANCE[2]),
            "documents": documents}


def render_entity(iri: str):
    try:
        ox.NamedNode(iri)
    except ValueError:
        abort(400, "not a valid IRI")
    description = describe(state().store, iri)
    if not description.exists:
        abort(404, f"nothing is known about {iri}")
    media_type = requested_media_type()
    if media_type != "text/html":
        response = rdf_response(iri, media_type)
    else:
        properties = [(predicate, [link.value for link in links]) for predicate, links in
                      groupby([l for l in description.outgoing if l.predicate not in PROVENANCE],
                              key=lambda l: l.predicate)]
        incoming = [(predicate, [s for s, _ in rows]) for predicate, rows in
                    groupby(description.incoming, key=lambda row: row[1])]
        response = Response(render_template(
            "entity.html", entity=state().index.get(iri), description=description, properties=properties,
            incoming=incoming, provenance=provenance_of(description.outgoing)))
    response.vary.add("Accept")
    return response


@bp.route("/id/<path:rest>")
def by_own_path(rest: str):
    path = raw_request_path()
    marker = "/id/"
    raw_rest = path[path.index(marker) + len(marker):] if marker in path else rest
    return render_entity(iri_from_local_path(raw_rest, state().settings.base_iri))


@bp.route("/resource")
def by_iri():
    iri = request.args.get("iri", "").strip()
    if not iri:
        abort(400, "give the resource as ?iri=")
    return render_entity(canonical_iri(iri, state().settings.base_iri))


@bp.app_template_filter("predicate_label")
def predicate_label(iri: str) -> str:
    entity = state().index.get(iri)
    return entity.label if entity.labels else compact(iri)
