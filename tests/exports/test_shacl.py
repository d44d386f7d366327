from __future__ import annotations

import rdflib
from rdflib import Namespace

from graph_builder.validate import load_graph, validate_graph

SH = Namespace("http://www.w3.org/ns/shacl#")


def test_exported_graph_conforms_to_the_shapes(exported):
    conforms, report = validate_graph(load_graph(exported / "graph.nt"))
    assert conforms, report


def test_shacl_report_gives_the_same_verdict_as_the_core_validator(exported):
    report = rdflib.Graph().parse(exported / "shacl-report.ttl", format="turtle")
    (verdict,) = report.objects(None, SH.conforms)
    conforms, _ = validate_graph(load_graph(exported / "graph.nt"))
    assert verdict.toPython() is conforms
