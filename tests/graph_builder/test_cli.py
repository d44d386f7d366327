"""The command line (python -m graph_builder) in subprocesses: outputs and exit codes."""
import subprocess
import sys
from pathlib import Path

import pytest

from graph_builder import errors

REPO = Path(__file__).resolve().parents[2]
SMALLEST = REPO / "data" / "gazettes" / "xinzhou-2023-03.txt"


def run(*args):
    return subprocess.run([sys.executable, "-m", "graph_builder", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("cli") / "var"
    result = run("build", SMALLEST, "--out", out, "-q")
    return out, result


def test_build_reports_counts_per_class(built):
    out, result = built
    assert result.returncode == errors.EXIT_OK, result.stderr
    assert "gkg:Document" in result.stdout and "gkg:GazetteIssue" in result.stdout
    assert (out / "graph.ttl").is_file()


def test_build_with_a_skipped_input_exits_1_and_names_the_file(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    result = run("build", SMALLEST, empty, "--out", tmp_path / "var", "-q")
    assert result.returncode == errors.EXIT_SKIPPED
    assert f"{empty}:" in result.stderr


@pytest.mark.parametrize("args,code", [
    (("build", "/nonexistent/gazettes"), errors.EXIT_NO_INPUT),
    (("build",), errors.EXIT_USAGE),
    (("frobnicate",), errors.EXIT_USAGE),
    (("validate", "/nonexistent/var"), errors.EXIT_USAGE),
    (("stats", "/nonexistent/var"), errors.EXIT_USAGE),
])
def test_exit_codes(tmp_path, args, code):
    if args[0] == "build" and len(args) > 1:
        args = (*args, "--out", tmp_path / "var")
    assert run(*args).returncode == code


def test_no_input_replaces_nothing_and_says_why(built, tmp_path):
    out, _ = built
    before = (out / "graph.ttl").read_bytes()
    result = run("build", tmp_path / "missing.txt", "--out", out, "-q")
    assert result.returncode == errors.EXIT_NO_INPUT
    assert f"{tmp_path / 'missing.txt'}: no such file or folder" in result.stderr
    assert (out / "graph.ttl").read_bytes() == before


def test_validate_prints_a_readable_report(built):
    out, _ = built
    result = run("validate", out)
    assert result.returncode == errors.EXIT_OK, result.stdout
    assert result.stdout.startswith("CONFORMS")


def test_validate_fails_with_exit_4_on_a_broken_graph(built, tmp_path):
    import shutil

    out, _ = built
    broken = tmp_path / "broken"
    shutil.copytree(out, broken)
    with (broken / "graph.ttl").open("a", encoding="utf-8") as f:
        f.write('\n<https://w3id.org/govkg/id/x> a <https://w3id.org/govkg/ontology#Task> .\n')
    result = run("validate", broken)
    assert result.returncode == errors.EXIT_INVALID
    assert "DOES NOT CONFORM" in result.stdout and "<https://w3id.org/govkg/id/x>" in result.stdout


def test_stats_lists_graphs_and_classes(built):
    out, _ = built
    result = run("stats", out)
    assert result.returncode == errors.EXIT_OK
    assert "issue/xinzhou/2023-03" in result.stdout and "gkg:Document" in result.stdout
