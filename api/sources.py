"""The source clients' configuration from the service's settings (talent/ never reads them)."""

from importlib.metadata import PackageNotFoundError, version

from api.settings import Settings
from talent.sources.config import SourceConfig


def _version() -> str:
    try:
        return version("talentgraph")
    except PackageNotFoundError:
        return "dev"


def user_agent(settings: Settings) -> str:
    """A descriptive User-Agent, as ORCID, OpenAlex and Crossref ask: who we are and how to
    reach us ('talentgraph/0.1.0 (https://…; mailto:ops@…)')."""
    contact = [settings.public_url]
    if settings.source_mailto:
        contact.append(f"mailto:{settings.source_mailto}")
    return f"talentgraph/{_version()} ({'; '.join(contact)})"


def source_config(settings: Settings) -> SourceConfig:
    secret = settings.orcid_client_secret
    return SourceConfig(
        orcid_api_url=settings.orcid_api_url,
        orcid_site_url=settings.orcid_site_url,
        openalex_api_url=settings.openalex_api_url,
        crossref_api_url=settings.crossref_api_url,
        mailto=settings.source_mailto,
        user_agent=user_agent(settings),
        timeout=settings.source_timeout,
        retries=settings.source_retries,
        max_wait=settings.source_max_wait,
        rate_orcid=settings.source_rate_orcid,
        rate_openalex=settings.source_rate_openalex,
        rate_crossref=settings.source_rate_crossref,
        orcid_client_id=settings.orcid_client_id,
        orcid_client_secret=secret.get_secret_value() if secret else None,
    )
