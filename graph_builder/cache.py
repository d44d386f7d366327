"""Per-file extraction results on disk, keyed by the file's content hash and a fingerprint of the code
and settings that produced them, so a rebuild re-extracts only the files that changed.

Layout: ``ROOT/<fingerprint>/<key[:2]>/<key>.<kind>.pickle``. Entries are written atomically
(temporary name, then rename), so a killed build never leaves a half-written entry, and several
worker processes (or Dask workers on a shared file system) can fill one cache concurrently.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import secrets
import shutil
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Optional

from .settings import PACKAGE_DIR

# files whose change cannot alter an extraction result
_NOT_EXTRACTION = {"cli.py", "cache.py", "pipeline.py", "parallel.py", "validate.py", "evaluate.py",
                   "network.py", "__main__.py"}


@lru_cache(maxsize=None)
def code_version() -> str:
    """A hash of every source and data file of graph_builder that extraction and mapping read."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if (not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc"
                or (path.parent == PACKAGE_DIR and path.name in _NOT_EXTRACTION)):
            continue
        digest.update(str(path.relative_to(PACKAGE_DIR)).encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def fingerprint(settings: dict) -> str:
    """The code version and the settings that change a per-file result (base IRI, default city, …)."""
    payload = json.dumps({"code": code_version(), **settings}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]


def content_key(path) -> str:
    """sha256 of the file's bytes (the cache key of its extraction)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class ExtractionCache:
    """Pickled per-file results under ``root/fingerprint``."""

    def __init__(self, root, fingerprint_: str):
        self.root = Path(root)
        self.fingerprint = fingerprint_
        self.dir = self.root / fingerprint_

    def path(self, key: str, kind: str) -> Path:
        return self.dir / key[:2] / f"{key}.{kind}.pickle"

    def load(self, key: str, kind: str) -> Optional[Any]:
        try:
            with open(self.path(key, kind), "rb") as handle:
                return pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return None

    def store(self, key: str, kind: str, value: Any) -> None:
        target = self.path(key, kind)
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}")
        with open(temp, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, target)

    def prune(self, keep: Iterable[str]) -> int:
        """Delete the entries of keys not in ``keep`` and every other fingerprint; returns files removed."""
        keep = set(keep)
        removed = 0
        if self.root.is_dir():
            for other in self.root.iterdir():
                if other != self.dir and other.is_dir():
                    shutil.rmtree(other, ignore_errors=True)
                    removed += 1
        if self.dir.is_dir():
            for entry in self.dir.glob("*/*.pickle"):
                if entry.name.split(".", 1)[0] not in keep:
                    entry.unlink(missing_ok=True)
                    removed += 1
        return removed
