"""The benchmark's own logic: scaled corpora, percentiles, goals and tables (no timing asserted)."""
import re

from bench import measure
from bench.corpora import BUNDLED, city_stems, make_corpus, variant
from bench.run import goals, tables
from graph_builder.rdf import city_slug

SMALLEST = BUNDLED / "xinzhou-2023-03.txt"


def test_copies_are_other_cities_with_other_document_numbers():
    text = SMALLEST.read_text(encoding="utf-8")
    assert variant(text, 0) == text
    first, second = variant(text, 1), variant(text, 2)
    assert "忻" not in first and "忻" not in second
    stem = city_stems()[0]
    assert f"{stem}市人民政府公报" in first
    assert re.search(stem + r"政发〔2023〕", first)
    assert first != second


def test_city_names_have_distinct_slugs():
    slugs = [city_slug(stem + "市") for stem in city_stems()[:100]]
    assert len(set(slugs)) == 100 and "xinzhou" not in slugs


def test_dates_and_counted_numbers_move():
    assert variant("2023 年 3 月 20 日印发，新建 12 个站点", 3) == "2023 年 3 月 23 日印发，新建 15 个站点"


def test_make_corpus_writes_scale_copies_and_reuses_them(tmp_path):
    files, size = make_corpus(2, tmp_path)
    assert len(files) == 2 * len(list(BUNDLED.glob("*.txt")))
    assert size == sum(f.stat().st_size for f in files)
    again, _ = make_corpus(2, tmp_path)
    assert again == files


def test_percentile_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert measure.percentile(values, 50) == 50.0
    assert measure.percentile(values, 95) == 95.0
    assert measure.percentile([7.0], 95) == 7.0


def _result(scale, triples, seconds):
    lat = {"p50_ms": 5.0, "p95_ms": 9.0, "n": 3}
    return {"scale": scale, "mb": 0.9 * scale, "triples": triples,
            "builds": {"1": {"seconds": seconds * 2, "mb_per_s": 0.1, "mb_per_s_per_core": 0.1, "peak_rss_mb": 200},
                       "2": {"seconds": seconds, "mb_per_s": 0.2, "mb_per_s_per_core": 0.1, "peak_rss_mb": 300}},
            "parallel_speedup": 2.0, "rebuild_cached": {"seconds": 1.0},
            "endpoint": {"02-tasks-of-agency": lat}, "rdflib": {"02-tasks-of-agency": {"timeout_ms": 60000}},
            "query_ratios": {"02-tasks-of-agency": 12000.0}, "turtle_export_s": 1.0, "rdflib_turtle_s": 40.0,
            "turtle_ratio": 40.0, "networkx": {"seconds": 0.5, "nodes": 10, "edges": 20}}


def test_goals_and_tables():
    results = [_result(1, 37_000, 10.0), _result(100, 3_700_000, 200.0)]
    found = {g["goal"]: g["met"] for g in goals(results, 2)}
    assert found["100x in < 180 s on 2 cores"] is False
    assert found["selective query p50 < 20 ms at >= 1M triples"] is True
    assert found["Turtle export >= 30x rdflib (python -m exports, min over scales)"] is True
    table = tables(results, 2)
    assert "| 100x |" in table and "> 60000 (stopped)" in table


def test_timed_keeps_to_its_budget():
    calls = []
    samples = measure.timed(lambda: calls.append(1), 5)
    assert len(samples) == 5 and len(calls) == 6
    slow = measure.timed(lambda: __import__("time").sleep(0.02), 50, budget_s=0.01)
    assert len(slow) == 1
