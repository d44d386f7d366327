"""The vocabulary in code (graph_builder.vocab.GKG) and ontology/govkg.ttl agree, and cover CONTRACT.md."""
import re
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS

from graph_builder.model import ROLES
from graph_builder.vocab import GKG, ONTOLOGY_TTL, PREFIXES, ROLE_CONCEPTS, ROLE_PROPERTIES, compact, gkg_terms

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
NS = str(GKG._NS)


@pytest.fixture(scope="module")
def ontology():
    return rdflib.Graph().parse(ONTOLOGY_TTL, format="turtle")


def turtle_terms(graph) -> set[str]:
    return {str(s)[len(NS):] for s in graph.subjects() if str(s).startswith(NS)}


def contract_names() -> list[tuple[str, str]]:
    text = (FIXTURES / "CONTRACT.md").read_text(encoding="utf-8")
    return sorted(set(re.findall(r"\b(gkg|org|foaf|dcterms|skos|prov|rdfs):([A-Za-z][A-Za-z0-9]*)", text)))


def test_every_code_term_is_defined_in_turtle(ontology):
    assert gkg_terms() - turtle_terms(ontology) == set()


def test_every_turtle_term_is_in_code(ontology):
    assert turtle_terms(ontology) - gkg_terms() == set()


def test_unknown_term_fails():
    with pytest.raises(AttributeError):
        GKG.NoSuchTerm  # noqa: B018


@pytest.mark.parametrize("term", sorted(gkg_terms()))
def test_term_is_labelled_and_commented_in_both_languages(ontology, term):
    iri = GKG[term]
    for predicate in (RDFS.label, RDFS.comment):
        languages = {o.language for o in ontology.objects(iri, predicate)}
        assert {"zh-Hans", "en"} <= languages, f"{term} {predicate}"


@pytest.mark.parametrize("term", sorted(gkg_terms()))
def test_term_is_a_class_a_property_with_a_range_or_a_concept(ontology, term):
    iri = GKG[term]
    kinds = set(ontology.objects(iri, RDF.type))
    assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.Concept, SKOS.ConceptScheme}, term
    if kinds & {OWL.ObjectProperty, OWL.DatatypeProperty}:
        assert ontology.value(iri, RDFS.range) is not None, term
    if SKOS.Concept in kinds:
        assert {o.language for o in ontology.objects(iri, SKOS.prefLabel)} >= {"zh-Hans", "en"}, term
        assert (iri, SKOS.inScheme, GKG.AgencyRoleScheme) in ontology, term


@pytest.mark.parametrize("role", ROLES)
def test_every_role_has_a_concept_that_names_its_direct_property(ontology, role):
    concept = ROLE_CONCEPTS[role]
    assert (concept, RDF.type, GKG.AgencyRole) in ontology
    assert (concept, SKOS.notation, rdflib.Literal(role)) in ontology
    assert ontology.value(concept, GKG.roleProperty) == ROLE_PROPERTIES[role]
    assert (GKG.AgencyRoleScheme, SKOS.hasTopConcept, concept) in ontology


def test_role_concepts_and_properties_cover_the_same_roles():
    assert set(ROLE_CONCEPTS) == set(ROLE_PROPERTIES) == set(ROLES)
    assert len(set(ROLE_CONCEPTS.values())) == len(ROLES)


@pytest.mark.parametrize("term", ["task", "assignedAgency", "agencyRole", "surfaceForm"])
def test_qualified_assignment_terms_do_not_reuse_the_direct_super_property(ontology, term):
    # gkg:agency is the super-property of the four direct role properties (Task -> Organization);
    # the qualified node needs its own terms, with gkg:Assignment as their domain
    assert ontology.value(GKG[term], RDFS.domain) == GKG.Assignment
    assert (GKG[term], RDFS.subPropertyOf, GKG.agency) not in ontology


def test_ontology_header_has_version_and_licence(ontology):
    header = rdflib.URIRef(NS.rstrip("#"))
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, OWL.versionInfo) is not None
    assert str(ontology.value(header, DCTERMS.license)) == "https://creativecommons.org/licenses/by/4.0/"


@pytest.mark.parametrize("prefix,name", contract_names())
def test_contract_term_exists(prefix, name):
    namespaces = {"gkg": GKG, "org": ORG, "foaf": FOAF, "dcterms": DCTERMS, "skos": SKOS, "prov": PROV,
                  "rdfs": RDFS}
    assert str(namespaces[prefix][name]).startswith(PREFIXES[prefix])


def test_contract_names_were_found():
    names = contract_names()
    assert ("gkg", "LeadingGroup") in names and ("org", "Membership") in names


@pytest.mark.parametrize("iri,expected", [
    ("https://w3id.org/govkg/ontology#Task", "gkg:Task"),
    ("http://www.w3.org/ns/org#Organization", "org:Organization"),
    ("https://example.org/x", "https://example.org/x"),
])
def test_compact(iri, expected):
    assert compact(iri) == expected
