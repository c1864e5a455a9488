"""The bot's HTTP session to Telegram: aiogram's own, closed on the injected clock."""

from __future__ import annotations

from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.clock import Clock

SSL_CLOSE_WAIT = 0.25  # aiohttp's advice: let SSL connections finish closing before the loop ends


class TelegramSession(AiohttpSession):
    """aiogram's aiohttp session, except in closing: aiogram sleeps `SSL_CLOSE_WAIT` on asyncio's own timer; this
    waits on the injected clock, and only when Telegram is reached over https, where there is SSL to close."""

    def __init__(self, clock: Clock, api: TelegramAPIServer) -> None:
        super().__init__(api=api)
        self._clock = clock

    async def close(self) -> None:
        if self._session is None or self._session.closed:
            return
        await self._session.close()
        if self.api.base.startswith("https:"):
            await self._clock.sleep(SSL_CLOSE_WAIT)
