"""The one typed settings object.

Every setting has a default and a description; ``partnerships settings`` prints them and a
test fails when one is missing from docs/settings.md. Values come from environment
variables prefixed ``PARTNERSHIPS_`` (e.g. ``PARTNERSHIPS_WORKERS=4``).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    return Path(user_data_dir("partnerships", appauthor=False))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PARTNERSHIPS_", extra="ignore")

    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="Folder for the embedded SQLite base and kept originals "
        "(default: the user's data directory).",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL of the knowledge base; empty means an SQLite file in data_dir.",
    )
    gazetteer_path: Path | None = Field(
        default=None,
        description="Extra TOML gazetteer (organisations, programmes, regions, country "
        "aliases) merged over the bundled one, so users can extend entity recognition "
        "without code.",
    )
    public_url: str = Field(
        default="http://127.0.0.1:8000",
        description="The address at which people reach the web app; links in watch feeds "
        "sent by e-mail start with it.",
    )
    smtp_host: str = Field(
        default="",
        description="SMTP server for the daily digest of watches; empty means no e-mail "
        "(feeds only).",
    )
    smtp_port: int = Field(default=25, ge=1, le=65535, description="Port of the SMTP server.")
    smtp_user: str = Field(default="", description="SMTP login; empty means none.")
    smtp_password: str = Field(default="", description="SMTP password (with smtp_user).")
    smtp_starttls: bool = Field(
        default=False, description="Upgrade the SMTP connection with STARTTLS before login."
    )
    mail_from: str = Field(
        default="partnerships@localhost",
        description="Sender address of the digest e-mails.",
    )
    sender_profile: Path | None = Field(
        default=None,
        description="TOML file with the sender block and signatories of reports to "
        "parliament (ministry, directorate, addresses, signing ministers); empty means the "
        "bundled example, with which a report can only be a draft (docs/reports.md).",
    )
    report_template: Path | None = Field(
        default=None,
        description="Word template (.docx or .dotx) in the ministry's house style for DOCX "
        "reports, with the placeholders of docs/reports.md; empty means the bundled one.",
    )
    report_data_age_years: int = Field(
        default=3,
        ge=0,
        description="A report notes figures whose newest year is more than this many years "
        "old (a country fiche dated today with 2016 data says so).",
    )
    ranking_min_coverage: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="A ranking criterion with a value for fewer than this share of the "
        "candidate countries is left out of the robustness analysis (SMAA would sample noise "
        "for it), with a visible warning.",
    )
    ranking_min_acceptability: float = Field(
        default=0.2,
        ge=0,
        le=1,
        description="A warning when the first-ranked country is first in fewer than this "
        "share of the robustness samples (its first place is not robust).",
    )
    statistics_area: str = Field(
        default="auto",
        description="Reporting area of the Eurostat figures that ranking, the Article 25a "
        "assessment and dossiers read: 'auto' (the newest Union aggregate in the data, "
        "EU27_2020 before EU28), or a code such as EU27_2020, EU28 or NL. Every source line "
        "names the area used.",
    )
    language: Literal["nl", "en"] = Field(
        default="nl",
        description="Language of the command line's summaries and messages: nl (Dutch) or "
        "en (English). The web app and the API follow each reader's own choice.",
    )
    topic_model_min_confidence: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="Probability from which the pillar classifier's suggestion for a "
        "paragraph is stored (`partnerships topics suggest`); analysts confirm or reject "
        "each suggestion, and only confirmed topics enter a final report.",
    )
    home_country: str = Field(
        default="NLD",
        description="ISO 3166-1 alpha-3 code of the sending government's own country; its "
        "mentions are not recorded as partner-country entities.",
    )
    harvest_tk_url: str = Field(
        default="https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0/",
        description="Base URL of parliament's open data (Tweede Kamer Gegevensmagazijn, "
        "OData v4) that `partnerships harvest tk` reads.",
    )
    harvest_sync_url: str = Field(
        default="https://gegevensmagazijn.tweedekamer.nl/SyncFeed/2.0/",
        description="Base URL of parliament's SyncFeed (Atom, skiptoken) that `partnerships "
        "harvest tk --sync` follows for what changed.",
    )
    harvest_sru_url: str = Field(
        default="https://repository.overheid.nl/sru",
        description="The publication office's SRU search (KOOP) that `partnerships harvest ob "
        "--dossier` asks for a dossier's Kamerstukken.",
    )
    harvest_ob_url: str = Field(
        default="https://zoek.officielebekendmakingen.nl/",
        description="Base URL of the publication office (officielebekendmakingen.nl) from "
        "which `partnerships harvest ob --kamerstuk` fetches a Kamerstuk's metadata.xml and "
        "renditions.",
    )
    harvest_ob_renditions: list[Literal["xml", "html", "pdf"]] = Field(
        default=["xml", "html", "pdf"],
        min_length=1,
        description="The publication office's renditions of a Kamerstuk, in order of "
        "preference: the first that exists and that the extractor reads gives the "
        "document's text (the XML is the most exact; HTML and PDF stand in where it is "
        "missing).",
    )
    harvest_ob_also: list[Literal["xml", "html", "pdf"]] = Field(
        default=["pdf"],
        description="Renditions fetched besides the one read and kept as further renditions "
        "of the same document (address, size and fingerprint; the letter page links them): "
        "by default the PDF, the paginated form that citations to pages refer to. Empty: "
        "one request fewer per Kamerstuk.",
    )
    harvest_dossiers: list[str] = Field(
        default=["19637", "30573", "32317"],
        description="The harvest's scope: Kamerstuk dossiers whose documents are fetched "
        "(19637 Vreemdelingenbeleid, 30573 Migratiebeleid, 32317 JBZ-Raad); add the "
        "budget chapters of the year, e.g. 36600-XVII.",
    )
    harvest_kinds: list[str] = Field(
        default=["Brief regering", "Motie", "Motie (gewijzigd/nader)"],
        description="Document kinds (Soort in parliament's data) the harvest fetches.",
    )
    harvest_min_interval: float = Field(
        default=0.5,
        ge=0,
        description="Seconds at least between two requests to a source (politeness).",
    )
    harvest_timeout: float = Field(
        default=30.0, gt=0, description="Seconds before a request to a source times out."
    )
    harvest_retries: int = Field(
        default=5,
        ge=0,
        description="Retries of a request after a timeout, 429 or 5xx, with exponential "
        "backoff; a Retry-After header is honoured.",
    )
    workers: int = Field(
        default_factory=lambda: os.cpu_count() or 1,
        description="Processes used for batch extraction (default: all cores).",
    )
    keep_originals: bool = Field(
        default=True,
        description="Store each ingested file in the base (true) or only its hash and path "
        "(false), so that every extracted item can be shown in its source.",
    )
    page_size: int = Field(
        default=20,
        description="Default number of items per page in the API and the search command.",
    )
    search_rank_window: int = Field(
        default=5000,
        ge=1,
        description="PostgreSQL: a search with more hits than this ranks the newest this "
        "many by relevance and lists the older hits after them, newest first (ranking every "
        "hit reads every hit's whole text vector; the answer says when this applies). "
        "SQLite's index ranks every hit.",
    )
    max_file_mb: int = Field(
        default=200,
        description="Files larger than this (MiB) are refused with an error rather than "
        "read, to protect memory.",
    )
    iati_reporting_org: str = Field(
        default="XM-DAC-7",
        description="IATI organisation identifier whose activities `import iati` keeps "
        "(XM-DAC-7: the Netherlands Ministry of Foreign Affairs); other publishers in the same "
        "file are counted and skipped. Empty keeps every publisher.",
    )
    budget_ceilings: str = Field(
        default="2029=118",
        description="Yearly ceilings of the programme budget in mln EUR as YEAR=AMOUNT pairs, "
        "comma-separated (e.g. 2026=80,2027=95,2028=106,2029=118); years without one show "
        "no ceiling.",
    )
    local_analyst: bool = Field(
        default=False,
        description="Serve the web app and API as the local analyst (OS user name, all "
        "clearances, may record decisions) instead of as an anonymous reader who sees only "
        "public records, without logging in. For a single-user installation; refused "
        "unless the server listens on a loopback address. `demo` turns it on.",
    )
    session_hours: float = Field(
        default=8.0,
        gt=0,
        description="How long a login lasts before the browser must log in again (hours).",
    )
    login_max_failures: int = Field(
        default=5,
        ge=1,
        description="Failed passwords in a row after which an account is locked.",
    )
    lockout_minutes: int = Field(
        default=15,
        ge=1,
        description="How long a locked account stays locked (minutes); an admin can unlock "
        "earlier with `partnerships user unlock`.",
    )
    login_rate_per_minute: int = Field(
        default=10,
        ge=1,
        description="Login attempts allowed per client address per minute; more get HTTP 429.",
    )
    secure_cookies: bool = Field(
        default=False,
        description="Mark cookies Secure and send HSTS even when the request arrives as "
        "plain HTTP (set this behind a TLS-terminating proxy that does not forward the "
        "scheme). Requests that arrive over HTTPS always get both.",
    )
    oidc_issuer: str = Field(
        default="",
        description="OpenID Connect issuer URL of a government identity provider; empty "
        "turns OIDC login off. Discovery at <issuer>/.well-known/openid-configuration.",
    )
    oidc_client_id: str = Field(default="", description="OIDC client id of this application.")
    oidc_client_secret: str = Field(
        default="", description="OIDC client secret (client_secret_basic)."
    )
    oidc_provision: bool = Field(
        default=True,
        description="Create an account (reader, clearance openbaar) on a first OIDC login; "
        "an admin raises roles and clearance. Off: only accounts made by an admin may log in.",
    )
    secret_key: str = Field(
        default="",
        description="Key that signs the short-lived OIDC login state cookie; empty: a random "
        "key kept in `secret_key` in the data folder.",
    )
    ingest_batch: int = Field(
        default=50,
        ge=1,
        description="Letters stored per transaction by `ingest` (each file in a savepoint of "
        "its own, so a bad file still fails alone); one commit per batch instead of per "
        "letter. A crash loses at most the batch in progress, which the next run stores.",
    )
    page_cache_mb: int = Field(
        default=64,
        ge=1,
        description="Memory the rendered-page cache of one server process may hold (MiB); "
        "least recently used pages go first, and a page over a tenth of it is not kept.",
    )
    audit_head_path: Path | None = Field(
        default=None,
        description="File outside the base where the id and hash of the newest audit entry "
        "are written after every change, so that `audit verify` detects removed newest "
        "entries; empty: `audit-head` in the data folder. Keep a copy off the machine (the "
        "same line is logged on the `partnerships.audit` logger).",
    )
    keep_alive_seconds: int = Field(
        default=75,
        ge=1,
        description="How long `serve` keeps an idle HTTP connection open for the next "
        "request. Longer than a reverse proxy's (nginx 60 s; ALB 60 s), so the proxy, not the "
        "server, closes an idle connection: a server that closes it as the next request "
        "arrives loses that request (seen under 50 users with uvicorn's 5 s).",
    )
    trusted_proxies: str = Field(
        default="",
        description="Comma-separated addresses of reverse proxies whose X-Forwarded-For and "
        "X-Forwarded-Proto headers are believed; empty: none, the connecting address is the "
        "client (a forged header cannot dodge the login rate limit or fake the audit trail).",
    )

    @property
    def audit_head_file(self) -> Path:
        return self.audit_head_path or Path(self.data_dir) / "audit-head"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
