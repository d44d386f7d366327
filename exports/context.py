"""What every writer gets: the opened build and the publication options."""
from __future__ import annotations

from dataclasses import dataclass, field

from .source import Build

DEFAULT_BASE_URL = "https://w3id.org/govkg/downloads/"
DEFAULT_SPARQL_ENDPOINT = "https://w3id.org/govkg/sparql"


@dataclass(frozen=True)
class PublicationOptions:
    """Where the files will be published and by whom (for catalog.ttl)."""

    base_url: str = DEFAULT_BASE_URL  # download URLs are base_url + file name
    sparql_endpoint: str = DEFAULT_SPARQL_ENDPOINT
    publisher_name: str = "govkg"
    publisher_url: str = "https://w3id.org/govkg/"

    def __post_init__(self) -> None:
        if not self.base_url.endswith("/"):
            object.__setattr__(self, "base_url", self.base_url + "/")


@dataclass
class ExportContext:
    build: Build
    options: PublicationOptions = field(default_factory=PublicationOptions)
