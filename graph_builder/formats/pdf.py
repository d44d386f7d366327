"""A .pdf with a text layer -> (text, metadata), pages in order, two-column pages read per column.

A page whose words fall into two columns (a vertical gap in the middle third that no word
crosses, running headers in the top and bottom 8% left aside) is cropped and read header,
left column, right column, footer; otherwise pdfplumber's text lines are used. Pages are separated by a form feed, so the text reader sees page breaks, and the
running headers and page numbers are then dropped by the normal line rules (repetition).
"""
from __future__ import annotations

import io

from ..errors import SkipInput

PAGE_BREAK = "\f"
MIN_COLUMN_GAP = 12.0  # points
MARGIN_BAND = 0.08  # share of the page height at top and bottom for running headers and page numbers


def extract_pdf(raw: bytes, path: str) -> tuple[str, dict]:
    try:
        import pdfplumber

        pdf = pdfplumber.open(io.BytesIO(raw))
    except Exception as error:
        raise SkipInput(f"not a readable PDF: {error}", path) from None
    with pdf:
        pages = [page_text(page) for page in pdf.pages]
        meta = {"pages": len(pdf.pages)}
        meta.update({key.lower(): str(value) for key, value in (pdf.metadata or {}).items()
                     if key in ("Title", "Author", "CreationDate") and value})
    if not any(page.strip() for page in pages):
        raise SkipInput("PDF without a text layer (scanned images need OCR)", path)
    return PAGE_BREAK.join(pages).strip(PAGE_BREAK + "\n") + "\n", meta


def page_text(page) -> str:
    width, height = float(page.width), float(page.height)
    top, bottom = height * MARGIN_BAND, height * (1 - MARGIN_BAND)
    body_words = [w for w in page.extract_words() if w["top"] >= top and w["bottom"] <= bottom]
    split = column_split(body_words, width)
    if split is None:
        return _lines(page)
    parts = (page.crop((0, 0, width, top)), page.crop((0, top, split, bottom)),
             page.crop((split, top, width, bottom)), page.crop((0, bottom, width, height)))
    return "\n".join(text for text in map(_lines, parts) if text)


def _lines(page) -> str:
    return "\n".join(line["text"] for line in page.extract_text_lines(layout=False, strip=True,
                                                                        return_chars=False))


def column_split(words, width: float):
    """The x of a gutter in the middle third (no word crosses it, text on both sides), or None."""
    if len(words) < 4:
        return None
    best = None
    for x in sorted({round(w["x1"], 1) for w in words}):
        left = [w for w in words if w["x1"] <= x + 0.5]
        right = [w for w in words if w["x0"] > x]
        if len(left) + len(right) != len(words) or not left or not right:
            continue
        gap = min(w["x0"] for w in right) - x
        if not width * 0.3 <= x + gap / 2 <= width * 0.7:
            continue
        if gap >= MIN_COLUMN_GAP and (best is None or gap > best[1]):
            best = (x + gap / 2, gap)
    return best[0] if best else None
