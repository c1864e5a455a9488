"""OAuth codes and token pairs with hh.ru's rules (refresh only once and only after expiry)."""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass
from typing import Literal

from .clock import FakeClock
from .errors import OAuthTokenError, oauth_error
from .settings import Settings

TokenStatus = Literal["active", "refreshed", "invalidated", "revoked", "deactivated"]
_ALPHABET = string.ascii_uppercase + string.digits


@dataclass
class TokenRecord:
    access_token: str
    refresh_token: str
    user_id: str
    expires_at: float
    status: TokenStatus = "active"


@dataclass
class AuthCode:
    code: str
    client_id: str
    redirect_uri: str
    user_id: str
    expires_at: float
    used: bool = False


def _random_token() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(64))


class TokenStore:
    def __init__(self, clock: FakeClock, settings: Settings) -> None:
        self._clock = clock
        self._settings = settings
        self._tokens: list[TokenRecord] = []
        self._codes: dict[str, AuthCode] = {}

    def issue(self, user_id: str) -> TokenRecord:
        record = TokenRecord(
            access_token=_random_token(),
            refresh_token=_random_token(),
            user_id=user_id,
            expires_at=self._clock.now() + self._settings.token_ttl,
        )
        self._tokens.append(record)
        return record

    def create_code(self, client_id: str, redirect_uri: str, user_id: str) -> str:
        code = _random_token()
        expires_at = self._clock.now() + self._settings.code_ttl
        self._codes[code] = AuthCode(code, client_id, redirect_uri, user_id, expires_at)
        return code

    def exchange_code(self, client_id: str, client_secret: str, redirect_uri: str, code: str) -> TokenRecord:
        if client_id != self._settings.client_id or client_secret != self._settings.client_secret:
            raise OAuthTokenError("invalid_client", "client_id or client_secret not found")
        grant = self._codes.get(code)
        if grant is None or grant.client_id != client_id:
            raise OAuthTokenError("invalid_request", "code not found")
        if grant.used:
            raise OAuthTokenError("invalid_grant", "code has already been used")
        if self._clock.now() >= grant.expires_at:
            raise OAuthTokenError("invalid_grant", "code expired")
        if redirect_uri != grant.redirect_uri:
            raise OAuthTokenError("invalid_request", "bad redirect url")
        grant.used = True
        return self.issue(grant.user_id)

    def refresh(self, refresh_token: str) -> TokenRecord:
        old = next((t for t in self._tokens if t.refresh_token == refresh_token), None)
        if old is None:
            raise OAuthTokenError("invalid_grant", "bad token")
        if old.status == "deactivated":
            raise OAuthTokenError("invalid_grant", "token deactivated")
        if old.status in ("revoked", "invalidated"):
            raise OAuthTokenError("invalid_grant", "token was revoked")
        if old.status == "refreshed":
            raise OAuthTokenError("invalid_grant", "token has already been refreshed")
        if self._clock.now() < old.expires_at:
            raise OAuthTokenError("invalid_grant", "token not expired")
        old.status = "refreshed"
        return self.issue(old.user_id)

    def authenticate(self, access_token: str) -> TokenRecord:
        """The token of an API call, or the 403 hh.ru answers for it."""
        record = next((t for t in self._tokens if t.access_token == access_token), None)
        if record is None or record.status in ("refreshed", "invalidated", "deactivated"):
            raise oauth_error("bad_authorization")
        if record.status == "revoked":
            raise oauth_error("token_revoked", "token-revoked")
        if self._clock.now() >= record.expires_at:
            raise oauth_error("token_expired", "token-expired")
        return record

    def invalidate(self, record: TokenRecord) -> None:
        record.status = "invalidated"

    def for_user(self, user_id: str) -> list[TokenRecord]:
        return [t for t in self._tokens if t.user_id == user_id]

    def expire_user(self, user_id: str) -> None:
        now = self._clock.now()
        for record in self._active_of(user_id):
            record.expires_at = min(record.expires_at, now)

    def revoke_user(self, user_id: str) -> None:
        for record in self._active_of(user_id):
            record.status = "revoked"

    def deactivate_user(self, user_id: str) -> None:
        for record in self._active_of(user_id):
            record.status = "deactivated"

    def _active_of(self, user_id: str) -> list[TokenRecord]:
        return [t for t in self.for_user(user_id) if t.status == "active"]
