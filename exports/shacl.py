"""shacl-report.ttl: the SHACL validation report of the exported graph against ontology/shapes.ttl.

The report is an RDF graph (sh:ValidationReport) so portals and tools can read it; its blank nodes
get content-derived labels and its statements are sorted, like every other export.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import rdflib
from pyshacl import validate as shacl_validate

from .context import ExportContext
from .rdf import _ontology_file
from .source import PREFIXES, relabel_blank_nodes
from .writing import atomic_output

SH = "http://www.w3.org/ns/shacl#"


def write_shacl_report(ctx: ExportContext, out_dir: Path) -> list[Path]:
    shapes = _ontology_file("shapes.ttl")
    if shapes is None:
        return []
    path = out_dir / "shacl-report.ttl"
    report = validation_report(ctx.build.merged_ntriples, shapes)
    triples = relabel_blank_nodes(report)
    ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    with atomic_output(path) as out:
        ox.serialize(ordered, out, format=ox.RdfFormat.TURTLE, prefixes={**PREFIXES, "sh": SH})
    return [path]


def validation_report(ntriples: bytes, shapes: Path) -> list[ox.Triple]:
    data = rdflib.Graph()
    data.parse(data=ntriples, format="nt")
    ontology = _ontology_file("govkg.ttl")
    _, results, _ = shacl_validate(
        data, shacl_graph=str(shapes), shacl_graph_format="turtle",
        ont_graph=str(ontology) if ontology else None, ont_graph_format="turtle",
        inference="none", allow_warnings=True)
    text = results.serialize(format="nt", encoding="utf-8")
    return list(ox.parse(text, format=ox.RdfFormat.N_TRIPLES))
