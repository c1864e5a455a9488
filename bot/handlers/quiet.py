"""/quiet: quiet hours in the user's time zone (asked once, Moscow by default), and the digest's buttons."""

from __future__ import annotations

import re

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, LinkPreviewOptions, Message

from bot.keyboards import card_keyboard
from bot.quiet import RUSSIAN_ZONES, RangeError, parse_range, parse_zone
from bot.quiet_view import ANOTHER_ZONE, DigestOpen, QuietZone, status_text, zone_keyboard, zone_label, zone_question
from bot.render import esc
from bot.services.quiet_settings import QuietSettings
from bot.texts import Texts
from storage.quiet_hours import QuietMode, QuietSetting
from storage.users import User

_LETTER = re.compile(r"[^\W\d_]")


async def quiet(message: Message, command: CommandObject, user: User, texts: Texts,
                quiet_hours: QuietSettings) -> None:
    words = (command.args or "").split()
    keyword = words[0].lower() if words else ""
    if not words:
        await _show(message, texts, await quiet_hours.of(user.telegram_id))
    elif keyword == "off":
        await quiet_hours.turn_off(user)
        await message.answer(texts.quiet_off)
    elif keyword in (QuietMode.DIGEST, QuietMode.SILENT):
        setting = await quiet_hours.set_mode(user, QuietMode(keyword))
        done = texts.quiet_digest_on if setting.mode is QuietMode.DIGEST else texts.quiet_silent_on
        await message.answer(f"{done}\n\n{_summary(texts, setting)}")
    elif keyword == "zone":
        await _zone(message, " ".join(words[1:]), user, texts, quiet_hours)
    else:
        await _hours(message, words, user, texts, quiet_hours)


async def _show(message: Message, texts: Texts, setting: QuietSetting | None) -> None:
    if setting is not None and setting.hours is not None and setting.zone is None:
        await message.answer(zone_question(texts, *setting.hours), reply_markup=zone_keyboard(texts))
        return
    await message.answer(status_text(texts, setting))


async def _zone(message: Message, typed: str, user: User, texts: Texts, quiet_hours: QuietSettings) -> None:
    if not typed:
        await message.answer(texts.quiet_zone_other)
        return
    zone = parse_zone(typed)
    if zone is None:
        await message.answer(texts.quiet_zone_unknown.format(zone=esc(typed)))
        return
    setting = await quiet_hours.set_zone(user, zone)
    await message.answer(f"{texts.quiet_zone_set.format(zone=zone_label(texts, zone))}\n\n{_summary(texts, setting)}")


async def _hours(message: Message, words: list[str], user: User, texts: Texts, quiet_hours: QuietSettings) -> None:
    """«22-08», «22:30 - 08:00», optionally followed by a zone: «22-08 Asia/Novosibirsk», «22-08 UTC+5»."""
    typed_zone = words[-1] if len(words) > 1 and _LETTER.search(words[-1]) else None
    typed_range = " ".join(words[:-1] if typed_zone else words)
    hours = parse_range(typed_range)
    if isinstance(hours, RangeError):
        answer = {RangeError.FORMAT: texts.quiet_bad_range.format(text=esc(typed_range)),
                  RangeError.HOUR: texts.quiet_bad_hour, RangeError.SAME: texts.quiet_same_ends}[hours]
        await message.answer(answer)
        return
    zone = parse_zone(typed_zone) if typed_zone else None
    if typed_zone and zone is None:
        await message.answer(texts.quiet_zone_unknown.format(zone=esc(typed_zone)))
        return
    if zone is not None:
        await quiet_hours.set_zone(user, zone)
    setting = await quiet_hours.set_hours(user, *hours)
    if setting.zone is None:
        await message.answer(zone_question(texts, *hours), reply_markup=zone_keyboard(texts))
        return
    await message.answer(status_text(texts, setting))


def _summary(texts: Texts, setting: QuietSetting) -> str:
    return status_text(texts, setting) if setting.active else texts.quiet_no_hours


async def zone_chosen(query: CallbackQuery, callback_data: QuietZone, user: User, texts: Texts,
                      quiet_hours: QuietSettings) -> None:
    if not isinstance(query.message, Message):
        await query.answer(texts.button_stale)
        return
    if callback_data.index == ANOTHER_ZONE:
        await query.answer()
        await query.message.answer(texts.quiet_zone_other)
        return
    if not 0 <= callback_data.index < len(RUSSIAN_ZONES):
        await query.answer(texts.button_stale)
        return
    zone = RUSSIAN_ZONES[callback_data.index]
    setting = await quiet_hours.set_zone(user, zone)
    await query.answer()
    await query.message.edit_text(f"{texts.quiet_zone_set.format(zone=zone_label(texts, zone))}\n\n"
                                  f"{_summary(texts, setting)}")


async def open_from_digest(query: CallbackQuery, callback_data: DigestOpen, user: User, texts: Texts,
                           quiet_hours: QuietSettings) -> None:
    """Sends the negotiation's held cards again, as new messages that Telegram replies can answer."""
    cards = await quiet_hours.cards_to_open(user.telegram_id, callback_data.first, callback_data.last)
    if not cards or not isinstance(query.message, Message):
        await query.answer(texts.button_stale)
        return
    await query.answer()
    for card in cards:
        sent = await query.message.answer(card.text, reply_markup=card_keyboard(texts, card),
                                          link_preview_options=LinkPreviewOptions(is_disabled=True))
        await quiet_hours.opened(card, sent.chat.id, sent.message_id)


def build() -> Router:
    router = Router(name="quiet")
    router.message.register(quiet, Command("quiet"))
    router.callback_query.register(zone_chosen, QuietZone.filter())
    router.callback_query.register(open_from_digest, DigestOpen.filter())
    return router
