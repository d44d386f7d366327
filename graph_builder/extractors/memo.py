"""Memoising the pure text readers the extractors call again on the same text.

A responsibility clause is read several ways (trailing tail, role run, in-sentence forms, the
section's duty statements), each cutting the same sentence and asking the same questions of the
same segments. The readers are pure functions of their arguments, so their results are kept.
The caches are small: the repeats come within one paragraph, and every entry is an object the
garbage collector walks on each full pass (16k entries cost more in GC time than they saved).
"""
from __future__ import annotations

from functools import lru_cache, wraps
from typing import Callable, TypeVar

T = TypeVar("T")
SIZE = 256  # reuse is local (one paragraph's clauses): a large cache costs more in GC passes than it saves


def memoised(function: Callable[..., T]) -> Callable[..., T]:
    """lru_cache for a function returning an immutable value (str, bool, tuple of frozen values)."""
    return lru_cache(maxsize=SIZE)(function)


def memoised_list(function: Callable[..., list]) -> Callable[..., list]:
    """lru_cache for a function returning a list of immutable items: the cache keeps a tuple and
    every caller gets a list of its own (to extend or change as before)."""
    cached = lru_cache(maxsize=SIZE)(lambda *args, **kwargs: tuple(function(*args, **kwargs)))

    @wraps(function)
    def wrapper(*args, **kwargs) -> list:
        return list(cached(*args, **kwargs))

    wrapper.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    return wrapper
