"""Held-out evaluation: composed gazette texts of OTHER cities/provinces (tests/fixtures/heldout/).

Each case runs the extractor on one held-out text and scores it against its hand-written gold
(graph_builder.evaluate.score). The floors are regression guards set a little BELOW what the system
scored when the set was written (F1 minus ~0.05, rounded down), NOT targets: raise them when the
rules improve. A floor of 0.0 marks a category the system currently misses entirely (see
tests/fixtures/heldout/README.md for what the text exercises). For a category with no gold rows
the guard is on spurious output: the system may not predict more rows than it did then (0).

Run with ``-s`` to see the per-file tables:  .venv/bin/python -m pytest -s tests/graph_builder/test_heldout.py
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph_builder import evaluate

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
MAX_SPURIOUS = 0


def _score(name: str) -> dict:
    text = HELDOUT / name
    gold = json.loads(text.with_suffix(".json").read_text(encoding="utf-8"))
    return evaluate.score(gold, evaluate.build_rows([str(text)]))


def test_every_heldout_text_has_gold_and_floors():
    texts = sorted(p.name for p in HELDOUT.glob("*.txt"))
    assert texts == sorted(FLOORS), "add a FLOORS entry for every held-out text"
    for name in texts:
        assert (HELDOUT / name).with_suffix(".json").exists(), name


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_heldout_floor(name):
    scores = _score(name)
    print(f"\n##### {name}\n{evaluate.format_table(scores)}")
    floors = FLOORS[name]
    failures = []
    for category, s in scores.items():
        if s["gold"] == 0:
            if category not in floors and s["predicted"] > MAX_SPURIOUS:
                failures.append(f"{category}: {s['predicted']} spurious rows (no gold rows)")
            continue
        floor = floors.get(category)
        assert floor is not None, f"{name}: no floor for {category} ({s['gold']} gold rows)"
        if s["f1"] < floor:
            failures.append(f"{category}: F1 {s['f1']:.3f} < floor {floor:.2f} "
                            f"(P {s['precision']:.3f} R {s['recall']:.3f})")
    assert not failures, (f"{name} regressed:\n  " + "\n  ".join(failures)
                          + "\n" + evaluate.format_table(scores, details=True))
