"""`python -m web serve --data DIR [--host 127.0.0.1] [--port 5000] [--threads 8] [--exports DIR]` with waitress."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m web", description="Serve a built govkg graph.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the web app and SPARQL endpoint")
    serve.add_argument("--data", type=Path, required=True, help="built data directory (with store/)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=5000)
    serve.add_argument("--threads", type=int, default=8, help="waitress request threads")
    serve.add_argument("--query-workers", type=int, default=None,
                       help="processes evaluating SPARQL (default: settings.query_workers, env GOVKG_QUERY_WORKERS)")
    serve.add_argument("--exports", type=Path, default=None,
                       help="directory written by `python -m exports`, listed at /downloads (default DATA/exports)")
    serve.add_argument("--reload-check", type=float, default=1.0, metavar="SECONDS",
                       help="how often DATA/build.json is checked for a new build to reopen (default 1)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    import waitress

    from web import create_app
    try:
        app = create_app(args.data, pool_size=args.query_workers, exports_dir=args.exports,
                         reload_check_seconds=args.reload_check)
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"govkg: serving {args.data} on http://{args.host}:{args.port}/ (reopens after a rebuild)", flush=True)
    waitress.serve(app, host=args.host, port=args.port, threads=args.threads,
                   max_request_body_size=app.config["MAX_CONTENT_LENGTH"], channel_timeout=60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
