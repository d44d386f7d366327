"""Read-only access to a built data directory, with the graph in a stable order.

Every export reads the issue graphs through ``Build``, which merges them in an order that depends
only on the content (``merged_store``: Oxigraph's order, for graph.ttl) or sorts statements, and gives
blank nodes labels computed from their neighbourhood, so the same store gives the same bytes.
"""
from __future__ import annotations

import hashlib
import json
import mmap
import os
import tempfile
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
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
    def merged_store(self) -> ox.Store | None:
        """All issue graphs merged (ontology excluded) into the default graph of an in-memory store,
        which removes duplicates; None when the graphs hold blank nodes (see below).

        No Python per statement: each graph is dumped as N-Triples by Oxigraph, in threads (reading
        the on-disk store is most of the cost), and loaded in graph order into the in-memory store,
        which keeps statements in the order they were first inserted. That order depends only on the content (sorted graph names; each graph in the on-disk
        store's key order, keyed by term values and fixed hashes), so the same data gives the same
        bytes from any build or process. Blank nodes are the exception: their store labels are
        random, so then every writer takes the sorted, relabelled N-Triples instead.
        """
        merged = ox.Store()
        for path in _graph_dumps(self.store, self.issue_graphs):
            if _has_blank_node(path):
                return None
            merged.load(path=str(path), format=ox.RdfFormat.N_TRIPLES, lenient=True)  # valid: from a store
        return merged

    @cached_property
    def merged_ntriples(self) -> bytes:
        """All issue graphs merged (ontology excluded): sorted, duplicates removed."""
        if self.merged_store is not None:
            lines = self.merged_store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
            return b"".join(line + b"\n" for line in sorted(lines.splitlines()))
        dumps = [self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) for g in self.issue_graphs]
        return sorted_ntriples(dumps)

    def merged_triples(self) -> Iterator[ox.Triple]:
        return ox.parse(self.merged_ntriples, format=ox.RdfFormat.N_TRIPLES)

    def write_merged(self, output, format: ox.RdfFormat) -> None:
        """The merged graph in an RDF triple format, with PREFIXES where it has prefixes: Oxigraph
        dumps the in-memory merged store (order as in ``merged_store``); with blank nodes, the
        sorted and relabelled N-Triples are serialized instead."""
        if self.merged_store is not None:
            self.merged_store.dump(output, format, from_graph=ox.DefaultGraph(), prefixes=PREFIXES)
        else:
            ox.serialize(self.merged_triples(), output, format=format, prefixes=PREFIXES)

    @property
    def triple_count(self) -> int:
        if self.merged_store is not None:
            return len(self.merged_store)
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


def _graph_dumps(store: ox.Store, graphs: list, batch: int | None = None) -> Iterator[Path]:
    """N-Triples files of ``graphs``, in that order, each deleted once the consumer moves on.

    Oxigraph writes a batch of them at a time from a few threads (a dump into a file path runs
    mostly without the GIL: two threads halve the time on two cores), then hands them over; the
    consumer's loads run between batches, not beside them, since a load holds the GIL for much of
    its time and would stall the dumps. The disk holds one batch, not the corpus.
    """
    workers = max(1, min(8, os.cpu_count() or 1))
    batch = batch or 4 * workers
    with tempfile.TemporaryDirectory(prefix="govkg-export-") as tmp, \
            ThreadPoolExecutor(max_workers=workers, thread_name_prefix="export-dump") as pool:
        def dump(index: int, graph) -> Path:
            path = Path(tmp) / f"{index}.nt"
            store.dump(str(path), ox.RdfFormat.N_TRIPLES, from_graph=graph)
            return path

        for start in range(0, len(graphs), batch):
            futures = [pool.submit(dump, start + i, g) for i, g in enumerate(graphs[start:start + batch])]
            paths = [future.result() for future in futures]
            for path in paths:
                yield path
                path.unlink()


def _has_blank_node(path: Path) -> bool:
    """Whether an N-Triples file may hold a blank node ("_:" inside a literal also says yes: the
    slow path is right either way)."""
    if path.stat().st_size == 0:
        return False
    with path.open("rb") as data, mmap.mmap(data.fileno(), 0, access=mmap.ACCESS_READ) as view:
        return view.find(b"_:") != -1


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
