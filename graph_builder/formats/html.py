"""A government portal article page -> (article text, metadata, encoding).

The body is the element with the most CJK text among the usual article containers (or, when
none is marked, the block with the most text); scripts, styles, navigation, headers and
footers are left out. The metadata block (文号 / 发文机关 / 成文日期 / 标题 / 发布日期 …, as
label：value cells or lines) is read into ``meta`` with labels normalised by
data/html_meta_labels.tsv.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..errors import SkipInput
from .chars import DATA, fold_characters
from .decode import decode_bytes

_DROPPED_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "form", "iframe", "select")
_ARTICLE_HINTS = re.compile(r"(article|content|zoom|main|detail|TRS_Editor|zw|text)", re.I)
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
               "article", "center", "ul", "ol", "blockquote", "pre"}
_CJK = re.compile("[\u4e00-\u9fff]")
_META_PAIR = re.compile(r"^\s*([\u4e00-\u9fff]{2,8})\s*[:：]\s*(\S.{0,80}?)\s*$")


@lru_cache(maxsize=1)
def meta_labels() -> dict[str, str]:
    rows = (line.split("\t") for line in (DATA / "html_meta_labels.tsv").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#"))
    return {label: key for label, key in rows}


def extract_html(raw: bytes, path: str) -> tuple[str, dict, str]:
    import lxml.html

    decoded, encoding = _decode_html(raw, path)
    try:
        tree = lxml.html.document_fromstring(decoded)
    except Exception as error:  # lxml raises several types on hostile markup
        raise SkipInput(f"not a readable HTML page: {error}", path) from None
    for element in tree.xpath("|".join(f"//{tag}" for tag in _DROPPED_TAGS)):
        element.drop_tree()
    meta = read_metadata(tree)
    body = choose_body(tree)
    text = block_text(body).strip("\n") + "\n"
    if not _CJK.search(text):
        raise SkipInput("HTML page without Chinese article text", path)
    return text, meta, encoding


def _decode_html(raw: bytes, path: str) -> tuple[str, str]:
    declared = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", raw[:4096], re.I)
    if declared:
        codec = declared.group(1).decode("ascii").lower()
        codec = "gb18030" if codec in ("gb2312", "gbk", "gb18030") else codec
        try:
            return raw.decode(codec), codec
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(raw, path)


def choose_body(tree):
    candidates = [el for el in tree.iter() if isinstance(el.tag, str)
                  and _ARTICLE_HINTS.search(f"{el.get('id', '')} {el.get('class', '')}")]
    pool = candidates or [el for el in tree.iter() if isinstance(el.tag, str) and el.tag in ("div", "td", "body")]
    if not pool:
        return tree
    return max(pool, key=lambda el: (len(_CJK.findall(el.text_content())), -_depth(el)))


def _depth(element) -> int:
    depth = 0
    while element.getparent() is not None:
        element = element.getparent()
        depth += 1
    return depth


def block_text(element) -> str:
    """Text with a line break at every block element, tables as tab-separated rows."""
    pieces: list[str] = []

    def walk(node):
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _BLOCK_TAGS:
            pieces.append("\n")
        if node.text and tag not in ("br",):
            pieces.append(node.text.replace("\n", " "))
        for child in node:
            walk(child)
            if isinstance(child.tag, str) and child.tag in ("td", "th"):
                pieces.append("\t")
            if child.tail:
                pieces.append(child.tail.replace("\n", " "))
        if tag in _BLOCK_TAGS:
            pieces.append("\n")

    walk(element)
    text = "".join(pieces).replace("\xa0", " ")
    text = re.sub(r"[ \t]*\t[ \t]*\n", "\n", text)
    return re.sub(r"\n[ \t]*(?=\n)", "\n", re.sub(r"\n{3,}", "\n\n", text))


def read_metadata(tree) -> dict:
    """label：value pairs whose label is a known metadata label (文号, 发文机关, 成文日期 …)."""
    labels = meta_labels()
    meta: dict = {}
    title = tree.findtext(".//title")
    if title and title.strip():
        meta.setdefault("page_title", title.strip())
    for row in tree.xpath("//tr"):
        cells = [c.text_content().strip() for c in row.xpath("./td|./th")]
        for label, value in zip(cells[0::2], cells[1::2]):
            _store(meta, labels, label.rstrip(":："), value)
    for element in tree.xpath("//li|//p|//span|//div[not(*)]"):
        match = _META_PAIR.match(element.text_content())
        if match:
            _store(meta, labels, match.group(1), match.group(2))
    return meta


def _store(meta: dict, labels: dict[str, str], label: str, value: str) -> None:
    key = labels.get(fold_characters(label.replace(" ", "").replace("\u3000", "")))
    value = value.strip()
    if key and value and key not in meta:
        meta[key] = fold_characters(value)
