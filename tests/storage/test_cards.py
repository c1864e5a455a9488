"""Cards: one typed model stored in `cards`, and the upgrade that makes `pending_actions` rows into cards with
their ids, so buttons sent before the upgrade keep working."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlite_utils import Database

from bot.hh.models import Action
from bot.keyboards import CardAction, CardDecline, CardReply, card_keyboard
from bot.texts import RU
from storage import accounts, cards
from storage.cards import Card
from storage.db import open_database

TODAY_V4 = Path(__file__).parent / "data" / "schema_v4.sql"
INVITE = {"id": "invitation", "name": "Пригласить", "enabled": True, "hidden": False, "method": "PUT",
          "url": "https://api.hh.ru/negotiations/invitation/n1", "resulting_employer_state": None, "templates": [],
          "arguments": [{"id": "message", "required": False, "required_arguments": []}]}
OLD_ROWS = [
    # an employer's response card as the poller wrote it, then refreshed after an action (`base_text` added)
    (1, "n1", {"role": "employer", "actions": [INVITE], "resume_url": "https://hh.ru/resume/r1",
               "vacancy_url": "https://hh.ru/vacancy/v1", "title": "Иван Петров", "vacancy": "Python",
               "decline_allowed": False, "reply_allowed": True, "text": "Отклик: Иван", "base_text": "Отклик: Иван"}),
    # an applicant's card from before the chats work: no `reply_allowed`
    (2, "n2", {"role": "applicant", "actions": [], "resume_url": None, "vacancy_url": "https://hh.ru/vacancy/v2",
               "title": "Рога и копыта", "vacancy": "Go", "decline_allowed": True, "text": "Приглашение"}),
    # a card whose negotiation was declined since: deleted, but its buttons are still in the chat
    (3, "n3", {"role": "applicant", "actions": [], "title": "ООО", "vacancy": "Rust", "text": "Отказ"}),
]
UPGRADED = [
    Card(id=1, account_id=1, negotiation_id="n1", text="Отклик: Иван", title="Иван Петров", vacancy="Python",
         actions=(Action.model_validate(INVITE),), resume_url="https://hh.ru/resume/r1",
         vacancy_url="https://hh.ru/vacancy/v1"),
    Card(id=2, account_id=1, negotiation_id="n2", text="Приглашение", title="Рога и копыта", vacancy="Go",
         vacancy_url="https://hh.ru/vacancy/v2", decline_allowed=True),
]


def old_database(path: Path) -> None:
    """A database as the bot left it at schema 4, with cards in `pending_actions`; card 3 was deleted."""
    with sqlite3.connect(path) as old:
        old.executescript(TODAY_V4.read_text())
        old.execute("PRAGMA user_version=4")
        old.execute("INSERT INTO users (telegram_id, chat_id, created_at) VALUES (7, 7, 0)")
        old.execute("INSERT INTO accounts (id, telegram_id, role, hh_user_id, display_name, access_token, "
                    "refresh_token, token_expires_at, linked_at) VALUES (1, 7, 'employer', 'u', 'Оля', x'00', "
                    "x'00', 0, 0)")
        for card_id, negotiation, card in OLD_ROWS:
            old.execute("INSERT INTO pending_actions (id, account_id, negotiation_id, card, created_at) "
                        "VALUES (?, 1, ?, ?, 0)", (card_id, negotiation, json.dumps(card, ensure_ascii=False)))
        old.execute("DELETE FROM pending_actions WHERE id = 3")
    old.close()


@pytest.fixture
def upgraded(tmp_path: Path) -> Database:
    old_database(tmp_path / "bot.sqlite3")
    return open_database(tmp_path / "bot.sqlite3")


def test_old_rows_become_cards_under_their_ids(upgraded: Database) -> None:
    assert [cards.get(upgraded, card_id) for card_id in (1, 2, 3)] == [*UPGRADED, None]


def test_the_old_table_is_gone(upgraded: Database) -> None:
    names = set(upgraded.table_names()) | {index["name"] for index in upgraded.query(
        "SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert ({"pending_actions", "pending_actions_by_negotiation"} & names,
            {"cards", "cards_by_negotiation"} <= names) == (set(), True)


def test_a_new_card_never_takes_the_id_of_one_deleted_before_the_upgrade(upgraded: Database) -> None:
    card = cards.add(upgraded, Card(account_id=1, negotiation_id="n4", text="Новый"), now=1.0)
    assert card.id == 4


@pytest.mark.parametrize(("unpack", "data", "card_id"), [
    (CardAction.unpack, "c:1:0", 1), (CardReply.unpack, "r:1", 1), (CardDecline.unpack, "d:2", 2)])
def test_buttons_sent_before_the_upgrade_name_the_same_card(
        upgraded: Database, unpack: Callable[[str], CardAction | CardReply | CardDecline], data: str,
        card_id: int) -> None:
    assert cards.get(upgraded, unpack(data).card) == UPGRADED[card_id - 1]


def test_an_upgraded_card_has_the_buttons_it_was_sent_with(upgraded: Database) -> None:
    card = cards.get(upgraded, 1)
    assert card is not None
    assert [[(button.text, button.callback_data or button.url) for button in row]
            for row in card_keyboard(RU, card).inline_keyboard] == [
        [("Пригласить", "c:1:0")],
        [("Ответить", "r:1")],
        [("Резюме", "https://hh.ru/resume/r1"), ("Вакансия", "https://hh.ru/vacancy/v1")],
    ]


@pytest.fixture
def account_id(db: Database, account: accounts.Account) -> int:
    return account.id


def test_a_card_reads_back_as_it_was_stored(db: Database, account_id: int) -> None:
    card = Card(account_id=account_id, negotiation_id="n1", text="Отклик", title="Иван", vacancy="Python",
                actions=(Action.model_validate(INVITE),), resume_url="https://hh.ru/resume/r1", decline_allowed=True,
                reply_allowed=False)
    stored = cards.add(db, card, now=1.0)
    assert (stored.id > 0, cards.get(db, stored.id)) == (True, card.model_copy(update={"id": stored.id}))


def test_a_row_that_no_longer_reads_as_a_card_is_none(db: Database, account_id: int) -> None:
    stored = cards.add(db, Card(account_id=account_id, negotiation_id="n1", text="x"), now=1.0)
    db.execute("UPDATE cards SET payload = '{\"actions\": 5}' WHERE id = ?", [stored.id])
    assert cards.get(db, stored.id) is None


def test_a_negotiations_cards_between_two_ids(db: Database, account_id: int) -> None:
    made = [cards.add(db, Card(account_id=account_id, negotiation_id=negotiation, text=str(number)), now=1.0)
            for number, negotiation in enumerate(["n1", "n2", "n1", "n1", "n1"])]
    assert [card.text for card in cards.of_negotiation_between(db, account_id, "n1", made[0].id, made[3].id)] == [
        "0", "2", "3"]


def test_the_latest_card_of_a_negotiation(db: Database, account_id: int) -> None:
    for text in ("old", "new"):
        cards.add(db, Card(account_id=account_id, negotiation_id="n1", text=text), now=1.0)
    cards.add(db, Card(account_id=account_id, negotiation_id="n2", text="other"), now=1.0)
    latest = cards.latest(db, account_id, "n1")
    assert (latest.text if latest else None, cards.latest(db, account_id, "n9")) == ("new", None)


def test_a_replaced_card_is_gone_and_the_new_one_stored(db: Database, account_id: int) -> None:
    old = cards.add(db, Card(account_id=account_id, negotiation_id="n1", text="x",
                             actions=(Action.model_validate(INVITE),)), now=1.0)
    new = cards.replace(db, old, old.model_copy(update={"actions": ()}), now=2.0)
    assert (cards.get(db, old.id), cards.get(db, new.id), new.id > old.id) == (None, new, True)
