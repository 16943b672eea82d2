"""The shared polite client over real HTTP: retries and their limits, Retry-After, the size cap,
broken answers and the per-source rate limit."""

import socket
import threading
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from talent.sources.config import SourceConfig
from talent.sources.crossref import CrossrefClient
from talent.sources.errors import SourceMalformed, SourceNotFound, SourceUnavailable
from talent.sources.http import RateLimiter, SourceRefused, limiter_for, retry_after
from talent.sources.models import SourceName
from talent.sources.orcid import OrcidClient
from tests.sources.routes import FIXTURES
from tests.sources.server import SourceServer

HUONG = "0000-0002-1234-5677"
WORKS = f"/orcid/v3.0/{HUONG}/works"
DOI = "10.25073/2588-1140/vnuas.4567"
CROSSREF_WORK = f"/crossref/works/{DOI}"


class Sleeps:
    """An injected sleep: records the waits asked for instead of living through them."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def test_503_twice_then_the_answer(sources: SourceServer) -> None:
    sources.fail(WORKS, 503, times=2)
    sleeps = Sleeps()
    with OrcidClient(sources.config(), sleep=sleeps) as client:
        works = client.works(HUONG)
    assert len(works) == 4
    assert len(sources.seen(WORKS)) == 3
    assert len(sleeps.waits) == 2


@pytest.mark.parametrize("status", [500, 502, 504])
def test_each_server_error_is_retried(sources: SourceServer, status: int) -> None:
    sources.fail(WORKS, status, times=1)
    with OrcidClient(sources.config(), sleep=Sleeps()) as client:
        assert len(client.works(HUONG)) == 4
    assert len(sources.seen(WORKS)) == 2


def test_429_with_retry_after_1_waits_about_a_second_then_succeeds(
    sources: SourceServer,
) -> None:
    sources.fail(WORKS, 429, times=1, retry_after="1")
    with OrcidClient(sources.config(backoff=0.001)) as client:  # the real sleep
        assert len(client.works(HUONG)) == 4
    first, second = sources.seen(WORKS)
    assert 0.95 <= second.at - first.at < 3.0


def test_retry_after_as_an_http_date_is_honoured(sources: SourceServer) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=4), usegmt=True)
    sources.fail(WORKS, 503, times=1, retry_after=when)
    sleeps = Sleeps()
    with OrcidClient(sources.config(), sleep=sleeps) as client:
        client.works(HUONG)
    assert len(sleeps.waits) == 1
    assert 2.0 <= sleeps.waits[0] <= 4.0


def test_retry_after_longer_than_max_wait_gives_up_at_once(sources: SourceServer) -> None:
    sources.fail(WORKS, 429, retry_after="600")
    sleeps = Sleeps()
    with (
        OrcidClient(sources.config(max_wait=120), sleep=sleeps) as client,
        pytest.raises(SourceUnavailable, match="asks to wait 600 s, longer than the 120 s"),
    ):
        client.works(HUONG)
    assert sleeps.waits == []
    assert len(sources.seen(WORKS)) == 1


def test_an_outage_is_given_up_after_the_retry_budget(sources: SourceServer) -> None:
    """A source answering 500 for ten minutes: five tries, waits that double, well under the
    outage, then SourceUnavailable naming the last status."""
    sources.fail(WORKS, 500)
    sleeps = Sleeps()
    config = sources.config(retries=4, backoff=0.5, max_wait=120)
    with (
        OrcidClient(config, sleep=sleeps) as client,
        pytest.raises(SourceUnavailable, match=r"HTTP 500 \(after 5 tries\)") as failure,
    ):
        client.works(HUONG)
    assert not isinstance(failure.value, SourceRefused)
    assert len(sources.seen(WORKS)) == 5
    assert len(sleeps.waits) == 4
    for attempt, wait in enumerate(sleeps.waits):  # backoff 0.5 * 2**n, jittered down to half
        assert 0.25 * 2**attempt <= wait <= 0.5 * 2**attempt
    assert sum(sleeps.waits) < 600


def test_backoff_never_waits_longer_than_max_wait(sources: SourceServer) -> None:
    sources.fail(WORKS, 503)
    sleeps = Sleeps()
    with (
        OrcidClient(sources.config(retries=6, backoff=10, max_wait=15), sleep=sleeps) as client,
        pytest.raises(SourceUnavailable),
    ):
        client.works(HUONG)
    assert max(sleeps.waits) <= 15


def test_404_is_not_retried(sources: SourceServer) -> None:
    sleeps = Sleeps()
    with (
        CrossrefClient(sources.config(), sleep=sleeps) as client,
        pytest.raises(SourceNotFound, match=r"no record at /crossref/works/10\.1000/nothing"),
    ):
        client.work("10.1000/nothing")
    assert len(sources.seen("/crossref/")) == 1
    assert sleeps.waits == []


def test_another_4xx_is_refused_without_retry(sources: SourceServer) -> None:
    sources.fail(CROSSREF_WORK, 403, body="Forbidden: blocked")
    with (
        CrossrefClient(sources.config(), sleep=Sleeps()) as client,
        pytest.raises(SourceRefused, match="HTTP 403 Forbidden: blocked") as refused,
    ):
        client.work(DOI)
    assert refused.value.status == 403
    assert len(sources.seen(CROSSREF_WORK)) == 1


def test_malformed_json_is_source_malformed_and_not_retried(sources: SourceServer) -> None:
    sources.malformed(WORKS)
    with (
        OrcidClient(sources.config(), sleep=Sleeps()) as client,
        pytest.raises(SourceMalformed, match="answer is not JSON"),
    ):
        client.works(HUONG)
    assert len(sources.seen(WORKS)) == 1


def test_a_truncated_body_is_tried_again(sources: SourceServer) -> None:
    sources.truncate(WORKS, times=1)
    with OrcidClient(sources.config(), sleep=Sleeps()) as client:
        assert len(client.works(HUONG)) == 4
    assert len(sources.seen(WORKS)) == 2


def test_a_body_always_truncated_is_source_malformed(sources: SourceServer) -> None:
    sources.truncate(WORKS)
    with (
        OrcidClient(sources.config(retries=2), sleep=Sleeps()) as client,
        pytest.raises(SourceMalformed, match=r"truncated answer.*\(after 3 tries\)"),
    ):
        client.works(HUONG)


def test_a_record_larger_than_the_cap_is_refused_by_its_length(sources: SourceServer) -> None:
    size = len((FIXTURES / "orcid" / HUONG / "works.json").read_bytes())
    with (
        OrcidClient(sources.config(max_response_bytes=2000)) as client,
        pytest.raises(SourceMalformed, match="than the limit of 2,000 bytes") as error,
    ):
        client.works(HUONG)  # sent with Content-Length (about 9 kB)
    assert f"answer larger ({size:,} bytes) than" in str(error.value)  # refused before reading


def test_a_streamed_record_is_cut_off_at_the_cap(sources: SourceServer) -> None:
    """3,000 groups sent without Content-Length: the cap is counted while the body arrives."""
    with (
        OrcidClient(sources.config(max_response_bytes=100_000)) as client,
        pytest.raises(SourceMalformed, match=r"larger than the limit of 100,000 bytes") as error,
    ):
        client.works("0000-0002-9999-9998")
    assert "(0.0953674 MB)" in str(error.value)


def test_a_slow_answer_times_out_and_is_retried(sources: SourceServer) -> None:
    sources.delay(WORKS, 0.6, times=1)
    with OrcidClient(sources.config(timeout=0.2), sleep=Sleeps()) as client:
        assert len(client.works(HUONG)) == 4
    assert len(sources.seen(WORKS)) == 2


def test_always_slow_is_unavailable_naming_the_timeout(sources: SourceServer) -> None:
    sources.delay(WORKS, 0.5)
    with (
        OrcidClient(sources.config(timeout=0.1, retries=1), sleep=Sleeps()) as client,
        pytest.raises(SourceUnavailable, match=r"no answer within 0.1 s"),
    ):
        client.works(HUONG)


def test_a_refused_connection_is_retried_then_unavailable() -> None:
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    sleeps = Sleeps()
    config = SourceConfig(crossref_api_url=f"http://127.0.0.1:{port}", retries=2, backoff=0.01)
    with (
        CrossrefClient(config, sleep=sleeps) as client,
        pytest.raises(SourceUnavailable, match=r"could not connect.*\(after 3 tries\)"),
    ):
        client.work(DOI)
    assert len(sleeps.waits) == 2


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2026, 12, 6, 12, 0, 0, tzinfo=UTC)
    assert retry_after("1") == 1.0
    assert retry_after(" 120 ") == 120.0
    assert retry_after("Sun, 06 Dec 2026 12:00:30 GMT", now=now) == 30.0
    assert retry_after("Sun, 06 Dec 2026 11:59:00 GMT", now=now) == 0.0  # already past
    assert retry_after("soon") is None
    assert retry_after(None) is None


def test_the_rate_limiter_spaces_requests() -> None:
    clock = [100.0]
    limiter = RateLimiter(rate=4.0, clock=lambda: clock[0])
    waits = [limiter.reserve() for _ in range(4)]
    assert waits == [0.0, 0.25, 0.5, 0.75]
    clock[0] += 2.0  # idle: the bucket refills, but holds one token at most
    assert limiter.reserve() == 0.0
    assert limiter.reserve() == 0.25


def test_the_rate_limiter_is_thread_safe_and_real() -> None:
    limiter = RateLimiter(rate=20.0)
    started = time.monotonic()
    threads = [threading.Thread(target=limiter.acquire) for _ in range(11)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert 0.45 <= time.monotonic() - started < 3.0  # 10 waits of 1/20 s after the first


def test_clients_of_one_source_share_its_rate_limit(sources: SourceServer) -> None:
    """Two clients of Crossref at 5 requests a second: four requests take 4 x 1/5 s after an
    emptied bucket (each client with its own bucket would take about 1/5 s in all). Timed on
    the client's side: arrival times at the server jitter with the machine's load."""
    config = sources.config(rate_crossref=5.0)
    limiter = limiter_for(SourceName.CROSSREF, 5.0)
    with CrossrefClient(config) as one, CrossrefClient(config) as two:
        limiter.acquire()  # empty the bucket
        started = time.monotonic()
        for client in (one, two, one, two):
            client.work(DOI)
        elapsed = time.monotonic() - started
    assert limiter is limiter_for(SourceName.CROSSREF, 5.0)
    assert len(sources.seen("/crossref/")) == 4
    assert elapsed >= 0.75


def test_a_redirect_to_another_host_is_not_followed(sources: SourceServer) -> None:
    """A source (or a mirror) cannot send the client to its internal neighbours."""
    elsewhere = SourceServer().start()
    try:
        sources.redirect(CROSSREF_WORK, f"{elsewhere.url}/crossref/works/{DOI}")
        with (
            CrossrefClient(sources.config()) as client,
            pytest.raises(SourceRefused, match="redirected away from crossref"),
        ):
            client.work(DOI)
        assert elsewhere.requests == []
    finally:
        elsewhere.stop()


def test_a_redirect_within_the_source_is_followed(sources: SourceServer) -> None:
    sources.redirect("/crossref/works/10.1000/old", f"/crossref/works/{DOI}", status=301)
    with CrossrefClient(sources.config()) as client:
        assert client.work("10.1000/old").ids.doi == DOI


def test_a_form_is_never_sent_again_after_a_redirect(sources: SourceServer) -> None:
    """ORCID's token exchange carries the client secret: a 307 does not make it travel."""
    sources.redirect("/orcid-site/oauth/token", "/orcid-site/oauth/token2", status=307)
    with (
        OrcidClient(sources.config()) as client,
        pytest.raises(SourceRefused, match="redirected away from orcid"),
    ):
        client.exchange_code("good-code", "http://127.0.0.1/cb")
    assert [s.path for s in sources.seen("/orcid-site/")] == ["/orcid-site/oauth/token"]


def test_a_doi_that_walks_out_of_the_works_path_is_refused_before_any_request(
    sources: SourceServer,
) -> None:
    with CrossrefClient(sources.config()) as client, pytest.raises(ValueError, match="DOI"):
        client.work("10.1000/../../admin?x=1")
    assert sources.seen("/") == []
