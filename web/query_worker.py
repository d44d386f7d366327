"""Entry point of one SPARQL worker process: `python -m web.query_worker STORE_DIR` (started by QueryPool)."""
import sys

from web.query_pool import worker_loop

if __name__ == "__main__":
    worker_loop(sys.argv[1], sys.stdin.buffer, sys.stdout.buffer)
