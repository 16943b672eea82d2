"""The local source server for tests of the source clients and of the imports built on them."""

from collections.abc import Iterator

import pytest

from tests.sources.server import SourceServer


@pytest.fixture(scope="module")
def source_server() -> Iterator[SourceServer]:
    """One server per test module (see tests/sources/server.py for its control API)."""
    server = SourceServer().start()
    yield server
    server.stop()


@pytest.fixture
def sources(source_server: SourceServer) -> SourceServer:
    """The module's server with no failures set and no requests recorded."""
    source_server.clear()
    return source_server
