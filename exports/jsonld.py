"""Compact sorted triples into JSON-LD node objects with a given context.

Only term definitions whose meaning is unambiguous on expansion are used (plain IRI terms,
``@type`` coercion to ``@id`` or a datatype, a ``@language``); anything else falls back to a
compact IRI or the full IRI, so the document always expands to exactly the exported triples.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from .source import RDF_TYPE

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
GEN_DELIMS = tuple(":/?#[]@")


def load_context(path: Path | None, prefixes: dict[str, str]) -> dict:
    """The ``@context`` object of a context file, or one made of the prefixes."""
    if path is None:
        return dict(sorted(prefixes.items()))
    document = json.loads(path.read_text(encoding="utf-8"))
    return document.get("@context", document)


@dataclass(frozen=True)
class Term:
    name: str
    iri: str
    coercion: str | None = None  # "@id", a datatype IRI, or None
    language: str | None = None


class Compactor:
    def __init__(self, context: dict) -> None:
        self.prefixes: dict[str, str] = {}
        self.terms_by_iri: dict[str, list[Term]] = {}
        self.default_language = context.get("@language")
        self._read(context)

    def _read(self, context: dict) -> None:
        simple = {k: v for k, v in context.items() if not k.startswith("@") and isinstance(v, str)}
        for name, value in sorted(simple.items()):
            iri = self._expand_with(value, simple)
            if iri.endswith(GEN_DELIMS):
                self.prefixes[name] = iri
            self._add(Term(name, iri))
        for name, value in sorted(context.items()):
            if name.startswith("@") or not isinstance(value, dict) or ":" in name:
                continue
            term = self._term_from_definition(name, value, simple)
            if term is not None:
                self._add(term)

    def _term_from_definition(self, name: str, value: dict, simple: dict) -> Term | None:
        allowed = {"@id", "@type", "@language", "@container"}
        if set(value) - allowed or value.get("@container", "@set") != "@set" or "@id" not in value:
            return None
        coercion = value.get("@type")
        if coercion == "@vocab":
            return None
        if coercion not in (None, "@id"):
            coercion = self._expand_with(coercion, simple)
        language = value.get("@language")
        if language is not None and coercion is not None:
            return None
        return Term(name, self._expand_with(value["@id"], simple), coercion,
                    language.lower() if isinstance(language, str) else None)

    def _add(self, term: Term) -> None:
        self.terms_by_iri.setdefault(term.iri, []).append(term)

    @staticmethod
    def _expand_with(value: str, simple: dict) -> str:
        prefix, _, suffix = value.partition(":")
        if suffix and not suffix.startswith("//") and prefix in simple:
            return simple[prefix] + suffix
        return value

    # --- output -------------------------------------------------------------------------

    def nodes(self, triples: Iterable[ox.Triple]) -> Iterator[dict]:
        """One node object per subject; the triples must be grouped by subject."""
        for subject, group in groupby(triples, key=lambda t: t.subject):
            yield self.node(subject, list(group))

    def node(self, subject, triples: list[ox.Triple]) -> dict:
        node: dict = {"@id": _id(subject)}
        types = [self.compact_iri(t.object.value) for t in triples
                 if t.predicate == RDF_TYPE and isinstance(t.object, ox.NamedNode)]
        if types:
            node["@type"] = types
        for triple in triples:
            if triple.predicate == RDF_TYPE and isinstance(triple.object, ox.NamedNode):
                continue
            key, value = self.property_value(triple.predicate.value, triple.object)
            node.setdefault(key, []).append(value)
        return node

    def property_value(self, predicate: str, obj) -> tuple[str, object]:
        for term in self.terms_by_iri.get(predicate, ()):
            value = self._coerced_value(term, obj)
            if value is not None:
                return term.name, value
        return self.compact_iri(predicate), _value_object(obj)

    def _coerced_value(self, term: Term, obj):
        if term.coercion == "@id":
            return _id(obj) if not isinstance(obj, ox.Literal) else None
        if not isinstance(obj, ox.Literal):
            return None
        if term.coercion is not None:
            return obj.value if obj.datatype.value == term.coercion else None
        if term.language is not None:
            return obj.value if obj.language == term.language else None
        if obj.datatype.value == XSD_STRING and obj.language is None and self.default_language is None:
            return obj.value
        return _value_object(obj)

    def compact_iri(self, iri: str) -> str:
        for term in self.terms_by_iri.get(iri, ()):
            if term.coercion is None and term.language is None:
                return term.name
        best = ""
        for name, prefix in self.prefixes.items():
            if iri.startswith(prefix) and len(prefix) > len(self.prefixes.get(best, "")):
                suffix = iri[len(prefix):]
                if suffix and not suffix.startswith("//"):
                    best = name
        return f"{best}:{iri[len(self.prefixes[best]):]}" if best else iri


def _id(term) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _value_object(obj) -> dict:
    if not isinstance(obj, ox.Literal):
        return {"@id": _id(obj)}
    if obj.language is not None:
        return {"@value": obj.value, "@language": obj.language}
    if obj.datatype.value == XSD_STRING:
        return {"@value": obj.value}
    return {"@value": obj.value, "@type": obj.datatype.value}
