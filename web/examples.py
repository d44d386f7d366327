"""The example-query library: web/examples/*.rq, each starting with `# title:` (and `# description:`) lines."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

EXAMPLES_DIR = Path(__file__).resolve().parent / "examples"


@dataclass(frozen=True)
class Example:
    slug: str
    title: str
    description: str
    query: str

    def as_json(self) -> dict:
        return {"slug": self.slug, "title": self.title, "description": self.description, "query": self.query}


def parse_example(slug: str, text: str) -> Example:
    header = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("# ").partition(":")
        header[key.strip().lower()] = value.strip()
    if "title" not in header:
        raise ValueError(f"example {slug}.rq has no '# title:' line")
    return Example(slug, header["title"], header.get("description", ""), text)


@lru_cache(maxsize=1)
def load_examples() -> tuple[Example, ...]:
    return tuple(parse_example(path.stem, path.read_text(encoding="utf-8"))
                 for path in sorted(EXAMPLES_DIR.glob("*.rq")))
