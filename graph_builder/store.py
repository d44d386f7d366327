"""The on-disk graph: writing a build directory, swapping it in atomically, opening it.

Oxigraph is used natively (its own parsers and serializers, plain query strings): it is an order
of magnitude faster than going through rdflib's engine. ``open_dataset`` offers the rdflib view
(oxrdflib) for callers that need rdflib's API.
"""
from __future__ import annotations

import ctypes
import os
import shutil
from collections import Counter
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from .vocab import ONTOLOGY_GRAPH, ONTOLOGY_TTL, PREFIXES, RDF, compact

STORE_DIR = "store"
TURTLE_FILE = "graph.ttl"
TRIG_FILE = "graph.trig"
REPORT_FILE = "build.json"
SOURCES_DIR = "sources"

_RDF_TYPE = str(RDF.type)


def open_store(data_dir, read_only: bool = True) -> ox.Store:
    """The Oxigraph store of a built data directory (read-only unless asked)."""
    path = Path(data_dir) / STORE_DIR
    if not path.is_dir():
        raise FileNotFoundError(f"no store in {data_dir} (build it with: python -m graph_builder build)")
    return ox.Store.read_only(str(path)) if read_only else ox.Store(str(path))


def open_dataset(data_dir):
    """An rdflib Dataset over the built store (oxrdflib), for code that needs rdflib's API."""
    import rdflib
    from oxrdflib import OxigraphStore

    return rdflib.Dataset(store=OxigraphStore(store=open_store(data_dir)))


def build(paths, out_dir, *, base_iri=None, progress=True):
    """See graph_builder.pipeline.build (kept here too: the architecture names store.build)."""
    from .pipeline import build as run_build

    return run_build(paths, out_dir, base_iri=base_iri, progress=progress)


def _sort_key(quad: ox.Quad) -> tuple[str, str, str, str]:
    return (str(quad.graph_name), str(quad.subject), str(quad.predicate), str(quad.object))


def sorted_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The merged graph: distinct triples in a fixed order (subject, predicate, object)."""
    unique = {(q.subject, q.predicate, q.object) for q in quads}
    ordered = sorted(unique, key=lambda t: (str(t[0]), str(t[1]), str(t[2])))
    return [ox.Triple(s, p, o) for s, p, o in ordered]


def sorted_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    return sorted(set(quads), key=_sort_key)


def write_store(store_dir: Path, quads: list[ox.Quad]) -> None:
    """A new on-disk store holding the quads, and the ontology in its own named graph."""
    store = ox.Store(str(store_dir))
    store.bulk_extend(quads)
    store.bulk_load(path=str(ONTOLOGY_TTL), format=ox.RdfFormat.TURTLE,
                    to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
    store.optimize()
    store.flush()
    del store


def write_turtle(path: Path, quads: list[ox.Quad]) -> None:
    ox.serialize(sorted_triples(quads), str(path), ox.RdfFormat.TURTLE, prefixes=PREFIXES)


def write_trig(path: Path, quads: list[ox.Quad]) -> None:
    ox.serialize(sorted_quads(quads), str(path), ox.RdfFormat.TRIG, prefixes=PREFIXES)


def count_classes(quads: Iterable[ox.Quad]) -> dict[str, int]:
    """Distinct instances per class (compact names), over all graphs."""
    typed = {(q.subject, q.object.value) for q in quads if q.predicate.value == _RDF_TYPE}
    counts = Counter(compact(cls) for _, cls in typed)
    return dict(sorted(counts.items()))


# --- atomic swap -----------------------------------------------------------------------------

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2); False when the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def swap_in(new_dir: Path, out_dir: Path) -> None:
    """Put new_dir where out_dir is; the previous out_dir is deleted only once the new one is in place."""
    if not out_dir.exists():
        os.rename(new_dir, out_dir)
        return
    if _exchange(new_dir, out_dir):
        shutil.rmtree(new_dir, ignore_errors=True)  # new_dir now holds the previous build
        return
    previous = out_dir.with_name(new_dir.name + ".previous")
    os.rename(out_dir, previous)
    try:
        os.rename(new_dir, out_dir)
    except OSError:
        os.rename(previous, out_dir)
        raise
    shutil.rmtree(previous, ignore_errors=True)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def temp_prefix(out_dir: Path) -> str:
    return f".{out_dir.name}.build-"


def remove_abandoned_builds(out_dir: Path) -> list[Path]:
    """Temp dirs of builds whose process is gone (killed half-way) are deleted."""
    removed = []
    if not out_dir.parent.is_dir():
        return removed
    prefix = temp_prefix(out_dir)
    for candidate in out_dir.parent.glob(prefix + "*"):
        pid_text = candidate.name[len(prefix):].split("-", 1)[0]
        if pid_text.isdigit() and not _pid_alive(int(pid_text)):
            shutil.rmtree(candidate, ignore_errors=True)
            removed.append(candidate)
    return removed


_CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  GRAPH ?g { ?s a ?class }
  FILTER (?g != <%s>)
} GROUP BY ?class ORDER BY ?class
""" % ONTOLOGY_GRAPH


def graph_stats(data_dir) -> dict:
    """Quads per named graph and distinct instances per class, read from the store."""
    store = open_store(data_dir)
    graphs = {g.value: sum(1 for _ in store.quads_for_pattern(None, None, None, g))
              for g in sorted(store.named_graphs(), key=lambda g: g.value)}
    counts = {compact(row["class"].value): int(row["n"].value) for row in store.query(_CLASS_COUNTS)}
    return {"quads": sum(graphs.values()), "graphs": graphs, "counts": dict(sorted(counts.items()))}
