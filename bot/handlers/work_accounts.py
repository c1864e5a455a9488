"""/accounts and the work-account choice keyboard: which of an employer's hh.ru work accounts to follow."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.services.limits import SlowDown
from bot.services.work_accounts import WorkAccountChoice, is_employer
from bot.texts import Texts
from bot.work_accounts_view import WorkAccountsDone, WorkAccountToggle, choice_keyboard, following_text
from storage.users import User


async def choose(message: Message, user: User, texts: Texts, work_choice: WorkAccountChoice) -> None:
    account = await work_choice.account_of(user.telegram_id)
    if account is None or not is_employer(account):
        await message.answer(texts.work_employers_only)
        return
    try:
        works = await work_choice.refresh(account)
    except SlowDown:
        await message.answer(texts.slow_down)
        return
    if works is None:
        await message.answer(texts.work_failed)
    elif not works:
        await message.answer(texts.work_single)
    else:
        await message.answer(texts.work_ask, reply_markup=choice_keyboard(texts, works))


async def toggled(query: CallbackQuery, callback_data: WorkAccountToggle, user: User, texts: Texts,
                  work_choice: WorkAccountChoice) -> None:
    account = await work_choice.account_of(user.telegram_id)
    works = None if account is None else await work_choice.toggle(account, callback_data.manager_account_id)
    if works is None or not isinstance(query.message, Message):
        await query.answer(texts.button_stale)
        return
    await query.answer()
    await query.message.edit_reply_markup(reply_markup=choice_keyboard(texts, works))


async def done(query: CallbackQuery, user: User, texts: Texts, work_choice: WorkAccountChoice) -> None:
    account = await work_choice.account_of(user.telegram_id)
    if account is None or not isinstance(query.message, Message):
        await query.answer(texts.button_stale)
        return
    followed = await work_choice.done(account)
    if not followed:
        await query.answer(texts.work_choose_one, show_alert=True)
        return
    await query.answer()
    await query.message.edit_text(following_text(texts, followed))


def build() -> Router:
    router = Router(name="work_accounts")
    router.message.register(choose, Command("accounts"))
    router.callback_query.register(toggled, WorkAccountToggle.filter())
    router.callback_query.register(done, WorkAccountsDone.filter())
    return router
