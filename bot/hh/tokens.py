"""What the hh.ru client needs from whoever keeps the tokens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_at: float

    def __repr__(self) -> str:
        return f"TokenPair(expires_at={self.expires_at})"


class TokenStore(Protocol):
    async def load(self, account_id: int) -> TokenPair | None:
        """The account's current pair; None when the account needs a new link or is gone."""
        ...

    async def save(self, account_id: int, tokens: TokenPair) -> None:
        """Stores a refreshed pair durably; returns only once it survives a crash."""
        ...

    async def mark_needs_relink(self, account_id: int, reason: str) -> None:
        ...
