"""The scheduler's order under a backlog: a check asked for by news goes ahead of the overdue fallback polls."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from cryptography.fernet import Fernet
from sqlite_utils import Database

from bot.clock import SystemClock
from bot.hh.client import HHClient
from bot.hh.oauth import AuthorizeLinks
from bot.hh.tokens import TokenPair
from bot.services.linking import LinkOffers
from bot.services.notices import Notices
from bot.services.poller import Poller
from bot.services.scheduler import PollScheduler
from storage import accounts, users
from storage.crypto import TokenCipher
from storage.db import Storage

LOCAL = "http://127.0.0.1:9"


class NoTokens:
    async def load(self, account_id: int) -> TokenPair | None:
        return None

    async def save(self, account_id: int, tokens: TokenPair) -> None:
        raise AssertionError("no check runs here: no token is saved")

    async def mark_needs_relink(self, account_id: int, reason: str) -> None:
        raise AssertionError("no check runs here: no account is marked")


@pytest.fixture
async def scheduler_and_storage() -> AsyncIterator[tuple[PollScheduler, Storage]]:
    """A scheduler that is never started (no tick runs), over a database of its own."""
    clock = SystemClock()
    storage = Storage(":memory:")
    await storage.open()
    hh = HHClient(api_url=LOCAL, user_agent="Tests/1.0 (t@example.com)", client_id="c", client_secret="s",
                  redirect_uri=f"{LOCAL}/oauth/callback", rate_limit=1, tokens=NoTokens(), clock=clock)
    offers = LinkOffers(storage, AuthorizeLinks(LOCAL, "c", f"{LOCAL}/oauth/callback"), clock)
    scheduler = PollScheduler(storage, Poller(storage, hh, clock, lambda: None),
                              Notices(storage, offers, clock, lambda: None), clock, 60.0,
                              queued_requests=lambda: 0, queue_allowance=4,
                              fallback_interval=900.0)
    yield scheduler, storage
    await hh.close()
    await storage.close()


def link_account(db: Database, cipher: TokenCipher, number: int, due_at: float) -> int:
    users.upsert(db, number, number, "ru", now=1000.0)
    profile = accounts.Profile(accounts.Role.EMPLOYER, f"u{number}", f"Менеджер {number}", f"e{number}", "Компания")
    tokens = accounts.Tokens(f"access-{number}", f"refresh-{number}", 2000.0)
    return accounts.link(db, cipher, number, profile, tokens, now=1000.0, first_check_at=due_at).id


async def test_a_check_asked_for_now_goes_ahead_of_overdue_accounts(
        scheduler_and_storage: tuple[PollScheduler, Storage]) -> None:
    scheduler, storage = scheduler_and_storage
    cipher = TokenCipher(Fernet.generate_key())
    backlog = [await storage.run(link_account, cipher, number, due_at=1000.0 + number) for number in range(1, 4)]
    with_news = await storage.run(link_account, cipher, 4, due_at=SystemClock().now() + 86400.0)
    await scheduler.check_soon(with_news)
    due = await storage.run(accounts.due, SystemClock().now(), 2)
    assert [account.id for account in due] == [with_news, backlog[0]]
