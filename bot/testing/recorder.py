"""Another host on 127.0.0.1 that answers every request with an empty JSON object and records what it received.

Tests point a redirect of the fake hh.ru at it, to see whether anything, such as the client secret, followed.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import TracebackType

from aiohttp import web


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class RecordingServer:
    def __init__(self) -> None:
        self.received: list[Received] = []
        self._runner: web.AppRunner | None = None
        self._base_url: str | None = None

    @property
    def base_url(self) -> str:
        if self._base_url is None:
            raise RuntimeError("the recording server is not started")
        return self._base_url

    async def start(self) -> str:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._record)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        self._runner = runner
        self._base_url = f"http://127.0.0.1:{runner.addresses[0][1]}"
        return self._base_url

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> RecordingServer:
        await self.start()
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.close()

    async def _record(self, request: web.Request) -> web.Response:
        self.received.append(Received(request.method, request.path, dict(request.headers), await request.read()))
        return web.json_response({})
