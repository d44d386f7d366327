"""The SHACL validation report of the exported graph against ontology/shapes.ttl.

shacl-report.ttl is the report as RDF (sh:ValidationReport) for tools, with content-derived blank
node labels and sorted statements; shacl-report.txt is the core validator's readable summary
(graph_builder.validate.format_report). pySHACL runs once, with the core validator's settings.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import rdflib
from pyshacl import validate as shacl_validate

from graph_builder.validate import format_report, load_graph
from graph_builder.vocab import ONTOLOGY_TTL, SHAPES_TTL

from .context import ExportContext
from .source import PREFIXES, relabel_blank_nodes
from .writing import atomic_output

SH = "http://www.w3.org/ns/shacl#"


def write_shacl_report(ctx: ExportContext, out_dir: Path) -> list[Path]:
    if not Path(SHAPES_TTL).exists():
        return []
    data = rdflib.Graph().parse(data=ctx.build.merged_ntriples, format="nt")
    shapes = load_graph(SHAPES_TTL)
    conforms, results, _ = shacl_validate(data, shacl_graph=shapes, ont_graph=load_graph(ONTOLOGY_TTL),
                                          inference="none", allow_warnings=True, advanced=True)
    turtle, text = out_dir / "shacl-report.ttl", out_dir / "shacl-report.txt"
    with atomic_output(turtle) as out:
        ox.serialize(sorted_report(results), out, format=ox.RdfFormat.TURTLE, prefixes={**PREFIXES, "sh": SH})
    with atomic_output(text) as out:
        out.write(format_report(conforms, results, data, shapes).encode("utf-8") + b"\n")
    return [turtle, text]


def sorted_report(results: rdflib.Graph) -> list[ox.Triple]:
    triples = ox.parse(results.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return sorted(relabel_blank_nodes(triples), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
