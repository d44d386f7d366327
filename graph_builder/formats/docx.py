"""A .docx document -> (text, metadata): paragraphs and tables in document order.

Table rows become tab-separated lines (the genre's tables in .txt gazettes look the same);
``meta`` holds the core properties that are set (title, author, created).
"""
from __future__ import annotations

import io

from ..errors import SkipInput


def extract_docx(raw: bytes, path: str) -> tuple[str, dict]:
    try:
        import docx

        document = docx.Document(io.BytesIO(raw))
    except Exception as error:  # a zip that is not a Word document, a damaged file …
        raise SkipInput(f"not a readable .docx file: {error}", path) from None
    lines = list(_body_lines(document))
    text = "\n".join(lines).strip("\n") + "\n"
    return text, _core_properties(document)


def _body_lines(document):
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(block, document).text
        elif tag == "tbl":
            for row in Table(block, document).rows:
                yield "\t".join(_unique_cells(row))


def _unique_cells(row) -> list[str]:
    """Merged cells repeat the same cell object; keep each once."""
    seen, texts = set(), []
    for cell in row.cells:
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            texts.append(cell.text.replace("\n", " "))
    return texts


def _core_properties(document) -> dict:
    props = document.core_properties
    meta = {"title": props.title, "author": props.author,
            "created": props.created.date().isoformat() if props.created else None}
    return {key: value for key, value in meta.items() if value}
