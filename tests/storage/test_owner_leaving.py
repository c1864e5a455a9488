"""An owner leaving a group (unlinked, lost access, disconnected): what was queued for the group of theirs goes to
their private chat; the group is told once and the other owners' rows stay."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from bot.services import groups
from storage import accounts, delivered, group_links, outbox, users
from storage.accounts import Status

GROUP = -100
OTHER_OWNER = 222
OWNER_LOST = "Аккаунт hh.ru, к которому была подключена группа, отключён. Новости сюда больше не приходят."


def queued(db: Database) -> list[tuple[int, str]]:
    return [(item.chat_id, item.text) for item in outbox.heads(db, now=10_000.0, limit=100)]


def push_to_group(db: Database, account: accounts.Account, key: str) -> None:
    assert delivered.claim(db, account.id, "n1", key, account.telegram_id, now=1.0)
    groups.enqueue_push(db, account, account.telegram_id, f"news {key}", 2.0, reply_markup=None,
                        negotiation_id="n1", hh_message_id=key, vacancy_id="v1")


@pytest.mark.parametrize("how", ["needs a new link", "disconnected"])
def test_the_owners_queued_group_news_goes_to_their_private_chat(db: Database, account: accounts.Account,
                                                                  how: str) -> None:
    users.upsert(db, account.telegram_id, account.telegram_id, "ru", now=1.0)
    group_links.propose(db, GROUP, account.telegram_id, "Найм", False, now=1.0)
    group_links.activate(db, GROUP, account.telegram_id, now=1.0)
    push_to_group(db, account, "m1")
    assert queued(db) == [(GROUP, "news m1")]

    if how == "needs a new link":
        accounts.set_status(db, account.id, Status.NEEDS_RELINK, "token_revoked")
        assert groups.owner_lost(db, account.telegram_id, now=3.0) == 1
        told = OWNER_LOST
    else:
        link = group_links.active(db, GROUP, account.telegram_id)
        assert link is not None
        groups._leave(db, link, now=3.0)
        told = "Группа отключена: новости вакансий сюда больше не приходят."

    assert queued(db) == [(account.telegram_id, "news m1"), (GROUP, told)]
    assert group_links.of_owner(db, account.telegram_id) == []
