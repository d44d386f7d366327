"""Load generator: N concurrent clients for S seconds of mixed SPARQL (the example queries) and page
views against a running govkg server on loopback; reports requests/s, p50/p99 latency and errors, and
checks the server stays responsive while a runaway query is being timed out.

    .venv/bin/python -m bench.load --url http://127.0.0.1:5000 [--clients 50] [--seconds 60] [--json]
    .venv/bin/python -m bench.load --data var/ ...        # starts `python -m web serve` itself

Clients are asyncio tasks over httpx (pinned), one connection pool, keep-alive like browsers. An
error is a transport failure or any status other than 200 (a timed-out runaway query's 503 is
expected and counted apart). Exit code 0 when there were no errors, 1 otherwise.
"""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import httpx

REPO = Path(__file__).resolve().parents[1]
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SEARCH_WORDS = ["忻州", "应急", "农村改厕", "教育局", "领导小组", "安全生产", "市长", "财政", "水利", "局"]
PAGES = ["/", "/agencies", "/matrix", "/timeline", "/query"]


def example_queries() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted((REPO / "web" / "examples").glob("*.rq"))]


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=lambda: {"sparql": [], "page": []})
    statuses: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def record(self, kind: str, seconds: float, status: int | str) -> None:
        self.latencies[kind].append(seconds)
        self.statuses[status] += 1


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def one_request(client: httpx.AsyncClient, rng: random.Random, queries: list[str],
                      entity_paths: list[str]) -> tuple[str, str, dict]:
    roll = rng.random()
    if roll < 0.4:
        return "sparql", "/sparql", {"params": {"query": rng.choice(queries)},
                                     "headers": {"Accept": "application/sparql-results+json"}}
    if roll < 0.6:
        return "page", "/search?q=" + quote(rng.choice(SEARCH_WORDS)), {}
    if roll < 0.7:
        return "page", "/responsible?q=" + quote(rng.choice(SEARCH_WORDS)), {}
    if roll < 0.85 and entity_paths:
        return "page", rng.choice(entity_paths), {}
    return "page", rng.choice(PAGES), {}


async def client_loop(client: httpx.AsyncClient, seed: int, deadline: float, queries: list[str],
                      entity_paths: list[str], tally: Tally) -> None:
    rng = random.Random(seed)
    while time.monotonic() < deadline:
        kind, path, options = await one_request(client, rng, queries, entity_paths)
        started = time.perf_counter()
        try:
            response = await client.get(path, **options)
            await response.aread()
            status = response.status_code
        except httpx.HTTPError as error:
            status = type(error).__name__
        tally.record(kind, time.perf_counter() - started, status)
        if status != 200:
            tally.errors.append(f"{status} {path[:80]}")


async def runaway_probe(client: httpx.AsyncClient, deadline: float, report: dict) -> None:
    """Runaway queries back to back; while each runs, a probe page must keep answering."""
    probes: list[float] = []
    statuses: Counter = Counter()
    while time.monotonic() < deadline:
        task = asyncio.create_task(client.get("/sparql", params={"query": RUNAWAY}, timeout=120))
        while not task.done() and time.monotonic() < deadline + 60:
            started = time.perf_counter()
            try:
                probe = await client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
                ok = probe.status_code == 200
            except httpx.HTTPError:
                ok = False
            probes.append(time.perf_counter() - started)
            statuses["probe ok" if ok else "probe failed"] += 1
            await asyncio.sleep(0.2)
        try:
            statuses[f"runaway {(await task).status_code}"] += 1
        except httpx.HTTPError as error:
            statuses[f"runaway {type(error).__name__}"] += 1
    report.update({"statuses": dict(statuses), "probe_p50_ms": round(1000 * percentile(probes, 0.5), 1),
                   "probe_max_ms": round(1000 * max(probes, default=float("nan")), 1)})


async def entity_paths_of(client: httpx.AsyncClient) -> list[str]:
    paths = []
    for word in SEARCH_WORDS[:6]:
        response = await client.get("/api/search", params={"q": word})
        if response.status_code == 200:
            paths += ["/resource?iri=" + quote(hit["iri"]) for hit in response.json()["hits"][:10]]
    return paths


async def run(url: str, clients: int, seconds: float, runaway: bool) -> dict:
    queries = example_queries()
    limits = httpx.Limits(max_connections=clients + 4, max_keepalive_connections=clients + 4)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:
        entity_paths = await entity_paths_of(client)
        tally, runaway_report = Tally(), {}
        started = time.monotonic()
        deadline = started + seconds
        tasks = [client_loop(client, seed, deadline, queries, entity_paths, tally) for seed in range(clients)]
        if runaway:
            tasks.append(runaway_probe(client, deadline, runaway_report))
        await asyncio.gather(*tasks)
        elapsed = time.monotonic() - started
    every = tally.latencies["sparql"] + tally.latencies["page"]
    summary = {"url": url, "clients": clients, "seconds": round(elapsed, 1), "requests": len(every),
               "requests_per_s": round(len(every) / elapsed, 1), "errors": len(tally.errors),
               "error_samples": Counter(tally.errors).most_common(5), "statuses": {str(k): v for k, v in tally.statuses.items()}}
    for kind, values in [("all", every), *tally.latencies.items()]:
        summary[kind] = {"n": len(values), "p50_ms": round(1000 * percentile(values, 0.5), 1),
                         "p99_ms": round(1000 * percentile(values, 0.99), 1),
                         "mean_ms": round(1000 * statistics.fmean(values), 1) if values else None}
    if runaway:
        summary["runaway"] = runaway_report
    return summary


@contextlib.contextmanager
def server_for(data: Path, threads: int, query_workers: int, query_timeout: float):
    from tests.hardening.conftest import served
    with served(data, threads=threads, query_workers=query_workers, query_timeout=query_timeout) as base:
        yield base


def format_summary(s: dict) -> str:
    lines = [f"{s['clients']} clients, {s['seconds']} s against {s['url']}: {s['requests']} requests, "
             f"{s['requests_per_s']} req/s, {s['errors']} errors"]
    for kind in ("all", "sparql", "page"):
        k = s[kind]
        lines.append(f"  {kind:<6} n={k['n']:<6} p50 {k['p50_ms']} ms  p99 {k['p99_ms']} ms")
    if "runaway" in s:
        r = s["runaway"]
        lines.append(f"  runaway queries: {r.get('statuses')}; probe while running p50 {r.get('probe_p50_ms')} ms, "
                     f"max {r.get('probe_max_ms')} ms")
    if s["error_samples"]:
        lines.append(f"  errors: {s['error_samples']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--url", help="a running server, e.g. http://127.0.0.1:5000")
    target.add_argument("--data", type=Path, help="serve this built data directory with `python -m web serve`")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--threads", type=int, default=8, help="waitress threads (with --data)")
    parser.add_argument("--query-workers", type=int, default=2, help="SPARQL worker processes (with --data)")
    parser.add_argument("--query-timeout", type=float, default=10, help="SPARQL time limit, s (with --data)")
    parser.add_argument("--no-runaway", action="store_true", help="no runaway query alongside the load")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args(argv)
    with (server_for(args.data, args.threads, args.query_workers, args.query_timeout) if args.data else contextlib.nullcontext(args.url)) as url:
        summary = asyncio.run(run(url, args.clients, args.seconds, not args.no_runaway))
    print(json.dumps(summary, ensure_ascii=False, indent=2) if args.json else format_summary(summary))
    return 0 if summary["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
