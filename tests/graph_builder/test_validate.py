"""validate.py on the built bundled graph and on broken graphs (real shapes, readable report)."""
import rdflib
import pytest

from graph_builder.validate import validate, validate_graph

PREFIXES = """@prefix gkg: <https://w3id.org/govkg/ontology#> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix org: <http://www.w3.org/ns/org#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix : <https://w3id.org/govkg/id/> .
"""
VALID = """
:d a gkg:Document ; dcterms:title "忻州市人民政府关于做好2023年安全生产工作的通知" ; dcterms:identifier "忻政发〔2023〕1号" .
:t a gkg:Task ; rdfs:label "全面推进厕所革命" ; prov:wasDerivedFrom :d ; gkg:sourceText "全面推进厕所革命。" ;
   gkg:charStart 10 ; gkg:charEnd 19 .
:p a foaf:Person ; foaf:name "郑连生" .
"""


def conforms(turtle: str) -> tuple[bool, str]:
    return validate_graph(rdflib.Graph().parse(data=PREFIXES + turtle, format="turtle"))


def test_the_bundled_graph_conforms(bundled_dir):
    ok, report = validate(bundled_dir)
    assert ok, report
    assert report.startswith("CONFORMS")


def test_a_valid_graph_conforms():
    assert conforms(VALID)[0]


@pytest.mark.parametrize("broken,message", [
    (':t2 a gkg:Task ; prov:wasDerivedFrom :d ; gkg:sourceText "x" ; gkg:charStart 1 ; gkg:charEnd 2 .', "rdfs:label"),
    (':t2 a gkg:Task ; rdfs:label "x" ; prov:wasDerivedFrom :d ; gkg:sourceText "x" ; gkg:charStart "1" ; gkg:charEnd 2 .', "gkg:charStart"),
    (':g a gkg:Target ; gkg:indicator "普及率" ; gkg:targetValue "85" ; prov:wasDerivedFrom :d ; gkg:sourceText "x" ; gkg:charStart 1 ; gkg:charEnd 2 .', "gkg:targetValue"),
    (':g a gkg:Target ; gkg:indicator "普及率" ; gkg:targetValue 85.0 ; gkg:dueYear "2025" ; prov:wasDerivedFrom :d ; gkg:sourceText "x" ; gkg:charStart 1 ; gkg:charEnd 2 .', "gkg:dueYear"),
    (':d2 a gkg:Document ; dcterms:title "x" ; dcterms:identifier "忻政发 〔2023〕 1号" .', "not normalised"),
    (':d2 a gkg:Document ; dcterms:title "x" ; dcterms:issued "2023-01-01" .', "dcterms:issued"),
    (':q a foaf:Person ; foaf:name "裴   峰" .', "without spaces"),
    (':m a org:Membership ; org:organization :t ; org:member :p ; org:role :r ; prov:wasDerivedFrom :d ; gkg:sourceText "x" ; gkg:charStart 1 ; gkg:charEnd 2 .', "org:organization"),
    (':o a org:Organization ; skos:prefLabel "市应急局" , "忻州市应急管理局" .', "exactly one canonical name"),
])
def test_broken_graph_does_not_conform_and_the_report_says_where(broken, message):
    ok, report = conforms(VALID + broken)
    assert not ok
    assert message in report
    assert report.startswith("DOES NOT CONFORM")


def test_validate_without_a_build(tmp_path):
    with pytest.raises(FileNotFoundError):
        validate(tmp_path)
