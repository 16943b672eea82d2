"""Requests that read the change log's heads at once share one read, and never get a read that
began before they asked."""

import threading
from concurrent.futures import Future, ThreadPoolExecutor

import pytest

from talent.snapshot.coalesced import Coalesced


class Reads:
    """A read whose calls are numbered, each held until the test lets it go."""

    def __init__(self) -> None:
        self.calls = 0
        self.began = threading.Semaphore(0)
        self.go = threading.Semaphore(0)
        self.fail_next = False

    def __call__(self) -> int:
        self.calls += 1
        number = self.calls
        self.began.release()
        assert self.go.acquire(timeout=10)
        if self.fail_next:
            self.fail_next = False
            raise RuntimeError(f"read {number} failed")
        return number


def _waiting(shared: Coalesced[int], count: int, pool: ThreadPoolExecutor) -> list[Future[int]]:
    return [pool.submit(shared) for _ in range(count)]


def test_callers_one_after_another_each_get_a_read_of_their_own() -> None:
    reads = Reads()
    shared = Coalesced(reads)
    for expected in (1, 2, 3):
        reads.go.release()
        assert shared() == expected
    assert reads.calls == 3


def test_callers_who_arrive_during_a_read_share_the_next_one_not_that_one() -> None:
    reads = Reads()
    shared = Coalesced(reads)
    with ThreadPoolExecutor(6) as pool:
        first = pool.submit(shared)
        assert reads.began.acquire(timeout=10)  # read 1 is running
        later = _waiting(shared, 5, pool)
        reads.go.release()  # read 1 ends: only the first caller may take it
        assert first.result(timeout=10) == 1
        assert reads.began.acquire(timeout=10)  # read 2, for all five
        reads.go.release()
        assert [f.result(timeout=10) for f in later] == [2] * 5
    assert reads.calls == 2


def test_a_failed_read_fails_its_callers_and_the_next_caller_reads_again() -> None:
    reads = Reads()
    shared = Coalesced(reads)
    reads.fail_next = True
    reads.go.release()
    with pytest.raises(RuntimeError, match="read 1 failed"):
        shared()
    reads.go.release()
    assert shared() == 2
