"""govkg graph builder: gazette files -> RDF knowledge graph of government actors and responsibilities.

The public API is re-exported lazily (PEP 562), so ``import graph_builder`` stays light: the web
layer imports graph_builder.network / store without loading spaCy or the extractors.
segment, resolve and validate are not re-exported: their functions share the name of their module,
so use ``from graph_builder.segment import segment`` (likewise resolve, validate).
"""
from __future__ import annotations

import importlib

_EXPORTS = {
    "read": "reader",
    "extract": "extractors",
    "issue_graph": "rdf",
    "build": "pipeline",
    "BuildReport": "pipeline",
    "open_store": "store",
    "open_dataset": "store",
    "graph_stats": "store",
    "view": "network",
    "neighbourhood": "network",
    "shortest_path": "network",
    "centrality": "network",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'graph_builder' has no attribute {name!r}")
    module = importlib.import_module(f".{_EXPORTS[name]}", __name__)
    value = getattr(module, name)
    globals()[name] = value
    return value
