"""What the app holds for one built data directory, and how it follows a rebuild without a restart.

A `Snapshot` is one build as served: settings, read-only store, label index, SPARQL worker pool, the
build report and (on first use) the NetworkX view. `AppState` keeps the current snapshot and watches
DIR/build.json: graph_builder swaps a finished build into DIR atomically and writes build.json with
it, so when that file's identity (inode, mtime, size) changes, the app opens the new store, a new
label index and new query workers, swaps them in, and retires the old workers once their running
queries are done. Each request works on the snapshot it started with (see `state()`).
"""
from __future__ import annotations

import atexit
import hashlib
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from flask import current_app, g, has_request_context

from web.kg import LabelIndex, open_read_only, read_build_report
from web.query_pool import QueryPool

log = logging.getLogger(__name__)
BUILD_REPORT = "build.json"


def build_signature(data_dir: Path) -> tuple | None:
    """The identity of DIR/build.json: (inode, mtime ns, size), None when there is none."""
    try:
        st = os.stat(Path(data_dir) / BUILD_REPORT)
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


def build_hash(data_dir: Path) -> str:
    path = Path(data_dir) / BUILD_REPORT
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


@dataclass
class Snapshot:
    data_dir: Path
    settings: object
    store: ox.Store
    index: LabelIndex
    pool: QueryPool
    build: dict
    signature: tuple | None = None
    build_hash: str = ""
    opened_at: float = 0.0
    _network: object = None
    _network_lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def open(cls, data_dir: Path, settings, pool_size: int) -> "Snapshot":
        signature = build_signature(data_dir)  # read before the store: a newer build is then noticed
        digest = build_hash(data_dir)
        store = open_read_only(data_dir)
        index = LabelIndex(store)
        pool = QueryPool(str(Path(data_dir) / "store"), size=pool_size, timeout=settings.query_timeout)
        return cls(Path(data_dir), settings, store, index, pool, read_build_report(data_dir), signature, digest,
                   time.time())

    def network(self):
        """The NetworkX view of this build (graph_builder.network.view), built on first use."""
        with self._network_lock:
            if self._network is None:
                from graph_builder.network import view
                self._network = view(self.store)
            return self._network

    def close(self) -> None:
        self.pool.close()


class AppState:
    """The current snapshot of DIR, reopened when DIR holds a new build."""

    def __init__(self, data_dir: Path, settings, pool_size: int, check_interval: float = 1.0):
        self.data_dir = Path(data_dir)
        self.settings = settings
        self.pool_size = pool_size
        self.check_interval = check_interval
        self.current = Snapshot.open(self.data_dir, settings, pool_size)
        self.generation = 1
        self._next_check = time.monotonic() + check_interval
        self._reload_lock = threading.Lock()
        self._retired: list[threading.Thread] = []
        atexit.register(self.close)

    @classmethod
    def open(cls, data_dir: Path, settings, pool_size: int, check_interval: float = 1.0) -> "AppState":
        return cls(data_dir, settings, pool_size, check_interval)

    # the attributes of the current snapshot, for code that holds the AppState itself
    def __getattr__(self, name):
        if name in ("store", "index", "pool", "build", "network", "build_hash"):
            return getattr(self.current, name)
        raise AttributeError(name)

    def refresh(self, force: bool = False) -> Snapshot:
        """The current snapshot, after reopening DIR if its build.json changed (checked at most every
        `check_interval` seconds). While one thread reopens, the others keep serving the old snapshot."""
        now = time.monotonic()
        if not force and now < self._next_check:
            return self.current
        if not self._reload_lock.acquire(blocking=force):
            return self.current
        try:
            self._next_check = time.monotonic() + self.check_interval
            signature = build_signature(self.data_dir)
            if signature is None or (signature == self.current.signature and not force):
                return self.current
            try:
                fresh = Snapshot.open(self.data_dir, self.settings, self.pool_size)
            except (OSError, ValueError) as error:  # a half-written DIR: try again at the next check
                log.warning("govkg: could not open the new build in %s: %s", self.data_dir, error)
                return self.current
            old, self.current = self.current, fresh
            self.generation += 1
            log.info("govkg: reopened %s (build %s)", self.data_dir, fresh.build_hash[:12])
            self._retire(old)
            return fresh
        finally:
            self._reload_lock.release()

    def _retire(self, old: Snapshot) -> None:
        """Stop the old workers once the queries they are running have answered (or timed out)."""
        thread = threading.Thread(target=old.pool.drain_and_close, name="govkg-retire-pool", daemon=True)
        thread.start()
        self._retired.append(thread)

    def close(self) -> None:
        self.current.close()
        for thread in self._retired:
            thread.join(timeout=self.settings.query_timeout + 5)


def state() -> Snapshot:
    """The snapshot this request works on (fixed at its start, so one page never mixes two builds)."""
    if has_request_context():
        snapshot = g.get("govkg_snapshot")
        if snapshot is None:
            snapshot = g.govkg_snapshot = current_app.extensions["govkg"].refresh()
        return snapshot
    return current_app.extensions["govkg"].refresh()
