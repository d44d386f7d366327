"""End-to-end invariance: the same gazette in traditional script, another encoding, CRLF line
ends, or with full-width and ASCII forms swapped gives the same records (graph_builder.evaluate.
predicted_rows) as the original file, once both sides are normalised (NFKC, no spaces)."""
from __future__ import annotations

import json
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest

from graph_builder.evaluate import CATEGORIES, build_rows

ROOT = Path(__file__).resolve().parents[1]
GAZETTE = ROOT / "data" / "gazettes" / "xinzhou-2023-03.txt"
# ASCII punctuation a gazette prints in both widths (digits and letters are swapped too)
HALF_PUNCTUATION = "(),:;!?%"
FULL_PUNCTUATION = "（），：；！？％"


@lru_cache(maxsize=1)
def s2t():
    import opencc

    return opencc.OpenCC("s2t").convert, opencc.OpenCC("t2tw").convert


def traditional(text: str) -> str:
    return s2t()[0](text)


def big5_bytes(text: str) -> bytes:
    """Big5 has the Taiwan forms (為, 群, 啟) of OpenCC's 爲 羣 啓; other characters outside Big5
    fall back to NFKC (² -> 2) or '?' — only 晗, a name of the editorial board, outside all records."""
    to_taiwan = s2t()[1]
    out = []
    for char in text:
        for candidate in (char, to_taiwan(char), unicodedata.normalize("NFKC", char)):
            try:
                out.append(candidate.encode("big5"))
                break
            except UnicodeEncodeError:
                continue
        else:
            assert char in "晗", char
            out.append(b"?")
    return b"".join(out)


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def to_full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def to_half_width(text: str) -> str:
    return text.translate(str.maketrans(FULL_PUNCTUATION, HALF_PUNCTUATION)) \
        .translate({code: code - 0xFEE0 for code in range(0xFF10, 0xFF5B)})


VARIANTS = {
    "traditional, Big5, CRLF": lambda t: big5_bytes(crlf(traditional(t))),
    "traditional, GB18030, CRLF": lambda t: crlf(traditional(t)).encode("gb18030"),
    "traditional, UTF-16 with BOM, CRLF": lambda t: crlf(traditional(t)).encode("utf-16"),
    "full-width digits, letters and punctuation": lambda t: to_full_width(t).encode("utf-8"),
    "ASCII punctuation for full-width": lambda t: to_half_width(t).encode("utf-8"),
}


def normalised(rows: dict) -> dict[str, list[str]]:
    def one(row) -> str:
        text = json.dumps(row, ensure_ascii=False, sort_keys=True)
        return unicodedata.normalize("NFKC", text).replace(" ", "")
    return {name: sorted(one(row) for row in rows[name]) for name in CATEGORIES}


@lru_cache(maxsize=1)
def original_rows() -> dict[str, list[str]]:
    return normalised(build_rows(GAZETTE))


@pytest.mark.parametrize("name", list(VARIANTS))
def test_variant_gives_the_same_records(tmp_path, name):
    text = GAZETTE.read_text(encoding="utf-8")
    variant = tmp_path / "gazette.txt"
    variant.write_bytes(VARIANTS[name](text))
    expected, found = original_rows(), normalised(build_rows(variant))
    assert sum(map(len, expected.values())) > 400  # documents, responsibilities, … were found
    for category in CATEGORIES:
        missing = sorted(set(expected[category]) - set(found[category]))
        extra = sorted(set(found[category]) - set(expected[category]))
        assert (missing, extra) == ([], []), category
        assert len(found[category]) == len(expected[category]), category
