"""/start, the confirmation of a sign-in (`/start link_<token>` from the page's deep link), and the pasted-address
fallback of the OAuth link."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import CommandStart
from aiogram.types import Message

from bot.keyboards import link_keyboard
from bot.link_result import LinkResult
from bot.render import link_result_text, status_text
from bot.services.accounts import AccountService
from bot.services.linking import (
    Linking,
    LinkOffers,
    Pasted,
    carries_sign_in,
    confirmation_token,
    parse_pasted,
)
from bot.texts import Texts
from storage.users import User


async def start(
    message: Message, user: User, texts: Texts, offers: LinkOffers, account_service: AccountService, linking: Linking
) -> None:
    hint = texts.link_hint if linking.pasted_addresses else texts.link_hint_confirm
    view = await account_service.status(user.telegram_id)
    if view.account is None:
        url = await offers.new_link(user.telegram_id)
        await message.answer(f"{texts.intro}\n\n{hint}", reply_markup=link_keyboard(texts, url))
        return
    url = await offers.new_link(user.telegram_id, force_login=True)
    status = status_text(texts, view.account, paused=view.paused, delivered=view.delivered, queued=view.queued)
    await message.answer(f"{status}\n\n{hint}", reply_markup=link_keyboard(texts, url, another=True))


async def confirm(message: Message, confirmation: str, user: User, texts: Texts, linking: Linking) -> None:
    """The page's «confirm» button opened this Telegram: it links only if this user asked for the link."""
    await _answer(message, await linking.confirm(user.telegram_id, confirmation), texts, linking)


async def pasted_address(message: Message, pasted: Pasted, user: User, texts: Texts, linking: Linking) -> None:
    await _answer(message, await linking.complete_pasted(user.telegram_id, pasted), texts, linking)


async def _answer(message: Message, result: LinkResult, texts: Texts, linking: Linking) -> None:
    markup = link_keyboard(texts, result.retry_url) if result.retry_url else None
    await message.answer(link_result_text(texts, result), reply_markup=markup)
    if result.account is not None:
        await linking.ask_work_accounts(result.account.id)


async def sign_in_text(message: Message, texts: Texts) -> None:
    """A code, or an address with one inside other text: never exchanged and never sent on to anyone."""
    await message.answer(texts.link_paste_full_address)


def build() -> Router:
    router = Router(name="linking")
    confirmation = F.args.func(confirmation_token).as_("confirmation")
    router.message.register(confirm, CommandStart(deep_link=True, magic=confirmation))
    router.message.register(start, CommandStart())
    router.message.register(pasted_address, F.text.func(parse_pasted).as_("pasted"))
    router.message.register(sign_in_text, F.text.func(carries_sign_in))
    return router
