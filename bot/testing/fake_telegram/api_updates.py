"""getUpdates (long polling) and the webhook settings."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from .errors import bad_request, conflict
from .params import Params
from .state import Described, FakeState, WebhookConfig

MAX_UPDATES_PER_CALL = 100
SECRET_TOKEN_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")
WEBHOOK_ACTIVE = "can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
TERMINATED = "terminated by other getUpdates request; make sure that only one bot instance is running"


async def get_updates(state: FakeState, params: Params) -> list[dict[str, Any]]:
    """Holds up to `timeout` real seconds until an update exists. A newer call ends an older
    waiting one with 409."""
    if state.webhook.url:
        raise conflict(WEBHOOK_ACTIVE)
    offset = params.integer("offset")
    limit = min(max(params.integer("limit") or MAX_UPDATES_PER_CALL, 1), MAX_UPDATES_PER_CALL)
    timeout = max(params.integer("timeout") or 0, 0)
    state.updates.set_allowed(params.raw("allowed_updates"))
    if offset:
        state.updates.confirm_below(offset)
    state.poll_generation += 1
    generation = state.poll_generation
    state.changed()  # an older waiting call sees the new generation and ends with 409

    def ready() -> bool:
        return generation != state.poll_generation or bool(state.webhook.url) or len(state.updates) > 0 or state.closing

    if not ready():
        state.waiting_polls += 1
        state.changed()
        try:
            await state.notifier.wait_until(ready, timeout)
        finally:
            state.waiting_polls -= 1
    if generation != state.poll_generation:
        raise conflict(TERMINATED)
    if state.webhook.url:
        raise conflict(WEBHOOK_ACTIVE)
    return [update for update in state.updates.pending if offset is None or offset <= 0
            or update["update_id"] >= offset][:limit]  # an update redelivered meanwhile waits for the next call


async def set_webhook(state: FakeState, params: Params) -> Described:
    url = params.string("url") or ""
    secret_token = params.string("secret_token") or None
    if secret_token is not None and not SECRET_TOKEN_PATTERN.fullmatch(secret_token):
        raise bad_request("secret token contains unallowed characters")
    if url:
        _check_webhook_url(url)
    max_connections = params.integer("max_connections") or 40
    if not 1 <= max_connections <= 100:
        raise bad_request("bad webhook: max_connections must be between 1 and 100")
    state.updates.set_allowed(params.raw("allowed_updates"))
    if params.boolean("drop_pending_updates"):
        state.updates.drop_all()
    previous_url = state.webhook.url
    state.webhook = WebhookConfig(url=url, secret_token=secret_token, max_connections=max_connections)
    state.changed()
    if not url:
        return Described(True, "Webhook was deleted" if previous_url else "Webhook is already deleted")
    return Described(True, "Webhook is already set" if previous_url == url else "Webhook was set")


async def delete_webhook(state: FakeState, params: Params) -> Described:
    if params.boolean("drop_pending_updates"):
        state.updates.drop_all()
    previous_url = state.webhook.url
    state.webhook = WebhookConfig()
    state.changed()
    return Described(True, "Webhook was deleted" if previous_url else "Webhook is already deleted")


async def get_webhook_info(state: FakeState, params: Params) -> dict[str, Any]:
    webhook = state.webhook
    info: dict[str, Any] = {
        "url": webhook.url,
        "has_custom_certificate": False,
        "pending_update_count": len(state.updates),
    }
    if webhook.url:
        info["max_connections"] = webhook.max_connections
    if webhook.last_error_date is not None:
        info["last_error_date"] = webhook.last_error_date
        info["last_error_message"] = webhook.last_error_message
    return info


def _check_webhook_url(url: str) -> None:
    """Real Telegram demands https on ports 80/88/443/8443; loopback http is accepted here."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as error:
        raise bad_request("bad webhook: Failed to resolve host: Name or service not known") from error
    if parts.scheme.lower() not in ("http", "https"):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if not host:
        raise bad_request("bad webhook: Failed to resolve host: Name or service not known")
