"""The client's download of a file hh.ru gave the address of: only from hh.ru's configured hosts, with the token,
streamed with a size cap, never into memory whole and never after a redirect elsewhere."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
from aiohttp import web

from bot.hh.client import HHClient
from bot.hh.errors import FileTooLarge, NotFound, UnexpectedRedirect, UnsafeUrl
from bot.testing.fake_hh import FakeHH

from .conftest import REDIRECT_URI, USER_AGENT, Clock, MemoryTokens, give_tokens

LIMIT = 256 * 1024


@dataclass
class FileHost:
    """hh.ru's file host, as a test makes it answer: an endless body (its writes counted), a declared length, a
    redirect."""

    url: str = ""
    written: int = 0
    stopped: asyncio.Event = field(default_factory=asyncio.Event)
    headers: list[dict[str, str]] = field(default_factory=list)

    async def endless(self, request: web.Request) -> web.StreamResponse:
        self.headers.append(dict(request.headers))
        response = web.StreamResponse(headers={"Content-Type": "application/pdf"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        try:
            while self.written < 1024 * 1024 * 1024:
                await response.write(b"%PDF" + b"0" * 65532)
                self.written += 65536
        except ConnectionError:
            pass
        finally:
            self.stopped.set()
        return response

    async def declared(self, request: web.Request) -> web.StreamResponse:
        self.headers.append(dict(request.headers))
        response = web.StreamResponse(headers={"Content-Type": "application/pdf", "Content-Length": str(LIMIT + 1)})
        await response.prepare(request)
        try:
            await response.write(b"%PDF")
            self.written += 4
            await asyncio.sleep(30)  # never finishes: the client must not wait for the body
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            self.stopped.set()
        return response

    async def away(self, request: web.Request) -> web.StreamResponse:
        self.headers.append(dict(request.headers))
        raise web.HTTPFound(request.query["to"])

    async def loop(self, request: web.Request) -> web.StreamResponse:
        self.headers.append(dict(request.headers))
        raise web.HTTPFound("/loop")

    async def small(self, request: web.Request) -> web.Response:
        self.headers.append(dict(request.headers))
        return web.Response(body=b"%PDF-1.4 small", content_type="application/pdf")


@pytest.fixture
async def host() -> AsyncIterator[FileHost]:
    files = FileHost()
    app = web.Application()
    app.router.add_get("/endless", files.endless)
    app.router.add_get("/declared", files.declared)
    app.router.add_get("/away", files.away)
    app.router.add_get("/small", files.small)
    app.router.add_get("/loop", files.loop)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    files.url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    yield files
    await runner.cleanup()


@pytest.fixture
async def files_client(hh: FakeHH, host: FileHost, tokens: MemoryTokens, clock: Clock) -> AsyncIterator[HHClient]:
    hh.redirect_uri = REDIRECT_URI
    give_tokens(hh, tokens, clock, hh.add_employer_user().user_id)
    client = HHClient(api_url=hh.base_url, user_agent=USER_AGENT, client_id="test-client", client_secret="test-secret",
                      redirect_uri=REDIRECT_URI, rate_limit=50, tokens=tokens, clock=clock, backoff_base=0.01,
                      backoff_cap=0.05, files_url=host.url)
    yield client
    await client.close()


async def test_an_endless_body_stops_at_the_cap(files_client: HHClient, host: FileHost,
                                                tokens: MemoryTokens) -> None:
    into = io.BytesIO()
    with pytest.raises(FileTooLarge):
        await files_client.download(1, f"{host.url}/endless", into, limit=LIMIT)
    await asyncio.wait_for(host.stopped.wait(), 5)
    assert len(into.getvalue()) <= LIMIT
    assert host.written < LIMIT + 16 * 1024 * 1024, "the server gave up soon after the client stopped reading"
    assert host.headers[0]["Authorization"] == f"Bearer {tokens.pairs[1].access_token}"


async def test_a_declared_length_over_the_cap_reads_no_body(files_client: HHClient, host: FileHost) -> None:
    into = io.BytesIO()
    with pytest.raises(FileTooLarge):
        await asyncio.wait_for(files_client.download(1, f"{host.url}/declared", into, limit=LIMIT), 5)
    assert into.getvalue() == b""


async def test_within_the_cap_the_whole_file(files_client: HHClient, host: FileHost) -> None:
    into = io.BytesIO()
    assert await files_client.download(1, f"{host.url}/small", into, limit=LIMIT) == len(b"%PDF-1.4 small")
    assert into.getvalue() == b"%PDF-1.4 small"


@pytest.mark.parametrize("url", [
    "https://evil.example/small",
    "https://{host}/small",  # another scheme
    "http://localhost:{port}/small",  # another name of the same machine is another host
    "/small",
    "http://user:pass@{host}/small",
    "http://evil.example\\@{host}/small",
])
async def test_an_address_off_hh_rus_hosts_is_never_called(files_client: HHClient, host: FileHost, url: str) -> None:
    where = host.url.removeprefix("http://")
    with pytest.raises(UnsafeUrl):
        await files_client.download(1, url.format(host=where, port=where.split(":")[1]), io.BytesIO(), limit=LIMIT)
    assert host.headers == []


async def test_a_redirect_is_followed_only_to_hh_rus_hosts(files_client: HHClient, host: FileHost,
                                                           hh: FakeHH) -> None:
    into = io.BytesIO()
    assert await files_client.download(1, f"{host.url}/away?to={host.url}/small", into, limit=LIMIT) > 0
    assert into.getvalue() == b"%PDF-1.4 small" and len(host.headers) == 2
    assert host.headers[1]["Authorization"] == host.headers[0]["Authorization"]
    with pytest.raises(UnexpectedRedirect):
        await files_client.download(1, f"{host.url}/away?to=http://127.0.0.2:9/steal", io.BytesIO(), limit=LIMIT)
    before = len(host.headers)
    with pytest.raises(UnexpectedRedirect):
        await files_client.download(1, f"{host.url}/loop", io.BytesIO(), limit=LIMIT)
    assert len(host.headers) - before == 4, "the first request and three redirects followed"
    with pytest.raises(NotFound):  # the API's own host is hh.ru's too: its answer counts
        await files_client.download(1, f"{hh.base_url}/resumes/none/download/x.pdf?type=pdf", io.BytesIO(),
                                    limit=LIMIT)
