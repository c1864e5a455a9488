"""Issue 15, item 11: /status lists the work accounts the user follows, the primary one, and one hh.ru no longer
allows, in the user's language."""

from __future__ import annotations

import pytest

from bot.testing.fake_telegram import ChatMessage
from tests.conftest import Bridge
from tests.e2e.test_work_accounts import CHAT, Team

BEFORE_CHOOSING_RU = [
    "Рабочие аккаунты hh.ru (изменить выбор: /accounts):",
    "• «Рога и копыта» (основной) — слежу",
    "• «Бета» — не слежу",
    "Пока вы не выбрали, приходят новости основного аккаунта.",
]
BOTH_RU = [
    "Рабочие аккаунты hh.ru (изменить выбор: /accounts):",
    "• «Рога и копыта» (основной) — слежу",
    "• «Бета» — слежу",
]
BETA_LOST_RU = [
    "Рабочие аккаунты hh.ru (изменить выбор: /accounts):",
    "• «Рога и копыта» (основной) — слежу",
    "• «Бета» — ⚠️ hh.ru закрыл к нему доступ, его новости не приходят",
]
BETA_ONLY_EN = [
    "hh.ru work accounts (to change: /accounts):",
    "• “Рога и копыта” (primary) — not following",
    "• “Бета” — following",
]


ACCOUNT = {"ru": "Аккаунт: Ольга", "en": "Account: Ольга"}


async def status(bridge: Bridge, after: ChatMessage, language: str = "ru") -> list[str]:
    """/status, and the lines after its account part (the part that names the work accounts)."""
    sent = await bridge.tg.send_text(CHAT, "/status")
    answer = await bridge.tg.wait_for_bot_message(CHAT, contains=ACCOUNT[language], after=max(sent, after.message_id))
    account_part, *rest = answer.text.split("\n\n")
    assert account_part.startswith(ACCOUNT[language]), answer.text
    return "\n\n".join(rest).splitlines()


async def team(bridge: Bridge, language: str) -> Team:
    """As `test_work_accounts.team`, for a user whose Telegram speaks `language`."""
    hh = bridge.hh
    olga = hh.add_employer_user("Ольга", company="Рога и копыта", extra_companies=["Бета"])
    alpha, beta = olga.accounts
    alpha_vacancy, beta_vacancy = hh.add_vacancy(olga, "Аналитик"), hh.add_vacancy(beta, "Python-разработчик")
    confirmation = await bridge.link(CHAT, olga.user_id, language_code=language)
    return Team(bridge, olga, alpha, beta, alpha_vacancy, beta_vacancy, confirmation)


ASKED = {"ru": "несколько рабочих аккаунтов", "en": "several work accounts"}
DONE = {"ru": "Готово", "en": "Done"}


async def question(t: Team, language: str) -> ChatMessage:
    return await t.bridge.tg.wait_for_bot_message(CHAT, contains=ASKED[language], after=t.confirmation.message_id)


async def choose(t: Team, language: str, untick: tuple[str, ...], tick: tuple[str, ...]) -> ChatMessage:
    asked = await question(t, language)
    for label in (*untick, *tick):
        await t.toggle(asked, label)
    await t.press(asked, DONE[language])
    await t.bridge.tg.wait_for(lambda: "/accounts" in t.shown(asked).text, description="the choice")
    return t.shown(asked)


@pytest.mark.parametrize(("language", "untick", "tick", "revoke", "expected"), [
    ("ru", None, (), False, BEFORE_CHOOSING_RU),
    ("ru", (), ("Бета",), False, BOTH_RU),
    ("ru", (), ("Бета",), True, BETA_LOST_RU),
    ("en", ("Рога и копыта",), ("Бета",), False, BETA_ONLY_EN),
])
async def test_status_lists_the_work_accounts(bridge: Bridge, language: str, untick: tuple[str, ...] | None,
                                              tick: tuple[str, ...], revoke: bool, expected: list[str]) -> None:
    t = await team(bridge, language)
    last = await question(t, language)
    if untick is not None:
        last = await choose(t, language, untick, tick)
    if revoke:
        last = await t.beta_known(last)
        bridge.hh.revoke_manager_account(t.beta)
        last = await bridge.tg.wait_for_bot_message(CHAT, contains="доступ к нему закрыт", after=last.message_id,
                                                    timeout=10)
    assert await status(bridge, last, language) == expected


async def test_a_single_account_employer_sees_no_work_accounts(bridge: Bridge) -> None:
    solo = bridge.hh.add_employer_user("Ольга", company="Гамма")
    confirmation = await bridge.link(CHAT, solo.user_id)
    assert await status(bridge, confirmation) == []
