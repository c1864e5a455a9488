"""Quiet hours as pure functions: parsing, whether a moment is quiet, when it ends, the digest's grouping and size."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.quiet import (
    DigestEntry,
    HeldNews,
    RangeError,
    digest_entries,
    is_quiet,
    parse_range,
    parse_zone,
    quiet_end,
    split_digest,
    zone_info,
)
from bot.quiet_view import DigestOpen, digest_messages, status_text, zone_keyboard
from bot.render import TELEGRAM_TEXT_LIMIT, visible_length
from bot.texts import EN, RU
from storage.quiet_hours import QuietMode, QuietSetting


def at(zone: str, local: str, fold: int = 0) -> float:
    """The moment a wall clock in `zone` shows `local` («2026-01-15 22:00»)."""
    return datetime.fromisoformat(local).replace(tzinfo=zone_info(zone), fold=fold).timestamp()


def shown(zone: str, moment: float | None) -> str | None:
    return None if moment is None else datetime.fromtimestamp(moment, zone_info(zone)).strftime("%Y-%m-%d %H:%M")


def hm(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


@pytest.mark.parametrize(("typed", "expected"), [
    ("22-08", (hm("22:00"), hm("08:00"))),
    ("22:30-08:00", (hm("22:30"), hm("08:00"))),
    ("22 - 8", (hm("22:00"), hm("08:00"))),
    ("22–08", (hm("22:00"), hm("08:00"))),
    ("7-9", (hm("07:00"), hm("09:00"))),
    ("0-23", (0, hm("23:00"))),
    ("23:59-00:00", (hm("23:59"), 0)),
    ("24-08", RangeError.HOUR),
    ("22-08:60", RangeError.HOUR),
    ("22-22", RangeError.SAME),
    ("22:00-22:00", RangeError.SAME),
    ("22", RangeError.FORMAT),
    ("22-", RangeError.FORMAT),
    ("ночью", RangeError.FORMAT),
    ("22-08-09", RangeError.FORMAT),
    ("222-08", RangeError.FORMAT),
])
def test_parse_range(typed: str, expected: tuple[int, int] | RangeError) -> None:
    assert parse_range(typed) == expected


@pytest.mark.parametrize(("typed", "expected"), [
    ("Europe/Moscow", "Europe/Moscow"),
    ("europe/moscow", "Europe/Moscow"),
    (" Asia/Novosibirsk ", "Asia/Novosibirsk"),
    ("UTC+5", "UTC+5"),
    ("utc+05:00", "UTC+5"),
    ("UTC-3:30", "UTC-3:30"),
    ("UTC+0530", "UTC+5:30"),
    ("+3", "UTC+3"),
    ("GMT+3", "UTC+3"),
    ("UTC−4", "UTC-4"),  # a typographic minus
    ("UTC", "UTC"),
    ("UTC+0", "UTC"),
    ("UTC+14", "UTC+14"),
    ("UTC+15", None),
    ("UTC+5:75", None),
    ("Mars/Olympus", None),
    ("../../etc/passwd", None),
    ("Москва", None),
])
def test_parse_zone(typed: str, expected: str | None) -> None:
    assert parse_zone(typed) == expected


@pytest.mark.parametrize(("name", "offset"), [
    ("UTC", timedelta(0)), ("UTC+5", timedelta(hours=5)), ("UTC+5:30", timedelta(hours=5, minutes=30)),
    ("UTC-3:30", -timedelta(hours=3, minutes=30)), ("Europe/Moscow", timedelta(hours=3)),
])
def test_zone_info_offsets(name: str, offset: timedelta) -> None:
    assert zone_info(name).utcoffset(datetime(2026, 1, 15)) == offset


@pytest.mark.parametrize(("zone", "local", "hours", "quiet"), [
    # across midnight: the start is included, the end is not
    ("Europe/Moscow", "2026-01-15 21:59", ("22:00", "08:00"), False),
    ("Europe/Moscow", "2026-01-15 22:00", ("22:00", "08:00"), True),
    ("Europe/Moscow", "2026-01-16 00:00", ("22:00", "08:00"), True),
    ("Europe/Moscow", "2026-01-16 07:59", ("22:00", "08:00"), True),
    ("Europe/Moscow", "2026-01-16 08:00", ("22:00", "08:00"), False),
    ("Europe/Moscow", "2026-01-16 12:00", ("22:00", "08:00"), False),
    # within one day
    ("Europe/Moscow", "2026-01-15 12:59", ("13:00", "18:00"), False),
    ("Europe/Moscow", "2026-01-15 13:00", ("13:00", "18:00"), True),
    ("Europe/Moscow", "2026-01-15 17:59", ("13:00", "18:00"), True),
    ("Europe/Moscow", "2026-01-15 18:00", ("13:00", "18:00"), False),
    ("Europe/Moscow", "2026-01-15 23:00", ("13:00", "18:00"), False),
    # minutes
    ("Asia/Novosibirsk", "2026-07-01 22:29", ("22:30", "07:45"), False),
    ("Asia/Novosibirsk", "2026-07-01 22:30", ("22:30", "07:45"), True),
    ("Asia/Novosibirsk", "2026-07-02 07:44", ("22:30", "07:45"), True),
    ("Asia/Novosibirsk", "2026-07-02 07:45", ("22:30", "07:45"), False),
    # fixed offsets and a half-hour zone
    ("UTC+5", "2026-01-15 23:30", ("23:00", "06:00"), True),
    ("UTC-3:30", "2026-01-15 06:00", ("23:00", "06:00"), False),
    ("Asia/Kolkata", "2026-01-15 05:59", ("23:00", "06:00"), True),
    # whole day but a minute
    ("UTC", "2026-01-15 12:00", ("00:01", "00:00"), True),
    ("UTC", "2026-01-15 00:00", ("00:01", "00:00"), False),
])
def test_is_quiet(zone: str, local: str, hours: tuple[str, str], quiet: bool) -> None:
    assert is_quiet(at(zone, local), zone_info(zone), hm(hours[0]), hm(hours[1])) is quiet


@pytest.mark.parametrize(("zone", "expected"), [
    ("Europe/Kaliningrad", False),  # 21:30 there
    ("Europe/Moscow", True),  # 22:30
    ("Asia/Novosibirsk", True),  # 02:30 the next day
    ("Asia/Kamchatka", True),  # 07:30 the next day
    ("America/New_York", False),  # 14:30
])
def test_one_moment_in_different_zones(zone: str, expected: bool) -> None:
    moment = at("UTC", "2026-01-15 19:30")
    assert is_quiet(moment, zone_info(zone), hm("22:00"), hm("08:00")) is expected


@pytest.mark.parametrize(("zone", "local", "hours", "ends"), [
    ("Europe/Moscow", "2026-01-15 23:00", ("22:00", "08:00"), "2026-01-16 08:00"),
    ("Europe/Moscow", "2026-01-15 22:00", ("22:00", "08:00"), "2026-01-16 08:00"),
    ("Europe/Moscow", "2026-01-16 03:00", ("22:00", "08:00"), "2026-01-16 08:00"),
    ("Europe/Moscow", "2026-01-16 07:59", ("22:00", "08:00"), "2026-01-16 08:00"),
    ("Europe/Moscow", "2026-01-16 08:00", ("22:00", "08:00"), None),
    ("Europe/Moscow", "2026-01-16 12:00", ("22:00", "08:00"), None),
    ("Europe/Moscow", "2026-01-15 14:00", ("13:00", "18:00"), "2026-01-15 18:00"),
    ("Europe/Moscow", "2026-12-31 23:30", ("23:00", "01:00"), "2027-01-01 01:00"),
    ("UTC+5", "2026-01-15 23:59", ("22:30", "00:15"), "2026-01-16 00:15"),
    ("Asia/Kolkata", "2026-01-15 23:59", ("23:00", "06:00"), "2026-01-16 06:00"),
])
def test_quiet_end(zone: str, local: str, hours: tuple[str, str], ends: str | None) -> None:
    assert shown(zone, quiet_end(at(zone, local), zone_info(zone), hm(hours[0]), hm(hours[1]))) == ends


def test_quiet_end_in_an_hour_a_clock_change_repeats_is_the_second_one() -> None:
    """Berlin, 25 October 2026: 03:00 CEST becomes 02:00 CET. At the second 02:10, 01:00–02:30 ends at the second
    02:30 — twenty minutes later, never at the first one, which is already past."""
    now = at("Europe/Berlin", "2026-10-25 02:10", fold=1)
    end = quiet_end(now, zone_info("Europe/Berlin"), hm("01:00"), hm("02:30"))
    assert end == now + 20 * 60


def test_quiet_end_in_an_hour_a_clock_change_skips_is_after_now_and_not_quiet() -> None:
    """Berlin, 29 March 2026: 02:00 CET becomes 03:00 CEST, so 02:30 never shows."""
    now = at("Europe/Berlin", "2026-03-29 01:30")
    zone = zone_info("Europe/Berlin")
    end = quiet_end(now, zone, hm("01:00"), hm("02:30"))
    assert end is not None and end > now and not is_quiet(end, zone, hm("01:00"), hm("02:30"))


def news(account: int, negotiation: str, card: int, title: str = "", vacancy: str = "") -> HeldNews:
    return HeldNews(account, negotiation, card, title, vacancy)


@pytest.mark.parametrize(("held", "expected"), [
    ([], []),
    ([news(1, "n1", 10, "Петров Иван", "Python")],
     [DigestEntry(1, "n1", "Петров Иван", "Python", 1, 10, 10)]),
    ([news(1, "n1", 10, "Петров Иван", "Python"), news(1, "n2", 11, "Анна", "QA"),
      news(1, "n1", 12, "Петров Иван", "Python")],
     [DigestEntry(1, "n1", "Петров Иван", "Python", 2, 10, 12), DigestEntry(1, "n2", "Анна", "QA", 1, 11, 11)]),
    # one negotiation id in two accounts is two negotiations
    ([news(1, "n1", 10, "A", "V"), news(2, "n1", 11, "B", "W")],
     [DigestEntry(1, "n1", "A", "V", 1, 10, 10), DigestEntry(2, "n1", "B", "W", 1, 11, 11)]),
    # the newest name wins; a push without one keeps the older
    ([news(1, "n1", 10, "Иван", "Python"), news(1, "n1", 11, "Иван Петров", ""), news(1, "n1", 12, "", "")],
     [DigestEntry(1, "n1", "Иван Петров", "Python", 3, 10, 12)]),
])
def test_digest_entries_group_by_negotiation(held: list[HeldNews], expected: list[DigestEntry]) -> None:
    assert digest_entries(held) == expected


def entry(number: int) -> DigestEntry:
    return DigestEntry(1, f"n{number}", f"Кандидат {number}", "Вакансия", 1, number, number)


@pytest.mark.parametrize(("sizes", "room", "per_message", "expected"), [
    ([], 100, 10, []),
    ([10, 10, 10], 100, 10, [[0, 1, 2]]),
    ([10, 10, 10], 20, 10, [[0, 1], [2]]),
    ([10, 10, 10], 100, 2, [[0, 1], [2]]),
    ([150, 10], 100, 10, [[0], [1]]),  # too large alone: a message of its own
    ([60, 40, 1], 100, 10, [[0, 1], [2]]),  # exactly the room
])
def test_split_digest(sizes: list[int], room: int, per_message: int, expected: list[list[int]]) -> None:
    entries = [entry(number) for number in range(len(sizes))]
    parts = split_digest(entries, lambda item: sizes[int(item.negotiation_id[1:])], room, per_message)
    assert [[int(item.negotiation_id[1:]) for item in part] for part in parts] == expected


def test_digest_message_lists_each_negotiation_with_a_button() -> None:
    entries = [DigestEntry(1, "n1", "Петров Иван", "Python-разработчик", 2, 10, 12),
               DigestEntry(1, "n2", "Анна <QA>", "Тестировщик", 1, 11, 11),
               DigestEntry(1, "n3", "", "Аналитик", 5, 13, 17)]
    ((text, markup),) = digest_messages(RU, entries)
    assert text == ("🌙 Тихие часы закончились. Новости за это время:\n"
                    "• <b>Петров Иван</b> · Python-разработчик — 2 новых сообщения\n"
                    "• <b>Анна &lt;QA&gt;</b> · Тестировщик — 1 новое сообщение\n"
                    "• Аналитик — 5 новых сообщений")
    assert [[(button.text, button.callback_data) for button in row] for row in markup.inline_keyboard] == [
        [("Петров Иван · Python-разработчик", "qo:10:12")], [("Анна <QA> · Тестировщик", "qo:11:11")],
        [("Аналитик", "qo:13:17")]]
    ((english, _),) = digest_messages(EN, entries[:1])
    assert english == ("🌙 The quiet hours are over. News meanwhile:\n"
                       "• <b>Петров Иван</b> · Python-разработчик — 2 new messages")


@pytest.mark.parametrize(("count", "name_length", "messages"), [(1, 10, 1), (40, 10, 1), (41, 10, 2),
                                                               (100, 10, 3), (30, 200, 4)])
def test_a_long_digest_is_split_within_telegram_limits(count: int, name_length: int, messages: int) -> None:
    entries = [DigestEntry(1, f"n{n}", "Я" * name_length, "В" * name_length, n + 1, n, n) for n in range(count)]
    parts = digest_messages(RU, entries)
    assert len(parts) == messages
    assert all(visible_length(text) <= TELEGRAM_TEXT_LIMIT for text, _ in parts)
    assert all(len(markup.inline_keyboard) <= 40 for _, markup in parts)
    opened = [DigestOpen.unpack(row[0].callback_data or "").first for _, markup in parts
              for row in markup.inline_keyboard]
    assert opened == list(range(count))
    assert parts[-1][0].startswith("🌙 Новости за тихие часы, продолжение:") is (messages > 1)


@pytest.mark.parametrize(("setting", "expected"), [
    (None, "Тихие часы выключены."),
    (QuietSetting(1, "Europe/Moscow", None, None, QuietMode.SILENT), "Тихие часы выключены."),
    (QuietSetting(1, "Europe/Moscow", hm("22:00"), hm("08:00"), QuietMode.SILENT),
     "Тихие часы: <b>22:00–08:00</b>, часовой пояс: Москва (UTC+3).\nВ это время уведомления приходят без звука."),
    (QuietSetting(1, "UTC+5:30", hm("23:30"), hm("07:00"), QuietMode.DIGEST),
     "Тихие часы: <b>23:30–07:00</b>, часовой пояс: UTC+5:30.\nВ это время я коплю новости"),
])
def test_status_text(setting: QuietSetting | None, expected: str) -> None:
    assert status_text(RU, setting).startswith(expected)


def test_zone_keyboard_offers_moscow_first_then_russia_then_another() -> None:
    rows = [[button.text for button in row] for row in zone_keyboard(RU).inline_keyboard]
    assert rows[0] == ["Москва (UTC+3) — по умолчанию"]
    assert rows[-1] == ["Другой пояс"]
    others = [name for name in RU.quiet_zone_names if not name.startswith("Москва")]
    assert [text for row in rows[1:-1] for text in row] == others
    assert len(RU.quiet_zone_names) == len(EN.quiet_zone_names) == 11
