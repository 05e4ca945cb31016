"""Exponential backoff with jitter, for loops that wait on a dependency to come back."""

from __future__ import annotations

import random


class Backoff:
    """``next()`` gives 0.2 s, 0.4 s, 0.8 s ... up to ``maximum``, each ±20 %; ``reset()`` after success."""

    def __init__(self, initial: float = 0.2, maximum: float = 10.0, factor: float = 2.0) -> None:
        self._initial = initial
        self._maximum = maximum
        self._factor = factor
        self._current = initial
        self.failures = 0

    def next(self) -> float:
        delay = self._current
        self._current = min(self._current * self._factor, self._maximum)
        self.failures += 1
        return delay * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not cryptography

    def reset(self) -> None:
        self._current = self._initial
        self.failures = 0
