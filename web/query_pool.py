"""User SPARQL runs here: a small pool of worker processes, each with its own read-only store.

pyoxigraph cannot cancel a running query, so the deadline is enforced from outside: a worker that has
not answered in time is killed and replaced, and the web server never blocks on it.
"""
from __future__ import annotations

import io
import itertools
import pickle
import queue
import select
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from web.kg import PREFIXES

RESULT_FORMATS = {
    "json": (ox.QueryResultsFormat.JSON, "application/sparql-results+json"),
    "xml": (ox.QueryResultsFormat.XML, "application/sparql-results+xml"),
    "csv": (ox.QueryResultsFormat.CSV, "text/csv"),
    "tsv": (ox.QueryResultsFormat.TSV, "text/tab-separated-values"),
}
GRAPH_FORMATS = {
    "turtle": (ox.RdfFormat.TURTLE, "text/turtle"),
    "ntriples": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
}


class QueryTimeout(Exception):
    pass


class QueryRejected(Exception):
    """The query could not be parsed or evaluated (a client error)."""


class PoolBusy(Exception):
    pass


@dataclass
class QueryResult:
    body: bytes
    media_type: str
    truncated: bool = False


@dataclass
class QueryRequest:
    query: str
    result_format: str  # key of RESULT_FORMATS, used for SELECT/ASK
    graph_format: str  # key of GRAPH_FORMATS, used for CONSTRUCT/DESCRIBE
    limit: int


class _EnoughRows(Exception):
    pass


class _LineCappedWriter(io.RawIOBase):
    """Collects serialized TSV and stops the serializer once it has `max_lines` complete lines."""

    def __init__(self, max_lines: int):
        self.buffer = bytearray()
        self.max_lines = max_lines

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.buffer += data
        if self.buffer.count(b"\n") > self.max_lines:
            raise _EnoughRows()
        return len(data)

    def first_lines(self) -> tuple[bytes, bool]:
        lines = bytes(self.buffer).split(b"\n")
        complete = lines[:-1]
        truncated = len(complete) > self.max_lines
        return b"".join(line + b"\n" for line in complete[: self.max_lines]), truncated


def _capped_solutions(solutions: ox.QuerySolutions, limit: int) -> tuple[ox.QuerySolutions, bool]:
    """At most `limit` solutions: TSV writes one solution per line and round-trips every RDF term."""
    writer = _LineCappedWriter(limit + 1)  # + the header line
    try:
        solutions.serialize(writer, ox.QueryResultsFormat.TSV)
    except _EnoughRows:
        pass
    tsv, truncated = writer.first_lines()
    return ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV), truncated


def execute(store: ox.Store, request: QueryRequest) -> QueryResult:
    """Runs one query natively in pyoxigraph and serializes it with pyoxigraph's own writers."""
    try:
        results = store.query(request.query, use_default_graph_as_union=True)
        if isinstance(results, ox.QueryBoolean):
            fmt, media_type = RESULT_FORMATS[request.result_format]
            return QueryResult(results.serialize(format=fmt), media_type)
        if isinstance(results, ox.QuerySolutions):
            fmt, media_type = RESULT_FORMATS[request.result_format]
            capped, truncated = _capped_solutions(results, request.limit)
            return QueryResult(capped.serialize(format=fmt), media_type, truncated)
        fmt, media_type = GRAPH_FORMATS[request.graph_format]
        triples = list(itertools.islice(results, request.limit + 1))
        truncated = len(triples) > request.limit
        body = ox.serialize(triples[: request.limit], format=fmt,
                            prefixes=PREFIXES if fmt == ox.RdfFormat.TURTLE else None)
        return QueryResult(body, media_type, truncated)
    except (SyntaxError, ValueError) as error:
        raise QueryRejected(str(error)) from None
    except OSError as error:
        raise QueryRejected(f"evaluation error: {error}") from None


def worker_loop(store_path: str, requests: BinaryIO, responses: BinaryIO) -> None:
    """One worker process: read a pickled QueryRequest, answer with a pickled (status, payload)."""
    store = ox.Store.read_only(store_path)
    while True:
        try:
            request = pickle.load(requests)
        except EOFError:
            return
        try:
            answer = ("ok", execute(store, request))
        except QueryRejected as error:
            answer = ("rejected", str(error))
        except Exception as error:  # anything else is still this query's fault, not the server's
            answer = ("rejected", f"{type(error).__name__}: {error}")
        pickle.dump(answer, responses)
        responses.flush()


class _Worker:
    """A separate interpreter (`python -m web.query_worker STORE`), so no state of the server leaks into it."""

    def __init__(self, store_path: str):
        self.process = subprocess.Popen([sys.executable, "-m", "web.query_worker", store_path],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        cwd=str(Path(__file__).resolve().parent.parent))

    def send(self, request: QueryRequest) -> None:
        pickle.dump(request, self.process.stdin)
        self.process.stdin.flush()

    def wait_readable(self, seconds: float) -> bool:
        readable, _, _ = select.select([self.process.stdout], [], [], seconds)
        return bool(readable)

    def receive(self):
        return pickle.load(self.process.stdout)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=5)
        self.process.stdin.close()
        self.process.stdout.close()


class QueryPool:
    def __init__(self, store_path: str, size: int = 2, timeout: float = 30.0):
        self.store_path = store_path
        self.timeout = timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        for _ in range(max(1, size)):
            self._add_worker()

    def _add_worker(self) -> None:
        worker = _Worker(self.store_path)
        with self._lock:
            self._all.add(worker)
        self._idle.put(worker)

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.stop()

    def run(self, request: QueryRequest) -> QueryResult:
        if self._closed:
            raise PoolBusy("the query workers were restarted for a new build; try again")
        deadline = time.monotonic() + self.timeout
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise PoolBusy("all query workers are busy") from None
        try:
            worker.send(request)
            if not worker.wait_readable(max(0.0, deadline - time.monotonic())):
                raise QueryTimeout(f"query exceeded the {self.timeout:g} s limit")
            status, payload = worker.receive()
        except (QueryTimeout, EOFError, OSError, pickle.UnpicklingError) as error:
            self._retire(worker)
            if not self._closed:
                self._add_worker()
            if isinstance(error, QueryTimeout):
                raise
            raise QueryRejected("the query worker died while evaluating the query") from None
        self._idle.put(worker)
        if status == "rejected":
            raise QueryRejected(payload)
        return payload

    def drain_and_close(self) -> None:
        """Close once every worker is idle again (running queries answer or time out first)."""
        deadline = time.monotonic() + self.timeout + 5
        collected = 0
        while time.monotonic() < deadline:
            with self._lock:
                if collected >= len(self._all):
                    break
            try:
                self._idle.get(timeout=max(0.01, deadline - time.monotonic()))
                collected += 1
            except queue.Empty:
                break
        self.close()

    @property
    def pids(self) -> list[int]:
        with self._lock:
            return sorted(worker.process.pid for worker in self._all)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.stop()
