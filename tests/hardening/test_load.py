"""bench/load.py for a few seconds with a few clients against the real build: zero errors, and the
server answers probes while runaway queries are timed out (figures are reported, never asserted)."""
from __future__ import annotations

import asyncio

from bench.load import format_summary, run


def test_short_mixed_load_has_no_errors_and_survives_runaway_queries(bundled_server):
    summary = asyncio.run(run(bundled_server, clients=5, seconds=5, runaway=True))
    print(format_summary(summary))
    assert summary["requests"] > 0 and summary["sparql"]["n"] > 0 and summary["page"]["n"] > 0
    assert summary["errors"] == 0, summary["error_samples"]
    runaway = summary["runaway"]["statuses"]
    assert runaway.get("probe failed", 0) == 0 and runaway.get("probe ok", 0) > 0, runaway
    assert set(runaway) <= {"probe ok", "runaway 503"}, runaway
