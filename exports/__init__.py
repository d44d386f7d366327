"""Exports for open-data portals (files) and for SPARQL stores (push).

    from exports import export
    report = export("var", "var/exports", base_url="https://example.org/downloads/")

``WRITERS`` maps each distribution's name to the function that writes it; ``export`` runs them
in order and then writes catalog.ttl, which describes (and checksums) every file written.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from .catalog import write_catalog
from .context import DEFAULT_BASE_URL, DEFAULT_SPARQL_ENDPOINT, ExportContext, PublicationOptions
from .csvtables import write_tables
from .graphml import write_graphml
from .rdf import (write_context, write_jsonld, write_nquads, write_ntriples, write_ontology,
                  write_shapes, write_trig, write_turtle)
from .shacl import write_shacl_report
from .source import ExportError, open_build

Writer = Callable[[ExportContext, Path], list[Path]]

WRITERS: dict[str, Writer] = {
    "nt": write_ntriples,
    "ttl": write_turtle,
    "trig": write_trig,
    "nq": write_nquads,
    "jsonld": write_jsonld,
    "csv": write_tables,
    "graphml": write_graphml,
    "ontology": write_ontology,
    "shapes": write_shapes,
    "context": write_context,
    "shacl": write_shacl_report,
}


@dataclass
class ExportReport:
    out_dir: Path
    files: list[Path] = field(default_factory=list)
    triples: int = 0
    seconds: dict[str, float] = field(default_factory=dict)  # writer name -> seconds


def export(data_dir: str | Path, out_dir: str | Path, *, only: Iterable[str] | None = None,
           base_url: str = DEFAULT_BASE_URL, sparql_endpoint: str = DEFAULT_SPARQL_ENDPOINT,
           publisher_name: str | None = None, catalog: bool = True) -> ExportReport:
    """Write the distributions of the build in ``data_dir`` into ``out_dir``.

    ``only`` names a subset of WRITERS; the catalog then lists only those files.
    """
    names = list(WRITERS) if only is None else list(only)
    unknown = [n for n in names if n not in WRITERS]
    if unknown:
        raise ExportError(f"unknown export(s): {', '.join(unknown)}; choose from {', '.join(WRITERS)}")
    options = PublicationOptions(base_url=base_url, sparql_endpoint=sparql_endpoint,
                                 **({"publisher_name": publisher_name} if publisher_name else {}))
    ctx = ExportContext(open_build(data_dir), options)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    report = ExportReport(out_dir)
    started = time.perf_counter()
    report.triples = ctx.build.triple_count  # dumps and merges the issue graphs once (Build.merged_store)
    report.seconds["merge"] = time.perf_counter() - started
    for name in names:
        report.files += _timed(report, name, lambda: WRITERS[name](ctx, out_dir))
    if catalog:
        files = list(report.files)
        report.files += _timed(report, "catalog", lambda: write_catalog(ctx, out_dir, files))
    return report


def _timed(report: ExportReport, name: str, run: Callable[[], list[Path]]) -> list[Path]:
    started = time.perf_counter()
    written = run()
    report.seconds[name] = time.perf_counter() - started
    return written


__all__ = ["WRITERS", "ExportError", "ExportReport", "export"]
