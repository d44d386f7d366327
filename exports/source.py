"""Read-only access to a built data directory, with the graph in a stable order.

Every export reads the issue graphs through ``Build``, which sorts statements and gives blank
nodes labels computed from their neighbourhood, so the same store gives the same bytes.
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from graph_builder.vocab import ONTOLOGY_GRAPH as VOCAB_ONTOLOGY_GRAPH
from graph_builder.vocab import PREFIXES

ONTOLOGY_GRAPH = ox.NamedNode(VOCAB_ONTOLOGY_GRAPH)
RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")


class ExportError(Exception):
    """A data directory that cannot be exported (missing store, unreadable build.json …)."""


@dataclass
class Build:
    data_dir: Path
    store: ox.Store
    metadata: dict = field(default_factory=dict)

    @cached_property
    def issue_graphs(self) -> list[ox.NamedNode]:
        names = (g for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))
        return sorted((g for g in names if g != ONTOLOGY_GRAPH), key=lambda g: g.value)

    @cached_property
    def has_ontology_graph(self) -> bool:
        return self.store.contains_named_graph(ONTOLOGY_GRAPH)

    @property
    def base_iri(self) -> str:
        return self.metadata.get("base_iri") or "https://w3id.org/govkg/id/"

    def graph_ntriples(self, graph: ox.NamedNode) -> bytes:
        """One named graph as sorted canonical N-Triples."""
        return sorted_ntriples([self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph)])

    @cached_property
    def merged_ntriples(self) -> bytes:
        """All issue graphs merged (ontology excluded): sorted, duplicates removed."""
        dumps = [self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) for g in self.issue_graphs]
        return sorted_ntriples(dumps)

    def merged_triples(self) -> Iterator[ox.Triple]:
        return ox.parse(self.merged_ntriples, format=ox.RdfFormat.N_TRIPLES)

    @property
    def triple_count(self) -> int:
        return self.merged_ntriples.count(b"\n")

    def query(self, sparql: str) -> ox.QuerySolutions:
        """A SELECT over the merged issue graphs (exactly: for counts)."""
        return self.store.query(sparql, default_graph=list(self.issue_graphs) or [ox.DefaultGraph()],
                                prefixes=PREFIXES)

    def query_instances(self, sparql: str) -> ox.QuerySolutions:
        """A SELECT over all graphs as one: ten times faster than a list of default graphs.

        Only for queries that start from instances of the data's classes, which the ontology
        graph has none of; results may repeat rows (callers merge them).
        """
        return self.store.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES)


def open_build(data_dir: str | Path) -> Build:
    data_dir = Path(data_dir)
    store_dir = data_dir / "store"
    if not store_dir.is_dir():
        raise ExportError(f"{data_dir}: no store/ directory (build the graph first)")
    try:
        store = ox.Store.read_only(str(store_dir))
    except OSError as error:
        raise ExportError(f"{store_dir}: cannot open the store read-only: {error}") from error
    return Build(data_dir, store, read_metadata(data_dir))


def read_metadata(data_dir: Path) -> dict:
    path = data_dir / "build.json"
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise ExportError(f"{path}: not valid JSON: {error}") from error


def sorted_ntriples(dumps: Iterable[bytes]) -> bytes:
    """Merge N-Triples dumps into one sorted, duplicate-free document.

    Sorting the lines keeps all statements of a subject together (they share the line prefix),
    which the Turtle serializer turns into ``;`` groups.
    """
    lines: set[bytes] = set()
    for dump in dumps:
        lines.update(dump.splitlines())
    lines.discard(b"")
    if any(b"_:" in line for line in lines):
        return canonical_ntriples(lines)
    return b"".join(line + b"\n" for line in sorted(lines))


def canonical_ntriples(lines: Iterable[bytes]) -> bytes:
    data = b"\n".join(lines) + b"\n"
    triples = relabel_blank_nodes(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    out = {ox.serialize([t], format=ox.RdfFormat.N_TRIPLES) for t in triples}
    return b"".join(sorted(out))


def relabel_blank_nodes(statements: Iterable[ox.Triple | ox.Quad]) -> list:
    """Replace blank node labels by hashes of their neighbourhood (iterated until stable).

    Store labels are random per build; these depend only on the data, so two builds of the
    same input serialize identically. Nodes still alike after refinement are interchangeable.
    """
    statements = list(statements)
    blanks = {t for s in statements for t in (s.subject, s.object) if isinstance(t, ox.BlankNode)}
    colour = {b: "" for b in blanks}
    for _ in range(len(blanks) + 1):
        refined = _refine(statements, colour)
        stable = len(set(refined.values())) == len(set(colour.values()))
        colour = refined
        if stable:
            break
    labels = _unique_labels(colour)
    return [_rename(s, labels) for s in statements]


def _refine(statements: list, colour: dict) -> dict:
    def name(term) -> str:
        return "_:" + colour[term] if isinstance(term, ox.BlankNode) else str(term)

    signature = defaultdict(list)
    for s in statements:
        graph = str(s.graph_name) if isinstance(s, ox.Quad) else ""
        if s.subject in colour:
            signature[s.subject].append(f"> {s.predicate} {name(s.object)} {graph}")
        if s.object in colour:
            signature[s.object].append(f"< {name(s.subject)} {s.predicate} {graph}")
    return {b: hashlib.sha256("\n".join(sorted(signature[b])).encode()).hexdigest()[:32] for b in colour}


def _unique_labels(colour: dict) -> dict:
    seen: dict[str, int] = defaultdict(int)
    labels = {}
    for blank, c in sorted(colour.items(), key=lambda item: item[1]):
        seen[c] += 1
        labels[blank] = ox.BlankNode(f"b{c}" if seen[c] == 1 else f"b{c}x{seen[c]}")
    return labels


def _rename(statement, labels: dict):
    subject = labels.get(statement.subject, statement.subject)
    obj = labels.get(statement.object, statement.object)
    if isinstance(statement, ox.Quad):
        return ox.Quad(subject, statement.predicate, obj, statement.graph_name)
    return ox.Triple(subject, statement.predicate, obj)
