"""/status, /unlink, /pause, /resume and /help."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.keyboards import UnlinkChoice, unlink_keyboard
from bot.render import account_label, fit, status_text
from bot.services.accounts import AccountService, InstantDelivery
from bot.services.linking import Linking, UnlinkResult
from bot.services.work_accounts import WorkAccountChoice, is_employer
from bot.texts import Texts
from bot.work_accounts_view import status_lines
from storage.users import User


async def status(message: Message, user: User, texts: Texts, account_service: AccountService,
                 work_choice: WorkAccountChoice) -> None:
    view = await account_service.status(user.telegram_id)
    text = status_text(texts, view.account, paused=view.paused, delivered=view.delivered, queued=view.queued)
    if view.account is not None:
        text = f"{text}\n{instant_line(texts, view.instant)}"
    if view.account is not None and is_employer(view.account):
        lines = status_lines(texts, *await work_choice.shown(view.account))
        if lines:
            text = "\n\n".join([text, "\n".join(lines)])
    await message.answer(fit(text))


def instant_line(texts: Texts, instant: InstantDelivery) -> str:
    return {InstantDelivery.ON: texts.status_instant_on, InstantDelivery.STARTING: texts.status_instant_starting,
            InstantDelivery.UNAVAILABLE: texts.status_instant_unavailable,
            InstantDelivery.EMPLOYERS_ONLY: texts.status_instant_employers_only,
            InstantDelivery.OFF: texts.status_instant_off}[instant]


async def unlink(message: Message, user: User, texts: Texts, account_service: AccountService) -> None:
    view = await account_service.status(user.telegram_id)
    if view.account is None:
        await message.answer(texts.nothing_to_unlink)
        return
    await message.answer(texts.unlink_confirm.format(account=account_label(texts, view.account.profile)),
                         reply_markup=unlink_keyboard(texts))


async def unlink_confirmed(query: CallbackQuery, user: User, texts: Texts, linking: Linking) -> None:
    await query.answer()
    result = await linking.unlink(user.telegram_id)
    answer = {UnlinkResult.NOT_LINKED: texts.nothing_to_unlink, UnlinkResult.DONE: texts.unlinked,
              UnlinkResult.HH_UNREACHABLE: texts.unlinked_hh_unreachable}[result]
    if isinstance(query.message, Message):
        await query.message.edit_text(answer)


async def unlink_cancelled(query: CallbackQuery, texts: Texts) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(texts.unlink_cancelled)


async def pause(message: Message, user: User, texts: Texts, account_service: AccountService) -> None:
    await account_service.pause(user.telegram_id)
    await message.answer(texts.paused)


async def resume(message: Message, user: User, texts: Texts, account_service: AccountService) -> None:
    await account_service.resume(user.telegram_id)
    await message.answer(texts.resumed)


async def help_(message: Message, texts: Texts) -> None:
    await message.answer(texts.help)


def build() -> Router:
    router = Router(name="account")
    router.message.register(status, Command("status"))
    router.message.register(unlink, Command("unlink"))
    router.callback_query.register(unlink_confirmed, UnlinkChoice.filter(F.confirmed))
    router.callback_query.register(unlink_cancelled, UnlinkChoice.filter(~F.confirmed))
    router.message.register(pause, Command("pause"))
    router.message.register(resume, Command("resume"))
    router.message.register(help_, Command("help"))
    return router
