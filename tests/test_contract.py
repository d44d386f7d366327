"""Every query pattern of CONTRACT.md (tests/fixtures/CONTRACT.md, a copy of the public interface)
answers on the real build of the bundled gazettes, with the promised datatypes and forms:
identifiers normalised, dates xsd:date, target values xsd:decimal, due years xsd:gYear, and
gkg:charStart/gkg:charEnd slicing exactly gkg:sourceText out of the build's sources/ original text.

Each row is (name, SPARQL, {variable: expected datatype or a regular expression}); the query runs
over the union of the issue graphs, as a data specialist writes it.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_builder.vocab import GKG, ONTOLOGY_GRAPH, PREFIXES

CONTRACT = Path(__file__).resolve().parent / "fixtures" / "CONTRACT.md"
PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
XSD = PREFIXES["xsd"]
STRING, DATE, DECIMAL, GYEAR, INTEGER = (XSD + t for t in ("string", "date", "decimal", "gYear", "integer"))
NUMBER = re.compile(r"^[^\s〔〕\[\]]+〔[0-9]{4}〕[0-9]+号$")  # 〔〕, no spaces, half-width digits
IRI = "iri"

PATTERNS = [
    # gazette issues and documents
    ("issue", """SELECT * WHERE { ?i a gkg:GazetteIssue ; dcterms:title ?t ; dcterms:issued ?date ;
                                   dcterms:hasPart ?d . }""",
     {"t": STRING, "date": DATE, "d": IRI}),
    ("document", """SELECT * WHERE { ?d a gkg:Document ; dcterms:identifier ?id ; dcterms:title ?title ;
                                      dcterms:creator ?issuingOrg ; dcterms:issued ?signingDate ;
                                      dcterms:isPartOf ?i . }""",
     {"id": NUMBER, "title": STRING, "issuingOrg": IRI, "signingDate": DATE, "i": IRI}),
    ("document by number", """SELECT * WHERE { ?d a gkg:Document ; dcterms:identifier "忻政发〔2021〕20号" ;
                                                dcterms:issued ?signingDate . }""",
     {"signingDate": DATE}),
    ("addressed to", "SELECT * WHERE { ?d gkg:addressedTo ?org . ?org a org:Organization }", {"org": IRI}),
    ("attachment", "SELECT * WHERE { ?d gkg:hasAttachment ?a . ?a dcterms:title ?t . }", {"t": STRING}),
    ("cites", """SELECT * WHERE { ?d gkg:cites ?other . ?other a gkg:Document ; dcterms:identifier ?id ;
                                   dcterms:title ?title . }""",
     {"id": NUMBER, "title": STRING}),
    # organisations
    ("organisation", """SELECT * WHERE { ?o a org:Organization ; skos:prefLabel ?canonical ;
                                          skos:altLabel ?surfaceForm . }""",
     {"canonical": STRING, "surfaceForm": STRING}),
    ("surface forms of one organisation",
     """SELECT ?o WHERE { ?o a org:Organization ; skos:altLabel "市住建局" , "市住房城乡建设局" ;
                                skos:prefLabel "忻州市住房和城乡建设局" . }""", {"o": IRI}),
    ("sub-organisation", "SELECT * WHERE { ?o org:subOrganizationOf ?parent . ?parent a org:Organization }",
     {"parent": IRI}),
    ("leading group", """SELECT * WHERE { ?g a gkg:LeadingGroup , org:Organization ; gkg:officeHostedBy ?org .
                                          ?org a org:Organization }""", {"org": IRI}),
    # people and posts
    ("person", 'SELECT * WHERE { ?p a foaf:Person ; foaf:name "郑连生" . }', {"p": IRI}),
    ("person names without spaces", "SELECT * WHERE { ?p a foaf:Person ; foaf:name ?name . }",
     {"name": re.compile(r"^\S+$")}),
    *[(f"personnel {kind}", f"""SELECT * WHERE {{ ?c a gkg:{kind} , gkg:PersonnelChange ; gkg:person ?p ;
                                     gkg:post ?post ; dcterms:date ?d ; prov:wasDerivedFrom ?doc .
                                     ?post a org:Post ; rdfs:label ?label ; org:postIn ?org . }}""",
       {"d": DATE, "label": STRING, "doc": IRI}) for kind in ("Appointment", "Dismissal", "Confirmation")],
    ("post 副局长", 'SELECT * WHERE { ?post a org:Post ; rdfs:label "副局长" ; org:postIn ?org . }', {"org": IRI}),
    ("membership", """SELECT * WHERE { ?m a org:Membership ; org:organization ?group ; org:member ?member ;
                                        org:role ?role ; prov:wasDerivedFrom ?doc . ?role rdfs:label "组长" . }""",
     {"group": IRI, "member": IRI, "doc": IRI}),
    ("stated position", 'SELECT * WHERE { ?m a org:Membership ; gkg:statedPosition "市政府副市长" . }', {"m": IRI}),
    ("post as member", """SELECT * WHERE { ?m a org:Membership ; org:member ?post .
                                            ?post a org:Post ; rdfs:label ?label . }""", {"label": STRING}),
    ("unit as member", """SELECT * WHERE { ?m a org:Membership ; org:organization ?g ; org:member ?unit .
                                            ?unit a org:Organization . }""", {"unit": IRI}),
    # tasks and responsibilities
    ("task", """SELECT * WHERE { ?t a gkg:Task ; rdfs:label "全面推进厕所革命" ; prov:wasDerivedFrom ?doc ;
                                  gkg:sourceText ?sentence . }""", {"doc": IRI, "sentence": STRING}),
    ("sub-task", "SELECT * WHERE { ?t a gkg:Task ; gkg:subTaskOf ?parent . ?parent a gkg:Task }", {"parent": IRI}),
    *[(f"role {role}", f"SELECT * WHERE {{ ?t a gkg:Task ; gkg:{role} ?org . ?org a org:Organization }}",
       {"org": IRI}) for role in ("leadAgency", "responsibleAgency", "supportingAgency", "implementingAgency")],
    ("programme", """SELECT * WHERE { ?d a gkg:Program , gkg:Document . ?t a gkg:Task ; gkg:partOfProgram ?d }""",
     {"d": IRI}),
    # targets
    ("target", """SELECT * WHERE { ?g a gkg:Target ; gkg:indicator ?indicator ; gkg:targetValue ?value ;
                                    gkg:unit ?unit ; gkg:comparator ?comparator ; gkg:dueYear ?year ;
                                    gkg:sourceText ?clause ; prov:wasDerivedFrom ?doc ; gkg:forTask ?t . }""",
     {"indicator": STRING, "value": DECIMAL, "unit": STRING, "comparator": STRING, "year": GYEAR,
      "clause": STRING, "doc": IRI, "t": IRI}),
    # 85 is xsd:decimal: in SPARQL that is 85.0 (a bare 85 is an xsd:integer term and does not match;
    # FILTER(?value = 85) compares numbers and does)
    ("target of rural toilets", """SELECT * WHERE { ?g a gkg:Target ; gkg:targetValue 85.0 ; gkg:unit "%" ;
                                    gkg:comparator "达到" ; gkg:dueYear "2025"^^xsd:gYear ;
                                    gkg:indicator ?indicator FILTER(CONTAINS(?indicator, "农村卫生厕所普及率")) }""",
     {"indicator": STRING}),
]


def run(store: ox.Store, query: str) -> list[dict]:
    solutions = store.query(PROLOGUE + query, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{name: row[name] for name in names if row[name] is not None} for row in solutions]


def check(term, expected) -> bool:
    if expected == IRI:
        return isinstance(term, ox.NamedNode)
    if not isinstance(term, ox.Literal):
        return False
    if isinstance(expected, re.Pattern):
        return term.datatype.value == STRING and bool(expected.search(term.value))
    return term.datatype.value == expected


@pytest.mark.parametrize("name,query,expected", PATTERNS, ids=[p[0] for p in PATTERNS])
def test_contract_pattern_answers_with_promised_types(bundled_store, name, query, expected):
    rows = run(bundled_store, query)
    assert rows, f"{name}: no answer"
    for row in rows:
        for variable, wanted in expected.items():
            assert check(row[variable], wanted), f"{name}: ?{variable} = {row[variable]}"


def test_decimal_target_values_compare_as_numbers(bundled_store):
    assert run(bundled_store, "SELECT * WHERE { ?g gkg:targetValue ?v FILTER(?v = 85) }")
    assert not run(bundled_store, "SELECT * WHERE { ?g gkg:targetValue 85 }")  # an integer term: no match


def test_contract_example_indicator_literally(bundled_store):
    assert run(bundled_store, 'SELECT * WHERE { ?g a gkg:Target ; gkg:indicator "农村卫生厕所普及率" }')


def test_every_contract_term_is_queried_here():
    text = CONTRACT.read_text(encoding="utf-8")
    promised = set(re.findall(r"\b((?:gkg|org|foaf|dcterms|skos|prov|rdfs):[A-Za-z][A-Za-z0-9]*)", text))
    queried = set(re.findall(r"\b((?:gkg|org|foaf|dcterms|skos|prov|rdfs):[A-Za-z][A-Za-z0-9]*)",
                             " ".join(p[1] for p in PATTERNS) + " " + PROVENANCE_QUERY))
    assert promised - queried == set()


# --- provenance -----------------------------------------------------------------------------

PROVENANCE_QUERY = """
SELECT ?g ?s ?class ?text ?start ?end ?doc WHERE {
  GRAPH ?g { ?s a ?class ; gkg:sourceText ?text ; gkg:charStart ?start ; gkg:charEnd ?end ;
                prov:wasDerivedFrom ?doc . }
}"""


@pytest.fixture(scope="module")
def originals(bundled_dir):
    """issue IRI -> the decoded original text of its input (build.json names it, under sources/)."""
    report = json.loads((bundled_dir / "build.json").read_text(encoding="utf-8"))
    return {entry["issue_iri"]: (bundled_dir / entry["source"]).read_text(encoding="utf-8")
            for entry in report["inputs"]}


def test_offsets_slice_exactly_the_source_text(bundled_store, originals):
    rows = run(bundled_store, PROVENANCE_QUERY)
    classes = {row["class"].value for row in rows}
    assert {str(GKG.Task), str(GKG.Target), str(GKG.PersonnelChange), PREFIXES["org"] + "Membership",
            str(GKG.Assignment)} <= classes
    for row in rows:
        assert row["start"].datatype.value == INTEGER and row["end"].datatype.value == INTEGER
        start, end = int(row["start"].value), int(row["end"].value)
        assert 0 <= start < end
        assert originals[row["g"].value][start:end] == row["text"].value, row["s"]


@pytest.mark.parametrize("cls", ["gkg:Task", "gkg:Target", "gkg:PersonnelChange", "org:Membership"])
def test_every_extracted_fact_carries_its_provenance(bundled_store, cls):
    missing = run(bundled_store, f"""SELECT ?s WHERE {{ ?s a {cls}
        FILTER NOT EXISTS {{ ?s gkg:sourceText ?t ; gkg:charStart ?b ; gkg:charEnd ?e ;
                                prov:wasDerivedFrom ?d . ?d a gkg:Document }} }}""")
    assert run(bundled_store, f"SELECT ?s WHERE {{ ?s a {cls} }} LIMIT 1")
    assert missing == []


@pytest.mark.parametrize("cls", ["foaf:Person", "org:Post"])
def test_extracted_resources_are_derived_from_a_document(bundled_store, cls):
    assert run(bundled_store, f"SELECT ?s WHERE {{ ?s a {cls} }} LIMIT 1")
    assert run(bundled_store, f"""SELECT ?s WHERE {{ ?s a {cls}
        FILTER NOT EXISTS {{ ?s prov:wasDerivedFrom ?d . ?d a gkg:Document }} }}""") == []


def test_each_issue_is_a_named_graph_of_its_own(bundled_store, originals):
    issues = {row["g"].value for row in run(bundled_store, "SELECT ?g WHERE { GRAPH ?g { ?g a gkg:GazetteIssue } }")}
    assert issues == set(originals)
    graphs = {g.value for g in bundled_store.named_graphs()}
    assert graphs == issues | {ONTOLOGY_GRAPH}
