"""The extractor registry: each entry is a pure function Document -> Records.

Order matters only for readability; extractors do not see each other's output.
"""
from __future__ import annotations

from typing import Callable

from ..model import Document, Records

Extractor = Callable[[Document], Records]

EXTRACTORS: list[tuple[str, Extractor]] = []


def extract(document: Document) -> Records:
    records = Records(document=document)
    for _name, extractor in EXTRACTORS:
        records.extend(extractor(document))
    return records

from .personnel import extract_personnel  # noqa: E402  (registry entries below the registry)

EXTRACTORS.append(("personnel", extract_personnel))

from .programmes import extract_programmes  # noqa: E402
from .tasks import extract_tasks  # noqa: E402

EXTRACTORS.append(("tasks", extract_tasks))
EXTRACTORS.append(("programmes", extract_programmes))

from .groups import extract_groups  # noqa: E402

EXTRACTORS.append(("groups", extract_groups))

from .organisations import extract_organisations  # noqa: E402
from .targets import extract_targets  # noqa: E402

EXTRACTORS.append(("organisations", extract_organisations))
EXTRACTORS.append(("targets", extract_targets))
