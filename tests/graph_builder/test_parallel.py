"""The build as map / reduce: the same graph whatever runs the per-file steps (one process, a process
pool, a Dask cluster), per-file N-Quads shards, and a resolution the mapping only reads."""
import pickle
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_builder.parallel import (Job, LocalRunner, corpus_resolution, extract_file, map_file,
                                    mentions_of, parse_file)
from graph_builder.pipeline import build

REPO = Path(__file__).resolve().parents[2]
GAZETTES = REPO / "data" / "gazettes"
TWO = [GAZETTES / "xinzhou-2023-03.txt", GAZETTES / "xinzhou-2019-02.txt"]
ONTOLOGY = ox.NamedNode("https://w3id.org/govkg/ontology")


@pytest.fixture(scope="module")
def single(tmp_path_factory):
    out = tmp_path_factory.mktemp("single") / "out"
    report = build(TWO, out, progress=False, workers=1, use_cache=False)
    return out, report


def test_two_workers_give_the_same_bytes_as_one(single, tmp_path):
    out, report = single
    pooled = build(TWO, tmp_path / "pooled", progress=False, workers=2, use_cache=False)
    for name in ("graph.ttl", "graph.trig", "shards/xinzhou-2023-03.nq", "shards/xinzhou-2019-02.nq"):
        assert (tmp_path / "pooled" / name).read_bytes() == (out / name).read_bytes(), name
    assert pooled.counts == report.counts and pooled.quads == report.quads


def test_dask_local_cluster_gives_the_same_graph_and_shards(single, tmp_path):
    distributed = pytest.importorskip("distributed")
    out, _ = single
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        build(TWO, tmp_path / "dask", progress=False, scheduler=client, cache_dir=tmp_path / "cache")
    assert (tmp_path / "dask" / "graph.ttl").read_bytes() == (out / "graph.ttl").read_bytes()
    shards = sorted((tmp_path / "dask" / "shards").glob("*.nq"))
    assert [s.name for s in shards] == ["xinzhou-2019-02.nq", "xinzhou-2023-03.nq"]


def test_shards_hold_exactly_the_issue_graphs_of_the_store(single):
    out, report = single
    from_shards = {q for shard in (out / "shards").glob("*.nq")
                   for q in ox.parse(path=str(shard), format=ox.RdfFormat.N_QUADS)}
    store = ox.Store.read_only(str(out / "store"))
    stored = {q for q in store.quads_for_pattern(None, None, None, None) if q.graph_name != ONTOLOGY}
    assert from_shards == stored
    assert len(stored) == report.quads
    assert {q.graph_name.value for q in from_shards} == {i.issue_iri for i in report.inputs}


def test_extract_file_is_picklable_and_gives_mentions(tmp_path):
    job = Job(cache_dir=str(tmp_path), fingerprint="test", base_iri="https://w3id.org/govkg/id/")
    assert pickle.loads(pickle.dumps(extract_file)) is extract_file
    first = extract_file(str(TWO[0]), job)
    again = extract_file(str(TWO[0]), job)
    assert not first.cached and again.cached
    assert pickle.loads(pickle.dumps(first)).mentions == again.mentions
    assert first.issue_iri == "https://w3id.org/govkg/id/issue/xinzhou/2023-03"
    assert first.mentions.cities == ["忻州市"] and first.mentions.uses


def test_mapping_only_reads_the_corpus_resolution(tmp_path):
    """Every surface the mapping asks about is resolved in the reduce step: mapping files (in any
    order, on any worker) leaves the resolution as it was, so the graph cannot depend on the order."""
    job = Job(cache_dir=str(tmp_path), fingerprint="test", base_iri="https://w3id.org/govkg/id/")
    summaries = [extract_file(str(path), job) for path in TWO]
    resolution = corpus_resolution(s.mentions for s in summaries)
    before = resolution.digest()
    forward = [map_file(s.path, s.key, job, resolution).nquads for s in summaries]
    backward = [map_file(s.path, s.key, job, resolution).nquads for s in reversed(summaries)]
    assert resolution.digest() == before
    assert forward == backward[::-1]


def test_mentions_follow_the_documents(tmp_path):
    issue, records = parse_file(TWO[0])
    mentions = mentions_of(issue, records, "")
    surfaces = {surface for _, surface, _ in mentions.uses}
    assert {r.document.issuer for r in records if r.document.issuer} <= surfaces


def test_local_runner_yields_every_index():
    assert list(LocalRunner().map(lambda x: x * 2, [(1,), (2,)])) == [(0, 2), (1, 4)]
