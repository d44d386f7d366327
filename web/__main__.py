"""`python -m web serve --data DIR [--host 127.0.0.1] [--port 5000] [--threads 8]` with waitress."""
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
    serve.add_argument("--query-workers", type=int, default=2, help="processes evaluating SPARQL")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    import waitress

    from web import create_app
    try:
        app = create_app(args.data, pool_size=args.query_workers)
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"govkg: serving {args.data} on http://{args.host}:{args.port}/", flush=True)
    waitress.serve(app, host=args.host, port=args.port, threads=args.threads,
                   max_request_body_size=app.config["MAX_CONTENT_LENGTH"], channel_timeout=60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
