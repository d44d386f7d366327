"""Command line:

    python -m exports --data DIR --out OUTDIR [--only nt,ttl,...] [--base-url URL] [--sparql-endpoint URL]
    python -m exports push --data DIR --endpoint URL [--query-endpoint URL] [--graph IRI]
                           [--user U --password P [--auth basic|digest]] [--format nt|ttl]

Exit codes: 0 done, 1 bad data dir or other failure, 2 usage, 3 cannot connect,
4 authentication refused (401/403), 5 other HTTP error, 6 triple counts differ after push.
"""
from __future__ import annotations

import argparse
import os
import sys

from . import WRITERS, export
from .context import DEFAULT_BASE_URL, DEFAULT_SPARQL_ENDPOINT
from .push import PushError, Target, default_query_endpoint, push
from .source import ExportError, open_build


def export_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m exports", description="Write the open-data files of a build.")
    parser.add_argument("--data", default="var", help="built data directory (default: var)")
    parser.add_argument("--out", required=True, help="directory to write the files into")
    parser.add_argument("--only", help=f"comma-separated subset of: {','.join(WRITERS)}")
    parser.add_argument("--base-url", default=os.environ.get("GOVKG_DOWNLOAD_BASE_URL", DEFAULT_BASE_URL),
                        help="URL the files will be published under (catalog download URLs)")
    parser.add_argument("--sparql-endpoint", default=os.environ.get("GOVKG_SPARQL_ENDPOINT", DEFAULT_SPARQL_ENDPOINT),
                        help="public SPARQL endpoint named in the catalog (void:sparqlEndpoint)")
    parser.add_argument("--publisher", help="publisher name in the catalog")
    return parser


def push_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m exports push",
                                     description="Upload the named graphs to a SPARQL 1.1 Graph Store.")
    parser.add_argument("--data", default="var", help="built data directory (default: var)")
    parser.add_argument("--endpoint", required=True, help="Graph Store Protocol endpoint, e.g. http://host:7878/store")
    parser.add_argument("--query-endpoint", help="SPARQL query endpoint for the count check "
                                                 "(default derived from --endpoint, see docs/EXPORTS.md)")
    parser.add_argument("--graph", help="push only this named graph (IRI)")
    parser.add_argument("--user")
    parser.add_argument("--password", default=os.environ.get("GOVKG_PUSH_PASSWORD"),
                        help="password (or env GOVKG_PUSH_PASSWORD)")
    parser.add_argument("--auth", choices=("basic", "digest"), default="basic")
    parser.add_argument("--format", choices=("nt", "ttl"), default="nt", help="upload format (default nt)")
    parser.add_argument("--graph-parameter", default="graph",
                        help="name of the graph IRI parameter (graph; Virtuoso also accepts graph-uri)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per HTTP request")
    return parser


def run_export(argv: list[str]) -> int:
    args = export_parser().parse_args(argv)
    only = [name.strip() for name in args.only.split(",") if name.strip()] if args.only else None
    report = export(args.data, args.out, only=only, base_url=args.base_url,
                    sparql_endpoint=args.sparql_endpoint, publisher_name=args.publisher)
    total = sum(report.seconds.values())
    print(f"wrote {len(report.files)} files to {report.out_dir} ({report.triples} triples, {total:.2f} s)",
          file=sys.stderr)
    return 0


def run_push(argv: list[str]) -> int:
    args = push_parser().parse_args(argv)
    if args.user is not None and args.password is None:
        push_parser().error("--user needs --password (or GOVKG_PUSH_PASSWORD)")
    target = Target(endpoint=args.endpoint,
                    query_endpoint=args.query_endpoint or default_query_endpoint(args.endpoint),
                    user=args.user, password=args.password, auth_scheme=args.auth,
                    graph_parameter=args.graph_parameter, format=args.format, timeout=args.timeout)
    push(open_build(args.data), target, only=args.graph)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv[:1] == ["push"]:
            return run_push(argv[1:])
        return run_export(argv)
    except PushError as error:
        print(f"push failed: {error}", file=sys.stderr)
        return error.exit_code
    except ExportError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
