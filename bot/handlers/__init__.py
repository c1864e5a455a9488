"""The dispatcher's routers, composed in the order they get a chance at an update."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType

from bot.handlers import account, actions, fallback, linking, replies


def build_router() -> Router:
    root = Router(name="root")
    private = Router(name="private")
    private.message.filter(F.chat.type == ChatType.PRIVATE)
    private.callback_query.filter(F.message.chat.type == ChatType.PRIVATE)
    private.include_routers(account.build(), actions.build(), replies.build(), linking.build(), fallback.build())
    root.include_routers(private, fallback.build_outside_private(), fallback.build_errors())
    return root
