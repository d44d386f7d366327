"""Benchmarks: scaled corpora, build throughput and memory, SPARQL latency, export, NetworkX (run.py)."""
