"""All settings in one place; each can be overridden by an environment variable GOVKG_<NAME>."""
from __future__ import annotations

import os
from dataclasses import dataclass, fields
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent


@dataclass(frozen=True)
class Settings:
    base_iri: str = "https://w3id.org/govkg/id/"
    ontology_iri: str = "https://w3id.org/govkg/ontology#"
    default_corpus: str = str(REPO_DIR / "data" / "gazettes")
    data_dir: str = str(REPO_DIR / "var")
    default_city: str = ""  # used when neither the gazette nor the issuer names a city
    workers: int = 0  # 0 = all cores
    query_timeout: float = 30.0  # seconds, web endpoint
    # processes evaluating SPARQL: more than the cores, so one runaway query being timed out
    # still leaves free workers for everybody else (measured under load in tests/hardening)
    query_workers: int = 4
    result_limit: int = 10000  # rows, web endpoint
    max_body_bytes: int = 1_000_000
    max_line_chars: int = 200_000  # longer lines are cut into pieces by the reader


def _coerce(value: str, default):
    if isinstance(default, bool):
        return value.lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
    return value


def load(**overrides) -> Settings:
    values = {}
    for f in fields(Settings):
        env = os.environ.get(f"GOVKG_{f.name.upper()}")
        if env is not None:
            values[f.name] = _coerce(env, f.default)
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)


SETTINGS = load()
