"""What the held-out tests share: scoring a composed text against its gold, and checking floors."""
from __future__ import annotations

import json
from pathlib import Path

from graph_builder import evaluate

MAX_SPURIOUS = 0  # rows the system may predict for a category the gold has none of


def score_file(text: Path) -> dict:
    gold = json.loads(text.with_suffix(".json").read_text(encoding="utf-8"))
    return evaluate.score(gold, evaluate.build_rows([str(text)]))


def floor_failures(name: str, scores: dict, floors: dict[str, float]) -> list[str]:
    """Categories under their floor, and spurious rows where the gold has none."""
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
    return failures


def assert_floors(name: str, scores: dict, floors: dict[str, float]) -> None:
    print(f"\n##### {name}\n{evaluate.format_table(scores)}")
    failures = floor_failures(name, scores, floors)
    assert not failures, (f"{name} regressed:\n  " + "\n  ".join(failures)
                          + "\n" + evaluate.format_table(scores, details=True))


def assert_text_set_complete(folder: Path, floors: dict) -> None:
    texts = sorted(p.name for p in folder.glob("*.txt"))
    assert texts == sorted(floors), "add a FLOORS entry for every held-out text"
    for name in texts:
        assert (folder / name).with_suffix(".json").exists(), name
