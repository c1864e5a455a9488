"""Delivery of queued updates to the webhook: one at a time, in order, retrying until a 2xx."""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import parse_qsl

import aiohttp

from .api_dispatch import execute_call
from .models import WebhookDelivery
from .state import FakeState

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DELIVERY_TIMEOUT_SECONDS = 10.0


class WebhookDeliverer:
    def __init__(self, state: FakeState, retry_delay: float) -> None:
        self._state = state
        self._retry_delay = retry_delay

    async def run(self) -> None:
        """Runs until the fake closes (or the task is cancelled)."""
        timeout = aiohttp.ClientTimeout(total=DELIVERY_TIMEOUT_SECONDS)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            while True:
                await self._state.notifier.wait_until(self._has_work, None)
                if self._state.closing:
                    return
                if not await self._deliver_first(session):
                    await asyncio.sleep(self._retry_delay)

    def _has_work(self) -> bool:
        state = self._state
        return state.closing or (bool(state.webhook.url) and len(state.updates) > 0)

    async def _deliver_first(self, session: aiohttp.ClientSession) -> bool:
        state = self._state
        update = state.updates.first()
        if update is None:
            return True
        update_id: int = update["update_id"]
        headers = {SECRET_HEADER: state.webhook.secret_token} if state.webhook.secret_token else {}
        reply: dict[str, Any] = {}
        try:
            async with session.post(state.webhook.url, json=update, headers=headers) as response:
                status, reason = response.status, response.reason or ""
                if 200 <= status < 300:
                    reply = await _read_webhook_reply(response)
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            self._fail(update_id, None, f"{type(error).__name__}: {error}")
            return False
        if not 200 <= status < 300:
            self._fail(update_id, status, f"Wrong response from the webhook: {status} {reason}")
            return False
        state.webhook_deliveries.append(WebhookDelivery(update_id, status, None, state.clock()))
        state.updates.confirm(update_id)
        state.changed()
        method = reply.pop("method", None)
        if isinstance(method, str):
            await execute_call(state, state.identity.token, method, reply)
        return True

    def _fail(self, update_id: int, status: int | None, message: str) -> None:
        state = self._state
        state.webhook_deliveries.append(WebhookDelivery(update_id, status, message, state.clock()))
        state.webhook.last_error_message = message
        state.webhook.last_error_date = state.chats.now()
        state.changed()


async def _read_webhook_reply(response: aiohttp.ClientResponse) -> dict[str, Any]:
    """A Bot API call the webhook answered with (Telegram runs it), as raw parameters."""
    if response.content_type == "application/json":
        decoded = await response.json()
        return decoded if isinstance(decoded, dict) else {}
    if response.content_type == "application/x-www-form-urlencoded":
        return dict(parse_qsl(await response.text()))
    if response.content_type == "multipart/form-data":
        return await _read_multipart(response)
    return {}


async def _read_multipart(response: aiohttp.ClientResponse) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    reader = aiohttp.MultipartReader.from_response(response)
    while (part := await reader.next()) is not None:
        if isinstance(part, aiohttp.BodyPartReader) and part.name and part.filename is None:
            fields[part.name] = await part.text()
    return fields
