"""The measurements of bench/run.py, each beside the alternative a user would reach for."""
from __future__ import annotations

import contextlib
import math
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable, Iterator, Optional

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "web" / "examples"


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]


def _tree_rss(process) -> int:
    import psutil

    total = 0
    try:
        members = [process] + process.children(recursive=True)
    except psutil.Error:
        return 0
    for member in members:
        with contextlib.suppress(psutil.Error):
            total += member.memory_info().rss
    return total


def run_build(inputs: list[Path], out: Path, *, workers: int, cache: bool = False,
              extra: tuple[str, ...] = ()) -> dict:
    """`python -m graph_builder build` as a user runs it: wall seconds and peak RSS of the process tree
    (the main process and its workers, sampled every 50 ms)."""
    import psutil

    command = [sys.executable, "-m", "graph_builder", "build", *map(str, inputs), "--out", str(out), "-q",
               "--workers", str(workers), *(() if cache else ("--no-cache",)), *extra]
    started = time.perf_counter()
    process = psutil.Popen(command, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        peak = max(peak, _tree_rss(process))
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    stdout, stderr = process.communicate()
    if process.returncode not in (0, 1):
        raise RuntimeError(f"build failed ({process.returncode}): {stderr.decode()[-2000:]}")
    first = stdout.decode().splitlines()[0] if stdout else ""
    return {"seconds": round(seconds, 3), "peak_rss_mb": round(peak / 2**20, 1), "summary": first}


def example_queries() -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("*.rq"))}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def web_server(data: Path, startup_seconds: float = 120.0) -> Iterator[str]:
    """`python -m web serve --data DATA` on a free port; yields the SPARQL endpoint URL."""
    import requests

    port = _free_port()
    process = subprocess.Popen([sys.executable, "-m", "web", "serve", "--data", str(data), "--port", str(port)],
                               cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    endpoint = f"http://127.0.0.1:{port}/sparql"
    try:
        deadline = time.monotonic() + startup_seconds
        while True:
            try:
                if requests.get(endpoint, params={"query": "ASK {}"}, timeout=5).ok:
                    break
            except requests.RequestException:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the web server did not start")
            time.sleep(0.2)
        yield endpoint
    finally:
        process.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
        if process.poll() is None:
            process.kill()


def timed(fn: Callable[[], object], repeat: int, budget_s: float = float("inf")) -> list[float]:
    """Milliseconds of ``repeat`` calls after one warm-up call; when the calls are slow, as many as
    fit in ``budget_s`` (and the warm-up itself as the one sample when it alone overruns it)."""
    started = time.perf_counter()
    fn()
    warm_up = (time.perf_counter() - started) * 1000
    if warm_up / 1000 > budget_s:
        return [warm_up]
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
        if sum(out) / 1000 > budget_s:
            break
    return out


def latency(samples: list[float]) -> dict:
    return {"p50_ms": round(percentile(samples, 50), 2), "p95_ms": round(percentile(samples, 95), 2),
            "n": len(samples)}


def endpoint_latency(endpoint: str, queries: dict[str, str], repeat: int) -> dict:
    """Each example query over HTTP (SPARQL 1.1 protocol, JSON results), the answer read in full."""
    import requests

    session = requests.Session()

    def ask(query: str) -> Callable[[], object]:
        def call():
            response = session.post(endpoint, data={"query": query},
                                    headers={"Accept": "application/sparql-results+json"}, timeout=300)
            response.raise_for_status()
            return response.content
        return call

    out = {}
    for name, query in queries.items():
        try:
            out[name] = latency(timed(ask(query), repeat))
        except requests.RequestException as error:  # e.g. 503: the endpoint's time limit (30 s)
            out[name] = {"error": str(error)[:200], "p50_ms": None, "p95_ms": None}
    return out


def rdflib_dataset(trig: Path):
    import rdflib

    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(str(trig), format="trig")
    return dataset


def _rdflib_child(trig: str, queries: dict, repeat: int, ttl_out: str, pipe) -> None:
    """In a child process: load the TriG into rdflib, time each query, then rdflib's Turtle serializer."""
    started = time.perf_counter()
    dataset = rdflib_dataset(Path(trig))
    pipe.send(("load", time.perf_counter() - started))
    for name, query in queries.items():
        pipe.send(("start", name))
        try:
            samples = timed(lambda q=query: list(dataset.query(q)), repeat, budget_s=20.0)
            pipe.send(("query", name, latency(samples)))
        except Exception as error:  # noqa: BLE001 - rdflib cannot run every query: say so, go on
            pipe.send(("query", name, {"error": f"{type(error).__name__}: {error}"[:200]}))
    pipe.send(("turtle", rdflib_turtle(dataset, Path(ttl_out))))
    pipe.send(("done",))


def rdflib_side(trig: Path, queries: dict[str, str], repeat: int, ttl_out: Path, timeout: float) -> dict:
    """rdflib's engine and serializer on the same quads, in child processes; a query that runs longer
    than ``timeout`` seconds is stopped and recorded as a lower bound (the child restarts without it)."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    result = {"queries": {}, "load_s": None, "turtle_s": None}
    remaining = dict(queries)
    while True:
        parent, child = context.Pipe()
        process = context.Process(target=_rdflib_child, args=(str(trig), remaining, repeat, str(ttl_out), child))
        process.start()
        current, finished = None, False
        while True:
            budget = timeout + 20.0 if current else 3600
            if not parent.poll(budget):
                break
            message = parent.recv()
            if message[0] == "load":
                result["load_s"] = round(message[1], 3)
            elif message[0] == "start":
                current = message[1]
            elif message[0] == "query":
                result["queries"][message[1]] = message[2]
                remaining.pop(message[1], None)
                current = None
            elif message[0] == "turtle":
                result["turtle_s"] = round(message[1], 3)
            elif message[0] == "done":
                finished = True
                break
        process.kill()
        process.join()
        if finished or current is None:
            return result
        result["queries"][current] = {"timeout_ms": timeout * 1000, "p50_ms": None}
        remaining.pop(current, None)


def export_turtle(data: Path, out: Path) -> float:
    """Seconds of the project's Turtle export (python -m exports --only ttl)."""
    from exports import export

    started = time.perf_counter()
    export(data, out, only=["ttl"], catalog=False)
    return time.perf_counter() - started


def native_turtle(data: Path, out: Path) -> float:
    """Seconds of the build's own graph.ttl writer (Oxigraph CONSTRUCT + serializer, no Python sort)."""
    from graph_builder.pipeline import write_turtle
    from graph_builder.store import open_store

    store = open_store(data)
    started = time.perf_counter()
    write_turtle(store, out)
    return time.perf_counter() - started


def rdflib_turtle(dataset, out: Path) -> float:
    """Seconds of rdflib's Turtle serializer on the same (merged) triples."""
    import rdflib

    graph = rdflib.Graph()
    for triple in dataset.triples((None, None, None)):
        graph.add(triple)
    started = time.perf_counter()
    graph.serialize(destination=str(out), format="turtle")
    return time.perf_counter() - started


def networkx_view(data: Path) -> tuple[float, int, int]:
    from graph_builder.network import view
    from graph_builder.store import open_store

    store = open_store(data)
    started = time.perf_counter()
    graph = view(store)
    return time.perf_counter() - started, graph.number_of_nodes(), graph.number_of_edges()


def triples_in(data: Path) -> int:
    from graph_builder.store import open_store

    store = open_store(data)
    return int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")))["n"].value)


def machine() -> dict:
    import platform

    import psutil

    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(), "system": platform.platform(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()]}


def ratio(slow: Optional[float], fast: Optional[float]) -> Optional[float]:
    return round(slow / fast, 1) if slow and fast else None
