"""Quiet hours as pure functions: what the user typed, whether a moment is quiet, when the quiet period ends,
and which negotiations a digest names. No I/O.

Hours are minutes of the day in the user's zone; a range runs from its start (included) to its end (excluded)
and crosses midnight when the start is later than the end.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta, timezone, tzinfo
from enum import Enum
from zoneinfo import ZoneInfo, available_timezones

from storage.quiet_hours import QuietSetting

MINUTES_PER_DAY = 24 * 60
DEFAULT_ZONE = "Europe/Moscow"
# Russia's zones, west to east; the zone buttons offer them in this order
RUSSIAN_ZONES: tuple[str, ...] = (
    "Europe/Kaliningrad", "Europe/Moscow", "Europe/Samara", "Asia/Yekaterinburg", "Asia/Omsk", "Asia/Novosibirsk",
    "Asia/Irkutsk", "Asia/Yakutsk", "Asia/Vladivostok", "Asia/Magadan", "Asia/Kamchatka",
)
RETRY_AFTER_ODD_END = 60.0  # when a zone's clock change makes the end fall before now, look again a minute later

_RANGE = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*[-–—]\s*(\d{1,2})(?::(\d{2}))?$")
_OFFSET = re.compile(r"^(?:UTC|GMT)?\s*([+\-−])\s*(\d{1,2})(?::?(\d{2}))?$", re.IGNORECASE)
_UTC_NAMES = frozenset({"utc", "gmt", "utc+0", "utc-0", "gmt+0", "gmt-0", "+0", "-0", "z"})
MAX_OFFSET_MINUTES = 14 * 60


class RangeError(Enum):
    FORMAT = "format"  # not «22-08» or «22:30-08:00»
    HOUR = "hour"  # an hour outside 0–23 or a minute outside 0–59
    SAME = "same"  # start and end are the same moment


def parse_range(text: str) -> tuple[int, int] | RangeError:
    """«22-08», «22:30-08:00» → (start, end) in minutes of the day."""
    match = _RANGE.match(text.strip())
    if match is None:
        return RangeError.FORMAT
    start_hour, start_minute, end_hour, end_minute = (int(part or 0) for part in match.groups())
    if max(start_hour, end_hour) > 23 or max(start_minute, end_minute) > 59:
        return RangeError.HOUR
    start, end = start_hour * 60 + start_minute, end_hour * 60 + end_minute
    if start == end:
        return RangeError.SAME
    return start, end


def parse_zone(text: str) -> str | None:
    """The zone's stored name: an IANA name as tzdata spells it, or «UTC», «UTC+5», «UTC-3:30»; None if unknown."""
    text = text.strip()
    if text.lower() in _UTC_NAMES:
        return "UTC"
    match = _OFFSET.match(text)
    if match is not None:
        sign, hours, minutes = match.group(1), int(match.group(2)), int(match.group(3) or 0)
        total = hours * 60 + minutes
        if minutes > 59 or total > MAX_OFFSET_MINUTES:
            return None
        if total == 0:
            return "UTC"
        return f"UTC{'+' if sign == '+' else '-'}{hours}" + (f":{minutes:02d}" if minutes else "")
    return _iana_names().get(text.lower())


def zone_info(name: str) -> tzinfo:
    """The tzinfo of a name `parse_zone` gave."""
    if name == "UTC":
        return UTC
    if name.startswith("UTC"):
        sign = -1 if name[3] == "-" else 1
        hours, _, minutes = name[4:].partition(":")
        return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes or 0)))
    return ZoneInfo(name)


@functools.cache
def _iana_names() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def minute_of_day(now: float, zone: tzinfo) -> int:
    local = datetime.fromtimestamp(now, zone)
    return local.hour * 60 + local.minute


def in_range(minute: int, start: int, end: int) -> bool:
    if start < end:
        return start <= minute < end
    return minute >= start or minute < end


def is_quiet(now: float, zone: tzinfo, start: int, end: int) -> bool:
    return in_range(minute_of_day(now, zone), start, end)


def quiet_end(now: float, zone: tzinfo, start: int, end: int) -> float | None:
    """When the quiet period `now` is in ends (always later than `now`); None when `now` is not quiet."""
    local = datetime.fromtimestamp(now, zone)
    minute = local.hour * 60 + local.minute
    if not in_range(minute, start, end):
        return None
    day = local.date() + timedelta(days=0 if minute < end else 1)
    ending = datetime.combine(day, time(end // 60, end % 60), tzinfo=zone)
    for candidate in (ending, ending.replace(fold=1)):  # the second time of an hour a clock change repeats
        if candidate.timestamp() > now:
            return candidate.timestamp()
    return now + RETRY_AFTER_ODD_END


def end_of_quiet(setting: QuietSetting | None, now: float) -> float | None:
    """When the user's current quiet period ends; None without quiet hours or outside them."""
    if setting is None or setting.zone is None or setting.hours is None:
        return None
    start, end = setting.hours
    return quiet_end(now, zone_info(setting.zone), start, end)


# --- the digest ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeldNews:
    """One held push about a negotiation, with the card its buttons stand for."""

    account_id: int
    negotiation_id: str
    card_id: int
    title: str
    vacancy: str


@dataclass(frozen=True)
class DigestEntry:
    """A negotiation with news: how many pushes were held, and the range of their cards."""

    account_id: int
    negotiation_id: str
    title: str
    vacancy: str
    count: int
    first_card: int
    last_card: int


def digest_entries(held: Iterable[HeldNews]) -> list[DigestEntry]:
    """One entry per negotiation, in the order of its first news; names from its newest card."""
    entries: dict[tuple[int, str], DigestEntry] = {}
    for news in held:
        key = (news.account_id, news.negotiation_id)
        before = entries.get(key)
        entries[key] = DigestEntry(
            news.account_id, news.negotiation_id, news.title or (before.title if before else ""),
            news.vacancy or (before.vacancy if before else ""), (before.count if before else 0) + 1,
            min(news.card_id, before.first_card) if before else news.card_id,
            max(news.card_id, before.last_card) if before else news.card_id,
        )
    return list(entries.values())


def split_digest(entries: list[DigestEntry], size: Callable[[DigestEntry], int], room: int,
                 per_message: int) -> list[list[DigestEntry]]:
    """The entries in messages of at most `per_message` entries whose sizes add up to at most `room`.

    An entry larger than `room` alone gets a message of its own (its line is cut when rendered).
    """
    parts: list[list[DigestEntry]] = []
    current: list[DigestEntry] = []
    used = 0
    for entry in entries:
        needed = size(entry)
        if current and (used + needed > room or len(current) >= per_message):
            parts.append(current)
            current, used = [], 0
        current.append(entry)
        used += needed
    if current:
        parts.append(current)
    return parts
