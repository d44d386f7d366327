"""govkg benchmarks: `make bench` (scales 1 and 10) or `make bench SCALE=100`.

    python bench/run.py [--scales 1,10] [--workers N] [--repeat 20] [--work DIR]

For each scale: the build (whole process: MB of text per second, peak RSS of the process tree),
single-process beside --workers N, and a rebuild from the cache; SPARQL latency (p50/p95) of the
example queries (web/examples/*.rq) over HTTP against `python -m web serve`, beside rdflib's own
engine on the same quads; the Turtle export beside rdflib's serializer; the NetworkX view. Prints
tables with ratios and writes bench/results/results.json. No figure here is asserted anywhere.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import measure  # noqa: E402
from bench.corpora import make_corpus  # noqa: E402

SELECTIVE = ("02-tasks-of-agency", "04-appointments-of-person")
GOALS = {"endpoint_vs_rdflib": 20.0, "build_mb_s_per_core": 1.0, "build_100x_seconds": 180.0,
         "selective_p50_ms_at_1m": 20.0, "turtle_vs_rdflib": 30.0}


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="bench/run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1,10", help="comma-separated corpus scales (copies of the bundled one)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes of the parallel build")
    parser.add_argument("--single-max-scale", type=int, default=10,
                        help="largest scale also built in a single process (it is the slow one)")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs of each query against the endpoint")
    parser.add_argument("--rdflib-repeat", type=int, default=3, help="timed runs of each query in rdflib")
    parser.add_argument("--rdflib-max-triples", type=int, default=600_000,
                        help="skip rdflib (loads everything in memory) above this many triples")
    parser.add_argument("--rdflib-timeout", type=float, default=60.0,
                        help="seconds after which an rdflib query is stopped (recorded as a lower bound)")
    parser.add_argument("--work", type=Path, default=ROOT / "bench", help="corpora/ and results/ go here")
    return parser.parse_args(argv)


def bench_scale(scale: int, args) -> dict:
    corpus_dir = args.work / "corpora" / f"{scale}x"
    data_root = args.work / "results" / "data" / f"{scale}x"
    files, size = make_corpus(scale, corpus_dir)
    mb = size / 1e6
    result = {"scale": scale, "files": len(files), "mb": round(mb, 2)}
    print(f"[{scale}x] {len(files)} files, {mb:.1f} MB", flush=True)

    builds = {}
    worker_counts = ([1] if scale <= args.single_max_scale and args.workers > 1 else []) + [args.workers]
    for workers in worker_counts:
        out = data_root / f"w{workers}"
        shutil.rmtree(out, ignore_errors=True)
        run = measure.run_build([corpus_dir], out, workers=workers, cache=True)
        run.update(workers=workers, mb_per_s=round(mb / run["seconds"], 3),
                   mb_per_s_per_core=round(mb / run["seconds"] / workers, 3))
        builds[str(workers)] = run
        print(f"  build workers={workers}: {run['seconds']:.1f} s, {run['mb_per_s']:.3f} MB/s, "
              f"peak {run['peak_rss_mb']:.0f} MB", flush=True)
    data = data_root / f"w{args.workers}"
    rebuild = measure.run_build([corpus_dir], data, workers=args.workers, cache=True)
    print(f"  rebuild from cache: {rebuild['seconds']:.1f} s", flush=True)
    result.update(builds=builds, rebuild_cached=rebuild, triples=measure.triples_in(data))
    if "1" in builds:
        result["parallel_speedup"] = measure.ratio(builds["1"]["seconds"], builds[str(args.workers)]["seconds"])

    queries = measure.example_queries()
    with measure.web_server(data) as endpoint:
        result["endpoint"] = measure.endpoint_latency(endpoint, queries, args.repeat)
    print("  endpoint: " + ", ".join(f"{k[:2]} {_fmt(v['p50_ms'], '.1f')} ms" for k, v in result["endpoint"].items()),
          flush=True)

    export_dir = data_root / "export"
    shutil.rmtree(export_dir, ignore_errors=True)
    result["turtle_export_s"] = round(measure.export_turtle(data, export_dir), 3)
    result["turtle_native_s"] = round(measure.native_turtle(data, export_dir / "native.ttl"), 3)
    seconds, nodes, edges = measure.networkx_view(data)
    result["networkx"] = {"seconds": round(seconds, 3), "nodes": nodes, "edges": edges}

    if result["triples"] <= args.rdflib_max_triples:
        side = measure.rdflib_side(data / "graph.trig", queries, args.rdflib_repeat, export_dir / "rdflib.ttl",
                                   args.rdflib_timeout)
        result.update(rdflib=side["queries"], rdflib_load_s=side["load_s"], rdflib_turtle_s=side["turtle_s"])
        result["query_ratios"] = {name: measure.ratio(_rdflib_ms(result["rdflib"].get(name)), lat.get("p50_ms"))
                                  for name, lat in result["endpoint"].items()}
        result["turtle_ratio"] = measure.ratio(result["rdflib_turtle_s"], result["turtle_export_s"])
        result["turtle_native_ratio"] = measure.ratio(result["rdflib_turtle_s"], result["turtle_native_s"])
    else:
        result["rdflib"] = None
    return result


def _rdflib_ms(entry):
    """p50 of rdflib, or the timeout when it was stopped (a lower bound)."""
    entry = entry or {}
    return entry.get("p50_ms") or entry.get("timeout_ms")


def goals(results: list[dict], workers: int) -> list[dict]:
    out = []

    def add(name, value, target, met):
        out.append({"goal": name, "value": value, "target": target, "met": bool(met) if value is not None else None})

    ratios = [r for res in results for r in (res.get("query_ratios") or {}).values() if r]
    if ratios:
        add("endpoint >= 20x rdflib (min over queries, p50)", min(ratios), GOALS["endpoint_vs_rdflib"],
            min(ratios) >= GOALS["endpoint_vs_rdflib"])
    per_core = [b["mb_per_s_per_core"] for res in results for b in res["builds"].values()]
    add("build >= 1 MB/s per core (best run)", max(per_core), GOALS["build_mb_s_per_core"],
        max(per_core) >= GOALS["build_mb_s_per_core"])
    hundred = [res for res in results if res["scale"] >= 100]
    if hundred:
        seconds = hundred[0]["builds"][str(workers)]["seconds"]
        add(f"100x in < 180 s on {workers} cores", seconds, GOALS["build_100x_seconds"],
            seconds < GOALS["build_100x_seconds"])
    big = [res for res in results if res["triples"] >= 1_000_000]
    if big:
        p50 = max((big[0]["endpoint"][q]["p50_ms"] or float("inf")) for q in SELECTIVE if q in big[0]["endpoint"])
        add("selective query p50 < 20 ms at >= 1M triples", p50, GOALS["selective_p50_ms_at_1m"],
            p50 < GOALS["selective_p50_ms_at_1m"])
    for key, label in (("turtle_ratio", "python -m exports"), ("turtle_native_ratio", "the build's writer")):
        turtle = [res[key] for res in results if res.get(key)]
        if turtle:
            add(f"Turtle export >= 30x rdflib ({label}, min over scales)", min(turtle), GOALS["turtle_vs_rdflib"],
                min(turtle) >= GOALS["turtle_vs_rdflib"])
    return out


def _fmt(value, spec="") -> str:
    return "—" if value is None else format(value, spec)


def tables(results: list[dict], workers: int) -> str:
    lines = ["Build (whole process, cold cache; MB of gazette text)",
             "| scale | MB | triples | 1 proc s (MB/s) | %d procs s (MB/s, /core) | speed-up | peak RSS 1 / %d MB "
             "| rebuild, cached s |" % (workers, workers),
             "|---|---|---|---|---|---|---|---|"]
    for res in results:
        one, many = res["builds"].get("1"), res["builds"][str(workers)]
        lines.append(
            f"| {res['scale']}x | {res['mb']:.1f} | {res['triples']:,} | "
            + (f"{one['seconds']:.1f} ({one['mb_per_s']:.3f})" if one else "—")
            + f" | {many['seconds']:.1f} ({many['mb_per_s']:.3f}, {many['mb_per_s_per_core']:.3f}) | "
            + f"{_fmt(res.get('parallel_speedup'), '.2f')}x | "
            + (f"{one['peak_rss_mb']:.0f} / " if one else "— / ") + f"{many['peak_rss_mb']:.0f} | "
            + f"{res['rebuild_cached']['seconds']:.1f} |")
    lines += ["", "SPARQL p50 / p95 ms: endpoint over HTTP vs rdflib's engine (ratio of p50)",
              "| scale | query | endpoint p50 / p95 | rdflib p50 / p95 | ratio |", "|---|---|---|---|---|"]
    for res in results:
        for name, lat in res["endpoint"].items():
            rd = (res.get("rdflib") or {}).get(name) or {}
            lines.append(f"| {res['scale']}x | {name} | " + (f"{lat['p50_ms']:.1f} / {lat['p95_ms']:.1f}" if lat["p50_ms"]
                                                             else "error: " + lat.get("error", "")[:40]) + " | "
                         + (f"{rd['p50_ms']:.0f} / {rd['p95_ms']:.0f}" if rd.get("p50_ms")
                            else f"> {rd['timeout_ms']:.0f} (stopped)" if "timeout_ms" in rd
                            else "fails: " + rd["error"][:60] if rd else "—")
                         + f" | {_fmt((res.get('query_ratios') or {}).get(name), '.0f')}x |")
    lines += ["", "Turtle export and NetworkX view (seconds)",
              "| scale | triples | python -m exports (ttl) | build's writer (Oxigraph native) | rdflib serializer "
              "| ratio exports / native | NetworkX view (nodes, edges) |",
              "|---|---|---|---|---|---|---|"]
    for res in results:
        nx = res["networkx"]
        lines.append(f"| {res['scale']}x | {res['triples']:,} | {res['turtle_export_s']:.2f} | "
                     f"{_fmt(res.get('turtle_native_s'), '.2f')} | {_fmt(res.get('rdflib_turtle_s'), '.2f')} | "
                     f"{_fmt(res.get('turtle_ratio'), '.0f')}x / {_fmt(res.get('turtle_native_ratio'), '.0f')}x | "
                     f"{nx['seconds']:.2f} ({nx['nodes']:,}, {nx['edges']:,}) |")
    return "\n".join(lines)


def main(argv=None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    scales = [int(s) for s in str(args.scales).split(",") if s.strip()]
    info = measure.machine()
    print(f"machine: {info['cpu']}, {info['cores']} cores, {info['memory_gb']} GiB, Python {info['python']}, "
          f"load {info['load_average_at_start']}", flush=True)
    results = [bench_scale(scale, args) for scale in scales]
    summary = {"machine": info, "workers": args.workers, "results": results, "goals": goals(results, args.workers)}
    table = tables(results, args.workers)
    print("\n" + table + "\n")
    for goal in summary["goals"]:
        mark = {True: "met", False: "MISSED", None: "n/a"}[goal["met"]]
        print(f"  {mark:6} {goal['goal']}: {goal['value']}")
    results_dir = args.work / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    summary["table"] = table
    (results_dir / "results.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n",
                                              encoding="utf-8")
    print(f"\nwrote {results_dir / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
