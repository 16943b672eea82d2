"""How the source clients reach ORCID, OpenAlex and Crossref: base URLs (a deployment may
point at a mirror), politeness (contact address, User-Agent, rates) and patience (timeouts,
retries, the longest wait). Built from the service's settings by `api/sources.py`; talent/
never reads settings itself."""

from dataclasses import dataclass, field

from talent.sources.models import SourceName

# The largest answer any client reads: an ORCID record with thousands of works is a few MB;
# anything far beyond is not a record but a fault (or an attack through a mirror).
MAX_RESPONSE_BYTES = 50 * 2**20


@dataclass(frozen=True)
class SourceConfig:
    orcid_api_url: str = "https://pub.orcid.org/v3.0"
    orcid_site_url: str = "https://orcid.org"
    openalex_api_url: str = "https://api.openalex.org"
    crossref_api_url: str = "https://api.crossref.org"
    mailto: str | None = None
    user_agent: str = "talentgraph"
    timeout: float = 20.0  # seconds per request (connect, each read, each write)
    retries: int = 4  # after the first try
    max_wait: float = 120.0  # longest wait before one retry, whatever Retry-After asks
    backoff: float = 0.5  # first retry's wait (seconds), doubled each retry, with jitter
    rate_orcid: float = 8.0  # requests a second, per process
    rate_openalex: float = 8.0
    rate_crossref: float = 4.0
    orcid_client_id: str | None = None
    orcid_client_secret: str | None = field(default=None, repr=False)
    max_response_bytes: int = MAX_RESPONSE_BYTES

    def rate(self, source: SourceName) -> float:
        """Requests a second allowed to `source`."""
        rates = {
            SourceName.ORCID: self.rate_orcid,
            SourceName.OPENALEX: self.rate_openalex,
            SourceName.CROSSREF: self.rate_crossref,
        }
        return rates[source]

    def api_url(self, source: SourceName) -> str:
        """The base URL of `source`'s API (ORCID's public API for ORCID)."""
        urls = {
            SourceName.ORCID: self.orcid_api_url,
            SourceName.OPENALEX: self.openalex_api_url,
            SourceName.CROSSREF: self.crossref_api_url,
        }
        return urls[source]

    @property
    def orcid_oauth(self) -> bool:
        """Whether ORCID sign-in (/authenticate) can be offered: both credentials are set."""
        return bool(self.orcid_client_id and self.orcid_client_secret)
