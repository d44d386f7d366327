"""The project's vocabulary in code, mirroring ontology/govkg.ttl term for term.

tests/graph_builder/test_vocab.py checks that this class and the Turtle agree in both directions,
so a term is added in both places or in neither.
"""
from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace, Namespace

from .settings import REPO_DIR

ONTOLOGY_IRI = "https://w3id.org/govkg/ontology"
ONTOLOGY_GRAPH = ONTOLOGY_IRI  # the named graph that holds the ontology in the store
ONTOLOGY_DIR = REPO_DIR / "ontology"
ONTOLOGY_TTL = ONTOLOGY_DIR / "govkg.ttl"
SHAPES_TTL = ONTOLOGY_DIR / "shapes.ttl"
CONTEXT_JSONLD = ONTOLOGY_DIR / "context.jsonld"


class GKG(DefinedNamespace):
    _fail = True
    _NS = Namespace("https://w3id.org/govkg/ontology#")

    # classes
    GazetteIssue: URIRef
    Document: URIRef
    Attachment: URIRef
    Program: URIRef
    Government: URIRef
    Department: URIRef
    PartyOrgan: URIRef
    PeoplesCongress: URIRef
    Institution: URIRef
    Enterprise: URIRef
    StateEnterprise: URIRef
    LeadingGroup: URIRef
    Collective: URIRef
    PersonnelChange: URIRef
    Appointment: URIRef
    Dismissal: URIRef
    Confirmation: URIRef
    Task: URIRef
    Target: URIRef
    Assignment: URIRef
    AgencyRole: URIRef

    # concepts: the agency roles (skos:Concept, in the scheme gkg:AgencyRoleScheme)
    AgencyRoleScheme: URIRef
    Lead: URIRef
    Responsible: URIRef
    Supporting: URIRef
    Implementing: URIRef

    # object properties
    addressedTo: URIRef
    hasAttachment: URIRef
    cites: URIRef
    mentions: URIRef
    officeHostedBy: URIRef
    person: URIRef
    post: URIRef
    subTaskOf: URIRef
    agency: URIRef
    leadAgency: URIRef
    responsibleAgency: URIRef
    supportingAgency: URIRef
    implementingAgency: URIRef
    partOfProgram: URIRef
    forTask: URIRef
    task: URIRef
    assignedAgency: URIRef
    agencyRole: URIRef
    roleProperty: URIRef

    # datatype properties
    issueNumber: URIRef
    totalIssueNumber: URIRef
    issueYear: URIRef
    issueLabel: URIRef
    city: URIRef
    sourceFile: URIRef
    publicNote: URIRef
    category: URIRef
    programKind: URIRef
    periodStart: URIRef
    periodEnd: URIRef
    statedPosition: URIRef
    decisionDate: URIRef
    meeting: URIRef
    taskKey: URIRef
    indicator: URIRef
    targetValue: URIRef
    targetUpperValue: URIRef
    valueText: URIRef
    unit: URIRef
    comparator: URIRef
    dueYear: URIRef
    surfaceForm: URIRef
    sourceText: URIRef
    charStart: URIRef
    charEnd: URIRef


def gkg_terms() -> set[str]:
    """Local names of every term GKG defines."""
    return set(GKG.__annotations__)


PREFIXES = {
    "gkg": str(GKG._NS),
    "org": str(ORG),
    "foaf": str(FOAF),
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
}

# organisation kind (model.OrgMention.kind / Organisation.kind) -> the class it is typed with
ORG_KIND_CLASSES = {
    "government": GKG.Government,
    "department": GKG.Department,
    "party": GKG.PartyOrgan,
    "congress": GKG.PeoplesCongress,
    "institution": GKG.Institution,
    "enterprise": GKG.Enterprise,
    "state_enterprise": GKG.StateEnterprise,
    "group": GKG.LeadingGroup,
    "collective": GKG.Collective,
}

# model.ROLES -> the property linking a task to the agency
ROLE_PROPERTIES = {
    "lead": GKG.leadAgency,
    "responsible": GKG.responsibleAgency,
    "supporting": GKG.supportingAgency,
    "implementing": GKG.implementingAgency,
}

# model.ROLES -> the concept a qualified gkg:Assignment names with gkg:agencyRole
ROLE_CONCEPTS = {
    "lead": GKG.Lead,
    "responsible": GKG.Responsible,
    "supporting": GKG.Supporting,
    "implementing": GKG.Implementing,
}

# model.ROLES -> the word the genre uses for it (labels of gkg:Assignment nodes)
ROLE_WORDS = {"lead": "牵头", "responsible": "责任", "supporting": "配合", "implementing": "落实"}

# model.PERSONNEL_KINDS -> the subclass of gkg:PersonnelChange
PERSONNEL_CLASSES = {
    "appoint": GKG.Appointment,
    "remove": GKG.Dismissal,
    "confirm": GKG.Confirmation,
}


def compact(iri: str) -> str:
    """gkg:Task for the full IRI, or the IRI itself when no prefix fits."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


__all__ = ["GKG", "ORG", "FOAF", "DCTERMS", "SKOS", "PROV", "RDF", "RDFS", "XSD", "PREFIXES",
           "ORG_KIND_CLASSES", "ROLE_PROPERTIES", "ROLE_CONCEPTS", "ROLE_WORDS", "PERSONNEL_CLASSES", "ONTOLOGY_IRI",
           "ONTOLOGY_GRAPH", "compact", "gkg_terms"]
