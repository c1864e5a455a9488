"""Building hh.ru's authorize address; no I/O."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

FLOW_PARAMETER = "flow"


@dataclass(frozen=True)
class AuthorizeLinks:
    oauth_url: str
    client_id: str
    redirect_uri: str

    def url(self, state: str, *, force_login: bool = False) -> str:
        query = {"response_type": "code", "client_id": self.client_id, "state": state,
                 "redirect_uri": self.redirect_uri_for(state)}
        if force_login:
            query["force_login"] = "true"
        return f"{self.oauth_url.rstrip('/')}/oauth/authorize?{urlencode(query)}"

    def redirect_uri_for(self, state: str) -> str:
        """The registered redirect URI plus a parameter drawn from the state (hh.ru allows extra query).

        hh.ru gives a code for the `redirect_uri` of its authorize request, and the token request must name the same
        one, so a code can be exchanged only under the state it was issued for: a leaked code paired with another
        state fails at hh.ru. hh.ru itself does not bind a code to a state, and offers no PKCE. The `state` of
        hh.ru's redirect is whatever the authorize link said, so the bot finds the state by this flow, and a
        redirect whose `state` is another than its flow's comes from an altered link.
        """
        parts = urlsplit(self.redirect_uri)
        query = [*parse_qsl(parts.query, keep_blank_values=True), (FLOW_PARAMETER, flow_of(state))]
        return urlunsplit(parts._replace(query=urlencode(query)))


def flow_of(state: str) -> str:
    """Names the state in the redirect URI without repeating it."""
    return hashlib.sha256(state.encode()).hexdigest()[:16]
