"""Cheap checks on a SPARQL query before it is sent to a query worker.

Oxigraph's parser is recursive: a query nested some ten thousand levels deep (groups, brackets,
sub-selects, parenthesised expressions) overflows a worker's stack and kills the process. The pool
survives that (the worker is replaced), but each such request costs a process start and a store
opening, so it is a cheap way to keep the workers busy. Real queries nest a few levels; anything
deeper than MAX_NESTING is refused with 400 before it reaches a worker.
"""
from __future__ import annotations

import re

MAX_NESTING = 100

# Strings, IRIs and comments may hold any brackets: they are blanked out before counting.
_LEXICAL_NOISE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>' r"|#[^\n]*", re.S)
_BRACKETS = re.compile(r"[(){}\[\]]")
_OPENING = frozenset("({[")


class QueryTooDeep(ValueError):
    pass


def nesting_depth(query: str) -> int:
    """The deepest nesting of ( { [ in the query, outside strings, IRIs and comments."""
    depth = deepest = 0
    for match in _BRACKETS.finditer(_LEXICAL_NOISE.sub(" ", query)):
        if match.group() in _OPENING:
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(0, depth - 1)
    return deepest


def check_nesting(query: str, limit: int = MAX_NESTING) -> None:
    """Raise QueryTooDeep when the query nests deeper than `limit`."""
    depth = nesting_depth(query)
    if depth > limit:
        raise QueryTooDeep(f"the query nests {depth} levels deep; this endpoint accepts at most {limit}")
