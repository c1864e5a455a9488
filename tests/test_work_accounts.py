"""The pure parts of following several work accounts: hh.ru's list as rows, the header, the check's view of the
account, and one plan made of each work account's check (labels, marks, chats read as their account)."""

from __future__ import annotations

import pytest

from bot.hh.manager_accounts import ManagerAccount, ManagerAccounts
from bot.hh.models import IdName
from bot.render import TELEGRAM_TEXT_LIMIT, visible_length
from bot.services.poller import CheckPlan, Push, merge_work_plan
from bot.services.work_accounts import as_work_account, header, offered
from bot.texts import EN, RU, Texts
from bot.work_accounts_view import labelled
from storage.accounts import Account, Profile, Role, Status
from storage.cards import Card
from storage.watermarks import NegotiationMark
from storage.work_accounts import Offered, WorkAccount

ACCOUNT = Account(7, 70, Profile(Role.EMPLOYER, "u", "Ольга", "e1", "Альфа", "m1"), Status.ACTIVE, None, 0.0, True,
                  0.0, None, None, 0, None)


def work(manager_account_id: str, company: str, *, followed: bool = True, baseline: bool = False) -> WorkAccount:
    return WorkAccount(7, manager_account_id, f"e{manager_account_id}", company, manager_account_id == "1",
                       followed, followed, baseline, False)


def test_hh_rus_list_becomes_rows_with_the_primary_one_marked() -> None:
    mine = ManagerAccounts(items=[ManagerAccount(id="1", employer=IdName(id="e1", name="Альфа")),
                                  ManagerAccount(id="2", employer=IdName(id="e2", name="Бета"))],
                           current_account_id="2", primary_account_id="1")
    assert offered(mine) == [Offered("1", "e1", "Альфа", True), Offered("2", "e2", "Бета", False)]


@pytest.mark.parametrize(("followed", "expected"), [(True, "2"), (False, None)])
def test_the_header_is_sent_only_for_a_followed_account(followed: bool, expected: str | None) -> None:
    assert header(work("2", "Бета", followed=followed)) == expected


def test_a_work_accounts_check_sees_its_employer_and_its_baseline() -> None:
    seen = as_work_account(ACCOUNT, work("2", "Бета", baseline=False))
    assert (seen.id, seen.profile.employer_id, seen.profile.employer_name, seen.baseline_done,
            seen.profile.hh_user_id) == (7, "e2", "Бета", False, "u")


@pytest.mark.parametrize("texts", [RU, EN])
def test_a_label_is_the_first_line_and_the_text_stays_within_telegrams_limit(texts: Texts) -> None:
    assert labelled(texts, "Рога & копыта", "🆕 Новый отклик") == "🏢 Рога &amp; копыта\n🆕 Новый отклик"
    long = labelled(texts, "Бета", "x" * TELEGRAM_TEXT_LIMIT)
    assert long.startswith("🏢 Бета\nxxx") and visible_length(long) == TELEGRAM_TEXT_LIMIT


def part(negotiation_id: str, chat_id: str, summary: str | None) -> CheckPlan:
    card = Card(account_id=7, negotiation_id=negotiation_id, text="🆕 Новый отклик")
    return CheckPlan(pushes=[Push("🆕 Новый отклик", negotiation_id, "m", card)],
                     vacancy_snapshots={f"v{negotiation_id}": "1|0|0|0"},
                     negotiation_marks={negotiation_id: NegotiationMark("t", 1, "response")},
                     summary=summary, read_up_to={chat_id: "m"})


@pytest.mark.parametrize("several", [True, False])
def test_each_work_accounts_check_joins_the_plan(several: bool) -> None:
    plan = CheckPlan(vacancy_snapshots={})
    merge_work_plan(plan, part("n1", "c1", "Аккаунт на связи."), work("1", "Альфа"), RU if several else None)
    merge_work_plan(plan, part("n2", "c2", None), work("2", "Бета", followed=several), RU if several else None)
    label = "🏢 Бета\n" if several else ""
    assert [(push.text, push.card.text if push.card else None) for push in plan.pushes][1] == (
        f"{label}🆕 Новый отклик", f"{label}🆕 Новый отклик")
    assert plan.summary == ("🏢 Альфа\nАккаунт на связи." if several else "Аккаунт на связи.")
    assert (plan.vacancy_snapshots, list(plan.negotiation_marks), plan.read_up_to) == (
        {"vn1": "1|0|0|0", "vn2": "1|0|0|0"}, ["n1", "n2"], {"c1": "m", "c2": "m"})
    assert (plan.read_as, plan.work_negotiations, plan.work_baselined) == (
        {"c1": "1", "c2": "2"} if several else {"c1": "1"}, {"n1": "1", "n2": "2"}, ["1", "2"])
