"""Building hh.ru's authorize address; no I/O."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode


@dataclass(frozen=True)
class AuthorizeLinks:
    oauth_url: str
    client_id: str
    redirect_uri: str

    def url(self, state: str, *, force_login: bool = False) -> str:
        query = {"response_type": "code", "client_id": self.client_id, "state": state,
                 "redirect_uri": self.redirect_uri}
        if force_login:
            query["force_login"] = "true"
        return f"{self.oauth_url.rstrip('/')}/oauth/authorize?{urlencode(query)}"
