from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from bot.clock import SystemClock
from bot.hh.client import HHClient
from bot.hh.tokens import TokenPair
from bot.testing.fake_hh import FakeHH

USER_AGENT = "HHBridgeTests/1.0 (tests@example.com)"
REDIRECT_URI = "http://127.0.0.1:9/oauth/callback"


class Clock(SystemClock):
    """A calendar that stands still, shared by the client and the fake hh.ru; the system's stopwatch and sleep."""

    def __init__(self, now: float = 1_000_000.0) -> None:
        self.value = now

    def now(self) -> float:
        return self.value

    def on_advance(self, moved: Callable[[], None]) -> None:
        """It never moves: nothing to tell."""


class MemoryTokens:
    """The token store protocol in memory, with a record of what the client did with it."""

    def __init__(self) -> None:
        self.pairs: dict[int, TokenPair] = {}
        self.saved: list[tuple[int, TokenPair]] = []
        self.relinks: list[tuple[int, str]] = []

    async def load(self, account_id: int) -> TokenPair | None:
        return None if any(a == account_id for a, _ in self.relinks) else self.pairs.get(account_id)

    async def save(self, account_id: int, tokens: TokenPair) -> None:
        self.pairs[account_id] = tokens
        self.saved.append((account_id, tokens))

    async def mark_needs_relink(self, account_id: int, reason: str) -> None:
        self.relinks.append((account_id, reason))


@pytest.fixture
def tokens() -> MemoryTokens:
    return MemoryTokens()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def client(hh: FakeHH, tokens: MemoryTokens, clock: Clock) -> AsyncIterator[HHClient]:
    hh.redirect_uri = REDIRECT_URI
    hh_client = HHClient(api_url=hh.base_url, user_agent=USER_AGENT, client_id="test-client",
                         client_secret="test-secret", redirect_uri=REDIRECT_URI, rate_limit=50, tokens=tokens,
                         clock=clock, backoff_base=0.01, backoff_cap=0.05)
    yield hh_client
    await hh_client.close()


def give_tokens(hh: FakeHH, tokens: MemoryTokens, clock: Clock, user_id: str, account_id: int = 1) -> TokenPair:
    info = hh.issue_tokens(user_id)
    pair = TokenPair(info.access_token, info.refresh_token, clock.now() + 1_000_000)
    tokens.pairs[account_id] = pair
    return pair
