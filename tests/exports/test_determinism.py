from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import REPO, make_fixture_data_dir

BNODE_TRIG = REPO / "tests" / "fixtures" / "exports" / "store.trig"  # its ontology graph has blank nodes


def run_export(data_dir, out_dir) -> None:
    subprocess.run([sys.executable, "-m", "exports", "--data", str(data_dir), "--out", str(out_dir)],
                   cwd=REPO, check=True, capture_output=True)


def files_of(directory) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def test_two_exports_of_the_same_build_are_byte_identical(data_dir, tmp_path):
    run_export(data_dir, tmp_path / "first")
    run_export(data_dir, tmp_path / "second")
    first, second = files_of(tmp_path / "first"), files_of(tmp_path / "second")
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == []


def test_two_stores_loaded_from_the_same_data_export_identically(tmp_path):
    """Each load gives blank nodes new random labels; the exports must not show it."""
    exports = []
    for name in ("a", "b"):
        data_dir = make_fixture_data_dir((tmp_path / name).mkdir() or tmp_path / name, BNODE_TRIG)
        run_export(data_dir, tmp_path / f"{name}-out")
        exports.append(files_of(tmp_path / f"{name}-out"))
    assert b"_:b" in exports[0]["ontology.ttl"]
    assert [n for n in exports[0] if exports[0][n] != exports[1][n]] == []


@pytest.mark.parametrize("data,expected_labels", [
    # two structurally different blank nodes get different labels
    (b"<http://x/s> <http://x/p> _:a .\n_:a <http://x/q> \"1\" .\n<http://x/s> <http://x/p> _:b .\n"
     b"_:b <http://x/q> \"2\" .\n", 2),
    # a chain: labels depend on the whole neighbourhood
    (b"_:a <http://x/next> _:b .\n_:b <http://x/next> _:c .\n", 3),
])
def test_blank_node_labels_depend_only_on_the_data(data, expected_labels):
    import pyoxigraph as ox

    from exports.source import canonical_ntriples

    once = canonical_ntriples(ox.serialize(ox.parse(data, format=ox.RdfFormat.N_TRIPLES),
                                           format=ox.RdfFormat.N_TRIPLES).splitlines())
    renamed = data.replace(b"_:", b"_:other")
    again = canonical_ntriples(ox.serialize(ox.parse(renamed, format=ox.RdfFormat.N_TRIPLES),
                                            format=ox.RdfFormat.N_TRIPLES).splitlines())
    assert once == again
    labels = {t for line in once.split() if line.startswith(b"_:") for t in [line]}
    assert len(labels) == expected_labels
