"""From input files to a built data directory: read, segment, extract, resolve, map, write, swap.

``build(paths, out_dir)`` writes everything into a new temporary directory next to ``out_dir``
and renames it into place only when it is complete, so a failed or killed build leaves the
previous one intact. Inputs that cannot be used (errors.SkipInput) are reported as
``file:line: message`` and the run goes on; if no input can be used, errors.NoInput is raised
and nothing is replaced.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from . import store as store_mod
from .errors import NoInput, SkipInput
from .model import GazetteIssue, Organisation, Person, Records, Source
from .settings import SETTINGS

DEFAULT_SUFFIXES = (".txt", ".md")


@dataclass
class InputReport:
    path: str
    sha256: str
    issue_iri: str
    documents: int
    source: str  # sources/<name>.txt: the decoded original (charStart/charEnd index it)
    normalised: str  # sources/<name>.normalised.txt: the text the extractors read


@dataclass
class BuildReport:
    out_dir: str
    base_iri: str
    inputs: list[InputReport] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    quads: int = 0
    seconds: float = 0.0

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class ParsedInput:
    source: Source
    issue: GazetteIssue
    records: list[Records]


def supported_suffixes() -> tuple[str, ...]:
    from . import reader

    return tuple(getattr(reader, "SUFFIXES", DEFAULT_SUFFIXES))


def expand_paths(paths: Iterable, suffixes: tuple[str, ...]) -> tuple[list[Path], list[str]]:
    """Files named and files inside named folders (recursively, sorted); messages for missing paths."""
    files: list[Path] = []
    problems: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes
                                and not p.name.startswith(".")))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(str(SkipInput("no such file or folder", path=str(path))))
    unique = list(dict.fromkeys(p.resolve() for p in files))
    return unique, problems


def parse_input(path: Path) -> ParsedInput:
    from .extractors import extract
    from .reader import read
    from .segment import segment

    try:
        source = read(path)
    except (OSError, UnicodeError) as error:
        raise SkipInput(f"cannot read: {error}", path=str(path)) from error
    issue = segment(source)
    if not issue.documents:
        raise SkipInput("no document found", path=str(path), line=1)
    return ParsedInput(source, issue, [extract(document) for document in issue.documents])


class CorpusResolution:
    """Per-city resolutions behind the one interface rdf.issue_graph uses."""

    def __init__(self, by_city: dict):
        self.by_city = by_city

    def _for(self, city: str):
        return self.by_city.get(city) or next(iter(self.by_city.values()))

    def organisation(self, surface: str, city: str) -> Optional[Organisation]:
        return self._for(city).organisation(surface, city)

    def person(self, name: str, city: str) -> Person:
        return self._for(city).person(name, city)


def document_city(records: Records, issue: GazetteIssue) -> str:
    return records.document.city or issue.city or SETTINGS.default_city


def resolve_corpus(parsed: list[ParsedInput]) -> CorpusResolution:
    from .resolve import resolve

    by_city: dict[str, list[Records]] = {}
    for item in parsed:
        for records in item.records:
            by_city.setdefault(document_city(records, item.issue), []).append(records)
    if not by_city:
        by_city[SETTINGS.default_city] = []
    return CorpusResolution({city: resolve(records, city) for city, records in sorted(by_city.items())})


def _source_names(parsed: list[ParsedInput]) -> list[str]:
    names, seen = [], {}
    for item in parsed:
        stem = Path(item.source.path).stem
        seen[stem] = seen.get(stem, 0) + 1
        names.append(stem if seen[stem] == 1 else f"{stem}-{seen[stem]}")
    return names


def _progress(iterable, desc: str, enabled: bool, total: Optional[int] = None):
    from tqdm import tqdm

    return tqdm(iterable, desc=desc, total=total, disable=not enabled, file=sys.stderr, unit="file",
                leave=False)


def build(paths, out_dir, *, base_iri: Optional[str] = None, progress: bool = True) -> BuildReport:
    from .rdf import issue_graph, issue_iri

    started = time.perf_counter()
    out = Path(out_dir).resolve()
    base = base_iri or SETTINGS.base_iri
    report = BuildReport(out_dir=str(out), base_iri=base)
    files, report.skipped = expand_paths(paths, supported_suffixes())

    parsed: list[ParsedInput] = []
    issue_owner: dict[str, str] = {}
    for path in _progress(files, "reading", progress):
        try:
            item = parse_input(path)
        except SkipInput as error:
            report.skipped.append(str(error))
            continue
        iri = issue_iri(item.issue, base)
        if iri in issue_owner:
            report.skipped.append(str(SkipInput(f"same gazette issue as {issue_owner[iri]} ({iri})",
                                                path=str(path))))
            continue
        issue_owner[iri] = str(path)
        parsed.append(item)
    if not parsed:
        raise NoInput("no input could be read" + (": " + "; ".join(report.skipped) if report.skipped else ""))

    resolution = resolve_corpus(parsed)
    quads = []
    names = _source_names(parsed)
    for item, name in zip(parsed, names):
        quads.extend(issue_graph(item.issue, item.records, resolution, base_iri=base))
        report.inputs.append(InputReport(path=item.source.path, sha256=item.source.sha256,
                                         issue_iri=issue_iri(item.issue, base), documents=len(item.issue.documents),
                                         source=f"{store_mod.SOURCES_DIR}/{name}.txt",
                                         normalised=f"{store_mod.SOURCES_DIR}/{name}.normalised.txt"))
    report.counts = store_mod.count_classes(quads)
    report.quads = len(set(quads))

    out.parent.mkdir(parents=True, exist_ok=True)
    store_mod.remove_abandoned_builds(out)
    temp = out.parent / f"{store_mod.temp_prefix(out)}{os.getpid()}-{secrets.token_hex(4)}"
    temp.mkdir()
    try:
        write_build(temp, quads, parsed, report, started)
        store_mod.swap_in(temp, out)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return report


def write_build(temp: Path, quads: list, parsed: list[ParsedInput], report: BuildReport, started: float) -> None:
    store_mod.write_store(temp / store_mod.STORE_DIR, quads)
    store_mod.write_turtle(temp / store_mod.TURTLE_FILE, quads)
    store_mod.write_trig(temp / store_mod.TRIG_FILE, quads)
    sources = temp / store_mod.SOURCES_DIR
    sources.mkdir()
    for item, entry in zip(parsed, report.inputs):
        (temp / entry.source).write_text(item.source.original, encoding="utf-8")
        (temp / entry.normalised).write_text(item.source.text, encoding="utf-8")
    report.seconds = round(time.perf_counter() - started, 3)
    summary = {"base_iri": report.base_iri, "inputs": [asdict(i) for i in report.inputs],
               "skipped": report.skipped, "counts": report.counts, "quads": report.quads,
               "seconds": report.seconds}
    (temp / store_mod.REPORT_FILE).write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n",
                                              encoding="utf-8")


def read_report(data_dir) -> dict:
    return json.loads((Path(data_dir) / store_mod.REPORT_FILE).read_text(encoding="utf-8"))
