"""Bytes -> text with encoding detection, and the checks that turn bad input into SkipInput.

Order: a byte-order mark decides (UTF-8, UTF-32, UTF-16); then strict UTF-8; then the
candidates GB18030, Big5 (cp950) and BOM-less UTF-16 LE/BE are decoded strictly and the one
whose text has the highest share of common characters (traditional ones folded first) wins;
charset-normalizer is asked only when none of them decodes cleanly.
"""
from __future__ import annotations

import codecs
from functools import lru_cache
from pathlib import Path
from typing import Optional

from ..errors import SkipInput
import re

from .chars import DATA, IDEOGRAPH, is_ideograph, t2s_table

_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
SAMPLE_CHARS = 20000
MIN_SCORE = 0.5
MAX_CONTROL_SHARE = 0.01

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CANDIDATES = ("gb18030", "cp950", "utf-16-le", "utf-16-be")
_ENCODING_NAMES = {"cp950": "big5", "utf-8-sig": "utf-8-sig"}


@lru_cache(maxsize=1)
def common_chars() -> frozenset[str]:
    return frozenset((DATA / "common_chars.txt").read_text(encoding="utf-8").strip())


@lru_cache(maxsize=1)
def binary_signatures() -> tuple[tuple[bytes, str], ...]:
    rows = []
    for line in (DATA / "binary_magic.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            hex_bytes, name = line.split("\t")[:2]
            rows.append((bytes.fromhex(hex_bytes), name))
    return tuple(rows)


def binary_kind(raw: bytes) -> Optional[str]:
    for signature, name in binary_signatures():
        if raw.startswith(signature):
            return name
    return None


def decode_bytes(raw: bytes, path: str) -> tuple[str, str]:
    """Return (text, encoding name) or raise SkipInput naming the file."""
    if not raw:
        raise SkipInput("empty file", path)
    if not raw.strip(b"\x00"):
        raise SkipInput("file holds only NUL bytes", path)
    kind = binary_kind(raw)
    if kind:
        raise SkipInput(f"binary file ({kind}), not text", path)
    text, encoding = _decode_with_detection(raw, path)
    check_is_chinese_text(text, path)
    return text, encoding


def _decode_with_detection(raw: bytes, path: str) -> tuple[str, str]:
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            body = raw[len(bom):] if codec != "utf-8-sig" else raw
            return _strict(body, codec, path), _ENCODING_NAMES.get(codec, codec)
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        first_error = utf8_error
    decoded = [(codec, text) for codec in _CANDIDATES if (text := _try(raw, codec)) is not None]
    scored = sorted(((score_text(text), codec, text) for codec, text in decoded), reverse=True)
    if scored and scored[0][0] >= MIN_SCORE:
        _, codec, text = scored[0]
        return text, _ENCODING_NAMES.get(codec, codec)
    fallback = _charset_normalizer(raw)
    if fallback is not None and score_text(fallback[0]) >= MIN_SCORE:
        return fallback
    line = raw.count(b"\n", 0, first_error.start) + 1
    raise SkipInput(f"cannot decode: not UTF-8 ({first_error.reason} at byte {first_error.start}), "
                    "nor GB18030, Big5 or UTF-16", path, line)


def _strict(body: bytes, codec: str, path: str) -> str:
    try:
        return body.decode(codec)
    except UnicodeDecodeError as error:
        line = body.count(b"\n", 0, error.start) + 1
        raise SkipInput(f"cannot decode as {codec} (its byte-order mark says so): {error.reason}",
                        path, line) from None


def _try(raw: bytes, codec: str) -> Optional[str]:
    if codec.startswith("utf-16") and len(raw) % 2:
        return None
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        return None


def _charset_normalizer(raw: bytes) -> Optional[tuple[str, str]]:
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        return None
    return str(best), best.encoding


def score_text(text: str) -> float:
    """Share of a sample's non-space characters that are common characters or ASCII/CJK punctuation."""
    sample = text[:SAMPLE_CHARS]
    fold = t2s_table()
    common = common_chars()
    good = total = 0
    for char in sample:
        if char.isspace():
            continue
        total += 1
        if char in common or fold.get(char, "") in common:
            good += 1
        elif " " < char < "\x7f" or char in "，。、；：？！“”‘’《》（）〔〕【】—…·":
            good += 1
        elif is_ideograph(char):
            good += 0.25  # a rare but real character
    return good / total if total else 0.0


def check_is_chinese_text(text: str, path: str) -> None:
    sample = text[:SAMPLE_CHARS * 5]
    controls = len(_CONTROLS.findall(sample))
    if "\x00" in sample or controls > MAX_CONTROL_SHARE * max(len(sample), 1):
        raise SkipInput("binary content (control characters), not text", path)
    if not IDEOGRAPH.search(text):
        raise SkipInput("no Chinese text in the file", path)


def read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise SkipInput("no such file", str(path))
    if path.is_dir():
        raise SkipInput("is a directory, not a file", str(path))
    try:
        return path.read_bytes()
    except OSError as error:
        raise SkipInput(f"cannot read: {error.strerror or error}", str(path)) from None
