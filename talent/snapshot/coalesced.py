"""One read shared by the requests that need it at once: every request reads the change log's
heads first, and under load most of those reads would return the same answer."""

import threading
from collections.abc import Callable
from typing import cast


class Coalesced[T]:
    """`read()` for many threads, one call at a time: a caller gets the answer of a call that
    began after it arrived, so it sees everything committed before it asked (a write whose
    answer it has seen, above all), and callers that arrive while one call runs share the
    next one. A call that fails fails each caller waiting on it."""

    def __init__(self, read: Callable[[], T]) -> None:
        self._read = read
        self._changed = threading.Condition()
        self._running = False
        self._started = 0  # calls begun
        self._done = 0  # the number of the last call ended
        self._value: T | None = None
        self._error: BaseException | None = None

    def __call__(self) -> T:
        with self._changed:
            wanted = self._started + 1  # the first call to begin from now on
            while self._done < wanted:
                if self._running:
                    self._changed.wait()
                    continue
                self._running = True
                self._started += 1
                number = self._started
                self._changed.release()
                try:
                    value, error = self._read(), None
                except BaseException as exc:  # handed to every caller waiting on this call
                    value, error = None, exc
                finally:
                    self._changed.acquire()
                self._running = False
                self._done, self._value, self._error = number, value, error
                self._changed.notify_all()
            if self._error is not None:
                raise self._error
            return cast(T, self._value)
