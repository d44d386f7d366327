"""Segmenter: a Source (a whole gazette issue, or one document) -> GazetteIssue with its documents.

Documents are found by their 发文字号 line (a line that is nothing but a 文号; in the table of contents
the 文号 carries a page number) or, without a 文号, by a title followed by a 主送 line. The title is
read around the 文号, the issuers from the title head before 关于 (or the signature), the body is the
text between the 主送 line and the next document, minus the signature block and attachment bodies.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .errors import SkipInput
from .model import Attachment, ContentsEntry, Document, GazetteIssue, Section, Source, Span
from .segmenter import body as bodies
from .segmenter import header as heads
from .segmenter import issue as issues
from .segmenter import patterns
from .segmenter.text import Line, despace, ends_with_genre, span_of_lines, split_lines
from .settings import SETTINGS

__all__ = ["segment"]


@dataclass
class Anchor:
    """Where a document's head was found: its 文号 line and/or its title lines."""
    number_index: Optional[int]
    number: Optional[str]
    number_span: Optional[Span]
    title: list[Line]

    @property
    def start(self) -> int:
        indices = [line.index for line in self.title]
        if self.number_index is not None:
            indices.append(self.number_index)
        return min(indices)

    @property
    def head_end(self) -> int:
        indices = [line.index for line in self.title]
        if self.number_index is not None:
            indices.append(self.number_index)
        return max(indices)


def segment(source: Source) -> GazetteIssue:
    lines = split_lines(source.text)
    if not lines:
        raise SkipInput("no text to segment", path=source.path)
    contents_indices = [line.index for line in lines if issues.contents_number_line(line) is not None]
    contents_start = first_contents_line(lines)
    contents_end = max(contents_indices) if contents_indices else (contents_start if contents_start is not None else -1)
    anchors = find_anchors(lines, contents_end)
    trailer = trailer_start(lines, anchors[-1].head_end if anchors else contents_end)
    front_end = anchors[0].start if anchors else min(len(lines), 40)
    meta = issues.issue_meta(lines[:front_end])
    meta.editorial.update(trailer_editorial(lines[trailer:]))
    contents_lines = lines[contents_start if contents_start is not None else 0: contents_end + 1] \
        if contents_end >= 0 else []
    contents = issues.parse_contents(contents_lines)
    is_gazette = bool(meta.title) and (bool(contents) or meta.issue is not None)
    if not anchors:
        anchors = [whole_file_anchor(lines, contents_end)]
    documents: list[Document] = []
    for k, anchor in enumerate(anchors):
        end = anchors[k + 1].start if k + 1 < len(anchors) else trailer
        documents.append(build_document(source, lines, anchor, end, meta.city))
    issue = GazetteIssue(title=meta.title, city=meta.city, year=meta.year, issue=meta.issue,
                         issue_label=meta.issue_label, total_issue=meta.total_issue, published=meta.published,
                         editorial=meta.editorial, contents=contents, documents=documents, source=source,
                         is_single_document=not is_gazette and len(documents) == 1)
    if not issue.city:
        issue.city = next((doc.city for doc in documents if doc.city), SETTINGS.default_city)
    for doc in documents:
        doc.city = doc.city or issue.city
    issue.warnings.extend(cross_check(contents, documents))
    return issue


def first_contents_line(lines: list[Line]) -> Optional[int]:
    return next((line.index for line in lines[:200] if issues.is_contents_heading(line)), None)


def find_anchors(lines: list[Line], contents_end: int) -> list[Anchor]:
    anchors: list[Anchor] = []
    floor = contents_end
    for line in lines[contents_end + 1:]:
        found = heads.number_of_line(line)
        if found is None:
            continue
        number, span = found
        after = heads.title_after(lines, line.index, len(lines))
        title = after or heads.title_before(lines, line.index, floor)
        anchors.append(Anchor(line.index, number, span, title))
        floor = max(line.index, title[-1].index if title else line.index)
    return merge_unnumbered(lines, anchors, contents_end)


def merge_unnumbered(lines: list[Line], anchors: list[Anchor], contents_end: int) -> list[Anchor]:
    """Documents without 文号: a title (关于…的通知, or …办法) directly followed by a 主送 line."""
    taken: set[int] = set()
    for anchor in anchors:
        taken.update(range(anchor.start, anchor.head_end + 1))
    extra: list[Anchor] = []
    j = contents_end + 1
    while j < len(lines):
        if j in taken or not heads.is_title_fragment(lines[j]):
            j += 1
            continue
        title: list[Line] = []
        k = j
        while k < len(lines) and len(title) < heads.MAX_TITLE_LINES and k not in taken \
                and heads.is_title_fragment(lines[k]):
            title.append(lines[k])
            k += 1
            joined = "".join(line.compact for line in title)
            if heads.has_about(joined) and ends_with_genre(joined):
                break
        joined = "".join(line.compact for line in title)
        if heads.has_about(joined) and ends_with_genre(joined) and heads.has_about(title[0].compact) \
                and heads.recipients_at(lines, k, len(lines))[0]:
            while title[0].index - 1 > contents_end and title[0].index - 1 not in taken \
                    and heads.looks_like_org_name(lines[title[0].index - 1].clean):
                title.insert(0, lines[title[0].index - 1])
            extra.append(Anchor(None, None, None, title))
            j = k
            continue
        j += 1
    return sorted(anchors + extra, key=lambda anchor: anchor.start)


def whole_file_anchor(lines: list[Line], contents_end: int) -> Anchor:
    """A file without any recognisable head: one document titled by its first lines."""
    title: list[Line] = []
    for line in lines[contents_end + 1: contents_end + 1 + heads.MAX_TITLE_LINES]:
        if not heads.is_title_fragment(line):
            break
        title.append(line)
        if ends_with_genre(line.compact):
            break
    return Anchor(None, None, None, title or [lines[contents_end + 1 if contents_end + 1 < len(lines) else 0]])


def trailer_start(lines: list[Line], after: int) -> int:
    """The editorial-board / introduction pages after the last document."""
    trailer = patterns.regex("trailer")
    for line in lines[after + 1:]:
        if trailer.match(line.compact):
            return line.index
    return len(lines)


def trailer_editorial(lines: list[Line]) -> dict[str, str]:
    pairs: dict[str, str] = {}
    trailer = patterns.regex("trailer")
    for line in lines:
        rest = trailer.sub("", line.clean).strip()
        if rest != line.clean and rest:
            line = Line(line.index, line.span, line.raw, rest)
        for key, value in issues.editorial_pairs(line).items():
            pairs.setdefault(key, value)
    return pairs


def build_document(source: Source, lines: list[Line], anchor: Anchor, end: int, gazette_city: str) -> Document:
    doc_lines = lines[anchor.start:end]
    title_raw = " ".join(line.clean for line in anchor.title)
    title = despace(title_raw)
    recipients, recipient_lines = heads.recipients_at(lines, anchor.head_end + 1, end)
    body_start = recipient_lines[-1].index + 1 if recipient_lines else anchor.head_end + 1
    foot = heads.find_foot(lines, body_start, end)
    own_end = foot.first_index if foot.first_index is not None else end
    after_foot = (foot.last_index + 1) if foot.last_index is not None else end
    own = lines[body_start:own_end]
    later = lines[after_foot:end]
    listed, own, later = take_attachment_lists(own, later)
    listed_titles = {title for _, title, _ in listed}
    continuation, regions = bodies.attachment_regions(later, listed_titles)
    body = bodies.build_tree(own + continuation)
    attachments = join_attachments(listed, [bodies.attachment_from_region(label, region) for label, region in regions])
    issuers = heads.issuers_of_title(title_raw) or [despace(line.clean) for line in foot.signature
                                                    if heads.looks_like_org_name(line.clean)]
    city = gazette_city or next((c for c in map(issues.jurisdiction_of, issuers) if c), "")
    span = span_of_lines(doc_lines) if doc_lines else Span(0, 0)
    tables = bodies.all_tables(body) + [t for a in attachments if a.body for t in bodies.all_tables(a.body)]
    return Document(
        number=anchor.number, title=title, issuer=issuers[0] if issuers else None, date=foot.date,
        recipients=recipients, body=body, span=span, source=source, city=city, tables=tables,
        attachments=attachments, citations=bodies.citations_in(source.text, span), public_note=foot.note,
        co_issuers=issuers[1:], number_span=anchor.number_span,
        title_span=span_of_lines(anchor.title) if anchor.title else None,
        recipients_span=span_of_lines(recipient_lines) if recipient_lines else None,
        date_span=foot.date_line.span if foot.date_line else None,
        signature=[despace(line.clean) for line in foot.signature])


def take_attachment_lists(own: list[Line], later: list[Line]):
    """The 附件 list: any 附件 label before the signature; after it, a bare 附件： followed by items."""
    listed: list[tuple[Optional[int], str, Span]] = []
    list_lines: set[int] = set()
    for k, line in enumerate(own):
        found = bodies.attachment_list_at(own, k)
        if found and line.index not in list_lines:
            listed.extend(found.items)
            list_lines.update(l.index for l in found.lines)
    for k, line in enumerate(later):
        label = bodies.attachment_label(line)
        if label is None or label.rest or label.number is not None:
            continue
        found = bodies.attachment_list_at(later, k) or bodies.unnumbered_list_at(later, k) \
            or bodies.single_title_list_at(later, k)
        if found and len(found.lines) > 1:
            listed.extend(found.items)
            list_lines.update(l.index for l in found.lines)
    return (listed, [l for l in own if l.index not in list_lines], [l for l in later if l.index not in list_lines])


def join_attachments(listed: list[tuple[Optional[int], str, Span]], printed: list[Attachment]) -> list[Attachment]:
    """Listed attachments get the body printed for them (by number, then title, then order)."""
    result: list[Attachment] = []
    unused = list(printed)
    for position, (number, title, span) in enumerate(listed):
        match = next((a for a in unused if number is not None and a.number == number), None) \
            or next((a for a in unused if a.title and despace(a.title) == title), None) \
            or (unused[0] if unused and (unused[0].number is None or number is None) else None)
        if match is not None:
            unused.remove(match)
            result.append(Attachment(title, match.span, match.body, number if number is not None else match.number))
        else:
            result.append(Attachment(title, span, None, number))
    result.extend(unused)
    return result


def cross_check(contents: list[ContentsEntry], documents: list[Document]) -> list[str]:
    warnings = []
    numbers = {doc.number for doc in documents if doc.number}
    titles = {despace(doc.title) for doc in documents}
    for entry in contents:
        if entry.number and entry.number in numbers:
            continue
        if not entry.number and despace(entry.title) in titles:
            continue
        warnings.append(f"contents entry without document: {entry.number or ''} {entry.title}".strip())
    listed_numbers = {entry.number for entry in contents if entry.number}
    listed_titles = {despace(entry.title) for entry in contents}
    if contents:
        for doc in documents:
            if (doc.number and doc.number in listed_numbers) or despace(doc.title) in listed_titles:
                continue
            warnings.append(f"document not in the contents: {doc.number or ''} {doc.title}".strip())
    for doc in documents:
        entry = next((e for e in contents if doc.number and e.number == doc.number), None) \
            or next((e for e in contents if despace(e.title) == despace(doc.title)), None)
        if entry is not None:
            doc.category = entry.category
    return warnings
