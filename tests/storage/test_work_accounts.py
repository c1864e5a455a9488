"""storage/work_accounts.py: the choice, what a check looks at, losing an account, and each negotiation's account."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from storage import work_accounts
from storage.accounts import Account
from storage.work_accounts import Offered, WorkTarget

ALPHA = Offered("1", "e1", "Альфа", primary=True)
BETA = Offered("2", "e2", "Бета")
GAMMA = Offered("3", "e3", "Гамма")


def shown(db: Database, account: Account) -> list[tuple[str, bool, bool, bool, bool]]:
    """(company, selected, followed, baseline_done, lost) of each row, in hh.ru's order."""
    return [(w.company, w.selected, w.followed, w.baseline_done, w.lost)
            for w in work_accounts.of_account(db, account.id)]


def companies(works: list[work_accounts.WorkAccount] | None) -> list[str] | None:
    return None if works is None else [work.company for work in works]


def test_offered_accounts_start_with_the_primary_one_ticked_and_checked_alone(db: Database, account: Account) -> None:
    work_accounts.offer(db, account.id, [ALPHA, BETA])
    assert shown(db, account) == [("Альфа", True, False, False, False), ("Бета", False, False, False, False)]
    assert [(w.company, w.followed) for w in work_accounts.checked(db, account.id) or []] == [("Альфа", False)]


def test_done_follows_the_ticked_ones_and_needs_at_least_one(db: Database, account: Account) -> None:
    work_accounts.offer(db, account.id, [ALPHA, BETA])
    assert work_accounts.toggle(db, account.id, "1") and work_accounts.toggle(db, account.id, "2")
    assert not work_accounts.toggle(db, account.id, "99")
    work_accounts.toggle(db, account.id, "2")
    assert work_accounts.follow_selected(db, account.id) == []
    assert [w.followed for w in work_accounts.checked(db, account.id) or []] == [False]
    work_accounts.toggle(db, account.id, "1")
    work_accounts.toggle(db, account.id, "2")
    assert companies(work_accounts.follow_selected(db, account.id)) == ["Альфа", "Бета"]
    assert companies(work_accounts.checked(db, account.id)) == ["Альфа", "Бета"]


def test_an_account_no_longer_followed_forgets_its_baseline(db: Database, account: Account) -> None:
    work_accounts.offer(db, account.id, [ALPHA, BETA])
    work_accounts.toggle(db, account.id, "2")
    work_accounts.follow_selected(db, account.id)
    work_accounts.settle(db, account.id, {"n1": "1", "n2": "2"}, ["1", "2"])
    work_accounts.toggle(db, account.id, "1")
    work_accounts.follow_selected(db, account.id)
    assert shown(db, account) == [("Альфа", False, False, False, False), ("Бета", True, True, True, False)]
    assert (work_accounts.of_negotiation(db, account.id, "n2"), work_accounts.of_negotiation(db, account.id, "n9")) \
        == ("2", None)


@pytest.mark.parametrize(("allowed", "left"), [
    ([ALPHA], [("Альфа", True, True, True, False), ("Бета", False, False, False, True),
               ("Гамма", False, False, False, True)]),
    ([], [("Альфа", True, True, True, False), ("Бета", False, False, False, True),
          ("Гамма", False, False, False, False)]),
])
def test_a_lost_account_is_told_once_and_only_the_allowed_ones_stay(
        db: Database, account: Account, allowed: list[Offered], left: list[tuple[str, bool, bool, bool, bool]]) -> None:
    work_accounts.offer(db, account.id, [ALPHA, BETA, GAMMA])
    work_accounts.toggle(db, account.id, "2")
    work_accounts.follow_selected(db, account.id)
    work_accounts.settle(db, account.id, {}, ["1", "2"])
    assert work_accounts.lose(db, account.id, "2", allowed)
    assert not work_accounts.lose(db, account.id, "2", allowed)
    assert shown(db, account) == left
    assert companies(work_accounts.checked(db, account.id)) == ["Альфа"]


def test_offering_again_keeps_what_was_known_and_loses_the_unlisted(db: Database, account: Account) -> None:
    work_accounts.offer(db, account.id, [ALPHA, BETA])
    work_accounts.toggle(db, account.id, "2")
    work_accounts.follow_selected(db, account.id)
    work_accounts.settle(db, account.id, {}, ["1", "2"])
    work_accounts.offer(db, account.id, [ALPHA, GAMMA])
    assert shown(db, account) == [("Альфа", True, True, True, False), ("Бета", False, False, False, True),
                                  ("Гамма", False, False, False, False)]


def test_nothing_is_checked_once_every_account_is_lost(db: Database, account: Account) -> None:
    assert work_accounts.checked(db, account.id) is None
    work_accounts.offer(db, account.id, [ALPHA, BETA])
    work_accounts.lose(db, account.id, "1", [])
    assert work_accounts.checked(db, account.id) == []
    work_accounts.lose(db, account.id, "2", [])
    assert work_accounts.checked(db, account.id) == []


def test_webhook_targets(db: Database, account: Account) -> None:
    db.execute("INSERT INTO negotiation_chats (account_id, negotiation_id, chat_id) VALUES (?, 'n2', 'c2')",
               (account.id,))
    assert work_accounts.target(db, account.id, "n2", None) == WorkTarget(None)
    work_accounts.offer(db, account.id, [ALPHA, BETA])
    work_accounts.toggle(db, account.id, "2")
    work_accounts.follow_selected(db, account.id)
    work_accounts.settle(db, account.id, {"n2": "2"}, [])
    assert [work_accounts.target(db, account.id, negotiation, chat) for negotiation, chat in
            [("n2", None), (None, "c2"), ("n7", None), (None, "c7")]] == [
        WorkTarget("2"), WorkTarget("2"), WorkTarget(None, unknown=True), WorkTarget(None)]
