"""The build as map / reduce over files, runnable in one process, a process pool or on Dask.

1. map    ``extract_file(job)``: read, segment and extract ONE file (pure: its result depends only
          on the file's bytes, the code and the settings). The full result (issue and records) goes
          to the extraction cache; what comes back is small: the issue IRI and the *mentions* the
          corpus-wide resolver needs (alias definitions and organisation surfaces per city).
2. reduce ``corpus_resolution(summaries)``: organisations resolved per city across the whole
          corpus from the mentions alone (cheap: no text, no records).
3. map    ``map_file(job, key)``: the file's quads under the corpus resolution, as N-Quads bytes.

Every surface the mapping asks the resolver about is registered in the reduce step (including the
parents of sub-units), so the mapping only reads the resolution: the graph does not depend on how
files are spread over workers, nor on their order.
"""
from __future__ import annotations

import os
import pickle
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

from .cache import ExtractionCache, content_key
from .errors import SkipInput
from .model import GazetteIssue, Organisation, Person, Records


# --- the corpus-wide resolution ----------------------------------------------------------------


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

    def digest(self) -> list:
        """Every organisation with its aliases and parent (to check the mapping left it unchanged)."""
        return [(city, org.city, org.canonical, org.kind, sorted(org.aliases), org.parent)
                for city, res in self.by_city.items() for org in res.organisations()]


@dataclass
class Mentions:
    """What the corpus-wide resolver needs from one file, in document order."""

    cities: list[str] = field(default_factory=list)  # resolution scopes of the file's documents
    defines: list[tuple[str, str, str, str]] = field(default_factory=list)  # (scope, alias, surface, city)
    uses: list[tuple[str, str, str]] = field(default_factory=list)  # (scope, surface, city)


def document_city(records: Records, issue: GazetteIssue, default_city: str) -> str:
    return records.document.city or issue.city or default_city


def mentions_of(issue: GazetteIssue, records_list: list[Records], default_city: str) -> Mentions:
    """The resolver's input, as graph_builder.resolve.resolve reads it, plus the leading groups that
    memberships name (the mapping asks for those too)."""
    from .resolve import _surfaces

    found = Mentions()
    for records in records_list:
        scope = document_city(records, issue, default_city)
        city = records.document.city or scope
        if scope not in found.cities:
            found.cities.append(scope)
        found.defines.extend((scope, m.defined_alias, m.surface, city) for m in records.orgs if m.defined_alias)
        found.uses.extend((scope, surface, city) for surface in _surfaces(records))
        found.uses.extend((scope, m.group, city) for m in records.memberships if m.group)
    return found


def corpus_resolution(all_mentions: Iterable[Mentions], default_city: str = "") -> CorpusResolution:
    """The reduce step: one Resolution per city over the corpus (definitions first, as resolve does)."""
    from .resolve import Resolution

    all_mentions = list(all_mentions)
    cities = sorted({c for m in all_mentions for c in m.cities}) or [default_city]
    corpus = CorpusResolution({city: Resolution(city=city) for city in cities})
    for mentions in all_mentions:
        for scope, alias, surface, city in mentions.defines:
            corpus.by_city[scope].define(alias, surface, city)
    for mentions in all_mentions:
        for scope, surface, city in mentions.uses:
            corpus.by_city[scope].organisation(surface, city)
    _register_parents(corpus)
    return corpus


def _register_parents(corpus: CorpusResolution) -> None:
    """The mapping describes the parent of every sub-unit it meets: resolve those names up front."""
    seen: set = set()
    pending = [org for res in corpus.by_city.values() for org in res.organisations()]
    while pending:
        org = pending.pop()
        if not org.parent or (org.city, org.canonical) in seen:
            continue
        seen.add((org.city, org.canonical))
        parent = corpus.organisation(org.parent, org.city)
        if parent is not None:
            pending.append(parent)


# --- the per-file functions (pure, picklable) ---------------------------------------------------


@dataclass(frozen=True)
class Job:
    """Everything a worker needs besides the file."""

    cache_dir: str
    fingerprint: str
    base_iri: str
    default_city: str = ""


@dataclass
class Extracted:
    """The small result of the extraction map step (the records stay in the cache)."""

    path: str
    key: str
    sha256: str = ""
    issue_iri: str = ""
    documents: int = 0
    mentions: Mentions = field(default_factory=Mentions)
    error: Optional[str] = None
    cached: bool = False


@dataclass
class Mapped:
    """The result of the mapping step: the file's quads (N-Quads) and its texts for DIR/sources."""

    nquads: bytes
    original: str
    normalised: str
    quads: int


def cache_key(path: str) -> str:
    """Content hash of the file, qualified by its path (gkg:sourceFile names the file)."""
    import hashlib

    return hashlib.sha256(f"{content_key(path)}\0{os.path.abspath(path)}".encode("utf-8")).hexdigest()


def parse_file(path: Path) -> tuple[GazetteIssue, list[Records]]:
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
    return issue, [extract(document) for document in issue.documents]


def _extract_uncached(path: str, key: str, job: Job, cache: ExtractionCache) -> Extracted:
    from .rdf import issue_iri

    try:
        issue, records = parse_file(Path(path))
    except SkipInput as error:
        return Extracted(path=path, key=key, error=str(error))
    summary = Extracted(path=path, key=key, sha256=issue.source.sha256 if issue.source else "",
                        issue_iri=issue_iri(issue, job.base_iri), documents=len(issue.documents),
                        mentions=mentions_of(issue, records, job.default_city))
    cache.store(key, "records", (issue, records))
    cache.store(key, "summary", summary)
    return summary


def extract_file(path: str, job: Job) -> Extracted:
    """Map step 1 for one file: the cached summary when the file is unchanged, else a fresh extraction."""
    key = cache_key(path)
    cache = ExtractionCache(job.cache_dir, job.fingerprint)
    summary = cache.load(key, "summary")
    if summary is not None and cache.path(key, "records").exists():
        summary.cached = True
        return summary
    return _extract_uncached(path, key, job, cache)


@lru_cache(maxsize=2)
def _load_shared(path: str):
    with open(path, "rb") as handle:
        return pickle.load(handle)


def map_file(path: str, key: str, job: Job, resolution) -> Mapped:
    """Map step 2 for one file: its issue graph under the corpus resolution (or a path to its pickle)."""
    import pyoxigraph as ox

    from .rdf import issue_graph

    if isinstance(resolution, str):
        resolution = _load_shared(resolution)
    cache = ExtractionCache(job.cache_dir, job.fingerprint)
    loaded = cache.load(key, "records")
    if loaded is None:  # the entry went away (pruned by a concurrent build): extract again
        _extract_uncached(path, key, job, cache)
        loaded = cache.load(key, "records")
    issue, records = loaded
    quads = issue_graph(issue, records, resolution, base_iri=job.base_iri)
    # sorted distinct lines: the shard's bytes do not depend on set order (string hashing per process)
    lines = sorted(set(ox.serialize(quads, format=ox.RdfFormat.N_QUADS).splitlines(keepends=True)))
    return Mapped(nquads=b"".join(lines), original=issue.source.original, normalised=issue.source.text,
                  quads=len(lines))


# --- runners: where the map steps run ---------------------------------------------------------


class LocalRunner:
    """In this process, one file after the other."""

    workers = 1

    def share(self, value, scratch: Path):
        return value

    def map(self, fn: Callable, items: list[tuple]) -> Iterator[tuple[int, object]]:
        for index, args in enumerate(items):
            yield index, fn(*args)

    def close(self) -> None:
        pass


def _exit_with(parent_pid: int) -> None:
    """Worker initializer: leave as soon as the build process is gone (killed builds leave no workers)."""
    import threading
    import time

    def watch():
        while True:
            try:
                os.kill(parent_pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                pass
            time.sleep(1.0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


class PoolRunner(LocalRunner):
    """A pool of worker processes (spawned: safe next to threads, e.g. a Dask client in tests)."""

    def __init__(self, workers: int):
        import multiprocessing

        self.workers = workers
        context = multiprocessing.get_context("spawn")
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_exit_with,
                                        initargs=(os.getpid(),))

    def share(self, value, scratch: Path):
        """Large shared values go to the workers once, as a pickle file each loads and keeps."""
        path = scratch / "shared.pickle"
        with open(path, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        return str(path)

    def map(self, fn, items):
        futures = {self.pool.submit(fn, *args): index for index, args in enumerate(items)}
        pending = set(futures)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                # forget the future once its result is handed on: results are not all held at once
                yield futures.pop(future), future.result()
            del done

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskRunner(LocalRunner):
    """Tasks on a Dask distributed cluster (``--scheduler tcp://host:8786``, or a Client)."""

    def __init__(self, scheduler):
        from distributed import Client

        self.own_client = not hasattr(scheduler, "submit")
        self.client = Client(scheduler) if self.own_client else scheduler
        self.workers = max(1, sum(self.client.nthreads().values()))

    def share(self, value, scratch: Path):
        return self.client.scatter(value, broadcast=True)

    def map(self, fn, items):
        from distributed import as_completed

        futures = [self.client.submit(fn, *args, pure=False) for args in items]
        index = {future.key: i for i, future in enumerate(futures)}
        completed = as_completed(futures)
        del futures
        for future in completed:
            yield index[future.key], future.result()
            future.release()

    def close(self) -> None:
        if self.own_client:
            self.client.close()


def default_workers() -> int:
    from .settings import SETTINGS

    return SETTINGS.workers or os.cpu_count() or 1


def make_runner(workers: Optional[int] = None, scheduler=None):
    if scheduler is not None:
        return DaskRunner(scheduler)
    workers = workers or default_workers()
    return LocalRunner() if workers <= 1 else PoolRunner(workers)
