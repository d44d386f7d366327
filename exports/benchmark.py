"""Export speed on a store made bigger by replicating a build with renamed IRIs.

    python -m exports.benchmark --data var --copies 50 [--work /tmp/govkg-bench] [--rdflib]

Prints seconds per million triples for each writer (and for rdflib's serializers on the same
triples with --rdflib), so the figures in docs/EXPORTS.md can be re-measured.
"""
from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from . import export
from .source import ONTOLOGY_GRAPH, open_build

TIMED_WRITERS = ("nt", "ttl", "trig", "nq", "jsonld")


def replicate(data_dir: Path, target: Path, copies: int) -> int:
    """A data dir with ``copies`` renamed copies of every issue graph; returns the quad count."""
    build = open_build(data_dir)
    base = build.base_iri
    store = ox.Store(str(target / "store"))
    for quad in build.store.quads_for_pattern(None, None, None, ONTOLOGY_GRAPH):
        store.add(quad)
    for copy in range(copies):
        rename = lambda t: ox.NamedNode(t.value.replace(base, f"{base}copy{copy}/", 1)) \
            if isinstance(t, ox.NamedNode) and t.value.startswith(base) else t  # noqa: E731
        store.extend(ox.Quad(rename(q.subject), q.predicate, rename(q.object), rename(q.graph_name))
                     for graph in build.issue_graphs
                     for q in build.store.quads_for_pattern(None, None, None, graph))
    store.flush()
    count = len(store)
    del store
    metadata = dict(build.metadata, base_iri=base)
    (target / "build.json").write_text(json.dumps(metadata, ensure_ascii=False))
    return count


def rdflib_seconds(ntriples: Path) -> dict[str, float]:
    import rdflib

    graph = rdflib.Graph()
    started = time.perf_counter()
    graph.parse(ntriples, format="nt")
    seconds = {"rdflib parse nt": time.perf_counter() - started}
    for fmt in ("nt", "turtle", "json-ld"):
        started = time.perf_counter()
        graph.serialize(format=fmt, encoding="utf-8")
        seconds[f"rdflib {fmt}"] = time.perf_counter() - started
    return seconds


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m exports.benchmark")
    parser.add_argument("--data", default="var")
    parser.add_argument("--copies", type=int, default=50)
    parser.add_argument("--work", help="scratch directory (default: a temporary one, removed after)")
    parser.add_argument("--only", default=",".join(TIMED_WRITERS), help="writers to time")
    parser.add_argument("--rdflib", action="store_true", help="also time rdflib's serializers")
    args = parser.parse_args(argv)
    work = Path(args.work or tempfile.mkdtemp(prefix="govkg-bench-"))
    try:
        data, out = work / "data", work / "out"
        data.mkdir(parents=True, exist_ok=True)
        replicate(Path(args.data), data, args.copies)
        report = export(data, out, only=args.only.split(","), catalog=False)
        million = report.triples / 1e6
        print(f"{report.triples} triples ({args.copies} copies)")
        for name, seconds in report.seconds.items():
            print(f"{name:16} {seconds:8.2f} s  {seconds / million:8.2f} s per million triples")
        if args.rdflib:
            for name, seconds in rdflib_seconds(out / "graph.nt").items():
                print(f"{name:16} {seconds:8.2f} s  {seconds / million:8.2f} s per million triples")
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
