"""Shared helpers for the hardening tests: run the real CLI, serve a real build with `python -m web serve`.

The server is the same command a deployment runs (waitress, query worker processes), started in a
subprocess on a free loopback port; tests talk to it over real sockets.
"""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GAZETTES = REPO / "data" / "gazettes"
SMALLEST = GAZETTES / "xinzhou-2023-03.txt"
QUERY_TIMEOUT = 3.0  # seconds: the endpoint's limit in these tests (GOVKG_QUERY_TIMEOUT)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_cli(*args, env: dict | None = None, timeout: float = 600) -> subprocess.CompletedProcess:
    """`python -m graph_builder ARGS` as a user runs it; stdout/stderr as text."""
    return subprocess.run([sys.executable, "-m", "graph_builder", *map(str, args)], cwd=REPO, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})})


def get(url: str, timeout: float = 30, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@contextlib.contextmanager
def served(data_dir: Path, threads: int = 8, query_workers: int = 2, **settings):
    """`python -m web serve --data DATA_DIR` on a free loopback port; yields the base URL."""
    port = free_port()
    env = {**os.environ, "GOVKG_QUERY_TIMEOUT": str(QUERY_TIMEOUT)}
    env.update({f"GOVKG_{name.upper()}": str(value) for name, value in settings.items()})
    # The server's output goes to a file, never to a pipe nobody reads: under load waitress logs its queue
    # depth, a full pipe blocks the server on write and every client then waits for ever.
    log = tempfile.TemporaryFile()
    process = subprocess.Popen([sys.executable, "-m", "web", "serve", "--data", str(data_dir), "--host", "127.0.0.1",
                                "--port", str(port), "--threads", str(threads),
                                "--query-workers", str(query_workers)],
                               cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # until the app answers (start-up opens the store and the workers)
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError("web serve exited: " + log.read().decode(errors="replace"))
            try:
                if get(base + "/", timeout=5)[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("web serve did not come up")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="session")
def bundled_server(bundled_dir):
    """The bundled build served by `python -m web serve` (query timeout QUERY_TIMEOUT)."""
    with served(bundled_dir) as base:
        yield base
