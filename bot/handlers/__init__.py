"""The dispatcher's routers, composed in the order they get a chance at an update."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType

from bot.handlers import (
    account,
    actions,
    fallback,
    group_team,
    groups,
    linking,
    prompts,
    quiet,
    replies,
    resumes,
    work_accounts,
)
from bot.handlers.prompt_guard import PromptGuard


def build_router() -> Router:
    """Linking comes before prompts, so that a pasted address never becomes a message to a candidate; prompts
    take only plain text, so a Telegram reply reaches `replies` and the negotiation it answers. Before any of them,
    the guard closes the sender's prompts that the update does not continue."""
    root = Router(name="root")
    guard = PromptGuard()
    root.message.outer_middleware(guard)
    root.callback_query.outer_middleware(guard)
    private = Router(name="private")
    private.message.filter(F.chat.type == ChatType.PRIVATE)
    private.callback_query.filter(F.message.chat.type == ChatType.PRIVATE)
    private.include_routers(account.build(), quiet.build(), groups.build_private(), work_accounts.build(),
                            linking.build(), prompts.build(),
                            actions.build(), resumes.build(), replies.build(), fallback.build())
    root.include_routers(private, group_team.build(), groups.build_group(), fallback.build_outside_private(),
                         fallback.build_errors())
    return root
