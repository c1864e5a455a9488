"""A redirect from hh.ru is an error: the client never re-sends a request, its secret or token, elsewhere."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from bot.hh.client import HHClient
from bot.hh.errors import UnexpectedRedirect
from bot.hh.tokens import TokenPair
from bot.testing.fake_hh import FakeHH, Fault
from bot.testing.recorder import RecordingServer

from .conftest import Clock, MemoryTokens, give_tokens

Call = Callable[[HHClient], Awaitable[object]]


async def exchange(client: HHClient) -> None:
    await client.exchange_code("a-code")


async def refresh(client: HHClient) -> None:
    await client.me(1)


async def me(client: HHClient) -> None:
    await client.me(1)


async def send(client: HHClient) -> None:
    await client.send_message(1, "1", "Здравствуйте")


@pytest.fixture
async def elsewhere() -> AsyncIterator[RecordingServer]:
    async with RecordingServer() as server:
        yield server


@pytest.mark.parametrize(("call", "method", "path", "status"), [
    (exchange, "POST", "/token", 307),
    (refresh, "POST", "/token", 308),
    (me, "GET", "/me", 302),
    (send, "POST", "/negotiations/1/messages", 307),
])
async def test_a_redirect_is_an_error_and_nothing_follows_it(
    client: HHClient, hh: FakeHH, tokens: MemoryTokens, clock: Clock, elsewhere: RecordingServer,
    call: Call, method: str, path: str, status: int,
) -> None:
    pair = give_tokens(hh, tokens, clock, hh.add_employer_user().user_id)
    if call is refresh:
        tokens.pairs[1] = TokenPair(pair.access_token, pair.refresh_token, clock.now() - 1)
    hh.inject(Fault(kind="redirect", status=status, method=method, path_prefix=path,
                    location=f"{elsewhere.base_url}/steal"))
    with pytest.raises(UnexpectedRedirect) as raised:
        await call(client)
    assert elsewhere.received == []
    assert [(r.method, r.path, r.status) for r in hh.requests if r.path == path] == [(method, path, status)]
    assert raised.value.status == status
    assert not any(secret in str(raised.value) for secret in ("test-secret", "a-code", pair.access_token,
                                                              pair.refresh_token))
