"""主送 recipients: split on 、，；, but a 、-list of division tiers after 各 that shares one head
(各区、县（市）人民政府, 各市、区人民政府) is one collective recipient."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph_builder.reader import read
from graph_builder.segment import segment
from graph_builder.segmenter.header import join_recipient_pieces

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "recipients"
GOLDEN = ROOT / "tests" / "golden" / "recipients"


@pytest.mark.parametrize("name", sorted(p.stem for p in FIXTURES.glob("*.txt")))
def test_golden(name):
    (document,) = segment(read(FIXTURES / f"{name}.txt")).documents
    golden = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    assert {"number": document.number, "recipients": document.recipients} == golden


@pytest.mark.parametrize("line,expected", [
    ("各县（市、区）人民政府，市人民政府各委、办、局", ["各县（市、区）人民政府", "市人民政府各委、办、局"]),
    ("各市、县、区人民政府，省直各单位", ["各市、县、区人民政府", "省直各单位"]),
    ("各区、县（市）政府", ["各区、县（市）政府"]),
    # no shared head: the pieces stay apart
    ("各区、各部门", ["各区", "各部门"]),
    ("各县区、市教育局", ["各县区", "市教育局"]),
    ("忻府区、定襄县、五台县人民政府，市直各有关单位", ["忻府区", "定襄县", "五台县人民政府", "市直各有关单位"]),
])
def test_collective_lines(line, expected):
    assert join_recipient_pieces(line) == expected
