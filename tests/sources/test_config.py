"""The clients' configuration as the service builds it from its settings."""

import os

import pytest
from pydantic import SecretStr

from api.settings import Settings
from api.sources import source_config
from talent.sources.config import MAX_RESPONSE_BYTES, SourceConfig


@pytest.fixture(autouse=True)
def _no_source_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The suite points every process at the local source server through TALENT_*; these
    tests read the settings' own defaults."""
    prefixes = ("TALENT_ORCID_", "TALENT_OPENALEX_", "TALENT_CROSSREF_", "TALENT_SOURCE_")
    for name in list(os.environ):
        if name.startswith(prefixes):
            monkeypatch.delenv(name)


def test_source_config_from_settings() -> None:
    settings = Settings(
        public_url="https://nhantai.most.gov.vn",
        orcid_api_url="https://mirror.example.vn/orcid/v3.0",
        orcid_client_id="APP-123",
        orcid_client_secret=SecretStr("s3cret"),
        openalex_api_url="https://mirror.example.vn/openalex",
        source_mailto="cntt@most.gov.vn",
        source_timeout=7.5,
        source_retries=2,
        source_max_wait=30,
        source_rate_crossref=1.5,
    )
    config = source_config(settings)
    assert config == SourceConfig(
        orcid_api_url="https://mirror.example.vn/orcid/v3.0",
        orcid_site_url="https://orcid.org",
        openalex_api_url="https://mirror.example.vn/openalex",
        crossref_api_url="https://api.crossref.org",
        mailto="cntt@most.gov.vn",
        user_agent=config.user_agent,
        timeout=7.5,
        retries=2,
        max_wait=30,
        rate_orcid=8.0,
        rate_openalex=8.0,
        rate_crossref=1.5,
        orcid_client_id="APP-123",
        orcid_client_secret="s3cret",
        max_response_bytes=MAX_RESPONSE_BYTES,
    )
    version = config.user_agent.removeprefix("talentgraph/").split(" ")[0]
    assert config.user_agent == (
        f"talentgraph/{version} (https://nhantai.most.gov.vn; mailto:cntt@most.gov.vn)"
    )
    assert config.orcid_oauth
    assert "s3cret" not in repr(config)


def test_without_mailto_or_orcid_credentials() -> None:
    config = source_config(Settings(public_url="https://nhantai.most.gov.vn"))
    assert config.mailto is None
    assert config.user_agent.endswith(" (https://nhantai.most.gov.vn)")
    assert not config.orcid_oauth
    assert config.max_response_bytes == 50 * 2**20
