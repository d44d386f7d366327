"""Body trees: sections following the numbering, tables, attachments and citations."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..model import Attachment, Citation, Paragraph, Section, Span, Table, TableRow
from . import patterns
from .text import SENTENCE_END, Line, cjk_number, despace, normalise_number, span_of_lines

HTML_TAG = re.compile(r"</?[a-zA-Z]+\s*/?>")
HEADING_END = re.compile(r"[。：:]")
CAPTION_MAX = 40


@dataclass
class Marker:
    kind: str
    rank: int
    structural: bool
    fixed_level: Optional[int]
    number: Optional[int]
    text: str  # the marker as printed, e.g. （一）
    rest: str  # the line after the marker


def marker_of(line: Line) -> Optional[Marker]:
    for row in patterns.section_markers():
        match = row["regex"].match(line.clean)
        if match:
            number_text = match.group("num")
            number = cjk_number(number_text) if "." not in number_text and "．" not in number_text \
                else cjk_number(re.split(r"[.．]", number_text)[-1])
            if number is None and number_text in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳":
                number = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳".index(number_text) + 1
            return Marker(row["kind"], row["rank"], bool(row.get("structural")), row.get("level"),
                          number, match.group(0).strip(), line.clean[match.end():].strip())
    return None


def heading_of(rest: str) -> str:
    """Text after the marker up to the first 。 or ：, or the line end."""
    return despace(HEADING_END.split(rest, 1)[0]).strip()


# --- tables ------------------------------------------------------------------------------


def cell_pieces(line: Line) -> list[tuple[str, Span]]:
    pieces, offset = [], 0
    for raw_cell in line.raw.split("\t"):
        start = line.span.start + offset
        stripped = raw_cell.strip()
        lead = len(raw_cell) - len(raw_cell.lstrip())
        text = HTML_TAG.sub("", stripped).strip()
        pieces.append((text, Span(start + lead, start + lead + len(stripped))))
        offset += len(raw_cell) + 1
    return pieces


def is_header_row(cells: list[str]) -> bool:
    filled = [cell for cell in cells if cell]
    if len(filled) < 2 and len(cells) > 1:
        return False
    if any(cell.isdigit() or len(despace(cell)) > 20 or re.search(r"[。；;，,]", cell) for cell in filled):
        return False
    return any(word in despace(cell) for cell in filled for word in patterns.table_header_words())


def is_header_before(cells: list[str], following: list[str]) -> bool:
    """A first row of short labels over a row with running text is a header even without header words."""
    filled = [cell for cell in cells if cell]
    return (len(filled) >= 2 and len(filled) == len(cells) and all(len(despace(c)) <= 12 for c in filled)
            and not any(c.isdigit() for c in filled)
            and any(len(despace(c)) > 20 for c in following))


def build_table(rows_lines: list[Line], caption: str) -> Table:
    """Rows of tab-separated cells; header rows repeated on every page are dropped; leading cells left
    empty because a merged cell continues are filled from the row above."""
    header: list[str] = []
    rows: list[TableRow] = []
    for index, line in enumerate(rows_lines):
        pieces = cell_pieces(line)
        cells = [text for text, _ in pieces]
        spans = [span for _, span in pieces]
        following = [text for text, _ in cell_pieces(rows_lines[1])] if len(rows_lines) > 1 else []
        if index == 0 and (is_header_row(cells) or is_header_before(cells, following)):
            header = cells
            continue
        if header and [despace(c) for c in cells] == [despace(c) for c in header]:
            continue
        rows.append(TableRow(cells, spans, line.span, False))
    fill_merged_cells(rows)
    return Table(header, rows, span_of_lines(rows_lines), caption)


def merged_blocks(printed: list[list[str]]) -> Optional[list[int]]:
    """For each row, the index of the row whose leading cells it shares (a vertically merged cell),
    or None when the table prints merged labels at the top of their block (the usual case, filled
    from above by the caller).

    PDF conversion may print a merged label on the middle row of its block instead: the table then
    opens with rows whose first cell is empty and the first labelled row is followed by such rows
    too. Each run of empty-first-cell rows between two labels is split between them (the upper
    half to the label above, the lower half to the label below; a run before the first label goes
    to it, a run after the last label to that one)."""
    data = [k for k, cells in enumerate(printed) if any(cells)]
    labelled = [k for k in data if printed[k][0]]
    if not labelled or not data or printed[data[0]][0]:
        return None
    first = labelled[0]
    after_first = next((k for k in data if k > first), None)
    if after_first is None or printed[after_first][0]:
        return None
    owner = list(range(len(printed)))
    for k in data:
        if printed[k][0]:
            continue
        above = max((j for j in labelled if j < k), default=None)
        below = min((j for j in labelled if j > k), default=None)
        if above is None or below is None:
            owner[k] = below if above is None else above
            continue
        run = [j for j in data if above < j < below]
        owner[k] = above if run.index(k) < (len(run) + 1) // 2 else below
    return owner


def fill_merged_cells(rows: list[TableRow]) -> None:
    """Leading cells left empty because a merged cell continues are filled from the row holding
    the label (above it, or in the middle of the block: ``merged_blocks``)."""
    printed = [list(row.cells) for row in rows]
    owners = merged_blocks(printed)
    for k, row in enumerate(rows):
        cells = row.cells
        if not cells or cells[0] or not any(cells):
            continue
        leading = next(j for j, cell in enumerate(cells) if cell)
        if owners is not None:
            source = printed[owners[k]]
        elif k > 0:
            source = rows[k - 1].cells
        else:
            continue
        for j in range(min(leading, len(source))):
            cells[j] = source[j]
    for k, row in enumerate(rows):
        if owners is not None:  # the row shares the block of the row above it
            row.continues_previous = k > 0 and owners[k] == owners[k - 1]
        else:
            row.continues_previous = k > 0 and not printed[k][0] and any(printed[k])


def append_to_last_cell(row: TableRow, line: Line) -> TableRow:
    """A table cell wrapped onto a line of its own (no tab): the text belongs to the last filled cell."""
    cells = list(row.cells)
    spans = list(row.cell_spans)
    last = max((k for k, cell in enumerate(cells) if cell), default=len(cells) - 1)
    cells[last] = cells[last] + despace(HTML_TAG.sub("", line.clean))
    spans[last] = Span(spans[last].start, line.span.end)
    return TableRow(cells, spans, Span(row.span.start, line.span.end), row.continues_previous)


# --- section tree --------------------------------------------------------------------------


def assign_levels(markers: list[Marker]) -> dict[str, int]:
    """Fixed levels for 一、（一）1.（1）①; structural kinds present (章, 条, 1.1 …) come first."""
    structural = sorted({(m.rank, m.kind) for m in markers if m.structural})
    levels = {kind: k + 1 for k, (_, kind) in enumerate(structural)}
    for row in patterns.section_markers():
        if not row.get("structural"):
            levels[row["kind"]] = row["level"] + len(structural)
    return levels


def build_tree(lines: list[Line], root_marker: str = "") -> Section:
    """The section tree of a run of body lines; tables attach to the section they are printed in.

    A paragraph is one line of the normalised text, and ``Paragraph.text == source.text[span]``
    exactly (spaces kept: 第二条 市水务局…), so offsets in the paragraph text are source offsets
    after adding ``span.start``. Lines split by page breaks were joined by the reader already."""
    if not lines:
        return Section(0, root_marker, "", Span(0, 0))
    root = Section(0, root_marker, "", span_of_lines(lines))
    markers = {line.index: marker_of(line) for line in lines if not line.has_tab}
    markers = {k: v for k, v in markers.items() if v is not None}
    levels = assign_levels(list(markers.values()))
    stack: list[tuple[int, Section]] = [(0, root)]
    table_lines: list[Line] = []
    position = 0
    while position < len(lines):
        line = lines[position]
        if line.has_tab:
            start = position
            while position < len(lines) and (lines[position].has_tab or is_wrapped_cell(lines, position)):
                position += 1
            table_lines = lines[start:position]
            section = stack[-1][1]
            section.tables.append(table_from_lines(table_lines, caption_before(lines, start)))
            extend_span(stack, table_lines[-1].span.end)
            continue
        marker = markers.get(line.index)
        if marker is not None:
            while stack[-1][0] >= marker.rank and len(stack) > 1:
                stack.pop()
            section = Section(levels[marker.kind], marker.text, heading_of(marker.rest), line.span,
                              [Paragraph(line.raw, line.span)], number=marker.number)
            stack[-1][1].children.append(section)
            stack.append((marker.rank, section))
        else:
            section = stack[-1][1]
            section.paragraphs.append(Paragraph(line.raw, line.span))
        extend_span(stack, line.span.end)
        position += 1
    return root


def extend_span(stack: list[tuple[int, Section]], end: int) -> None:
    for _, section in stack[1:]:
        if end > section.span.end:
            section.span = Span(section.span.start, end)


def is_wrapped_cell(lines: list[Line], position: int) -> bool:
    """A line without tabs between two table rows that is not a caption of the next table."""
    line = lines[position]
    if line.has_tab or position + 1 >= len(lines) or not lines[position + 1].has_tab:
        return False
    if position == 0 or not lines[position - 1].has_tab:
        return False
    next_cells = [text for text, _ in cell_pieces(lines[position + 1])]
    if is_header_row(next_cells) and len(line.compact) <= CAPTION_MAX:
        return False
    return marker_of(line) is None or len(line.compact) > CAPTION_MAX


def caption_before(lines: list[Line], start: int) -> str:
    if start == 0:
        return ""
    line = lines[start - 1]
    compact = line.compact
    if line.has_tab or len(compact) > CAPTION_MAX or compact[-1] in SENTENCE_END + "，,":
        return ""
    if patterns.regex("attachment_label").match(compact):
        return ""
    return compact


def table_from_lines(lines: list[Line], caption: str) -> Table:
    row_lines: list[Line] = []
    wrapped: dict[int, list[Line]] = {}
    for line in lines:
        if line.has_tab:
            row_lines.append(line)
        elif row_lines:
            wrapped.setdefault(row_lines[-1].index, []).append(line)
    table = build_table(row_lines, caption)
    for k, row in enumerate(table.rows):
        for line in lines:
            if line.has_tab and line.span == row.span:
                for extra in wrapped.get(line.index, []):
                    row = append_to_last_cell(row, extra)
                table.rows[k] = row
                break
    if table.rows:
        table.span = Span(table.span.start, max(table.span.end, table.rows[-1].span.end))
    return table


def all_tables(section: Section) -> list[Table]:
    return [table for node in section.walk() for table in node.tables]


# --- attachments ---------------------------------------------------------------------------


@dataclass
class AttachmentLabel:
    line: Line
    number: Optional[int]
    rest: str


def attachment_label(line: Line) -> Optional[AttachmentLabel]:
    compact = line.compact
    if len(compact) > 80:
        return None
    match = patterns.regex("attachment_label").match(compact)
    if not match:
        return None
    rest = match.group("rest").strip()
    if rest and not re.match(r"^[:：]", compact[len("附件"):].lstrip("0123456789０-９一二三四五六七八九十")) \
            and match.group("n") is None and not re.match(r"^附件[:：]", compact):
        return None  # '附件内容…' in running text
    number = cjk_number(match.group("n")) if match.group("n") else None
    return AttachmentLabel(line, number, rest)


def list_items(text: str) -> list[tuple[Optional[int], str]]:
    """'1.X 2.Y' or a single title -> [(1, X), (2, Y)] / [(None, title)]."""
    pieces = re.split(r"(?:^|(?<=[\s\u3000]))(?=[0-9]{1,2}[.．、])", text)
    items = []
    for piece in pieces:
        match = re.match(r"^(?P<n>[0-9]{1,2})[.．、](?P<t>.+)$", piece.strip())
        if match:
            items.append((int(match.group("n")), despace(match.group("t")).rstrip("；;。，,")))
        elif piece.strip():
            items.append((None, despace(piece).rstrip("；;。，,")))
    return items


@dataclass
class AttachmentList:
    lines: list[Line] = field(default_factory=list)
    items: list[tuple[Optional[int], str, Span]] = field(default_factory=list)


def attachment_list_at(lines: list[Line], position: int) -> Optional[AttachmentList]:
    """附件：1.X / 2.Y (items may follow on their own lines)."""
    label = attachment_label(lines[position])
    if label is None:
        return None
    found = AttachmentList([lines[position]])
    for number, title in list_items(label.rest) if label.rest else []:
        found.items.append((number if number is not None else label.number, title, lines[position].span))
    j = position + 1
    while j < len(lines):
        match = patterns.regex("list_item").match(lines[j].clean)
        if not match or lines[j].has_tab or lines[j].clean.rstrip()[-1:] in "。":
            break
        found.lines.append(lines[j])
        found.items.append((int(match.group("n")), despace(match.group("text")).rstrip("；;。，,"), lines[j].span))
        j += 1
    return found if found.items else None


def single_title_list_at(lines: list[Line], position: int) -> Optional[AttachmentList]:
    """附件： / one title line / 附件： (the printed attachment follows): a list of one unnumbered item."""
    if position + 2 >= len(lines):
        return None
    title_line, after = lines[position + 1], lines[position + 2]
    if title_line.has_tab or attachment_label(title_line) is not None or attachment_label(after) is None:
        return None
    if len(title_line.compact) > 80 or title_line.compact[-1] in SENTENCE_END:
        return None
    return AttachmentList([lines[position], title_line], [(None, title_line.compact, title_line.span)])


def is_title_line(line: Line) -> bool:
    """A short line that can be an attachment's title: no tab, no sentence end, no 附件 label."""
    compact = line.compact
    return (not line.has_tab and 0 < len(compact) <= 80 and compact[-1] not in SENTENCE_END
            and attachment_label(line) is None)


def unnumbered_list_at(lines: list[Line], position: int) -> Optional[AttachmentList]:
    """附件： / title / title … / 附件1： — a list whose items lost their numbers (bullets in the
    conversion); the items count 1, 2, … as the numbered labels printed after them."""
    label = attachment_label(lines[position])
    if label is None or label.rest or label.number is not None:
        return None
    j = position + 1
    while j < len(lines) and is_title_line(lines[j]) and marker_of(lines[j]) is None:
        j += 1
    items = lines[position + 1:j]
    following = attachment_label(lines[j]) if j < len(lines) else None
    if len(items) < 2 or following is None or following.number != 1:
        return None
    return AttachmentList([lines[position], *items],
                          [(n, line.compact, line.span) for n, line in enumerate(items, 1)])


def _title_only(region: list[Line]) -> bool:
    """A region holding nothing but its label and title lines (附件： / title / ## title)."""
    return all(attachment_label(line) is not None or is_title_line(line) for line in region) \
        and len({line.compact for line in region if attachment_label(line) is None}) <= 1


def attachment_regions(lines: list[Line], listed_titles: set[str]) -> tuple[list[Line], list[tuple[AttachmentLabel, list[Line]]]]:
    """Split the lines printed after the signature into the document's own continuation (e.g. the
    方案 a 印发 notice transmits) and attachment bodies, each opened by a 附件n label or a listed title."""
    before: list[Line] = []
    regions: list[tuple[AttachmentLabel, list[Line]]] = []
    for line in lines:
        label = attachment_label(line)
        if label is None and line.compact in listed_titles:
            label = AttachmentLabel(line, None, line.compact)
        if label is not None:
            if regions and (all(attachment_label(l) or l.compact in listed_titles for l in regions[-1][1])
                            or _title_only(regions[-1][1])) \
                    and (regions[-1][0].number is None or label.number is None):
                merged = regions[-1][0]
                regions[-1] = (AttachmentLabel(merged.line, merged.number or label.number,
                                               merged.rest or label.rest), regions[-1][1] + [line])
                continue
            regions.append((label, [line]))
        elif regions:
            regions[-1][1].append(line)
        else:
            before.append(line)
    return before, regions


def attachment_from_region(label: AttachmentLabel, region: list[Line]) -> Attachment:
    heading_lines = [line for line in region if attachment_label(line) is not None or line.compact == label.rest]
    content = [line for line in region if line not in heading_lines]
    title = label.rest
    if not title and content and not content[0].has_tab and len(content[0].compact) <= 60 \
            and content[0].compact[-1] not in SENTENCE_END:
        title = content[0].compact
    body = build_tree(content, "附件") if content else None
    if body is not None and body.tables and not body.tables[0].title and not body.paragraphs:
        body.tables[0].title = title
    return Attachment(title=title, span=span_of_lines(region), body=body, number=label.number)


# --- citations -----------------------------------------------------------------------------


def citations_in(text: str, span: Span) -> list[Citation]:
    found: list[Citation] = []
    number = patterns.regex("doc_number")
    for match in patterns.regex("citation").finditer(text, span.start, span.end):
        title = despace(match.group("title").replace("\n", ""))
        num = match.group("num")
        normalised = normalise_number(number.search(num)) if num else None
        found.append(Citation(title, normalised, Span(match.start(), match.end())))
    return found
