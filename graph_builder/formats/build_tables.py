"""Regenerate the reader's character tables from installed packages (run by hand, not at run time).

    .venv/bin/python -m graph_builder.formats.build_tables

- ``data/t2s.tsv``: traditional -> simplified, one character to one character, from
  opencc-python-reimplemented's TSCharacters.txt (its default, first form). A character is left
  out when it stays itself in some contexts (乾 -> 干|乾) or when a TSPhrases entry converts it
  to another form, because then a char-by-char table would be wrong somewhere; the exceptions
  we fold anyway are in data/t2s_overrides.tsv (於 -> 于).
- ``data/t2s_phrases.tsv``: the words in which OpenCC's s2t writes a character the table above
  leaves alone for a simplified one (批复 -> 批覆, 反复 -> 反覆, 一目了然 -> 一目瞭然), keyed by the
  character-folded traditional word, same length; the reader folds them back word by word.
- ``data/common_chars.txt``: the 4000 most frequent simplified characters of jieba's dictionary
  (characters that are keys of the t2s table are left out: jieba's dictionary holds mojibake such
  as 鈥 and 鍚 with high counts), used to score candidate decodings: a correct decoding yields
  common characters once traditional ones are folded, a wrong one rare ones.
- ``data/lexicon.tsv``: jieba's words of 2-4 ideographs seen at least 20 times, with their
  counts; the line joiner asks whether a word runs across a line break (副主|任).
"""
from __future__ import annotations

import collections
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
COMMON_CHARS = 4000
LEXICON_MIN_COUNT = 20


def _opencc_dictionary() -> Path:
    import opencc

    return Path(opencc.__file__).resolve().parent / "dictionary"


def _read_tab_pairs(path: Path) -> list[tuple[str, list[str]]]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if "\t" in line:
            key, values = line.split("\t", 1)
            pairs.append((key, values.split()))
    return pairs


def context_dependent_chars(characters: dict[str, str], phrases) -> set[str]:
    """Characters that some phrase converts to another simplified character than the default.

    A phrase that keeps the character itself (a name such as 於世成) does not count here.
    """
    unsafe = set()
    for trad, simps in phrases:
        for simp in simps:
            if len(simp) != len(trad):
                unsafe.update(char for char in trad if char in characters)
                continue
            for t_char, s_char in zip(trad, simp):
                if s_char not in (t_char, characters.get(t_char, t_char)):
                    unsafe.add(t_char)
    return unsafe


def overrides() -> dict[str, str]:
    rows = (line.split("\t") for line in (DATA / "t2s_overrides.tsv").read_text(encoding="utf-8").splitlines()
            if line and not line.startswith("#"))
    return {row[0]: row[1] for row in rows}


def single_char_t2s() -> dict[str, str]:
    """OpenCC's default (first) simplified form of each character, when it is safe char by char.

    Left out: characters that stay themselves in some contexts (乾 -> 干|乾, 藉 -> 藉|借) unless
    listed in data/t2s_overrides.tsv, and characters some phrase turns into yet another form.
    """
    folder = _opencc_dictionary()
    characters = {}
    for trad, simps in _read_tab_pairs(folder / "TSCharacters.txt"):
        default = simps[0] if simps else trad
        if len(trad) == 1 and len(default) == 1 and default != trad and trad not in simps[1:]:
            characters[trad] = default
    unsafe = context_dependent_chars(characters, _read_tab_pairs(folder / "TSPhrases.txt"))
    table = {t: s for t, s in characters.items() if t not in unsafe}
    table.update(overrides())
    return table


def phrase_t2s(table: dict[str, str], words: dict[str, int]) -> dict[str, str]:
    """Folded traditional word -> simplified word, where only characters left alone by ``table`` differ.

    Left out when the folded word is itself the more frequent simplified word (覆盖 is not 复盖)."""
    rows: dict[str, str] = {}
    for simplified, options in _read_tab_pairs(_opencc_dictionary() / "STPhrases.txt"):
        if any(table.get(char, char) != char for char in simplified):
            continue  # a key that is not plain simplified text
        for traditional in options:
            if len(traditional) != len(simplified):
                continue
            folded = "".join(table.get(char, char) for char in traditional)
            changed = [t for t, f, s in zip(traditional, folded, simplified) if f != s]
            if changed and all(t not in table for t in changed) and not _reads_as_simplified(folded, simplified, words):
                rows.setdefault(folded, simplified)
    return rows


def _reads_as_simplified(folded: str, simplified: str, words: dict[str, int]) -> bool:
    """Does the folded word contain a simplified word more frequent than its counterpart (覆盖率:
    覆盖 beats 复盖)? Then simplified text holds it as it is and it must not be folded."""
    for start in range(len(folded)):
        for end in range(start + 2, min(len(folded), start + 4) + 1):
            if words.get(folded[start:end], 0) > words.get(simplified[start:end], 0):
                return True
    return False


def common_chars(excluded: set[str], limit: int = COMMON_CHARS) -> str:
    import jieba

    counts: collections.Counter = collections.Counter()
    dictionary = Path(jieba.__file__).resolve().parent / "dict.txt"
    with dictionary.open(encoding="utf-8") as lines:
        for line in lines:
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                for char in parts[0]:
                    if "\u4e00" <= char <= "\u9fff" and char not in excluded:
                        counts[char] += int(parts[1])
    return "".join(char for char, _ in counts.most_common(limit))


def lexicon(min_count: int = LEXICON_MIN_COUNT) -> list[tuple[str, int]]:
    import jieba

    words = []
    dictionary = Path(jieba.__file__).resolve().parent / "dict.txt"
    with dictionary.open(encoding="utf-8") as lines:
        for line in lines:
            parts = line.split()
            if (len(parts) >= 2 and parts[1].isdigit() and int(parts[1]) >= min_count
                    and 2 <= len(parts[0]) <= 4
                    and all("\u4e00" <= char <= "\u9fff" for char in parts[0])):
                words.append((parts[0], int(parts[1])))
    return sorted(words)


def main() -> None:
    table = single_char_t2s()
    lines = [f"{t}\t{s}" for t, s in sorted(table.items())]
    (DATA / "t2s.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    phrases = phrase_t2s(table, dict(lexicon()))
    (DATA / "t2s_phrases.tsv").write_text("".join(f"{t}\t{s}\n" for t, s in sorted(phrases.items())),
                                          encoding="utf-8")
    (DATA / "common_chars.txt").write_text(common_chars(set(table)) + "\n", encoding="utf-8")
    words = lexicon()
    (DATA / "lexicon.tsv").write_text("".join(f"{w}\t{c}\n" for w, c in words), encoding="utf-8")
    print(f"lexicon.tsv: {len(words)} words")
    print(f"t2s.tsv: {len(table)} characters; t2s_phrases.tsv: {len(phrases)} words; "
          f"common_chars.txt: {COMMON_CHARS}")


if __name__ == "__main__":
    main()
