"""Held-out evaluation: composed gazette texts of OTHER cities/provinces (tests/fixtures/heldout/).

Each case runs the extractor on one held-out text and scores it against its hand-written gold
(graph_builder.evaluate.score). The floors are regression guards set a little BELOW what the system
scored when the set was written (F1 minus ~0.05, rounded down), NOT targets: raise them when the
rules improve. A floor of 0.0 marks a category the system currently misses entirely (see
tests/fixtures/heldout/README.md for what the text exercises). For a category with no gold rows
the guard is on spurious output (heldout_support.MAX_SPURIOUS).

Run with ``-s`` to see the per-file tables:  .venv/bin/python -m pytest -s tests/graph_builder/test_heldout.py
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from .heldout_support import assert_floors, assert_text_set_complete, score_file

HELDOUT = Path(__file__).resolve().parents[1] / "fixtures" / "heldout"

# file -> {category: minimum F1}; categories absent here have no gold rows and must stay at
# MAX_SPURIOUS predicted rows.
FLOORS: dict[str, dict[str, float]] = {
    # whole gazette issue, PDF-converted (running headers, page numbers, words split by page breaks)
    "taiyuan-2024-05.txt": {"documents": 0.95, "responsibilities": 0.92, "appointments": 0.95, "targets": 0.95},
    # 实施方案 with the four bracket forms of responsibility
    "hangzhou-shishi-fangan.txt": {"documents": 0.95, "responsibilities": 0.92, "group_roles": 0.95, "targets": 0.95},
    # 重点任务分工表 牵头单位/配合单位 columns with merged cells, cut by section rows and a page break
    "datong-fengongbiao.txt": {"documents": 0.95, "responsibilities": 0.95},
    # 领导小组 with ex-officio members, office, and 专项工作组
    "chengdu-lingdao-xiaozu.txt": {"documents": 0.95, "responsibilities": 0.95, "group_roles": 0.95},
    # 人事任免 with 常务会议 date, double posts, (退休), 试用期满
    "shenzhen-renmian.txt": {"documents": 0.95, "appointments": 0.95},
    # quantitative targets (PM2.5 units, 1至2个, Chinese numerals)
    "guangdong-mubiao.txt": {"documents": 0.95, "responsibilities": 0.95, "targets": 0.95},
    # traditional script, Big5 encoded, 領導小組 + 職責分工
    "xiamen-big5.txt": {"documents": 0.95, "responsibilities": 0.91, "group_roles": 0.95, "targets": 0.95},
    # 管理办法, 第X条 assigning duties (负责, 会同, 协同, 配合)
    "suzhou-guanli-banfa.txt": {"documents": 0.95, "responsibilities": 0.95},
}


@lru_cache(maxsize=None)
def _score(name: str) -> dict:
    return score_file(HELDOUT / name)


def test_every_heldout_text_has_gold_and_floors():
    assert_text_set_complete(HELDOUT, FLOORS)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_heldout_floor(name):
    assert_floors(name, _score(name), FLOORS[name])
