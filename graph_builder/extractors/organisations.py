"""Organisation mentions in a document's text, with their kind and in-text definitions.

Names are the ORG entities of the spaCy pipeline ``nlp.nlp()`` (run line by line with ``nlp.pipe``):
the data-fed ruler (known names and abbreviations of ``data/aliases.csv``) merged with the suffix
rules of ``nlp.org_spans``. A definition in the genre's form
X（以下简称“Y”） / X(以下简称Y) makes Y the abbreviation of the mention X right before it; the
resolver then treats Y as another surface of X for the rest of the build.
"""
from __future__ import annotations

import re

from .. import nlp
from ..model import Document, OrgMention, Records, Span

_DEFINITION = re.compile(r"[（(]\s*(?:以下|下文)?简称\s*[“\"「]?(?P<alias>[^”\"」）)]{2,20}?)[”\"」]?\s*[）)]")


def defined_alias(text: str, end: int) -> tuple[str, int] | None:
    """The abbreviation defined right after position ``end`` (the end of a name), and its end."""
    m = _DEFINITION.match(text, end)
    if not m:
        return None
    return m.group("alias").strip(), m.end()


_SECOND_NAME = re.compile(r"[（(](?P<name>[^（）()、，,；;：:]{3,30})[）)]")


def second_name(text: str, end: int, first: str = "") -> tuple[str, int] | None:
    """X（Y）: a bracket right after the name ``first`` holding nothing but another organisation name of
    the same kind is the second name of the same body (市公用事业中心（市供气供热服务中心）, 市工信局（市国资委）);
    a bracket of places (各县（市、区）), a collective, or the host of an office (X办公室（市住建局）) is not
    (nlp.one_body_two_names)."""
    m = _SECOND_NAME.match(text, end)
    if not m:
        return None
    name = m.group("name").strip()
    if first and not nlp.one_body_two_names(first, name):
        return None
    return (name, m.end()) if [e[0] for e in org_entities(name)] == [name] else None


def lines_with_offsets(text: str) -> list[tuple[str, int]]:
    """The lines of ``text`` with their start offsets (a name never spans a line break)."""
    out, start = [], 0
    for line in text.split("\n"):
        out.append((line, start))
        start += len(line) + 1
    return out


def org_entities(text: str) -> list[tuple[str, int, int]]:
    """(surface, start, end) of the pipeline's ORG entities in ``text``, in text order."""
    lines = lines_with_offsets(text)
    found = []
    for (_line, start), ents in zip(lines, nlp.entities(line for line, _ in lines)):
        found.extend((surface, start + s, start + e) for surface, s, e, label in ents if label == "ORG")
    return found


def mentions_in(text: str, offset: int, doc_key: str) -> list[OrgMention]:
    found = []
    for surface, start, end in org_entities(text):
        if "简称" in surface:
            continue
        mention = OrgMention(surface=surface, span=Span(offset + start, offset + end), doc_key=doc_key,
                             kind=nlp.org_kind(surface))
        definition = defined_alias(text, end) or second_name(text, end, surface)
        if definition and nlp.org_kind(definition[0]) != "other":
            mention.defined_alias = definition[0]
        found.append(mention)
    return found


def extract_organisations(document: Document) -> Records:
    records = Records(document=document)
    text = document.source.slice(document.span)
    records.orgs.extend(mentions_in(text, document.span.start, document.key))
    return records
