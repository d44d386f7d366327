"""Entry point of one SPARQL worker process: `python -m web.query_worker STORE_DIR` (started by QueryPool).

The loop runs in a thread with a large stack: Oxigraph parses and evaluates recursively, and a long
flat chain (ten thousand joined patterns, `1 + 1 + …`, a path of ten thousand steps) overflowed the
8 MB main stack and killed the worker. The stack is reserved virtual memory, touched only as deep as
a query goes; a query that needs it all still ends at the pool's time limit.
"""
import sys
import threading

from web.query_pool import worker_loop

WORKER_STACK_BYTES = 512 * 1024 * 1024

if __name__ == "__main__":
    threading.stack_size(WORKER_STACK_BYTES)
    loop = threading.Thread(target=worker_loop, args=(sys.argv[1], sys.stdin.buffer, sys.stdout.buffer),
                            name="query-worker")
    loop.start()
    loop.join()
