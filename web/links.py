"""Where an IRI is shown in this app, and the template helpers that display IRIs and terms."""
from __future__ import annotations

from urllib.parse import quote, unquote, urlencode

import pyoxigraph as ox
from flask import Flask

from web.kg import PREFIXES, compact, expand
from web.state import state


def local_path(iri: str, base_iri: str) -> str:
    """The app path for an IRI: its own path under the base, else /resource?iri=."""
    if iri.startswith(base_iri):
        return "/id/" + iri[len(base_iri):]
    return "/resource?" + urlencode({"iri": iri})


def iri_from_local_path(rest: str, base_iri: str) -> str:
    """The IRI a request path under /id/ names: each segment percent-encoded as rdf.py mints them."""
    return base_iri + "/".join(quote(unquote(segment), safe="") for segment in rest.split("/"))


def canonical_iri(iri: str, base_iri: str) -> str:
    """An IRI under the base as rdf.py writes it, whether it was given percent-encoded or in Chinese."""
    if iri.startswith(base_iri):
        return iri_from_local_path(iri[len(base_iri):], base_iri)
    return iri


def entity_url(iri: str) -> str:
    return local_path(iri, state().settings.base_iri)


def label(iri: str) -> str:
    return state().index.label(iri)


def type_label(curie: str) -> str:
    """A class or property named as a CURIE, labelled from the ontology when it is loaded."""
    iri = expand(curie) if curie.split(":", 1)[0] in PREFIXES else curie
    entity = state().index.get(iri)
    return entity.label if entity.labels else curie


def short_title(title: str) -> str:
    """关于印发X的通知 -> X: the programme a covering notice publishes, for narrow places like table heads."""
    if "关于印发" in title:
        title = title.split("关于印发", 1)[1]
        title = title[:-len("的通知")] if title.endswith("的通知") else title
    return title


def term_kind(term) -> str:
    if isinstance(term, ox.NamedNode):
        return "iri"
    if isinstance(term, ox.BlankNode):
        return "bnode"
    return "literal"


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.globals.update(entity_url=entity_url, label=label, curie=compact, term_kind=term_kind,
                                type_label=type_label,
                               short_title=short_title)
    app.jinja_env.filters.update(entity_url=entity_url, label=label, curie=compact, type_label=type_label,
                               short_title=short_title)
