"""Groups shared by several owners (`group_links`, a link per group and owner) and prompts per owner, chat and
person (`prompts`)."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from storage import group_links, prompts, users
from storage.group_links import GroupLink, LinkState, WhoActs
from storage.prompts import ActionPrompt, HeldPrompt, ReplyPrompt

GROUP, OTHER = -100, -200
OLGA, PAVEL, ANNA = 1, 2, 3


def connect(db: Database, chat_id: int, owner_id: int, now: float) -> list[GroupLink]:
    group_links.propose(db, chat_id, owner_id, "Найм", False, now)
    return group_links.activate(db, chat_id, owner_id, now)


def link(chat_id: int, owner_id: int, who: WhoActs = WhoActs.ADMINS,
         state: LinkState = LinkState.ACTIVE) -> GroupLink:
    return GroupLink(chat_id, owner_id, "Найм", False, state, who)


def test_a_group_is_shared_by_owners_each_with_their_own_who_acts(db: Database) -> None:
    connect(db, GROUP, OLGA, now=1.0)
    group_links.propose(db, GROUP, PAVEL, "Найм", False, now=2.0)
    assert group_links.active_owners(db, GROUP) == [OLGA], "a pending link is no owner yet"
    assert group_links.activate(db, GROUP, PAVEL, now=3.0) == []
    group_links.set_who_acts(db, GROUP, PAVEL, WhoActs.MEMBERS)
    assert group_links.active_owners(db, GROUP) == [OLGA, PAVEL]
    assert group_links.active_links(db, GROUP) == [link(GROUP, OLGA), link(GROUP, PAVEL, WhoActs.MEMBERS)]
    assert (group_links.active(db, GROUP, OLGA), group_links.active(db, GROUP, ANNA)) == (link(GROUP, OLGA), None)
    assert group_links.end(db, GROUP, OLGA) == link(GROUP, OLGA)
    assert group_links.active_owners(db, GROUP) == [PAVEL], "one owner leaving ends only their link"


def test_connecting_another_group_moves_the_owners_link_only(db: Database) -> None:
    connect(db, GROUP, OLGA, now=1.0)
    connect(db, GROUP, PAVEL, now=2.0)
    assert connect(db, OTHER, OLGA, now=3.0) == [link(GROUP, OLGA)]
    assert (group_links.active_owners(db, GROUP), group_links.active_owners(db, OTHER)) == ([PAVEL], [OLGA])
    assert group_links.active_of_owner(db, OLGA) == link(OTHER, OLGA)


def test_a_group_that_is_gone_ends_every_link(db: Database) -> None:
    connect(db, GROUP, OLGA, now=1.0)
    group_links.propose(db, GROUP, PAVEL, "Найм", False, now=2.0)
    assert group_links.end_chat(db, GROUP) == [link(GROUP, OLGA), link(GROUP, PAVEL, state=LinkState.PENDING)]
    assert (group_links.active_owners(db, GROUP), group_links.of_owner(db, PAVEL)) == ([], [])


def action_at(chat_id: int, message_id: int) -> ActionPrompt:
    return ActionPrompt(card_id=5, action_index=0, action_name="Пригласить", name="Иван", optional=False, sms=None,
                        chat_id=chat_id, card_message_id=6, prompt_message_id=message_id)


def reply_at(chat_id: int, message_id: int) -> ReplyPrompt:
    return ReplyPrompt(account_id=1, negotiation_id="n1", name="Иван", chat_id=chat_id, prompt_message_id=message_id)


@pytest.fixture
def people(db: Database) -> None:
    for person in (OLGA, PAVEL, ANNA):
        users.upsert(db, person, person, "ru", now=0.0)


@pytest.mark.usefixtures("people")
def test_prompts_are_per_owner_chat_and_person(db: Database) -> None:
    private = reply_at(OLGA, 10)
    prompts.put(db, OLGA, OLGA, private, now=1.0)
    # in the group, Anna and Olga herself each open one on Olga's cards, and Anna one on Pavel's
    annas, olgas, on_pavels = action_at(GROUP, 20), action_at(GROUP, 21), reply_at(GROUP, 22)
    prompts.put(db, OLGA, ANNA, annas, now=2.0)
    prompts.put(db, OLGA, OLGA, olgas, now=3.0)
    prompts.put(db, PAVEL, ANNA, on_pavels, now=4.0)
    assert [prompts.get(db, OLGA, OLGA, OLGA, 0.0), prompts.get(db, OLGA, GROUP, ANNA, 0.0),
            prompts.get(db, OLGA, GROUP, OLGA, 0.0), prompts.get(db, PAVEL, GROUP, ANNA, 0.0),
            prompts.get(db, PAVEL, GROUP, OLGA, 0.0)] == [private, annas, olgas, on_pavels, None]
    assert [prompts.at_message(db, GROUP, 20, 0.0), prompts.at_message(db, GROUP, 22, 0.0),
            prompts.at_message(db, OLGA, 10, 0.0), prompts.at_message(db, GROUP, 10, 0.0),
            prompts.at_message(db, GROUP, 20, 2.5)] == [
        HeldPrompt(OLGA, ANNA, annas), HeldPrompt(PAVEL, ANNA, on_pavels), HeldPrompt(OLGA, OLGA, private), None, None]
    assert prompts.latest_of_actor(db, GROUP, ANNA, 0.0) == HeldPrompt(PAVEL, ANNA, on_pavels)

    again = action_at(GROUP, 23)
    prompts.put(db, OLGA, ANNA, again, now=5.0)
    assert (prompts.get(db, OLGA, GROUP, ANNA, 0.0), prompts.at_message(db, GROUP, 20, 0.0)) == (again, None), \
        "a person's new prompt for the same owner in the same chat ends their older one"
    prompts.close(db, GROUP, 21)
    assert (prompts.get(db, OLGA, GROUP, OLGA, 0.0), prompts.get(db, OLGA, OLGA, OLGA, 0.0)) == (None, private)
    prompts.clear(db, OLGA)
    assert [prompts.get(db, OLGA, OLGA, OLGA, 0.0), prompts.get(db, OLGA, GROUP, ANNA, 0.0),
            prompts.get(db, PAVEL, GROUP, ANNA, 0.0)] == [None, None, on_pavels], "unlinking ends the owner's prompts"
