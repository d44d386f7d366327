"""SHACL validation of a built data directory against ontology/shapes.ttl (pySHACL).

The report groups results by shape and message and names each focus node with its label, so a
reader sees "document without a signing date: 3 × 忻政办发〔2023〕6号 …" rather than raw triples.
Warnings are reported but do not make the graph non-conforming.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import rdflib
from rdflib.namespace import SH

from .store import TURTLE_FILE
from .vocab import DCTERMS, FOAF, ONTOLOGY_TTL, RDFS, SHAPES_TTL, SKOS, compact

LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label, FOAF.name, DCTERMS.identifier, DCTERMS.title)
EXAMPLES_PER_GROUP = 5


def load_graph(path: Path) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(str(path), format="ox-turtle")
    return graph


def label_of(graph: rdflib.Graph, node) -> str:
    for prop in LABEL_PROPERTIES:
        value = graph.value(node, prop)
        if value is not None:
            return f"{value} <{node}>"
    return f"<{node}>"


def validate_graph(data: rdflib.Graph) -> tuple[bool, str]:
    from pyshacl import validate as shacl

    shapes = load_graph(SHAPES_TTL)
    ontology = load_graph(ONTOLOGY_TTL)
    conforms, results, _ = shacl(data, shacl_graph=shapes, ont_graph=ontology, inference="none",
                                 allow_warnings=True, advanced=True)
    return conforms, format_report(conforms, results, data, shapes)


def validate(data_dir) -> tuple[bool, str]:
    """(conforms, readable report) for DIR/graph.ttl."""
    path = Path(data_dir) / TURTLE_FILE
    if not path.is_file():
        raise FileNotFoundError(f"no {TURTLE_FILE} in {data_dir} (build it with: python -m graph_builder build)")
    return validate_graph(load_graph(path))


def _group_key(results: rdflib.Graph, result) -> tuple[str, str, str, str]:
    severity = compact(str(results.value(result, SH.resultSeverity) or SH.Violation)).split("#")[-1]
    shape = results.value(result, SH.sourceShape)
    path = results.value(result, SH.resultPath)
    message = str(results.value(result, SH.resultMessage) or "")
    return severity, compact(str(path)) if path is not None else "", message, str(shape)


def format_report(conforms: bool, results: rdflib.Graph, data: rdflib.Graph, shapes: rdflib.Graph) -> str:
    groups: dict[tuple, list] = defaultdict(list)
    for result in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        groups[_group_key(results, result)].append(results.value(result, SH.focusNode))
    violations = sum(len(v) for k, v in groups.items() if k[0].endswith("Violation"))
    warnings = sum(len(v) for k, v in groups.items() if not k[0].endswith("Violation"))
    lines = [f"{'CONFORMS' if conforms else 'DOES NOT CONFORM'}: {violations} violation(s), {warnings} warning(s)"]
    for (severity, path, message, _shape), focus in sorted(groups.items(), key=lambda kv: (kv[0][0], -len(kv[1]))):
        name = severity.split(":")[-1]
        lines.append(f"\n{name}: {path}  {message}  ({len(focus)} node(s))")
        for node in sorted(set(focus), key=str)[:EXAMPLES_PER_GROUP]:
            lines.append(f"  - {label_of(data, node)}")
        if len(set(focus)) > EXAMPLES_PER_GROUP:
            lines.append(f"  … and {len(set(focus)) - EXAMPLES_PER_GROUP} more")
    return "\n".join(lines)
