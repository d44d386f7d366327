"""Read-only access to a built graph for the pages: labels, search, entity descriptions, neighbourhoods.

Everything here runs our own bounded queries on the main process's read-only store; user SPARQL goes
through web.query_pool instead.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from graph_builder.vocab import ONTOLOGY_GRAPH as VOCAB_ONTOLOGY_GRAPH
from graph_builder.vocab import PREFIXES

ONTOLOGY_GRAPH = str(VOCAB_ONTOLOGY_GRAPH)
RDF_TYPE = PREFIXES["rdf"] + "type"

# Label predicates in the order a display label is chosen from them.
LABEL_PREDICATES = ["skos:prefLabel", "foaf:name", "rdfs:label", "dcterms:title", "gkg:indicator",
                    "dcterms:identifier", "skos:altLabel"]
SEARCHABLE_PREDICATES = ["skos:prefLabel", "skos:altLabel", "rdfs:label", "dcterms:title", "foaf:name",
                         "dcterms:identifier", "gkg:indicator"]
PROVENANCE_PREDICATES = ["gkg:sourceText", "gkg:charStart", "gkg:charEnd"]


def expand(curie: str) -> str:
    prefix, local = curie.split(":", 1)
    return PREFIXES[prefix] + local


def compact(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and "/" not in iri[len(namespace):]:
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def sparql_prologue() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def open_read_only(data_dir: Path) -> ox.Store:
    store_dir = Path(data_dir) / "store"
    if not store_dir.is_dir():
        raise FileNotFoundError(f"no built graph at {store_dir} (run the build first)")
    return ox.Store.read_only(str(store_dir))


def read_build_report(data_dir: Path) -> dict:
    path = Path(data_dir) / "build.json"
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def term_value(term) -> str:
    return term.value if term is not None else ""


def bound_term(value) -> ox.NamedNode | ox.Literal:
    return value if isinstance(value, (ox.NamedNode, ox.Literal)) else ox.NamedNode(value)


def select(store: ox.Store, query: str, **bindings) -> list[dict]:
    """Runs one of our own SELECT queries; each ?name in `bindings` is replaced by that IRI or literal.

    The terms are written in their N-Triples form, which pyoxigraph has validated and escaped, so a
    value taken from a request cannot change the query (pyoxigraph's own substitutions refuse
    variables that are not projected, which is exactly where ours sit).
    """
    for name, value in bindings.items():
        query = re.sub(rf"\?{name}\b", lambda _: str(bound_term(value)), query)
    solutions = store.query(sparql_prologue() + query, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{name: row[name] for name in names} for row in solutions]


@dataclass
class Entity:
    iri: str
    labels: dict[str, list[str]] = field(default_factory=dict)  # curie -> values
    types: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        for predicate in LABEL_PREDICATES:
            values = self.labels.get(predicate)
            if values:
                return values[0]
        return self.iri.rsplit("/", 1)[-1] or self.iri

    @property
    def aliases(self) -> list[str]:
        main = self.label
        seen = []
        for predicate in SEARCHABLE_PREDICATES:
            for value in self.labels.get(predicate, []):
                if value != main and value not in seen:
                    seen.append(value)
        return seen

    @property
    def kind(self) -> str:
        """The most specific project type, for colouring and filtering."""
        for preferred in ("gkg:LeadingGroup", "gkg:Program", "gkg:Task", "gkg:Target", "gkg:Appointment",
                          "gkg:Dismissal", "gkg:Confirmation", "gkg:Document", "gkg:GazetteIssue",
                          "org:Organization", "foaf:Person", "org:Post", "org:Membership", "org:Role"):
            if preferred in self.types:
                return preferred
        return self.types[0] if self.types else ""


class LabelIndex:
    """Every labelled resource with its labels and types, kept in memory for search and display."""

    def __init__(self, store: ox.Store):
        self.entities: dict[str, Entity] = {}
        self._load_labels(store)
        self._load_types(store)

    def _entity(self, iri: str) -> Entity:
        if iri not in self.entities:
            self.entities[iri] = Entity(iri)
        return self.entities[iri]

    def _load_labels(self, store: ox.Store) -> None:
        values = " ".join(f"({p})" for p in SEARCHABLE_PREDICATES)
        rows = select(store, f"SELECT DISTINCT ?s ?p ?l WHERE {{ VALUES (?p) {{ {values} }} ?s ?p ?l . "
                             "FILTER(isIRI(?s) && isLiteral(?l)) }")
        # zh labels first so a Chinese label is preferred over an English one
        rows.sort(key=lambda r: (not r["l"].language or not r["l"].language.startswith("zh"),
                                 r["l"].language != "en" if r["l"].language else False))
        for row in rows:
            labels = self._entity(row["s"].value).labels.setdefault(compact(row["p"].value), [])
            if row["l"].value not in labels:
                labels.append(row["l"].value)

    def _load_types(self, store: ox.Store) -> None:
        for row in select(store, "SELECT DISTINCT ?s ?t WHERE { ?s a ?t . FILTER(isIRI(?s)) }"):
            types = self._entity(row["s"].value).types
            type_name = compact(row["t"].value)
            if type_name not in types:
                types.append(type_name)

    def get(self, iri: str) -> Entity:
        return self.entities.get(iri) or Entity(iri)

    def label(self, iri: str) -> str:
        return self.get(iri).label

    def type_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for entity in self.entities.values():
            if entity.kind:
                counts[entity.kind] = counts.get(entity.kind, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


@dataclass
class SearchHit:
    entity: Entity
    matched: str
    rank: int  # 0 exact, 1 prefix, 2 substring


def match_rank(needle: str, label: str) -> int | None:
    folded_needle, folded_label = needle.casefold(), label.casefold()
    if folded_label == folded_needle:
        return 0
    if folded_label.startswith(folded_needle):
        return 1
    if folded_needle in folded_label:
        return 2
    return None


def search(index: LabelIndex, text: str, type_filter: str = "", limit: int = 50) -> list[SearchHit]:
    needle = " ".join(text.split())
    if not needle:
        return []
    hits = []
    for entity in index.entities.values():
        if type_filter and type_filter not in entity.types:
            continue
        best = None
        for predicate in SEARCHABLE_PREDICATES:
            for label in entity.labels.get(predicate, []):
                rank = match_rank(needle, label)
                if rank is not None and (best is None or rank < best.rank):
                    best = SearchHit(entity, label, rank)
        if best:
            hits.append(best)
    hits.sort(key=lambda h: (h.rank, len(h.entity.label), h.entity.label, h.entity.iri))
    return hits[:limit]


@dataclass
class Link:
    predicate: str
    value: ox.NamedNode | ox.Literal | ox.BlankNode


@dataclass
class Description:
    iri: str
    outgoing: list[Link]
    incoming: list[tuple[str, str]]  # (subject iri, predicate iri)
    incoming_total: int
    graphs: list[str]

    @property
    def exists(self) -> bool:
        return bool(self.outgoing or self.incoming)


def describe(store: ox.Store, iri: str, incoming_limit: int = 300) -> Description:
    node = ox.NamedNode(iri)
    outgoing = [Link(r["p"].value, r["o"]) for r in
                select(store, "SELECT DISTINCT ?p ?o WHERE { ?s ?p ?o } ORDER BY ?p ?o", s=node)]
    incoming_rows = select(store, "SELECT DISTINCT ?s ?p WHERE { ?s ?p ?o FILTER(isIRI(?s)) } ORDER BY ?p ?s "
                                  f"LIMIT {incoming_limit}", o=node)
    total = select(store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p WHERE { ?s ?p ?o } }", o=node)
    graphs = [r["g"].value for r in select(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g",
                                           s=node)]
    return Description(iri, outgoing, [(r["s"].value, r["p"].value) for r in incoming_rows],
                       int(total[0]["n"].value) if total else 0, graphs)


def description_triples(store: ox.Store, iri: str) -> list[ox.Triple]:
    """The triples about a resource (subject or object), for its Turtle / JSON-LD / N-Triples form."""
    node = ox.NamedNode(iri)
    triples = list(store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True,
                               substitutions={ox.Variable("s"): node}))
    triples += list(store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True,
                                substitutions={ox.Variable("o"): node}))
    return sorted(set(triples), key=str)


@dataclass
class Neighbour:
    iri: str
    predicate: str
    direction: str  # "out" or "in"


def neighbours(store: ox.Store, iri: str) -> list[Neighbour]:
    """IRI-valued neighbours of a resource in both directions, types and the ontology left out."""
    node = ox.NamedNode(iri)
    query = ("SELECT DISTINCT ?n ?p ?dir WHERE { { ?s ?p ?n BIND(\"out\" AS ?dir) } UNION "
             "{ ?n ?p ?s BIND(\"in\" AS ?dir) } FILTER(isIRI(?n) && ?p != rdf:type && ?n != ?s) } ORDER BY ?p ?n")
    return [Neighbour(r["n"].value, r["p"].value, r["dir"].value) for r in select(store, query, s=node)]
