"""From input files to a built data directory: read, segment, extract, resolve, map, write, swap.

``build(paths, out_dir)`` writes everything into a new temporary directory next to ``out_dir``
and renames it into place only when it is complete, so a failed or killed build leaves the
previous one intact. Inputs that cannot be used (errors.SkipInput) are reported as
``file:line: message`` and the run goes on; if no input can be used, errors.NoInput is raised
and nothing is replaced.

The work is a map / reduce over files (graph_builder.parallel): extraction per file (in a process
pool, ``workers``, or on Dask, ``scheduler``; unchanged files come from the cache), the corpus-wide
resolution of organisations from the files' mentions, then each file's quads, written as an N-Quads
shard (``DIR/shards``) and bulk-loaded into the store as it arrives: the corpus is never held in
memory at once, and the result does not depend on the number of workers.
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
from .cache import ExtractionCache, fingerprint
from .errors import NoInput, SkipInput
from .parallel import (CorpusResolution, Extracted, Job, corpus_resolution, extract_file,  # noqa: F401
                       make_runner, map_file)
from .settings import SETTINGS
from .vocab import ONTOLOGY_GRAPH, ONTOLOGY_TTL, PREFIXES, compact

DEFAULT_SUFFIXES = (".txt", ".md")
SHARDS_DIR = "shards"  # per-file N-Quads, the store's load input (and a store cluster's)
CACHE_DIR = "cache"  # per-file extraction results (graph_builder.cache)


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
    extracted: int = 0  # files extracted afresh (the others came from the cache)

    def to_json(self) -> dict:
        return asdict(self)


def supported_suffixes() -> tuple[str, ...]:
    from . import reader

    return tuple(getattr(reader, "SUFFIXES", DEFAULT_SUFFIXES))


def expand_paths(paths: Iterable, suffixes: tuple[str, ...]) -> tuple[list[Path], list[str]]:
    """Files named and files inside named folders (recursively, sorted); messages for missing paths
    and for folders holding no input file."""
    files: list[Path] = []
    problems: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes
                           and not p.name.startswith("."))
            if not found:
                problems.append(str(SkipInput(f"no input file ({', '.join(suffixes)}) in this folder",
                                              path=str(path))))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(str(SkipInput("no such file or folder", path=str(path))))
    unique = list(dict.fromkeys(p.resolve() for p in files))
    return unique, problems


def _progress(iterable, desc: str, enabled: bool, total: Optional[int] = None):
    from tqdm import tqdm

    return tqdm(iterable, desc=desc, total=total, disable=not enabled, file=sys.stderr, unit="file",
                leave=False)


def build(paths, out_dir, *, base_iri: Optional[str] = None, progress: bool = True,
          workers: Optional[int] = None, scheduler=None, cache_dir=None, use_cache: bool = True) -> BuildReport:
    """Build the graph of ``paths`` into ``out_dir`` (see the module doc and graph_builder.parallel).

    ``workers``: processes extracting files (default: settings.workers, 0 = all cores); ``scheduler``:
    a Dask scheduler address (or Client) to run the per-file steps on instead; ``cache_dir``: where
    per-file extractions are kept (default ``out_dir/cache``, carried over into each new build);
    ``use_cache=False`` re-extracts everything (and keeps nothing).
    """
    started = time.perf_counter()
    out = Path(out_dir).resolve()
    base = base_iri or SETTINGS.base_iri
    report = BuildReport(out_dir=str(out), base_iri=base)
    files, report.skipped = expand_paths(paths, supported_suffixes())

    out.parent.mkdir(parents=True, exist_ok=True)
    store_mod.remove_abandoned_builds(out)
    temp = out.parent / f"{store_mod.temp_prefix(out)}{os.getpid()}-{secrets.token_hex(4)}"
    temp.mkdir()
    try:
        cache_root = _cache_root(out, temp, cache_dir, use_cache)
        job = Job(cache_dir=str(cache_root), fingerprint=fingerprint(_fingerprint_settings(base)),
                  base_iri=base, default_city=SETTINGS.default_city)
        runner = make_runner(workers, scheduler)
        try:
            kept = extract_all(runner, files, job, report, progress)
            resolution = corpus_resolution((item.mentions for item in kept), SETTINGS.default_city)
            write_build(temp, runner, kept, job, resolution, report, progress)
        finally:
            runner.close()
        _carry_cache(out, temp, cache_root, cache_dir, use_cache, kept, job)
        report.seconds = round(time.perf_counter() - started, 3)
        write_report(temp, report)
        store_mod.swap_in(temp, out)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return report


def _fingerprint_settings(base: str) -> dict:
    return {"base_iri": base, "default_city": SETTINGS.default_city, "max_line_chars": SETTINGS.max_line_chars,
            "ontology_iri": SETTINGS.ontology_iri}


def _cache_root(out: Path, temp: Path, cache_dir, use_cache: bool) -> Path:
    """Where this build reads and writes per-file extractions."""
    if not use_cache:
        return temp / ".scratch-cache"
    if cache_dir is not None:
        return Path(cache_dir).resolve()
    return out / CACHE_DIR if (out / CACHE_DIR).is_dir() else temp / CACHE_DIR


def _carry_cache(out: Path, temp: Path, cache_root: Path, cache_dir, use_cache: bool, kept: list,
                 job: Job) -> None:
    """The default cache moves into the new build, pruned to this build's files; a scratch one goes."""
    if not use_cache:
        shutil.rmtree(cache_root, ignore_errors=True)
        return
    if cache_dir is not None:
        return
    ExtractionCache(cache_root, job.fingerprint).prune(item.key for item in kept)
    if cache_root != temp / CACHE_DIR and cache_root.is_dir():
        os.rename(cache_root, temp / CACHE_DIR)


def extract_all(runner, files: list[Path], job: Job, report: BuildReport, progress: bool) -> list[Extracted]:
    """Map step 1 over every file; the usable ones in file order (a repeated issue is skipped)."""
    results: list[Optional[Extracted]] = [None] * len(files)
    items = [(str(path), job) for path in files]
    for index, result in _progress(runner.map(extract_file, items), "extracting", progress, len(files)):
        results[index] = result
    kept, owner = [], {}
    for path, item in zip(files, results):
        item.path = str(path)
        if item.error:
            report.skipped.append(item.error)
        elif item.issue_iri in owner:
            report.skipped.append(str(SkipInput(f"same gazette issue as {owner[item.issue_iri]} ({item.issue_iri})",
                                                path=str(path))))
        else:
            owner[item.issue_iri] = str(path)
            kept.append(item)
    report.extracted = sum(1 for item in results if not item.cached and not item.error)
    if not kept:
        raise NoInput("no input could be read" + (": " + "; ".join(report.skipped) if report.skipped else ""))
    return kept


def source_names(kept: list[Extracted]) -> list[str]:
    names, seen = [], {}
    for item in kept:
        stem = Path(item.path).stem
        seen[stem] = seen.get(stem, 0) + 1
        names.append(stem if seen[stem] == 1 else f"{stem}-{seen[stem]}")
    return names


def write_build(temp: Path, runner, kept: list[Extracted], job: Job, resolution, report: BuildReport,
                progress: bool) -> None:
    """Map step 2 streamed into the store: each file's N-Quads shard is written and bulk-loaded as it
    arrives; graph.ttl / graph.trig are then written from the store (sorted there, not in Python)."""
    import pyoxigraph as ox

    names = source_names(kept)
    for directory in (SHARDS_DIR, store_mod.SOURCES_DIR):
        (temp / directory).mkdir()
    store = ox.Store(str(temp / store_mod.STORE_DIR))
    shared = runner.share(resolution, temp)
    items = [(item.path, item.key, job, shared) for item in kept]
    batch = _LoadBatch(store)
    for index, mapped in _progress(runner.map(map_file, items), "mapping", progress, len(kept)):
        (temp / SHARDS_DIR / f"{names[index]}.nq").write_bytes(mapped.nquads)
        batch.add(mapped.nquads)
        (temp / store_mod.SOURCES_DIR / f"{names[index]}.txt").write_text(mapped.original, encoding="utf-8")
        (temp / store_mod.SOURCES_DIR / f"{names[index]}.normalised.txt").write_text(mapped.normalised,
                                                                                    encoding="utf-8")
    batch.flush()
    (temp / "shared.pickle").unlink(missing_ok=True)
    write_trig(store, temp / store_mod.TRIG_FILE)  # before the ontology joins the store
    store.bulk_load(path=str(ONTOLOGY_TTL), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
    store.optimize()
    store.flush()
    report.inputs = [InputReport(path=item.path, sha256=item.sha256, issue_iri=item.issue_iri,
                                 documents=item.documents, source=f"{store_mod.SOURCES_DIR}/{name}.txt",
                                 normalised=f"{store_mod.SOURCES_DIR}/{name}.normalised.txt")
                     for item, name in zip(kept, names)]
    report.counts = class_counts(store)
    report.quads = int(next(iter(store.query(_QUAD_COUNT)))["n"].value)
    write_turtle(store, temp / store_mod.TURTLE_FILE)
    del store


class _LoadBatch:
    """N-Quads bulk-loaded into the store in batches of about ``limit`` bytes: each bulk load has a
    fixed cost (Oxigraph writes and ingests sorted files), so one per shard would dominate."""

    def __init__(self, store, limit: int = 64 << 20):
        self.store, self.limit, self.parts, self.size = store, limit, [], 0

    def add(self, nquads: bytes) -> None:
        self.parts.append(nquads)
        self.size += len(nquads)
        if self.size >= self.limit:
            self.flush()

    def flush(self) -> None:
        import pyoxigraph as ox

        if self.parts:
            self.store.bulk_load(b"".join(self.parts), format=ox.RdfFormat.N_QUADS)
        self.parts, self.size = [], 0


_NOT_ONTOLOGY = f"FILTER (?g != <{ONTOLOGY_GRAPH}>)"
_QUAD_COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_NOT_ONTOLOGY} }}"
_CLASS_COUNTS = f"""SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH ?g {{ ?s a ?class }} {_NOT_ONTOLOGY} }}
GROUP BY ?class"""


def class_counts(store) -> dict[str, int]:
    counts = {compact(row["class"].value): int(row["n"].value) for row in store.query(_CLASS_COUNTS)}
    return dict(sorted(counts.items()))


def issue_graphs(store) -> list:
    return sorted((g for g in store.named_graphs() if g.value != ONTOLOGY_GRAPH), key=lambda g: g.value)


def write_turtle(store, path: Path) -> None:
    """All issue graphs merged (ontology excluded) into one in-memory store, which removes the
    triples several issues share, dumped in its index order; that order depends only on the content
    (Oxigraph keys terms by value or by a fixed hash): same input, same bytes. A CONSTRUCT over the
    union would stop removing duplicates past about a million triples."""
    import pyoxigraph as ox

    merged = ox.Store()
    for graph in issue_graphs(store):
        merged.load(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph), ox.RdfFormat.N_TRIPLES)
    merged.dump(str(path), ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=PREFIXES)


def write_trig(store, path: Path) -> None:
    """The named graphs of the store in its index order (call it before the ontology is loaded)."""
    import pyoxigraph as ox

    store.dump(str(path), ox.RdfFormat.TRIG, prefixes=PREFIXES)


def write_report(temp: Path, report: BuildReport) -> None:
    summary = {"base_iri": report.base_iri, "inputs": [asdict(i) for i in report.inputs],
               "skipped": report.skipped, "counts": report.counts, "quads": report.quads,
               "seconds": report.seconds}
    (temp / store_mod.REPORT_FILE).write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n",
                                              encoding="utf-8")


def read_report(data_dir) -> dict:
    return json.loads((Path(data_dir) / store_mod.REPORT_FILE).read_text(encoding="utf-8"))
