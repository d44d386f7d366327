"""The one place that mints IRIs and turns records into RDF quads (pyoxigraph terms).

``issue_graph(issue, records_list, resolution)`` maps one segmented gazette issue, the extractor
records of its documents and the corpus-wide resolution of organisations and people to the quads
of the issue's named graph, following CONTRACT.md. The IRI scheme is in docs/ARCHITECTURE.md.

``resolution`` is anything with ``organisation(surface, city) -> Organisation | None`` and
``person(name, city) -> Person`` (graph_builder.resolve.Resolution). A surface the resolver does
not know still becomes an organisation, named as written, so no fact is silently lost.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import PurePath
from typing import Iterable, Optional, Protocol
from urllib.parse import quote

import pyoxigraph as ox
from pypinyin import lazy_pinyin

from .model import (Document, Evidence, GazetteIssue, Membership, Organisation, Person,
                    PersonnelChange, Records, Target, Task)
from .settings import SETTINGS
from .vocab import (DCTERMS, FOAF, GKG, ORG, ORG_KIND_CLASSES, PERSONNEL_CLASSES, PROV, RDF, RDFS,
                    ROLE_CONCEPTS, ROLE_PROPERTIES, ROLE_WORDS, SKOS, XSD)


class ResolutionLike(Protocol):
    def organisation(self, surface: str, city: str) -> Optional[Organisation]: ...

    def person(self, name: str, city: str) -> Person: ...


# --- IRIs ------------------------------------------------------------------------------------

_CITY_SUFFIXES = ("自治州", "地区", "市", "盟")


@lru_cache(maxsize=256)  # asked for every organisation IRI; pinyin is slow
def city_slug(city: str) -> str:
    """忻州市 -> xinzhou. Pinyin without tones; "-" for bodies outside any city."""
    name = city.strip()
    for suffix in _CITY_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    slug = re.sub(r"[^a-z0-9]+", "-", "".join(lazy_pinyin(name)).lower()).strip("-")
    return slug or "-"


def segment(value: str) -> str:
    """One percent-encoded path segment (UTF-8, nothing left unescaped but unreserved characters)."""
    return quote(value, safe="")


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Iris:
    """Mints every instance IRI under one base."""

    base: str = SETTINGS.base_iri

    def _iri(self, *segments: str) -> str:
        return self.base + "/".join(segment(s) for s in segments)

    def issue(self, issue: GazetteIssue) -> str:
        slug = city_slug(issue.city)
        if issue.year and issue.issue:
            return self.base + f"issue/{slug}/{issue.year}-{issue.issue:02d}"
        fingerprint = issue.source.sha256[:16] if issue.source and issue.source.sha256 else short_hash(issue.title)
        return self.base + f"issue/{slug}/file-{fingerprint}"

    def document(self, key: str) -> str:
        return self._iri("doc", key)

    def attachment(self, doc_key: str, n: int) -> str:
        return self._iri("doc", doc_key, "attachment", str(n))

    def task(self, doc_key: str, task_key: str) -> str:
        return self._iri("doc", doc_key, "task", task_key)

    def assignment(self, doc_key: str, task_key: str, k: int) -> str:
        """The k-th (1-based, in document order) assignment of the task ``task_key``."""
        return self._iri("doc", doc_key, "task", task_key, "assignment", str(k))

    def target(self, doc_key: str, n: int) -> str:
        return self._iri("doc", doc_key, "target", str(n))

    def membership(self, doc_key: str, n: int) -> str:
        return self._iri("doc", doc_key, "membership", str(n))

    def personnel(self, doc_key: str, n: int) -> str:
        return self._iri("doc", doc_key, "personnel", str(n))

    def organisation(self, city: str, canonical: str) -> str:
        return self.base + f"org/{city_slug(city)}/" + segment(canonical)

    def person(self, city: str, name: str) -> str:
        return self.base + f"person/{city_slug(city)}/" + segment(name)

    def post(self, city: str, org_canonical: Optional[str], label: str) -> str:
        return self.base + f"post/{city_slug(city)}/" + segment(org_canonical or "-") + "/" + segment(label)

    def role(self, label: str) -> str:
        return self._iri("role", label)


# --- literals and nodes ----------------------------------------------------------------------


@lru_cache(maxsize=None)
def node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def text(value: str) -> ox.Literal:
    return ox.Literal(value)


def integer(value: int) -> ox.Literal:
    return ox.Literal(str(int(value)), datatype=node(XSD.integer))


def decimal(value: Decimal) -> ox.Literal:
    plain = format(Decimal(value).normalize(), "f")
    return ox.Literal(plain, datatype=node(XSD.decimal))


def xsd_date(value: date) -> ox.Literal:
    return ox.Literal(value.isoformat(), datatype=node(XSD.date))


def g_year(year: int) -> ox.Literal:
    return ox.Literal(f"{int(year):04d}", datatype=node(XSD.gYear))


TYPE = node(RDF.type)

KIND_WORDS = {"appoint": "任命", "remove": "免去", "confirm": "正式任职"}


def evidence_span(evidence: Evidence):
    """The sentence of the evidence; the narrower mention when the sentence is empty (a blanket
    clause such as 以下均需X落实 is recorded at its position only)."""
    if len(evidence.sentence) == 0 and evidence.span is not None and len(evidence.span) > 0:
        return evidence.span
    return evidence.sentence


def provenance(document: Document, evidence: Evidence) -> tuple[str, int, int]:
    """The exact original text of the evidence sentence and its original offsets."""
    start, end = document.source.to_original(evidence_span(evidence))
    return document.source.original[start:end], start, end


def preferred_title(votes: Counter) -> tuple[str, list[str]]:
    """(title, the other titles sorted) of a document named with several titles: the most
    frequent, then the longest, then the lexically first."""
    ranked = sorted(votes, key=lambda title: (-votes[title], -len(title), title))
    return ranked[0], sorted(ranked[1:])


# --- the mapping -----------------------------------------------------------------------------


@dataclass
class _OrgUse:
    organisation: Organisation
    surfaces: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    extra_classes: set[str] = field(default_factory=set)


class _IssueMapper:
    def __init__(self, issue: GazetteIssue, resolution: ResolutionLike, iris: Iris):
        self.issue = issue
        self.resolution = resolution
        self.iris = iris
        self.graph = node(iris.issue(issue))
        self.quads: list[ox.Quad] = []
        self.orgs: dict[str, _OrgUse] = {}
        self.people: dict[str, tuple[Person, set[str]]] = {}
        # documents published in this issue (number -> title) and the titles citations give
        # documents by number (number -> title -> number of citing documents)
        self.published: dict[str, str] = {}
        self.cited_titles: dict[str, Counter] = defaultdict(Counter)

    def add(self, s: str | ox.NamedNode, p, o) -> None:
        subject = s if isinstance(s, ox.NamedNode) else node(s)
        obj = o if isinstance(o, (ox.NamedNode, ox.Literal)) else node(o)
        self.quads.append(ox.Quad(subject, node(p), obj, self.graph))

    def add_provenance(self, subject: str, document: Document, doc_iri: str, evidence: Evidence) -> None:
        source_text, start, end = provenance(document, evidence)
        self.add(subject, PROV.wasDerivedFrom, doc_iri)
        self.add(subject, GKG.sourceText, text(source_text))
        self.add(subject, GKG.charStart, integer(start))
        self.add(subject, GKG.charEnd, integer(end))

    # organisations and people are collected first and described once at the end
    def organisation(self, surface: str, city: str, doc_iri: str, *, kind: Optional[str] = None,
                     extra_class: Optional[str] = None) -> str:
        found = self.resolution.organisation(surface, city)
        if found is None:
            found = Organisation(city=city, canonical=surface, kind=kind or "", aliases={surface})
        iri = self.iris.organisation(found.city, found.canonical)
        use = self.orgs.setdefault(iri, _OrgUse(found))
        use.surfaces.add(surface)
        use.documents.add(doc_iri)
        if extra_class:
            use.extra_classes.add(extra_class)
        return iri

    def person(self, name: str, city: str, doc_iri: str) -> str:
        found = self.resolution.person(name, city)
        iri = self.iris.person(found.city, found.name)
        self.people.setdefault(iri, (found, set()))[1].add(doc_iri)
        return iri

    def post(self, label: str, city: str, organisation: Optional[str], doc_iri: str) -> str:
        org_canonical = None
        org_iri = None
        if organisation:
            org_iri = self.organisation(organisation, city, doc_iri)
            org_canonical = self.orgs[org_iri].organisation.canonical
        iri = self.iris.post(city, org_canonical, label)
        self.add(iri, RDF.type, ORG.Post)
        self.add(iri, RDFS.label, text(label))
        self.add(iri, PROV.wasDerivedFrom, doc_iri)
        if org_iri:
            self.add(iri, ORG.postIn, org_iri)
        return iri

    def describe_issue(self) -> None:
        issue, iri = self.issue, self.graph
        self.add(iri, RDF.type, GKG.GazetteIssue)
        self.add(iri, DCTERMS.title, text(issue.title))
        self.add(iri, RDFS.label, text(" ".join(filter(None, (issue.title, issue.issue_label)))))
        if issue.published:
            self.add(iri, DCTERMS.issued, xsd_date(issue.published))
        if issue.year:
            self.add(iri, GKG.issueYear, g_year(issue.year))
        if issue.issue:
            self.add(iri, GKG.issueNumber, integer(issue.issue))
        if issue.total_issue:
            self.add(iri, GKG.totalIssueNumber, integer(issue.total_issue))
        if issue.issue_label:
            self.add(iri, GKG.issueLabel, text(issue.issue_label))
        if issue.city:
            self.add(iri, GKG.city, text(issue.city))
        if issue.source:
            self.add(iri, GKG.sourceFile, text(PurePath(issue.source.path).name))

    def describe_document(self, records: Records) -> str:
        document = records.document
        iri = self.iris.document(document.key)
        city = document.city or self.issue.city
        self.add(iri, RDF.type, GKG.Document)
        self.add(self.graph, DCTERMS.hasPart, iri)
        self.add(iri, DCTERMS.isPartOf, self.graph)
        self.add(iri, DCTERMS.title, text(document.title))
        if document.number:
            self.add(iri, DCTERMS.identifier, text(document.number))
            self.published.setdefault(document.number, document.title)
        if document.date:
            self.add(iri, DCTERMS.issued, xsd_date(document.date))
        if city:
            self.add(iri, GKG.city, text(city))
        start, end = document.source.to_original(document.span)
        self.add(iri, GKG.charStart, integer(start))
        self.add(iri, GKG.charEnd, integer(end))
        for issuer in filter(None, [document.issuer, *document.co_issuers]):
            self.add(iri, DCTERMS.creator, self.organisation(issuer, city, iri))
        for recipient in document.recipients:
            self.add(iri, GKG.addressedTo, self.organisation(recipient, city, iri))
        for n, attachment in enumerate(document.attachments, start=1):
            attachment_iri = self.iris.attachment(document.key, n)
            self.add(attachment_iri, RDF.type, GKG.Attachment)
            self.add(attachment_iri, DCTERMS.title, text(attachment.title))
            self.add(attachment_iri, DCTERMS.isPartOf, iri)
            self.add(iri, GKG.hasAttachment, attachment_iri)
        cited_here: dict[str, set[str]] = defaultdict(set)
        for citation in document.citations:
            if citation.number and citation.number != document.number:
                cited_here[citation.number].add(citation.title)
                self.add(iri, GKG.cites, self.iris.document(citation.number))
        for number, titles in cited_here.items():  # one vote per citing document and title
            # (a number cited without a title still gets its stub: the entry exists, empty)
            self.cited_titles[number].update(title for title in titles if title)
        if document.public_note:
            self.add(iri, GKG.publicNote, text(document.public_note))
        if document.category:
            self.add(iri, GKG.category, text(document.category))
        for mention in records.orgs:
            self.add(iri, GKG.mentions, self.organisation(mention.surface, city, iri, kind=mention.kind))
        return iri

    def describe_cited(self) -> None:
        """Documents named by number: a stub (type, identifier, one title) unless the issue
        publishes the document itself. One title per document: a published document keeps its
        own; a stub takes the title most citing documents give, then the longest, then the
        lexically first. Every other title a citation gives is a dcterms:alternative."""
        for number in sorted(self.cited_titles):
            votes = self.cited_titles[number]
            iri = self.iris.document(number)
            if number in self.published:
                title, others = self.published[number], sorted(set(votes) - {self.published[number]})
            else:
                self.add(iri, RDF.type, GKG.Document)
                self.add(iri, DCTERMS.identifier, text(number))
                if not votes:
                    continue
                title, others = preferred_title(votes)
                self.add(iri, DCTERMS.title, text(title))
            for other in others:
                self.add(iri, DCTERMS.alternative, text(other))

    def describe_programmes(self, records: Records, doc_iri: str) -> bool:
        for programme in records.programmes:
            self.add(doc_iri, RDF.type, GKG.Program)
            if programme.kind:
                self.add(doc_iri, GKG.programKind, text(programme.kind))
            if programme.period_start:
                self.add(doc_iri, GKG.periodStart, g_year(programme.period_start))
            if programme.period_end:
                self.add(doc_iri, GKG.periodEnd, g_year(programme.period_end))
        return bool(records.programmes)

    def describe_tasks(self, records: Records, doc_iri: str, is_program: bool) -> dict[str, str]:
        document = records.document
        city = document.city or self.issue.city
        tasks: dict[str, Task] = {}
        for task in records.tasks:
            tasks.setdefault(task.key, task)  # a repeated key keeps its first task
        iris = {key: self.iris.task(document.key, key) for key in tasks}
        for key, task in tasks.items():
            iri = iris[key]
            self.add(iri, RDF.type, GKG.Task)
            self.add(iri, RDFS.label, text(task.label))
            self.add(iri, GKG.taskKey, text(key))
            self.add_provenance(iri, document, doc_iri, task.evidence)
            if task.description:
                self.add(iri, DCTERMS.description, text(task.description))
            if task.parent_key in iris and task.parent_key != key:
                self.add(iri, GKG.subTaskOf, iris[task.parent_key])
            if is_program:
                self.add(iri, GKG.partOfProgram, doc_iri)
        counts: Counter = Counter()
        qualified: set[tuple[str, str, str]] = set()
        for assignment in records.assignments:
            if assignment.task_key in iris and assignment.role in ROLE_PROPERTIES:
                task_iri = iris[assignment.task_key]
                agency = self.organisation(assignment.agency, city, doc_iri)
                self.add(task_iri, ROLE_PROPERTIES[assignment.role], agency)
                # the qualified form, one per (task, organisation, role), with the evidence of
                # its first statement in document order (two surface forms of one body name it once)
                if (task_iri, agency, assignment.role) in qualified:
                    continue
                qualified.add((task_iri, agency, assignment.role))
                counts[assignment.task_key] += 1
                iri = self.iris.assignment(document.key, assignment.task_key, counts[assignment.task_key])
                self.add(iri, RDF.type, GKG.Assignment)
                self.add(iri, RDFS.label, text(f"{assignment.agency}（{ROLE_WORDS[assignment.role]}）"))
                self.add(iri, GKG.task, task_iri)
                self.add(iri, GKG.assignedAgency, agency)
                self.add(iri, GKG.agencyRole, ROLE_CONCEPTS[assignment.role])
                self.add(iri, GKG.surfaceForm, text(assignment.agency))
                self.add_provenance(iri, document, doc_iri, assignment.evidence)
        return iris

    def describe_targets(self, records: Records, doc_iri: str, task_iris: dict[str, str]) -> None:
        for n, target in enumerate(records.targets, start=1):
            iri = self.iris.target(records.document.key, n)
            self.add(iri, RDF.type, GKG.Target)
            self.add(iri, RDFS.label, text(target_label(target)))
            self.add(iri, GKG.indicator, text(target.indicator))
            self.add(iri, GKG.targetValue, decimal(target.value))
            if target.upper is not None:
                self.add(iri, GKG.targetUpperValue, decimal(target.upper))
            self.add(iri, GKG.valueText, text(target.value_text))
            if target.unit:
                self.add(iri, GKG.unit, text(target.unit))
            if target.comparator:
                self.add(iri, GKG.comparator, text(target.comparator))
            if target.year:
                self.add(iri, GKG.dueYear, g_year(target.year))
            if target.task_key in task_iris:
                self.add(iri, GKG.forTask, task_iris[target.task_key])
            self.add_provenance(iri, records.document, doc_iri, target.evidence)

    def describe_personnel(self, records: Records, doc_iri: str) -> None:
        document = records.document
        city = document.city or self.issue.city
        for n, change in enumerate(records.personnel, start=1):
            if change.kind not in PERSONNEL_CLASSES:
                continue
            iri = self.iris.personnel(document.key, n)
            self.add(iri, RDF.type, GKG.PersonnelChange)
            self.add(iri, RDF.type, PERSONNEL_CLASSES[change.kind])
            self.add(iri, RDFS.label, text(personnel_label(change)))
            self.add(iri, GKG.person, self.person(change.person, city, doc_iri))
            self.add(iri, GKG.post, self.post(change.post, city, change.organisation, doc_iri))
            when = change.decision_date or document.date
            if when:
                self.add(iri, DCTERMS.date, xsd_date(when))
            if change.decision_date:
                self.add(iri, GKG.decisionDate, xsd_date(change.decision_date))
            if change.meeting:
                self.add(iri, GKG.meeting, text(change.meeting))
            self.add_provenance(iri, document, doc_iri, change.evidence)

    def describe_groups(self, records: Records, doc_iri: str) -> None:
        city = records.document.city or self.issue.city
        for group in records.groups:
            iri = self.organisation(group.name, city, doc_iri, kind="group", extra_class=GKG.LeadingGroup)
            if group.office_host:
                self.add(iri, GKG.officeHostedBy, self.organisation(group.office_host, city, doc_iri))

    def describe_memberships(self, records: Records, doc_iri: str) -> None:
        document = records.document
        city = document.city or self.issue.city
        for n, membership in enumerate(records.memberships, start=1):
            member = self.member(membership, city, doc_iri)
            if member is None:
                continue
            iri = self.iris.membership(document.key, n)
            group = self.organisation(membership.group, city, doc_iri, kind="group", extra_class=GKG.LeadingGroup)
            role = self.iris.role(membership.role)
            self.add(iri, RDF.type, ORG.Membership)
            self.add(iri, ORG.organization, group)
            self.add(iri, ORG.member, member)
            self.add(iri, ORG.role, role)
            self.add(role, RDF.type, ORG.Role)
            self.add(role, RDFS.label, text(membership.role))
            if membership.person and membership.position:
                self.add(iri, GKG.statedPosition, text(membership.position))
            self.add_provenance(iri, document, doc_iri, membership.evidence)

    def member(self, membership: Membership, city: str, doc_iri: str) -> Optional[str]:
        if membership.person:
            return self.person(membership.person, city, doc_iri)
        if membership.agency:
            return self.organisation(membership.agency, city, doc_iri)
        if membership.position:
            return self.post(membership.position, city, None, doc_iri)
        return None

    def describe_organisations(self) -> None:
        for iri, use in self.orgs.items():
            org = use.organisation
            self.add(iri, RDF.type, ORG.Organization)
            if org.kind in ORG_KIND_CLASSES:
                self.add(iri, RDF.type, ORG_KIND_CLASSES[org.kind])
            for extra in use.extra_classes:
                self.add(iri, RDF.type, extra)
            self.add(iri, SKOS.prefLabel, text(org.canonical))
            for alias in sorted((org.aliases | use.surfaces) - {org.canonical}):
                self.add(iri, SKOS.altLabel, text(alias))
            if org.city:
                self.add(iri, GKG.city, text(org.city))
            for doc_iri in use.documents:
                self.add(iri, PROV.wasDerivedFrom, doc_iri)
        # parents are described too, so every org:subOrganizationOf points at a typed organisation
        pending = [use.organisation for use in self.orgs.values() if use.organisation.parent]
        for org in pending:
            parent = self.resolution.organisation(org.parent, org.city) or Organisation(
                city=org.city, canonical=org.parent, kind="")
            parent_iri = self.iris.organisation(parent.city, parent.canonical)
            self.add(self.iris.organisation(org.city, org.canonical), ORG.subOrganizationOf, parent_iri)
            if parent_iri not in self.orgs:
                self.orgs[parent_iri] = _OrgUse(parent)
                self.add(parent_iri, RDF.type, ORG.Organization)
                if parent.kind in ORG_KIND_CLASSES:
                    self.add(parent_iri, RDF.type, ORG_KIND_CLASSES[parent.kind])
                self.add(parent_iri, SKOS.prefLabel, text(parent.canonical))
                for alias in sorted(parent.aliases - {parent.canonical}):
                    self.add(parent_iri, SKOS.altLabel, text(alias))
                if parent.city:
                    self.add(parent_iri, GKG.city, text(parent.city))
                if parent.parent:
                    pending.append(parent)

    def describe_people(self) -> None:
        for iri, (person, documents) in self.people.items():
            self.add(iri, RDF.type, FOAF.Person)
            self.add(iri, FOAF.name, text(person.name))
            if person.city:
                self.add(iri, GKG.city, text(person.city))
            for doc_iri in documents:
                self.add(iri, PROV.wasDerivedFrom, doc_iri)


def target_label(target: Target) -> str:
    return f"{target.indicator}{target.comparator}{target.value_text}{target.unit}"


def personnel_label(change: PersonnelChange) -> str:
    return f"{KIND_WORDS.get(change.kind, change.kind)} {change.person} {change.organisation or ''}{change.post}"


def issue_graph(issue: GazetteIssue, records_list: Iterable[Records], resolution: ResolutionLike, *,
                base_iri: Optional[str] = None) -> list[ox.Quad]:
    """The quads of one gazette issue, all in the named graph of the issue's IRI."""
    mapper = _IssueMapper(issue, resolution, Iris(base_iri or SETTINGS.base_iri))
    mapper.describe_issue()
    for records in records_list:
        doc_iri = mapper.describe_document(records)
        is_program = mapper.describe_programmes(records, doc_iri)
        task_iris = mapper.describe_tasks(records, doc_iri, is_program)
        mapper.describe_targets(records, doc_iri, task_iris)
        mapper.describe_personnel(records, doc_iri)
        mapper.describe_groups(records, doc_iri)
        mapper.describe_memberships(records, doc_iri)
    mapper.describe_cited()
    mapper.describe_organisations()
    mapper.describe_people()
    return mapper.quads


def issue_iri(issue: GazetteIssue, base_iri: Optional[str] = None) -> str:
    return Iris(base_iri or SETTINGS.base_iri).issue(issue)


__all__ = ["Iris", "city_slug", "issue_graph", "issue_iri", "provenance"]
