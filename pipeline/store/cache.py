"""An in-memory lookup cache that can be rolled back with the transaction it mirrors.

Loading keeps name -> row id caches (units, people, blocs, meetings) across
records for speed. A row inserted inside a savepoint that is then rolled back
no longer exists, so its cache entry must go too: `mark()` / `rollback(mark)`.
"""

from __future__ import annotations

from typing import Generic, Hashable, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_MISSING = object()


class JournaledCache(Generic[K, V]):
    def __init__(self) -> None:
        self._data: dict[K, V] = {}
        self._journal: list[tuple[K, object]] = []

    def get(self, key: K) -> V | None:
        return self._data.get(key)

    def __contains__(self, key: K) -> bool:
        return key in self._data

    def set(self, key: K, value: V) -> None:
        self._journal.append((key, self._data.get(key, _MISSING)))
        self._data[key] = value

    def discard(self, key: K) -> None:
        if key in self._data:
            self._journal.append((key, self._data.pop(key)))

    def mark(self) -> int:
        return len(self._journal)

    def rollback(self, mark: int) -> None:
        while len(self._journal) > mark:
            key, old = self._journal.pop()
            if old is _MISSING:
                self._data.pop(key, None)
            else:
                self._data[key] = old  # type: ignore[assignment]

    def commit(self) -> None:
        self._journal.clear()
