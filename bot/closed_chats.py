"""A Bot API call that failed because the chat is closed to the bot: it was kicked from the group or left it, the
user blocked it or is deactivated, the group was deleted or is not found. Nothing else sent there can succeed."""

from __future__ import annotations

from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError

CLOSED_BAD_REQUESTS = ("chat not found", "have no rights to send", "not enough rights to send")


def closed_chat(error: BaseException) -> int | None:
    """The chat the failed call found closed to the bot; None when the call failed for another reason (or named
    its chat by username)."""
    if isinstance(error, TelegramForbiddenError):
        closed = True
    elif isinstance(error, TelegramBadRequest):
        closed = any(reason in error.message.lower() for reason in CLOSED_BAD_REQUESTS)
    else:
        return None
    chat_id = getattr(error.method, "chat_id", None)
    return chat_id if closed and isinstance(chat_id, int) and not isinstance(chat_id, bool) else None
