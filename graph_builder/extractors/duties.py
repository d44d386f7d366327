"""Duty lists: who does what, agency by agency (成员单位职责 / 部门职责 / 职责分工).

Documents that set up a headquarters, a task force or a division of work list each agency with its
duties, in text or in a table:

    市财政局：负责根据授权制定…政策措施；在地方政府权限内提出…建议；负责…。
    （一）市发改委：负责做好新建类工业项目的事中事后监管工作，准确调度…。
    成员 | 市民政局 | 负责指导遇难人员遗体火化工作…。
    成员 | 市委宣传部 市公安局 | 市委宣传部 负责组织协调…。市公安局 负责做好…；做好…。

Each duty clause that opens with 负责 (``patterns/duties.jsonl``) is a task of its own, labelled
with the clause after the verb (cut at its first comma when longer than ``MAX_LABEL_LENGTH``), and
the agency leads it; several agencies sharing one head are each responsible. A clause that does not
open with the verb (承担…职责；开展…；会同…) describes the agency's work without assigning a task,
the way the genre's annotations read it.

Everything here is pure and offset-preserving: spans are in the caller's (normalised) coordinates.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional, Sequence

from ..model import Source, Span
from .agency_lists import (LEADING_MARKER, PATTERNS, _label_role, agencies_only, bracket_depths,
                           top_level_cuts)

MAX_LABEL_LENGTH = 40
MAX_HEAD_LENGTH = 45
_CLAUSE_ENDS = "；;。！!？?"
_LABEL_TRIM = "。；;：:，,、 \t"


@dataclass(frozen=True)
class Duty:
    agency: str
    agency_span: Span
    label: str
    clause: Span  # the duty clause, from its verb to its end
    role: str
    # the text that states it: from the agency name to the clause's end when they are printed in
    # one run of text, the clause alone when a table prints them in two cells
    sentence: Span


@lru_cache(maxsize=None)
def _patterns(kind: str) -> re.Pattern:
    with open(PATTERNS / "duties.jsonl", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return re.compile("|".join(f"(?:{row['pattern']})" for row in rows if row["kind"] == kind))


def duty_clauses(text: str, offset: int = 0) -> list[tuple[str, Span]]:
    """(label, clause span) of each duty clause of one agency's duty text."""
    out = []
    for start, end in top_level_cuts(text, _CLAUSE_ENDS):
        for piece_start, piece_end in top_level_cuts(text[start:end], "，,"):
            piece = text[start + piece_start:end]
            verb = _patterns("duty_verb").match(piece.lstrip())
            if not verb:
                continue
            skipped = len(piece) - len(piece.lstrip())
            label = duty_label(piece[skipped + verb.end():])
            if label:
                clause_start = offset + start + piece_start + skipped
                out.append((label, Span(clause_start, offset + end)))
            break
    return out


def duty_label(clause: str) -> str:
    """The clause as written; a long one is cut at its first comma."""
    label = clause.strip().strip(_LABEL_TRIM)
    if len(label) > MAX_LABEL_LENGTH:
        first = top_level_cuts(label, "，,")[0]
        label = label[first[0]:first[1]].strip(_LABEL_TRIM)
    return label


def agency_head(text: str, offset: int = 0) -> Optional[tuple[list[tuple[str, Span]], int]]:
    """(agencies, where the duties start) when ``text`` opens with an agency head: 市发改委：… /
    市委宣传部 负责… — the head is a whole agency list, not a role label (牵头单位：)."""
    if _label_role(text)[0]:
        return None
    for separator in _patterns("head_separator").finditer(text, 0, MAX_HEAD_LENGTH):
        head = text[:separator.start()]
        if any(bracket_depths(head, 0, len(head))[-1:]):
            continue  # a colon inside brackets: （注：…）
        agencies = agencies_only(head, offset) if head.strip() else []
        return (agencies, separator.end()) if agencies else None
    return None


def _role_for(agencies: Sequence) -> str:
    return "lead" if len(agencies) == 1 else "responsible"


def _duties_of(agencies: list[tuple[str, Span]], text: str, offset: int,
               in_one_run: bool) -> list[Duty]:
    role = _role_for(agencies)
    return [Duty(name, span, label, clause, role,
                 Span(span.start, clause.end) if in_one_run else clause)
            for label, clause in duty_clauses(text, offset) for name, span in agencies]


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, the end mark included; brackets stay whole."""
    out = []
    for start, end in top_level_cuts(text, "。！!？?"):
        end = min(end + 1, len(text))
        if text[start:end].strip():
            out.append((start, end))
    return out


def headed_duties(text: str, offset: int = 0) -> list[Duty]:
    """Duties of a text that opens with an agency head; a later sentence that opens with another
    head starts that agency's duties (市委宣传部 负责…。市公安局 负责…；…。). A text that does not
    open with a head (after its item number) has none."""
    marker = LEADING_MARKER.match(text)
    skip = marker.end() if marker else 0
    out: list[Duty] = []
    current: Optional[list[tuple[str, Span]]] = None
    for start, end in _sentences(text[skip:]):
        start, end = start + skip, end + skip
        sentence = text[start:end]
        lead = len(sentence) - len(sentence.lstrip())
        head = agency_head(sentence[lead:], offset + start + lead)
        if head:
            current, body = head[0], start + lead + head[1]
        elif current is None:
            return []
        else:
            body = start
        out += _duties_of(current, text[body:end], offset + body, in_one_run=True)
    return out


# --- tables ------------------------------------------------------------------------------


def layout_pieces(source: Source, span: Span) -> list[Span]:
    """The runs of a table cell that print separately: cut at spaces, and where the original file
    had whitespace that normalisation dropped between two CJK characters (two PDF cells merged)."""
    pieces, start = [], None
    for i in range(span.start, span.end):
        char = source.text[i]
        gap = i > span.start and _original_gap(source, i)
        if char.isspace() or gap:
            if start is not None:
                pieces.append(Span(start, i))
            start = None if char.isspace() else i
        elif start is None:
            start = i
    if start is not None:
        pieces.append(Span(start, span.end))
    return pieces


def _original_gap(source: Source, i: int) -> bool:
    before, here = source.offsets[i - 1], source.offsets[i]
    return here - before > 1 and source.original[before + 1:here].isspace()


def _cell_agencies(source: Source, span: Span) -> list[tuple[str, Span]]:
    """The agencies a cell names when it names nothing else; one per printed run if need be."""
    text = source.slice(span)
    agencies = agencies_only(text, span.start)
    pieces = layout_pieces(source, span)
    if len(pieces) > len(agencies):
        by_piece = [agencies_only(source.slice(piece), piece.start) for piece in pieces]
        if all(len(found) == 1 for found in by_piece):
            return [found[0] for found in by_piece]
    return agencies


def _has_duty(text: str) -> bool:
    return bool(duty_clauses(text) or headed_duties(text))


def row_duties(cells: Sequence[str], spans: Sequence[Span], source: Source) -> list[Duty]:
    """Duties of one table row: the first cell holding duty clauses, and the nearest cell before it
    that names nothing but agencies. Several agencies in one cell are matched to their duties by
    heads inside the duty cell (市委宣传部 负责…), else by the printed runs of the duty cell that end
    a sentence (one run per agency), else not at all."""
    duty_index = next((i for i, cell in enumerate(cells) if _has_duty(cell)), None)
    if duty_index is None or duty_index >= len(spans):
        return []
    duty_span = spans[duty_index]
    headed = headed_duties(source.slice(duty_span), duty_span.start)
    if headed:
        return headed
    for index in range(duty_index - 1, -1, -1):
        agencies = _cell_agencies(source, spans[index]) if cells[index].strip() else []
        if agencies:
            return _pair(agencies, duty_span, source)
    return []


def _pair(agencies: list[tuple[str, Span]], duty_span: Span, source: Source) -> list[Duty]:
    if len(agencies) == 1:
        return _duties_of(agencies, source.slice(duty_span), duty_span.start, in_one_run=False)
    runs = _sentence_runs(source, duty_span)
    if len(runs) != len(agencies):
        return []
    return [duty for agency, run in zip(agencies, runs)
            for duty in _duties_of([agency], source.slice(run), run.start, in_one_run=False)]


def _sentence_runs(source: Source, span: Span) -> list[Span]:
    """The duty cell cut where a printed run ends a sentence: …积极引导舆论。 负责落实…"""
    runs, start = [], span.start
    for piece in layout_pieces(source, span)[:-1]:
        if source.text[piece.end - 1] in "。！!？?":
            runs.append(Span(start, piece.end))
            start = piece.end
    runs.append(Span(start, span.end))
    return [run for run in runs if source.slice(run).strip()]
