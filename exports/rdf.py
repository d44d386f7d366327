"""RDF distributions: Turtle, N-Triples, N-Quads, TriG, JSON-LD, and the ontology files.

Oxigraph serializes; ordering comes from ``Build`` (graph.ttl: Oxigraph's dump of the merged
in-memory store, in an order that depends only on the content; the others: sorted N-Triples lines),
so output is stable.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyoxigraph as ox

from .context import ExportContext
from .jsonld import Compactor, load_context
from .source import ONTOLOGY_GRAPH, PREFIXES, relabel_blank_nodes
from .writing import atomic_output

REPO_ONTOLOGY_DIR = Path(__file__).resolve().parent.parent / "ontology"


def write_turtle(ctx: ExportContext, out_dir: Path) -> list[Path]:
    path = out_dir / "graph.ttl"
    with atomic_output(path) as out:
        ctx.build.write_merged(out, ox.RdfFormat.TURTLE)
    return [path]


def write_ntriples(ctx: ExportContext, out_dir: Path) -> list[Path]:
    path = out_dir / "graph.nt"
    with atomic_output(path) as out:
        out.write(ctx.build.merged_ntriples)
    return [path]


def write_trig(ctx: ExportContext, out_dir: Path) -> list[Path]:
    path = out_dir / "graph.trig"
    with atomic_output(path) as out:
        ox.serialize(_issue_quads(ctx), out, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    return [path]


def write_nquads(ctx: ExportContext, out_dir: Path) -> list[Path]:
    path = out_dir / "graph.nq"
    with atomic_output(path) as out:
        ox.serialize(_issue_quads(ctx), out, format=ox.RdfFormat.N_QUADS)
    return [path]


def _issue_quads(ctx: ExportContext):
    for graph in ctx.build.issue_graphs:
        for triple in ox.parse(ctx.build.graph_ntriples(graph), format=ox.RdfFormat.N_TRIPLES):
            yield ox.Quad(triple.subject, triple.predicate, triple.object, graph)


def write_jsonld(ctx: ExportContext, out_dir: Path) -> list[Path]:
    """JSON-LD compacted with the ontology's context (embedded, so the file stands alone)."""
    path = out_dir / "graph.jsonld"
    context = jsonld_context()
    compactor = Compactor(context)
    with atomic_output(path) as out:
        out.write(b'{\n"@context": ')
        out.write(json.dumps(context, ensure_ascii=False, indent=1).encode())
        out.write(b',\n"@graph": [')
        separator = b"\n"
        for node in compactor.nodes(ctx.build.merged_triples()):
            out.write(separator + json.dumps(node, ensure_ascii=False).encode())
            separator = b",\n"
        out.write(b"\n]\n}\n")
    return [path]


def write_ontology(ctx: ExportContext, out_dir: Path) -> list[Path]:
    """The ontology the build used (its named graph), or the repository's when the store has none."""
    path = out_dir / "ontology.ttl"
    if ctx.build.has_ontology_graph:
        triples = ctx.build.store.quads_for_pattern(None, None, None, ONTOLOGY_GRAPH)
        triples = relabel_blank_nodes(q.triple for q in triples)
        ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
        with atomic_output(path) as out:
            ox.serialize(ordered, out, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
        return [path]
    return _copy_ontology_file("govkg.ttl", path)


def write_shapes(ctx: ExportContext, out_dir: Path) -> list[Path]:
    return _copy_ontology_file("shapes.ttl", out_dir / "shapes.ttl")


def write_context(ctx: ExportContext, out_dir: Path) -> list[Path]:
    """The JSON-LD context graph.jsonld embeds: the ontology's, or one made of the prefixes."""
    path = out_dir / "context.jsonld"
    if _ontology_file("context.jsonld") is not None:
        return _copy_ontology_file("context.jsonld", path)
    with atomic_output(path) as out:
        out.write(json.dumps({"@context": jsonld_context()}, ensure_ascii=False, indent=2).encode() + b"\n")
    return [path]


def jsonld_context() -> dict:
    return load_context(_ontology_file("context.jsonld"), PREFIXES)


def _ontology_file(name: str) -> Path | None:
    path = REPO_ONTOLOGY_DIR / name
    return path if path.exists() else None


def _copy_ontology_file(name: str, target: Path) -> list[Path]:
    source = _ontology_file(name)
    if source is None:
        return []
    with atomic_output(target) as out, source.open("rb") as data:
        shutil.copyfileobj(data, out)
    return [target]
