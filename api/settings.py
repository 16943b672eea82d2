"""Typed settings from `TALENT_*` environment variables."""

import ipaddress
from functools import cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TALENT_", env_file=".env", extra="ignore")

    graph_url: str | None = Field(
        default=None,
        description="neo4j://… or bolt://… of a Neo4j 5 server; unset: a local Neo4j started "
        "by the service, its store in <data_dir>/neo4j",
    )
    graph_user: str = "neo4j"
    graph_password: SecretStr = SecretStr("")
    graph_database: str | None = None
    graph_connect_timeout: float = Field(
        default=1.0,
        gt=0,
        description="seconds to reach the graph server before a request answers 503",
    )
    graph_retry_time: float = Field(
        default=30.0,
        ge=0,
        description="seconds a write refused for a transient reason (a deadlock) is retried",
    )
    data_dir: Path = Path("./data")
    broker_url: str | None = Field(
        default=None, description="redis://… ; unset: the data folder's embedded Redis, db 1"
    )
    job_time_limit: int = Field(default=3600, ge=10, description="seconds before a job is stopped")
    job_heartbeat: float = Field(
        default=5.0, gt=0, description="seconds between a running job's heartbeats"
    )
    job_stale_after: float = Field(
        default=60.0, gt=0, description="a running job silent this long has lost its worker"
    )
    job_attempts: int = Field(
        default=3, ge=1, description="runs of a job whose worker keeps dying before it fails"
    )
    sweep_interval: float = Field(
        default=30.0, gt=0, description="seconds between the beat's sweeps of lost jobs"
    )
    secret_key: SecretStr | None = Field(
        default=None, description="signs login tokens; unset: a key kept in the data folder"
    )
    index_wait: float = Field(
        default=3.0,
        ge=0,
        description="a match waits for an index rebuild whose last run took less (seconds); "
        "a slower one runs in the background while the previous index serves",
    )
    checkpoints: bool = Field(
        default=True,
        description="each API process starts its indexes from the newest checkpoint in "
        "<data_dir>/checkpoints (then follows the change log) and writes new ones there",
    )
    checkpoint_interval: float = Field(
        default=300.0,
        gt=0,
        description="seconds between checkpoints while changes come; one is written after "
        "every full build too",
    )
    public_url: str = Field(
        default="http://127.0.0.1:8000",
        description="where links in e-mails point, whatever `Host` a request names; "
        "`talent serve` refuses a listener beyond loopback without it, and on loopback "
        "defaults it to the listener's own address",
    )
    mail_from: str = "talentgraph <no-reply@talentgraph.invalid>"
    smtp_host: str | None = Field(default=None, description="unset: mail goes to data/outbox")
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: SecretStr = SecretStr("")
    smtp_starttls: bool = True
    rate_limit_storage: str | None = Field(
        default=None,
        description="limits storage URI (redis://…); unset: the embedded Redis's db 2, or "
        "memory when TALENT_BROKER_URL names another Redis",
    )
    rate_limit_login: str = Field(default="10/minute", description="per address and e-mail")
    rate_limit_login_address: str = Field(
        default="30/minute", description="per address, whatever the e-mail"
    )
    rate_limit_register: str = Field(default="5/minute;30/hour", description="per address")
    rate_limit_confirm: str = Field(default="20/minute", description="per address")
    rate_limit_resend: str = Field(
        default="3/hour", description="links sent again per e-mail (besides the per-address)"
    )
    rate_limit_suggest: str = Field(
        default="120/minute;2000/hour",
        description="type-ahead requests per address (one per keystroke, after a pause)",
    )
    rate_limit_login_account: str = Field(
        default="20/hour;100/day",
        description="failed logins per e-mail from addresses it has not signed in from lately",
    )
    rate_limit_reset_mail: str = Field(
        default="3/hour;10/day",
        description="password-reset mails per e-mail; past it, the same answer and no mail",
    )
    rate_limit_namespace: str = Field(default="talent", description="key prefix of the counters")
    trusted_proxies: str = Field(
        default="",
        description="comma-separated addresses or networks of the proxies whose "
        "X-Forwarded-For names the client and X-Forwarded-Proto the scheme (uvicorn's "
        "forwarded_allow_ips); empty: the direct peer is the client",
    )
    max_body_bytes: int = Field(default=1_000_000, ge=1024, description="larger bodies get 413")
    kpi_target: int = Field(default=100, ge=1, description="leading experts to attract")
    token_ttl: int = Field(default=8 * 3600, ge=60, description="seconds a login token lasts")
    orcid_api_url: str = Field(
        default="https://pub.orcid.org/v3.0", description="ORCID's public API v3.0, or a mirror"
    )
    orcid_site_url: str = Field(
        default="https://orcid.org", description="ORCID's sign-in (OAuth /authenticate)"
    )
    orcid_client_id: str | None = Field(
        default=None,
        description="ORCID public API client; unset: an iD an expert links is self-declared",
    )
    orcid_client_secret: SecretStr | None = None
    openalex_api_url: str = Field(default="https://api.openalex.org", description="or a mirror")
    crossref_api_url: str = Field(default="https://api.crossref.org", description="or a mirror")
    source_mailto: str | None = Field(
        default=None,
        description="contact address sent to OpenAlex and Crossref (their polite pools) and "
        "named in the User-Agent",
    )
    source_timeout: float = Field(default=20.0, gt=0, description="seconds per request")
    source_retries: int = Field(
        default=4, ge=0, description="retries of a request refused (429) or failed (5xx, network)"
    )
    source_max_wait: float = Field(
        default=120.0, gt=0, description="longest wait before a retry, whatever Retry-After asks"
    )
    source_rate_orcid: float = Field(default=8.0, gt=0, description="requests a second to ORCID")
    source_rate_openalex: float = Field(
        default=8.0, gt=0, description="requests a second to OpenAlex"
    )
    source_rate_crossref: float = Field(
        default=4.0, gt=0, description="requests a second to Crossref"
    )
    harvest_interval_days: float = Field(
        default=7.0, gt=0, description="days between re-harvests of the identifiers experts link"
    )
    import_max_bytes: int = Field(
        default=20_000_000, ge=1024, description="largest file an import reads (413 beyond)"
    )
    embedding: bool = Field(
        default=True,
        description="evidence read by meaning too (a sentence-embedding model beside the works' "
        "words and the taxonomy's concepts); off: words and concepts only",
    )
    embedding_model: Path | None = Field(
        default=None,
        description="a folder with another embedding model (model.onnx, tokenizer.json, "
        "talent-embedding.json); unset: all-MiniLM-L6-v2 from the pinned packages",
    )
    embedding_threads: int = Field(
        default=0, ge=0, description="threads the embedding model runs on; 0: the runtime's choice"
    )
    ror_max_bytes: int = Field(
        default=300_000_000,
        ge=1024,
        description="largest ROR data dump an admin uploads, and the most JSON a dump's zip "
        "inflates to (413 beyond): the full dump is about 250 MB of JSON, 40 MB zipped",
    )
    import_max_rows: int = Field(
        default=200_000, ge=1, description="most rows of an expert list (413 beyond)"
    )

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: str) -> str:
        proxy_networks(value)  # refuses at start-up what is not an address or network
        return value

    def local_graph(self) -> bool:
        """Whether the graph is the data folder's local Neo4j (graph/local.py)."""
        return not self.graph_url

    def embedded_broker(self) -> bool:
        """Whether Celery's broker is the data folder's embedded Redis (api/broker_server.py)."""
        return not self.broker_url


class UnsafeListener(ValueError):
    """Serving beyond this machine with settings meant only for it."""


# Secrets a deployment must never keep: placeholders people copy from examples.
PLACEHOLDER_SECRETS = frozenset({"", "secret", "changeme", "change-me", "change_me", "dev", "test"})
MIN_SECRET_CHARS = 32


def loopback(host: str) -> bool:
    """Whether `host` (a listener's address or name) is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def for_listener(settings: Settings, host: str, port: int) -> Settings:
    """The settings to serve `host:port` with. Mailed links come only from configuration,
    never from the `Host` a caller sends: beyond loopback TALENT_PUBLIC_URL and a real
    TALENT_SECRET_KEY are required; on loopback, links default to the listener's address."""
    if loopback(host):
        if "public_url" in settings.model_fields_set:
            return settings
        shown = f"[{host.strip('[]')}]" if ":" in host else host
        return settings.model_copy(update={"public_url": f"http://{shown}:{port}"})
    problems = []
    if "public_url" not in settings.model_fields_set:
        problems.append(
            "set TALENT_PUBLIC_URL to the address people reach the service at: links in "
            "mails (password reset, confirmation) point there"
        )
    key = settings.secret_key
    if key is None:
        problems.append(
            "set TALENT_SECRET_KEY: a key kept in one machine's data folder cannot be shared "
            "by the service's processes elsewhere"
        )
    elif (
        key.get_secret_value().lower() in PLACEHOLDER_SECRETS
        or len(key.get_secret_value()) < MIN_SECRET_CHARS
    ):
        problems.append(f"TALENT_SECRET_KEY must be a random key of {MIN_SECRET_CHARS}+ characters")
    if problems:
        raise UnsafeListener(f"refusing to listen on {host}: " + "; ".join(problems))
    return settings


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def proxy_networks(value: str) -> tuple[Network, ...]:
    """'10.0.0.0/8, ::1' -> the networks; a bare address is a network of one."""
    try:
        return tuple(
            ipaddress.ip_network(part.strip(), strict=False)
            for part in value.split(",")
            if part.strip()
        )
    except ValueError as exc:
        raise ValueError(f"not an address or network: {exc}") from exc


def forwarded_allow_ips(trusted_proxies: str) -> str:
    """TALENT_TRUSTED_PROXIES as uvicorn's `forwarded_allow_ips`, each network written out
    (uvicorn takes no host bits in one, and would trust nothing for '10.0.0.1/8'); empty
    trusts no one, where uvicorn's own default would trust 127.0.0.1."""
    return ",".join(str(network) for network in proxy_networks(trusted_proxies))


@cache
def get_settings() -> Settings:
    return Settings()
