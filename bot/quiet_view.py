"""Quiet hours in words and buttons: the setting, the zone question and the digest. Pure functions: no I/O."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.quiet import DEFAULT_ZONE, RUSSIAN_ZONES, DigestEntry, hhmm, split_digest
from bot.render import TELEGRAM_TEXT_LIMIT, esc, esc_name, fit, plural, shorten, visible_length
from bot.texts import Texts
from storage.quiet_hours import QuietMode, QuietSetting

DIGEST_ENTRIES_PER_MESSAGE = 40  # a button each, well within Telegram's 100 buttons a message
BUTTON_LIMIT = 48
ANOTHER_ZONE = -1


class QuietZone(CallbackData, prefix="qz"):
    """A zone button under the zone question: an index into RUSSIAN_ZONES, or ANOTHER_ZONE."""

    index: int


class DigestOpen(CallbackData, prefix="qo"):
    """A digest button: the cards held for one negotiation, by the range of their ids."""

    first: int
    last: int


def zone_label(texts: Texts, zone: str) -> str:
    """«Москва (UTC+3)» for Russia's zones, the stored name otherwise; escaped."""
    if zone in RUSSIAN_ZONES:
        return esc(texts.quiet_zone_names[RUSSIAN_ZONES.index(zone)])
    return esc(zone)


def status_text(texts: Texts, setting: QuietSetting | None) -> str:
    if setting is None or setting.zone is None or setting.hours is None:
        return f"{texts.quiet_status_off}\n\n{texts.quiet_usage}"
    start, end = setting.hours
    mode = texts.quiet_mode_digest if setting.mode is QuietMode.DIGEST else texts.quiet_mode_silent
    return texts.quiet_status_on.format(start=hhmm(start), end=hhmm(end), zone=zone_label(texts, setting.zone),
                                        mode=mode)


def zone_question(texts: Texts, start: int, end: int) -> str:
    return texts.quiet_ask_zone.format(start=hhmm(start), end=hhmm(end))


def zone_keyboard(texts: Texts) -> InlineKeyboardMarkup:
    """Moscow first, as the default; then Russia's other zones two a row; then a way to type another."""
    default = RUSSIAN_ZONES.index(DEFAULT_ZONE)
    rows = [[_zone_button(texts.quiet_zone_default.format(zone=texts.quiet_zone_names[default]), default)]]
    others = [_zone_button(texts.quiet_zone_names[index], index)
              for index in range(len(RUSSIAN_ZONES)) if index != default]
    rows.extend(others[start:start + 2] for start in range(0, len(others), 2))
    rows.append([_zone_button(texts.quiet_zone_other_button, ANOTHER_ZONE)])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def _zone_button(text: str, index: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=QuietZone(index=index).pack())


def digest_messages(texts: Texts, entries: list[DigestEntry]) -> list[tuple[str, InlineKeyboardMarkup]]:
    """The digest as messages within Telegram's limits: a line and a button per negotiation."""
    header_room = max(visible_length(texts.digest_title), visible_length(texts.digest_more))
    room = TELEGRAM_TEXT_LIMIT - header_room
    parts = split_digest(entries, lambda entry: visible_length(digest_line(texts, entry)) + 1, room,
                         DIGEST_ENTRIES_PER_MESSAGE)
    messages: list[tuple[str, InlineKeyboardMarkup]] = []
    for number, part in enumerate(parts):
        header = texts.digest_title if number == 0 else texts.digest_more
        text = fit("\n".join([header, *(digest_line(texts, entry) for entry in part)]))
        buttons = [[InlineKeyboardButton(text=_button_text(entry), callback_data=DigestOpen(
            first=entry.first_card, last=entry.last_card).pack())] for entry in part]
        messages.append((text, InlineKeyboardMarkup(inline_keyboard=buttons)))
    return messages


def digest_line(texts: Texts, entry: DigestEntry) -> str:
    name = " · ".join(part for part in (f"<b>{esc_name(entry.title)}</b>" if entry.title else "",
                                        esc_name(entry.vacancy)) if part)
    return texts.digest_line.format(name=name, count=entry.count,
                                    news=plural(texts, entry.count, texts.digest_news_word))


def _button_text(entry: DigestEntry) -> str:
    return shorten(" · ".join(part for part in (entry.title, entry.vacancy) if part) or "…", BUTTON_LIMIT)
