"""The fake's configuration: the registered application and hh.ru's limits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .words import Language

LegacyOrder = Literal["oldest_first", "newest_first"]


@dataclass
class Settings:
    client_id: str
    client_secret: str
    redirect_uri: str
    site_url: str
    token_ttl: int
    code_ttl: int
    message_max_length: int
    in_a_row_limit: int
    language: Language = "ru"
    """The language of what people read: names of actions and stages, templates, the site's pages."""
    files_url: str | None = None
    """Where resume files' addresses point (hh.ru's own pages show `https://hh.ru/api_resume_converter/…`); None:
    on the API's own host, as openapi.yml's examples show them."""
    legacy_order: LegacyOrder = "oldest_first"
    """How `GET /negotiations/{nid}/messages` lists messages: hh.ru's documents do not say, third parties saw both."""
