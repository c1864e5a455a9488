"""The dispatcher's routers, composed in the order they get a chance at an update."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType

from bot.handlers import account, actions, fallback, linking, prompts, quiet, replies


def build_router() -> Router:
    """Linking comes before prompts, so that a pasted address never becomes a message to a candidate; prompts
    take only plain text, so a Telegram reply reaches `replies` and the negotiation it answers."""
    root = Router(name="root")
    private = Router(name="private")
    private.message.filter(F.chat.type == ChatType.PRIVATE)
    private.callback_query.filter(F.message.chat.type == ChatType.PRIVATE)
    private.include_routers(account.build(), quiet.build(), linking.build(), prompts.build(), actions.build(),
                            replies.build(), fallback.build())
    root.include_routers(private, fallback.build_outside_private(), fallback.build_errors())
    return root
