"""Quiet hours at the outbox: the stored setting, pushes held in digest mode, and the digest that replaces them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from sqlite_utils import Database

from bot.keyboards import as_json, card_keyboard
from bot.services.quiet_outbox import Due, pick, release
from bot.texts import RU
from storage import accounts, cards, outbox, quiet_hours, users
from storage.cards import Card
from storage.quiet_hours import QuietMode, QuietSetting

CHAT = 111


def at(local: str) -> float:
    return datetime.fromisoformat(f"{local}+00:00").timestamp()


NIGHT = at("2026-01-15 23:00")
MORNING = at("2026-01-16 08:00")


def quiet(db: Database, mode: QuietMode, start: int = 22 * 60, end: int = 8 * 60) -> None:
    quiet_hours.set_zone(db, CHAT, "UTC", NIGHT)
    quiet_hours.set_hours(db, CHAT, start, end, NIGHT)
    quiet_hours.set_mode(db, CHAT, mode, NIGHT)


def push(db: Database, account: accounts.Account, negotiation: str, key: str, title: str | None = None) -> int:
    """A push as the poller writes it: with a card behind its buttons, unless `title` is None."""
    markup: dict[str, Any] | None = None
    if title is not None:
        card = Card(account_id=account.id, negotiation_id=negotiation, text=f"{title}: {key}", title=title,
                    vacancy="Python")
        markup = as_json(card_keyboard(RU, cards.add(db, card, NIGHT)))
    return outbox.enqueue(db, CHAT, f"{title}: {key}", NIGHT, reply_markup=markup, account_id=account.id,
                          negotiation_id=negotiation, hh_message_id=key)


def texts_waiting(db: Database) -> list[str]:
    rows = db.execute("SELECT text FROM outbox WHERE held_until IS NULL ORDER BY id").fetchall()
    return [row[0] for row in rows]


def test_the_setting_is_kept_per_user(db: Database, account: accounts.Account) -> None:
    users.upsert(db, 222, 222, "en", now=1.0)
    assert quiet_hours.set_hours(db, CHAT, 1320, 480, 1.0) == QuietSetting(CHAT, None, 1320, 480, QuietMode.SILENT)
    assert not quiet_hours.get(db, CHAT).active  # type: ignore[union-attr]
    quiet_hours.set_zone(db, CHAT, "Europe/Moscow", 2.0)
    quiet_hours.set_mode(db, CHAT, QuietMode.DIGEST, 3.0)
    assert quiet_hours.of_chats(db, [CHAT, 222, 333]) == {
        CHAT: QuietSetting(CHAT, "Europe/Moscow", 1320, 480, QuietMode.DIGEST)}
    assert quiet_hours.turn_off(db, CHAT, 4.0) == QuietSetting(CHAT, "Europe/Moscow", None, None, QuietMode.DIGEST)


@pytest.mark.parametrize(("mode", "now", "expected_silent", "held"), [
    (None, NIGHT, False, 0),
    (QuietMode.SILENT, NIGHT, True, 0),
    (QuietMode.SILENT, MORNING, False, 0),
    (QuietMode.DIGEST, MORNING, False, 0),
])
def test_pushes_go_silently_only_during_quiet_hours(db: Database, account: accounts.Account, mode: QuietMode | None,
                                                    now: float, expected_silent: bool, held: int) -> None:
    if mode is not None:
        quiet(db, mode)
    first = push(db, account, "n1", "m1", "Петров Иван")
    assert [(due.item.id, due.silent) for due in pick(db, now, 10)] == [(first, expected_silent)]
    assert outbox.held_count(db) == held


def test_digest_mode_holds_pushes_about_negotiations_only(db: Database, account: accounts.Account) -> None:
    quiet(db, QuietMode.DIGEST)
    push(db, account, "n1", "m1", "Петров Иван")
    summary = outbox.enqueue(db, CHAT, "summary", NIGHT, account_id=account.id)
    push(db, account, "n2", "m2", "Анна")
    other_chat = outbox.enqueue(db, 222, "someone else", NIGHT)
    due = pick(db, NIGHT, 10)
    assert [(item.item.id, item.silent) for item in due] == [(summary, True), (other_chat, False)]
    assert outbox.held_count(db) == 2
    assert outbox.pending_count(db) == 2
    assert outbox.next_release(db) == MORNING
    assert release(db, MORNING - 1) == MORNING
    assert outbox.held_count(db) == 2


def test_at_the_end_one_digest_takes_the_place_of_the_held_pushes(db: Database, account: accounts.Account) -> None:
    quiet(db, QuietMode.DIGEST)
    push(db, account, "n1", "m1", "Петров Иван")
    push(db, account, "n2", "m2", "Анна")
    push(db, account, "n1", "m3", "Петров Иван")
    push(db, account, "n3", "m4", title=None)  # no card to open: it goes again, after the digest
    assert pick(db, NIGHT, 10) == []
    assert release(db, MORNING) is None
    assert outbox.held_count(db) == 0
    assert texts_waiting(db) == [
        "🌙 Тихие часы закончились. Новости за это время:\n"
        "• <b>Петров Иван</b> · Python — 2 новых сообщения\n"
        "• <b>Анна</b> · Python — 1 новое сообщение",
        "None: m4"]
    (digest,) = [due.item for due in pick(db, MORNING, 10)]
    assert digest.reply_markup == {"inline_keyboard": [
        [{"text": "Петров Иван · Python", "callback_data": "qo:1:3"}],
        [{"text": "Анна · Python", "callback_data": "qo:2:2"}]]}


def test_a_changed_setting_that_is_still_quiet_keeps_them_held_until_its_end(db: Database,
                                                                              account: accounts.Account) -> None:
    quiet(db, QuietMode.DIGEST)
    push(db, account, "n1", "m1", "Петров Иван")
    pick(db, NIGHT, 10)
    quiet_hours.set_hours(db, CHAT, 21 * 60, 9 * 60, NIGHT)
    outbox.move_hold(db, CHAT, NIGHT)
    assert release(db, NIGHT) == MORNING + 3600
    assert (outbox.held_count(db), texts_waiting(db)) == (1, [])


@pytest.mark.parametrize("change", ["off", "silent"])
def test_ending_the_digest_releases_the_held_pushes_at_once(db: Database, account: accounts.Account,
                                                            change: str) -> None:
    quiet(db, QuietMode.DIGEST)
    push(db, account, "n1", "m1", "Петров Иван")
    pick(db, NIGHT, 10)
    if change == "off":
        quiet_hours.turn_off(db, CHAT, NIGHT)
    else:
        quiet_hours.set_mode(db, CHAT, QuietMode.SILENT, NIGHT)
    outbox.move_hold(db, CHAT, NIGHT)
    assert release(db, NIGHT) is None
    assert [(due.item.text.splitlines()[1], due.silent) for due in pick(db, NIGHT, 10)] == [
        ("• <b>Петров Иван</b> · Python — 1 новое сообщение", change == "silent")]


def test_held_pushes_do_not_hold_back_their_chat(db: Database, account: accounts.Account) -> None:
    quiet(db, QuietMode.DIGEST)
    push(db, account, "n1", "m1", "Петров Иван")
    pick(db, NIGHT, 10)
    later = outbox.enqueue(db, CHAT, "a notice", NIGHT + 60)
    assert pick(db, NIGHT + 60, 10) == [Due(outbox.heads(db, NIGHT + 60, 10)[0], silent=True)]
    assert outbox.heads(db, NIGHT + 60, 10)[0].id == later
