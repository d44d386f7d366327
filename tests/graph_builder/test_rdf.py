"""rdf.py: IRIs are deterministic and readable; a hand-built issue maps to the CONTRACT.md triples.

The records are built by hand over a real excerpt of the 2023-03 gazette
(tests/fixtures/rdf/xinzhou-2023-03-excerpt.txt: the opening of the 多式联运 plan, with a sentence
broken by a page break, and the personnel notice 忻政任〔2023〕4号). The normalised text of the
test source drops the line breaks, so provenance must map back through the offsets.
"""
import re
from array import array
from datetime import date
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_builder.model import (Assignment, Attachment, Citation, Document, Evidence, GazetteIssue,
                                 LeadingGroup, Membership, OrgMention, Organisation, Person,
                                 PersonnelChange, Programme, Records, Section, Source, Span, Target, Task)
from graph_builder.rdf import Iris, city_slug, issue_graph, preferred_title
from graph_builder.vocab import DCTERMS, FOAF, GKG, ORG, PROV, RDF, RDFS, SKOS, XSD

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "rdf" / "xinzhou-2023-03-excerpt.txt"
BASE = "https://w3id.org/govkg/id/"


def source_without_line_breaks(path: Path) -> Source:
    original = path.read_text(encoding="utf-8")
    kept = [i for i, c in enumerate(original) if c != "\n"]
    text = "".join(original[i] for i in kept)
    return Source(path=str(path), original=original, text=text, offsets=array("i", kept + [len(original)]),
                  encoding="utf-8", sha256="0" * 64)


class TableResolver:
    """A resolver over a fixed alias table (the real one is graph_builder.resolve)."""

    def __init__(self, organisations):
        self.table = {(alias, org.city): org for org in organisations for alias in org.aliases | {org.canonical}}

    def organisation(self, surface, city):
        return self.table.get((surface, city))

    def person(self, name, city):
        return Person(city=city, name=name)


CITY = "忻州市"
TRANSPORT = Organisation(CITY, "忻州市交通运输局", "department", {"市交通局", "市交通运输局"}, parent="忻州市人民政府")
GOVERNMENT = Organisation(CITY, "忻州市人民政府", "government", {"市人民政府", "市政府"})
AUDIT = Organisation(CITY, "忻州市审计局", "department", {"市审计局"})
RESOLVER = TableResolver([TRANSPORT, GOVERNMENT, AUDIT])


def span_of(source: Source, needle: str) -> Span:
    start = source.text.index(needle)
    return Span(start, start + len(needle))


def build_issue():
    source = source_without_line_breaks(FIXTURE)
    whole = Span(0, len(source.text))
    plan_span = span_of(source, source.text[: source.text.index("忻州市人民政府 关于徐啸")])
    notice_span = Span(plan_span.end, len(source.text))
    plan = Document(number=None, title="忻州市推进多式联运发展优化调整运输结构工作实施方案(2023—2025年)",
                    issuer="市人民政府", date=date(2023, 2, 10), recipients=[], body=Section(0, "", "", plan_span),
                    span=plan_span, source=source, city=CITY,
                    citations=[Citation("国务院办公厅关于印发推进多式联运发展优化调整运输结构工作方案(2021—2025年)的通知",
                                        "国办发〔2021〕54号", span_of(source, "国办发〔2021〕54号")),
                               # the plan names the notice of the same issue by a shorter title
                               Citation("关于徐啸等职务任免的通知", "忻政任〔2023〕4号", span_of(source, "忻政任〔2023〕4号"))])
    notice = Document(number="忻政任〔2023〕4号", title="忻州市人民政府关于徐啸等职务任免的通知", issuer="忻州市人民政府",
                      date=date(2023, 2, 27), recipients=["各县(市、区)人民政府", "市人民政府各委、办、局"],
                      body=Section(0, "", "", notice_span), span=notice_span, source=source, city=CITY,
                      attachments=[Attachment("任免名单", notice_span)], public_note="此件公开发布",
                      # the same stub under a second title (as 晋政发〔2021〕43号 is cited in 2022-03)
                      citations=[Citation("推进多式联运发展优化调整运输结构工作方案", "国办发〔2021〕54号",
                                          span_of(source, "国办发〔2021〕54号"))])
    issue = GazetteIssue(title="忻州市人民政府公报", city=CITY, year=2023, issue=3, issue_label="2023年第3期",
                         total_issue=43, published=date(2023, 3, 20), documents=[plan, notice], source=source)
    goal = span_of(source, "(二)工作目标。到2025年,多式联运发展水平明显提升,运输结构显著优化。")
    rail = span_of(source, "煤炭、矿石、粮食等大宗货物及集装箱中长距离运输以铁路为主,全市铁路货运量比2020年增长10%左右")
    plan_records = Records(
        document=plan,
        orgs=[OrgMention("市交通局", span_of(source, "运输结构"), plan.key, "department")],
        tasks=[Task("1", "总体要求", Evidence(plan.key, span_of(source, "一、总体要求"))),
               Task("1.2", "工作目标", Evidence(plan.key, goal), parent_key="1",
                    description=source.slice(goal) + "煤炭、矿石、粮食等大宗货物")],
        assignments=[Assignment("1.2", "市交通局", "lead", Evidence(plan.key, goal)),
                     Assignment("1.2", "市交通运输局", "supporting", Evidence(plan.key, goal)),
                     # a second surface form of the same body in the same role: no second node
                     Assignment("1.2", "市交通运输局", "lead", Evidence(plan.key, rail)),
                     # a blanket clause (以下均需X落实) is recorded at a position; the mention is the evidence
                     Assignment("1", "市人民政府", "implementing",
                                Evidence(plan.key, Span(goal.start, goal.start), span_of(source, "运输结构工作实施方案"))),
                     Assignment("9.9", "市交通局", "lead", Evidence(plan.key, goal))],
        programmes=[Programme(plan.key, plan.title, "方案", 2023, 2025)],
        targets=[Target("铁路货运量增长", Decimal("10"), "10", "%", "左右", Evidence(plan.key, rail), year=2025,
                        task_key="1.2")],
        groups=[LeadingGroup("多式联运工作领导小组", Evidence(plan.key, goal), office_host="市交通局")],
        memberships=[Membership("多式联运工作领导小组", "组长", Evidence(plan.key, goal), person="张  三",
                                position="市政府副市长"),
                     Membership("多式联运工作领导小组", "成员", Evidence(plan.key, goal), agency="市审计局"),
                     Membership("多式联运工作领导小组", "副组长", Evidence(plan.key, goal), position="市交通局局长")],
    )
    removal = span_of(source, "陈建忠的市审计局副局长职务;")
    notice_records = Records(
        document=notice,
        personnel=[PersonnelChange("remove", "陈建忠", "副局长", "市审计局", Evidence(notice.key, removal),
                                   decision_date=date(2023, 2, 26), meeting="第18次常务会议")],
    )
    return issue, [plan_records, notice_records]


@pytest.fixture(scope="module")
def quads():
    issue, records = build_issue()
    return issue_graph(issue, records, RESOLVER, base_iri=BASE)


def iri(path: str) -> ox.NamedNode:
    return ox.NamedNode(path if path.startswith("http") else Iris(BASE)._iri(*path.split("|")))


ISSUE = BASE + "issue/xinzhou/2023-03"
NOTICE = "doc|忻政任〔2023〕4号"
TRANSPORT_IRI = BASE + "org/xinzhou/%E5%BF%BB%E5%B7%9E%E5%B8%82%E4%BA%A4%E9%80%9A%E8%BF%90%E8%BE%93%E5%B1%80"


def plan_iri():
    issue, records = build_issue()
    return "doc|" + records[0].document.key


def lit(value, datatype=None):
    return ox.Literal(value, datatype=ox.NamedNode(str(datatype))) if datatype else ox.Literal(value)


def n(term) -> ox.NamedNode:
    return ox.NamedNode(str(term))


EXPECTED = [
    (ISSUE, RDF.type, n(GKG.GazetteIssue)),
    (ISSUE, DCTERMS.title, lit("忻州市人民政府公报")),
    (ISSUE, DCTERMS.issued, lit("2023-03-20", XSD.date)),
    (ISSUE, GKG.issueNumber, lit("3", XSD.integer)),
    (ISSUE, GKG.totalIssueNumber, lit("43", XSD.integer)),
    (ISSUE, DCTERMS.hasPart, iri(NOTICE)),
    (NOTICE, RDF.type, n(GKG.Document)),
    (NOTICE, DCTERMS.identifier, lit("忻政任〔2023〕4号")),
    (NOTICE, DCTERMS.title, lit("忻州市人民政府关于徐啸等职务任免的通知")),
    (NOTICE, DCTERMS.issued, lit("2023-02-27", XSD.date)),
    (NOTICE, DCTERMS.isPartOf, iri(ISSUE)),
    (NOTICE, DCTERMS.creator, iri("org/xinzhou/忻州市人民政府".replace("/", "|"))),
    (NOTICE, GKG.addressedTo, iri("org|xinzhou|各县(市、区)人民政府")),
    (NOTICE, GKG.hasAttachment, iri(NOTICE + "|attachment|1")),
    (NOTICE, GKG.publicNote, lit("此件公开发布")),
    (NOTICE + "|attachment|1", DCTERMS.title, lit("任免名单")),
    ("doc|国办发〔2021〕54号", DCTERMS.identifier, lit("国办发〔2021〕54号")),
    ("doc|国办发〔2021〕54号", RDF.type, n(GKG.Document)),
    # organisations: one resolved node, every surface form an altLabel
    (TRANSPORT_IRI, RDF.type, n(ORG.Organization)),
    (TRANSPORT_IRI, RDF.type, n(GKG.Department)),
    (TRANSPORT_IRI, SKOS.prefLabel, lit("忻州市交通运输局")),
    (TRANSPORT_IRI, SKOS.altLabel, lit("市交通局")),
    (TRANSPORT_IRI, SKOS.altLabel, lit("市交通运输局")),
    (TRANSPORT_IRI, ORG.subOrganizationOf, iri("org|xinzhou|忻州市人民政府")),
    ("org|xinzhou|忻州市人民政府", RDF.type, n(GKG.Government)),
    ("org|xinzhou|各县(市、区)人民政府", SKOS.prefLabel, lit("各县(市、区)人民政府")),
    # leading group and memberships
    ("org|xinzhou|多式联运工作领导小组", RDF.type, n(GKG.LeadingGroup)),
    ("org|xinzhou|多式联运工作领导小组", GKG.officeHostedBy, iri(TRANSPORT_IRI)),
    ("PLAN|membership|1", RDF.type, n(ORG.Membership)),
    ("PLAN|membership|1", ORG.organization, iri("org|xinzhou|多式联运工作领导小组")),
    ("PLAN|membership|1", ORG.member, iri("person|xinzhou|张  三")),
    ("PLAN|membership|1", ORG.role, iri("role|组长")),
    ("PLAN|membership|1", GKG.statedPosition, lit("市政府副市长")),
    ("role|组长", RDFS.label, lit("组长")),
    ("PLAN|membership|2", ORG.member, iri("org|xinzhou|忻州市审计局")),
    ("PLAN|membership|3", ORG.member, iri("post|xinzhou|-|市交通局局长")),
    ("post|xinzhou|-|市交通局局长", RDF.type, n(ORG.Post)),
    # tasks, roles, programme
    ("PLAN", RDF.type, n(GKG.Program)),
    ("PLAN", GKG.programKind, lit("方案")),
    ("PLAN", GKG.periodEnd, lit("2025", XSD.gYear)),
    ("PLAN|task|1.2", RDF.type, n(GKG.Task)),
    ("PLAN|task|1.2", RDFS.label, lit("工作目标")),
    ("PLAN|task|1.2", GKG.subTaskOf, iri("PLAN|task|1")),
    ("PLAN|task|1.2", GKG.partOfProgram, iri("PLAN")),
    ("PLAN|task|1.2", GKG.leadAgency, iri(TRANSPORT_IRI)),
    ("PLAN|task|1.2", GKG.supportingAgency, iri(TRANSPORT_IRI)),
    ("PLAN|task|1.2", PROV.wasDerivedFrom, iri("PLAN")),
    ("PLAN", GKG.mentions, iri(TRANSPORT_IRI)),
    ("PLAN|task|1.2", DCTERMS.description,
     lit("(二)工作目标。到2025年,多式联运发展水平明显提升,运输结构显著优化。煤炭、矿石、粮食等大宗货物")),
    # qualified assignments: one per (task, organisation, role), numbered within the task
    ("PLAN|task|1.2|assignment|1", RDF.type, n(GKG.Assignment)),
    ("PLAN|task|1.2|assignment|1", GKG.task, iri("PLAN|task|1.2")),
    ("PLAN|task|1.2|assignment|1", GKG.assignedAgency, iri(TRANSPORT_IRI)),
    ("PLAN|task|1.2|assignment|1", GKG.agencyRole, n(GKG.Lead)),
    ("PLAN|task|1.2|assignment|1", GKG.surfaceForm, lit("市交通局")),
    ("PLAN|task|1.2|assignment|1", RDFS.label, lit("市交通局（牵头）")),
    ("PLAN|task|1.2|assignment|1", PROV.wasDerivedFrom, iri("PLAN")),
    ("PLAN|task|1.2|assignment|1", GKG.sourceText,
     lit("(二)工作目标。到2025年,多式联运发展水平明显提升,运输结构显著优化。")),
    ("PLAN|task|1.2|assignment|2", GKG.agencyRole, n(GKG.Supporting)),
    ("PLAN|task|1.2|assignment|2", GKG.surfaceForm, lit("市交通运输局")),
    ("PLAN|task|1.2|assignment|2", RDFS.label, lit("市交通运输局（配合）")),
    ("PLAN|task|1.2|assignment|2", GKG.assignedAgency, iri(TRANSPORT_IRI)),
    ("PLAN|task|1|assignment|1", GKG.agencyRole, n(GKG.Implementing)),
    ("PLAN|task|1|assignment|1", GKG.sourceText, lit("运输结构工作实施方案")),
    ("PLAN|task|1", GKG.implementingAgency, iri("org|xinzhou|忻州市人民政府")),
    # titles: a stub gets one title, a published document keeps its own; the others are alternatives
    ("doc|国办发〔2021〕54号", DCTERMS.title,
     lit("国务院办公厅关于印发推进多式联运发展优化调整运输结构工作方案(2021—2025年)的通知")),
    ("doc|国办发〔2021〕54号", DCTERMS.alternative, lit("推进多式联运发展优化调整运输结构工作方案")),
    (NOTICE, DCTERMS.alternative, lit("关于徐啸等职务任免的通知")),
    # targets
    ("PLAN|target|1", RDF.type, n(GKG.Target)),
    ("PLAN|target|1", GKG.indicator, lit("铁路货运量增长")),
    ("PLAN|target|1", GKG.targetValue, lit("10", XSD.decimal)),
    ("PLAN|target|1", GKG.unit, lit("%")),
    ("PLAN|target|1", GKG.comparator, lit("左右")),
    ("PLAN|target|1", GKG.dueYear, lit("2025", XSD.gYear)),
    ("PLAN|target|1", GKG.forTask, iri("PLAN|task|1.2")),
    # personnel
    (NOTICE + "|personnel|1", RDF.type, n(GKG.Dismissal)),
    (NOTICE + "|personnel|1", RDF.type, n(GKG.PersonnelChange)),
    (NOTICE + "|personnel|1", GKG.person, iri("person|xinzhou|陈建忠")),
    (NOTICE + "|personnel|1", GKG.post, iri("post|xinzhou|忻州市审计局|副局长")),
    (NOTICE + "|personnel|1", DCTERMS.date, lit("2023-02-26", XSD.date)),
    (NOTICE + "|personnel|1", PROV.wasDerivedFrom, iri(NOTICE)),
    ("post|xinzhou|忻州市审计局|副局长", RDFS.label, lit("副局长")),
    ("post|xinzhou|忻州市审计局|副局长", ORG.postIn, iri("org|xinzhou|忻州市审计局")),
    ("person|xinzhou|陈建忠", FOAF.name, lit("陈建忠")),
    ("person|xinzhou|陈建忠", RDF.type, n(FOAF.Person)),
]


def resolve_subject(subject: str) -> ox.NamedNode:
    if subject.startswith("PLAN"):
        subject = plan_iri() + subject[len("PLAN"):]
    return iri(subject)


def triples(quads):
    return {(q.subject, q.predicate, q.object) for q in quads}


@pytest.mark.parametrize("subject,predicate,obj", EXPECTED, ids=[f"{s}-{p}" for s, p, _ in EXPECTED])
def test_expected_triple(quads, subject, predicate, obj):
    if isinstance(obj, ox.NamedNode) and obj.value.startswith(BASE + "PLAN"):
        obj = resolve_subject(obj.value[len(BASE):].replace("/", "|"))
    assert (resolve_subject(subject), n(predicate), obj) in triples(quads)


def test_every_quad_is_in_the_issue_graph(quads):
    assert {q.graph_name for q in quads} == {ox.NamedNode(ISSUE)}


def test_source_text_is_the_exact_original_slice(quads):
    original = FIXTURE.read_text(encoding="utf-8")
    by_subject = {}
    for q in quads:
        if q.predicate.value in (str(GKG.sourceText), str(GKG.charStart), str(GKG.charEnd)):
            by_subject.setdefault(q.subject, {})[q.predicate.value] = q.object.value
    assert len(by_subject) >= 8
    for values in by_subject.values():
        if str(GKG.sourceText) in values:
            start, end = int(values[str(GKG.charStart)]), int(values[str(GKG.charEnd)])
            assert original[start:end] == values[str(GKG.sourceText)]


def test_page_break_sentence_keeps_its_original_line_breaks(quads):
    texts = {q.object.value for q in quads if q.predicate.value == str(GKG.sourceText)}
    assert "煤炭、矿石、粮食\n\n等大宗货物及集装箱中长距离运输以铁路为主,全市铁路货运量比2020年增长10%左右" in texts


def test_assignment_to_an_unknown_task_is_not_emitted(quads):
    assert not any("/task/9.9" in q.subject.value or "/task/9.9" in q.object.value for q in quads)


def test_same_input_gives_the_same_quads():
    first = issue_graph(*build_issue(), RESOLVER, base_iri=BASE)
    second = issue_graph(*build_issue(), RESOLVER, base_iri=BASE)
    assert first == second


def test_base_iri_is_configurable():
    quads = issue_graph(*build_issue(), RESOLVER, base_iri="https://example.org/kg/")
    subjects = {q.subject.value for q in quads}
    assert all(s.startswith("https://example.org/kg/") for s in subjects)


@pytest.mark.parametrize("city,slug", [("忻州市", "xinzhou"), ("太原市", "taiyuan"), ("大同市", "datong"),
                                       ("", "-"), ("延边朝鲜族自治州", "yanbianchaoxianzu")])
def test_city_slug(city, slug):
    assert city_slug(city) == slug


@pytest.mark.parametrize("method,args,expected", [
    ("document", ("忻政发〔2021〕20号",), "doc/%E5%BF%BB%E6%94%BF%E5%8F%91%E3%80%942021%E3%80%9520%E5%8F%B7"),
    ("task", ("忻政发〔2021〕20号", "2.3"), "doc/%E5%BF%BB%E6%94%BF%E5%8F%91%E3%80%942021%E3%80%9520%E5%8F%B7/task/2.3"),
    ("organisation", ("忻州市", "市应急局"), "org/xinzhou/%E5%B8%82%E5%BA%94%E6%80%A5%E5%B1%80"),
    ("person", ("忻州市", "郑连生"), "person/xinzhou/%E9%83%91%E8%BF%9E%E7%94%9F"),
    ("post", ("忻州市", None, "副市长"), "post/xinzhou/-/%E5%89%AF%E5%B8%82%E9%95%BF"),
    ("role", ("组长",), "role/%E7%BB%84%E9%95%BF"),
    ("assignment", ("忻政发〔2021〕20号", "3.1.2", 1),
     "doc/%E5%BF%BB%E6%94%BF%E5%8F%91%E3%80%942021%E3%80%9520%E5%8F%B7/task/3.1.2/assignment/1"),
    ("document", ("a/b c",), "doc/a%2Fb%20c"),
])
def test_iri_scheme(method, args, expected):
    assert getattr(Iris(BASE), method)(*args) == BASE + expected


def test_issue_iri_uses_year_and_two_digit_issue():
    issue, _ = build_issue()
    assert Iris(BASE).issue(issue) == ISSUE


def test_issue_without_number_is_named_by_its_file():
    issue, _ = build_issue()
    issue.year = issue.issue = None
    assert Iris(BASE).issue(issue) == BASE + "issue/xinzhou/file-" + "0" * 16


def test_organisations_of_two_cities_never_merge():
    issue, records = build_issue()
    quads = issue_graph(issue, records, RESOLVER, base_iri=BASE)
    other = build_issue()
    other[0].city = "太原市"
    for r in other[1]:
        r.document.city = "太原市"
    quads_other = issue_graph(other[0], other[1], RESOLVER, base_iri=BASE)
    labels = {q.subject.value for q in quads if q.predicate.value == str(SKOS.prefLabel)}
    labels_other = {q.subject.value for q in quads_other if q.predicate.value == str(SKOS.prefLabel)}
    assert labels and labels_other and not labels & labels_other


def values(quads, subject, predicate) -> list:
    subject = resolve_subject(subject)
    return sorted(q.object.value for q in quads if q.subject == subject and q.predicate == n(predicate))


@pytest.mark.parametrize("subject,count", [
    ("doc|国办发〔2021〕54号", 1),  # cited by two documents under two titles
    (NOTICE, 1),  # published here and cited under a shorter title
    ("PLAN", 1),
])
def test_a_document_has_one_title(quads, subject, count):
    assert len(values(quads, subject, DCTERMS.title)) == count


def test_published_title_is_not_replaced_by_a_citation(quads):
    assert values(quads, NOTICE, DCTERMS.title) == ["忻州市人民政府关于徐啸等职务任免的通知"]


@pytest.mark.parametrize("votes,title,others", [
    # the most frequent
    ({"甲关于A的通知": 1, "关于A的通知": 3}, "关于A的通知", ["甲关于A的通知"]),
    # then the longest
    ({"关于A的通知": 2, "省政府关于A的通知": 2}, "省政府关于A的通知", ["关于A的通知"]),
    # then the lexically first
    ({"关于B的通知": 1, "关于A的通知": 1}, "关于A的通知", ["关于B的通知"]),
    # 晋政发〔2021〕43号 in 2022-03: two citing documents, one title each
    ({"关于进一步深化“证照分离”改革激发市场主体发展活力的通知": 1,
      "山西省人民政府关于进一步深化“证照分离”改革激发市场主体活力的通知": 1},
     "山西省人民政府关于进一步深化“证照分离”改革激发市场主体活力的通知",
     ["关于进一步深化“证照分离”改革激发市场主体发展活力的通知"]),
    ({"关于A的通知": 1}, "关于A的通知", []),
])
def test_preferred_title(votes, title, others):
    from collections import Counter

    assert preferred_title(Counter(votes)) == (title, others)
    # the order the votes arrive in does not matter
    assert preferred_title(Counter(dict(reversed(list(votes.items()))))) == (title, others)


def test_stub_title_does_not_depend_on_document_order():
    issue, records = build_issue()
    forward = {(q.subject, q.predicate, q.object) for q in issue_graph(issue, records, RESOLVER, base_iri=BASE)}
    issue.documents.reverse()
    backward = {(q.subject, q.predicate, q.object)
                for q in issue_graph(issue, list(reversed(records)), RESOLVER, base_iri=BASE)}
    stub = iri("doc|国办发〔2021〕54号")
    assert {t for t in forward if t[0] == stub} == {t for t in backward if t[0] == stub}


def test_one_assignment_per_task_organisation_and_role(quads):
    assignments = {q.subject for q in quads if q.predicate == n(RDF.type) and q.object == n(GKG.Assignment)}
    keys = []
    for a in assignments:
        keys.append(tuple(next(q.object for q in quads if q.subject == a and q.predicate == n(p))
                          for p in (GKG.task, GKG.assignedAgency, GKG.agencyRole)))
    assert len(keys) == len(set(keys)) == 3


def test_every_assignment_has_its_direct_triple_and_back(quads):
    role_properties = {n(GKG.Lead): n(GKG.leadAgency), n(GKG.Responsible): n(GKG.responsibleAgency),
                       n(GKG.Supporting): n(GKG.supportingAgency), n(GKG.Implementing): n(GKG.implementingAgency)}
    direct = {(q.subject, q.predicate, q.object) for q in quads if q.predicate in role_properties.values()}
    qualified = set()
    for a in {q.subject for q in quads if q.object == n(GKG.Assignment)}:
        props = {q.predicate: q.object for q in quads if q.subject == a}
        qualified.add((props[n(GKG.task)], role_properties[props[n(GKG.agencyRole)]], props[n(GKG.assignedAgency)]))
    assert qualified == direct


def test_assignment_iris_are_deterministic_and_follow_the_scheme(quads):
    assignments = sorted(q.subject.value for q in quads if q.object == n(GKG.Assignment))
    again = sorted(q.subject.value for q in issue_graph(*build_issue(), RESOLVER, base_iri=BASE)
                   if q.object == n(GKG.Assignment))
    assert assignments == again
    assert all(re.fullmatch(r"doc/[^/]+/task/[^/]+/assignment/[1-9][0-9]*", a[len(BASE):]) for a in assignments)


# --- on the real build of the bundled gazettes (tests/conftest.py) ----------------------------

PROLOGUE = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in {
    "gkg": str(GKG._NS), "dcterms": str(DCTERMS), "rdfs": str(RDFS), "prov": str(PROV)}.items())


def ask(store, query) -> list:
    return list(store.query(PROLOGUE + query, use_default_graph_as_union=True))


ROLE_PAIRS = """VALUES (?role ?property) { (gkg:Lead gkg:leadAgency) (gkg:Responsible gkg:responsibleAgency)
    (gkg:Supporting gkg:supportingAgency) (gkg:Implementing gkg:implementingAgency) }"""


def test_real_build_qualifies_every_direct_role_triple_once(bundled_store):
    direct = ask(bundled_store, f"SELECT DISTINCT ?t ?property ?o WHERE {{ {ROLE_PAIRS} ?t ?property ?o }}")
    qualified = ask(bundled_store, f"""SELECT DISTINCT ?a ?t ?property ?o WHERE {{ {ROLE_PAIRS}
        ?a a gkg:Assignment ; gkg:task ?t ; gkg:assignedAgency ?o ; gkg:agencyRole ?role }}""")
    assert direct and len(qualified) == len(direct)
    assert {(r["t"], r["property"], r["o"]) for r in qualified} == {(r["t"], r["property"], r["o"]) for r in direct}


def test_real_build_assignment_tells_who_is_responsible_for_rural_toilets_and_why(bundled_store):
    rows = ask(bundled_store, """SELECT ?surface ?text ?doc WHERE {
        ?t a gkg:Task ; dcterms:description ?body FILTER(CONTAINS(?body, "农村改厕"))
        ?a gkg:task ?t ; gkg:agencyRole gkg:Responsible ; gkg:surfaceForm ?surface ; gkg:sourceText ?text ;
           prov:wasDerivedFrom ?doc }""")
    surfaces = {r["surface"].value for r in rows}
    assert {"市农业农村局", "市卫健委"} <= surfaces
    assert all("责任单位" in r["text"].value for r in rows)


def test_real_build_task_text_is_findable_and_source_text_stays_the_sentence(bundled_store):
    rows = ask(bundled_store, """SELECT ?label ?sentence WHERE {
        ?t a gkg:Task ; rdfs:label ?label ; gkg:sourceText ?sentence ; dcterms:description ?body
        FILTER(CONTAINS(?body, "农村改厕")) }""")
    assert [(r["label"].value, r["sentence"].value) for r in rows] == [("全面推进厕所革命", "2.全面推进厕所革命。")]
    missing = ask(bundled_store, "SELECT ?t WHERE { ?t a gkg:Task FILTER NOT EXISTS { ?t dcterms:description ?d } }")
    assert missing == []


def test_real_build_documents_have_one_title(bundled_store):
    several = ask(bundled_store, """SELECT ?d WHERE { ?d a gkg:Document ; dcterms:title ?a , ?b FILTER(?a != ?b) }""")
    assert several == []
    rows = ask(bundled_store, """SELECT ?title ?other WHERE { ?d dcterms:identifier "晋政发〔2021〕43号" ;
        dcterms:title ?title ; dcterms:alternative ?other }""")
    assert [(r["title"].value, r["other"].value) for r in rows] == [
        ("山西省人民政府关于进一步深化“证照分离”改革激发市场主体活力的通知",
         "关于进一步深化“证照分离”改革激发市场主体发展活力的通知")]
