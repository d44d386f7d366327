"""The records that flow between reader, segmenter, extractors, resolver and rdf.

Coordinates: every ``Span`` is in the *normalised* text of its ``Source`` (``Source.text``).
``Source.to_original`` turns a normalised span into offsets in the original decoded file
(``Source.original``), which is what the graph publishes as gkg:charStart / gkg:charEnd.
Nothing here knows RDF; nothing after the resolver reads raw text again.
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Optional


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"bad span {self.start}..{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass
class Source:
    """A decoded input file and its normalised text for matching.

    ``offsets[i]`` is the index in ``original`` of the character that became ``text[i]``;
    ``offsets[len(text)]`` is ``len(original)``, so every normalised span maps back.
    """

    path: str
    original: str
    text: str
    offsets: array
    encoding: str
    sha256: str = ""
    # line starts in ``original`` (0-based offsets) for "file:line" messages
    line_starts: array = field(default_factory=lambda: array("i"))
    # what the input format says besides the text (HTML/DOCX/PDF metadata: 文号, 发文机关, 成文日期,
    # title, pages …); empty for plain text
    meta: dict = field(default_factory=dict)

    def to_original(self, span: Span) -> tuple[int, int]:
        start = self.offsets[span.start]
        if span.end == span.start:
            return start, start
        # the end maps to one past the original position of the last character
        end = self.offsets[span.end - 1] + 1
        return start, end

    def original_slice(self, span: Span) -> str:
        start, end = self.to_original(span)
        return self.original[start:end]

    def line_of(self, original_offset: int) -> int:
        """1-based line number in the original file of an original offset."""
        import bisect

        return bisect.bisect_right(self.line_starts, original_offset) if self.line_starts else 1

    def slice(self, span: Span) -> str:
        return self.text[span.start:span.end]


# --- segmenter output ---------------------------------------------------------------


@dataclass
class Paragraph:
    """One line of a document's normalised text: ``text == source.text[span.start:span.end]``."""

    text: str
    span: Span


@dataclass
class Section:
    """A node of a document's body tree, following its numbering.

    level 0 is the body root; 1 = 一、 ; 2 = （一） ; 3 = 1. ; 4 = （1） ; articles (第X条) and
    chapters (第X章) get their own levels chosen by the segmenter so that nesting is preserved.
    ``heading`` is the short heading after the marker (up to the first 。 or the line end);
    ``paragraphs`` hold the section's own text (the heading line included), children the nested ones.
    """

    level: int
    marker: str
    heading: str
    span: Span
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list["Section"] = field(default_factory=list)
    number: Optional[int] = None  # the numeral's value (一 -> 1) when there is one
    tables: list["Table"] = field(default_factory=list)  # tables printed inside this section

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class TableRow:
    cells: list[str]
    cell_spans: list[Span]
    span: Span
    # leading cells were empty in print (a vertically merged cell) and were filled from the row above
    continues_previous: bool = False


@dataclass
class Table:
    header: list[str]
    rows: list[TableRow]
    span: Span
    title: str = ""  # caption line above the table, when there is one


@dataclass
class Attachment:
    title: str
    span: Span
    body: Optional[Section] = None  # the attachment's own text tree when it is printed
    number: Optional[int] = None  # n of 附件n, when numbered


@dataclass
class Citation:
    title: str  # without 《》
    number: Optional[str]  # normalised 文号, when given
    span: Span


@dataclass
class Document:
    number: Optional[str]  # normalised 文号: 〔〕, no spaces, half-width digits
    title: str
    issuer: Optional[str]
    date: Optional[date]
    recipients: list[str]
    body: Section
    span: Span
    source: Source
    city: str  # e.g. 忻州市 (from the gazette, or guessed from the issuer)
    tables: list[Table] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    public_note: Optional[str] = None  # 此件公开发布 etc.
    category: Optional[str] = None  # 【…文件】 heading of the contents
    co_issuers: list[str] = field(default_factory=list)
    number_span: Optional[Span] = None
    title_span: Optional[Span] = None
    recipients_span: Optional[Span] = None
    date_span: Optional[Span] = None
    signature: list[str] = field(default_factory=list)  # issuing bodies printed above the date

    @property
    def key(self) -> str:
        """Stable identity inside a build: the 文号, or a content hash when there is none."""
        if self.number:
            return self.number
        import hashlib

        digest = hashlib.sha256(self.source.slice(self.span).encode("utf-8")).hexdigest()[:16]
        return f"nonum-{digest}"


@dataclass
class ContentsEntry:
    title: str
    number: Optional[str]
    page: Optional[int]
    category: Optional[str] = None


@dataclass
class GazetteIssue:
    title: str  # 忻州市人民政府公报
    city: str  # 忻州市
    year: Optional[int]
    issue: Optional[int]  # 3 of 2023年第3期
    issue_label: Optional[str]  # "2023年第3期"
    total_issue: Optional[int]  # 43 of 总第43期
    published: Optional[date]
    editorial: dict[str, str] = field(default_factory=dict)  # 主办, 编辑, 主编 …
    contents: list[ContentsEntry] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    source: Optional[Source] = None
    is_single_document: bool = False  # the file was one document, not a whole issue
    # contents entries without a document, documents missing from the contents, …
    warnings: list[str] = field(default_factory=list)


# --- extractor output ---------------------------------------------------------------


@dataclass
class Evidence:
    """Where a fact was read: the sentence (normalised span) in its document."""

    doc_key: str
    sentence: Span
    span: Optional[Span] = None  # the narrower mention, when useful


@dataclass
class OrgMention:
    surface: str  # as written (normalised text), e.g. 市住建局
    span: Span
    doc_key: str
    kind: Optional[str] = None  # government|department|party|congress|institution|enterprise|group|collective
    defined_alias: Optional[str] = None  # 以下简称 X: the abbreviation this mention defines


@dataclass
class Task:
    key: str  # stable within its document, e.g. "2.3" from the numbering or "t17" for table rows
    label: str  # short heading as written
    evidence: Evidence
    parent_key: Optional[str] = None
    description: str = ""


ROLES = ("lead", "responsible", "supporting", "implementing")


@dataclass
class Assignment:
    task_key: str
    agency: str  # surface form as written
    role: str  # one of ROLES
    evidence: Evidence


@dataclass
class Programme:
    doc_key: str
    title: str  # 忻州市推进多式联运发展优化调整运输结构工作实施方案(2023—2025年)
    kind: str  # 方案|计划|规划|预案|意见|办法|…
    period_start: Optional[int] = None
    period_end: Optional[int] = None
    evidence: Optional[Evidence] = None


PERSONNEL_KINDS = ("appoint", "remove", "confirm")


@dataclass
class PersonnelChange:
    kind: str  # appoint|remove|confirm
    person: str  # spaces removed
    post: str  # 副局长
    organisation: Optional[str]  # as written
    evidence: Evidence
    decision_date: Optional[date] = None  # 常务会议 date when given, else the document date
    meeting: Optional[str] = None


@dataclass
class Membership:
    group: str  # name as written
    role: str  # 组长|副组长|成员|指挥长|…
    evidence: Evidence
    person: Optional[str] = None
    position: Optional[str] = None  # stated post of the person, or the post itself when no name
    agency: Optional[str] = None  # member unit when the member is an organisation


@dataclass
class LeadingGroup:
    name: str
    evidence: Evidence
    office_host: Optional[str] = None  # 办公室设在 X
    kind: str = "领导小组"


@dataclass
class Target:
    indicator: str
    value: Decimal
    value_text: str  # as written
    unit: str
    comparator: str
    evidence: Evidence
    year: Optional[int] = None
    upper: Optional[Decimal] = None  # for ranges 1至2
    task_key: Optional[str] = None


@dataclass
class Records:
    """Everything the extractors found in one document."""

    document: Document
    orgs: list[OrgMention] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    programmes: list[Programme] = field(default_factory=list)
    personnel: list[PersonnelChange] = field(default_factory=list)
    groups: list[LeadingGroup] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)

    def extend(self, other: "Records") -> None:
        for name in ("orgs", "tasks", "assignments", "programmes", "personnel", "groups",
                     "memberships", "targets"):
            getattr(self, name).extend(getattr(other, name))


# --- resolver output ----------------------------------------------------------------


@dataclass
class Organisation:
    city: str  # scope: 忻州市; "" for national / provincial bodies outside any city
    canonical: str  # 忻州市住房和城乡建设局
    kind: str
    aliases: set[str] = field(default_factory=set)
    parent: Optional[str] = None  # canonical name of the parent, same city


@dataclass
class Person:
    city: str
    name: str
