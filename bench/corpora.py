"""Scaled corpora from the bundled gazettes: copy k of each issue is the same gazette published by
another city, so the k copies do not collapse into the same entities.

Copy 0 is the bundled file itself. Copy k > 0 replaces 忻州 (and the 忻 of document numbers such as
忻政发〔2023〕1号) with another city's name, shifts the day of each date and raises the numbers of
counted things by k, so issues, documents, organisations, people and targets are all new.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "data" / "gazettes"
HOME_STEM = "忻州"

_DAY = re.compile(r"(月\s*)([0-9]{1,2})(?=\s*日)")
_COUNTED = re.compile(r"(?<![0-9.])([0-9]{1,6})(?=\s*(?:个|家|所|座|公里|万元|亿元|人|户|吨|亩|辆|条)(?![0-9]))")


@lru_cache(maxsize=1)
def city_stems() -> tuple[str, ...]:
    """Two-character city names (XX市) from the place-name list, with distinct pinyin slugs."""
    from graph_builder.nlp import place_names
    from graph_builder.rdf import city_slug

    stems, slugs = [], {city_slug(HOME_STEM + "市")}
    for name in sorted(place_names()):
        if len(name) != 3 or not name.endswith("市") or "忻" in name or "州" in name[:2]:
            continue
        slug = city_slug(name)
        if slug not in slugs and slug.isalpha():
            slugs.add(slug)
            stems.append(name[:2])
    return tuple(stems)


def variant(text: str, copy: int) -> str:
    """The text of the gazette as copy ``copy`` of the corpus (0 = unchanged)."""
    if copy == 0:
        return text
    stem = city_stems()[(copy - 1) % len(city_stems())]
    text = text.replace(HOME_STEM, stem).replace("忻", stem)
    text = _DAY.sub(lambda m: m.group(1) + str((int(m.group(2)) - 1 + copy) % 28 + 1), text)
    return _COUNTED.sub(lambda m: str(int(m.group(1)) + copy), text)


def make_corpus(scale: int, out_dir: Path, source_dir: Path = BUNDLED) -> tuple[list[Path], int]:
    """``scale`` copies of every bundled gazette in out_dir (reused when already there); (files, bytes)."""
    if scale > len(city_stems()) + 1:
        raise ValueError(f"at most {len(city_stems()) + 1} copies (distinct city names)")
    out_dir.mkdir(parents=True, exist_ok=True)
    files = []
    for path in sorted(source_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for copy in range(scale):
            target = out_dir / f"{path.stem}-c{copy:03d}.txt"
            if not target.exists():
                target.write_text(variant(text, copy), encoding="utf-8")
            files.append(target)
    return files, sum(f.stat().st_size for f in files)
