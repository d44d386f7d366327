"""Second held-out evaluation: fresh composed texts of OTHER places (tests/fixtures/heldout2/).

Used ONLY to measure, never to tune rules (see tests/fixtures/heldout2/README.md): whoever changes a
rule because of a row here must move that file to the first held-out set (tests/fixtures/heldout/).

Each case runs the extractor on one text and scores it against its hand-written gold
(graph_builder.evaluate.score). The floors are regression guards set a little BELOW what the system
scored when the set was written (F1 minus ~0.05, rounded down), NOT targets: raise them when the
system improves. A floor of 0.0 marks a category the system missed entirely when measured. For a
category with no gold rows the guard is on spurious output: no more than MAX_SPURIOUS predicted rows.

Run with ``-s`` to see the per-file tables and the micro-averaged total:
    .venv/bin/python -m pytest -s tests/graph_builder/test_heldout2.py
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from graph_builder import evaluate

from .heldout_support import assert_floors, assert_text_set_complete, score_file

HELDOUT2 = Path(__file__).resolve().parents[1] / "fixtures" / "heldout2"

# file -> {category: minimum F1}; measured F1 when written in the comment.
FLOORS: dict[str, dict[str, float]] = {
    # 工作要点: numbered tasks with （责任单位：…）, 牵头/配合 inside the bracket, a bracket cut by a page break
    # measured: documents 1.000, responsibilities 0.912, targets 0.800
    "changzhi-gongzuo-yaodian.txt": {"documents": 0.95, "responsibilities": 0.86, "targets": 0.75},
    # 分工方案 table 序号/重点任务/牵头领导/牵头单位/责任单位/完成时限, continuation rows, quantities in task cells
    # measured: documents 1.000, responsibilities 1.000, targets 0.000
    "jinzhong-fengong-fangan.txt": {"documents": 0.95, "responsibilities": 0.95, "targets": 0.0},
    # 应急预案: 指挥部 composition, "X：负责…" member duties, 工作组 "由X牵头，Y参加"
    # measured: documents 1.000, responsibilities 0.571, group_roles 0.788, targets 0.000
    "xian-yingji-yuan.txt": {"documents": 0.95, "responsibilities": 0.52, "group_roles": 0.73, "targets": 0.0},
    # 人事任免 in 任命：/聘任：/免去：/解聘： blocks, 试用期满, 挂职
    # measured: documents 1.000, appointments 0.769
    "nanjing-renmian.txt": {"documents": 0.95, "appointments": 0.71},
    # 行动计划 with a quantitative 发展目标 paragraph and per-task figures
    # measured: documents 1.000, responsibilities 1.000, group_roles 0.000, targets 0.815
    "hefei-xingdong-jihua.txt": {"documents": 0.95, "responsibilities": 0.95, "group_roles": 0.0, "targets": 0.76},
    # traditional script, UTF-16: 通知 with 附件1/2 and cited documents (國辦發, 銀發, 閩政辦)
    # measured: documents 1.000, responsibilities 1.000, group_roles 0.667, targets 0.750
    "fujian-zhifu-utf16.txt": {"documents": 0.95, "responsibilities": 0.95, "group_roles": 0.61, "targets": 0.70},
}


@lru_cache(maxsize=None)
def _score(name: str) -> dict:
    return score_file(HELDOUT2 / name)


def test_every_heldout2_text_has_gold_and_floors():
    assert_text_set_complete(HELDOUT2, FLOORS)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_heldout2_floor(name):
    assert_floors(name, _score(name), FLOORS[name])


def test_heldout2_micro_total():
    """Micro-averaged P/R/F1 per category over all files (printed; guarded only through the files)."""
    lines = [f"{'category':<18}{'gold':>6}{'pred':>6}{'tp':>6}{'P':>8}{'R':>8}{'F1':>8}"]
    for category in evaluate.CATEGORIES:
        gold = pred = tp = 0
        for name in sorted(FLOORS):
            s = _score(name)[category]
            gold, pred, tp = gold + s["gold"], pred + s["predicted"], tp + s["tp"]
        p = tp / pred if pred else 0.0
        r = tp / gold if gold else 0.0
        f1 = 2 * p * r / (p + r) if tp else 0.0
        lines.append(f"{category:<18}{gold:>6}{pred:>6}{tp:>6}{p:>8.3f}{r:>8.3f}{f1:>8.3f}")
        assert tp <= min(gold, pred)
    print("\n##### heldout2 micro total\n" + "\n".join(lines))
