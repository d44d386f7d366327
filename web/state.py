"""What the app holds for one built data directory: settings, read-only store, label index, query pool."""
from __future__ import annotations

import atexit
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from flask import current_app

from web.kg import LabelIndex, open_read_only, read_build_report
from web.query_pool import QueryPool


@dataclass
class AppState:
    data_dir: Path
    settings: object
    store: ox.Store
    index: LabelIndex
    pool: QueryPool
    build: dict
    _network: object = None
    _network_lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def open(cls, data_dir: Path, settings, pool_size: int) -> "AppState":
        store = open_read_only(data_dir)
        pool = QueryPool(str(Path(data_dir) / "store"), size=pool_size, timeout=settings.query_timeout)
        atexit.register(pool.close)
        return cls(Path(data_dir), settings, store, LabelIndex(store), pool, read_build_report(data_dir))

    def network(self):
        """The NetworkX view of the graph, built on first use."""
        with self._network_lock:
            if self._network is None:
                from web.graphview import load_view
                self._network = load_view(self.store)
            return self._network

    def close(self) -> None:
        self.pool.close()


def state() -> AppState:
    return current_app.extensions["govkg"]
