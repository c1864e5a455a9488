"""Issue 22, low L1: every step a user takes that costs hh.ru calls goes through the per-user limit, and an immediate
full check asked for by the user comes at most once in five minutes per account (the reviewer's reproduction,
30 × /vacancies → 90 hh.ru calls and 30 × /accounts → 30 calls in a minute, reversed).

The calendar stands still here unless a test moves it: a minute's budget is then exactly that, however long a
loaded machine takes to answer sixty commands."""

from __future__ import annotations

import time

import pytest

from bot.services.limits import ACTIONS_PER_MINUTE, CHECK_NOW_EVERY
from bot.testing.fake_hh import default_workflow
from storage.accounts import Status
from tests.conftest import Bridge, MovableClock, StartBridge, wait_until
from tests.e2e.test_delivery import ivan, linked_employer
from tests.e2e.test_work_accounts import CHAT, team

OWNER = 9201
SENDS = 30
SLOW_DOWN = "Слишком много запросов к hh.ru за минуту"


class StillClock(MovableClock):
    """The shared calendar of the bot and both fakes, moved only by `advance`."""

    def __init__(self) -> None:
        super().__init__()
        self._start = time.time()

    def now(self) -> float:
        return self._start + self.offset


@pytest.fixture
def clock() -> MovableClock:
    return StillClock()


async def answers_to(bridge: Bridge, chat: int, command: str, times: int) -> list[str]:
    """Sends `command` `times` times, each after the answer to the one before; the answers."""
    answers = []
    for _ in range(times):
        sent = await bridge.tg.send_text(chat, command)
        answers.append((await bridge.tg.wait_for_bot_message(chat, after=sent, timeout=10)).text)
    return answers


def paths(bridge: Bridge, since: int, ending: str) -> list[str]:
    return [r.path for r in bridge.hh.requests[since:] if r.path.endswith(ending)]


async def test_vacancies_and_accounts_cost_the_users_limit(start_bridge: StartBridge) -> None:
    bridge = await start_bridge(poll_interval=3600)  # no background checks in the count
    await linked_employer(bridge, OWNER, vacancies=120, timeout=15)  # 3 pages of the active vacancies list
    before = len(bridge.hh.requests)

    listings = await answers_to(bridge, OWNER, "/vacancies", SENDS)
    assert all(text.startswith("Группа не подключена") and "Активные вакансии" in text for text in listings)
    assert len(paths(bridge, before, "/vacancies/active")) == 3, "the list is read once and kept a minute"

    accounts = await answers_to(bridge, OWNER, "/accounts", SENDS)
    left = ACTIONS_PER_MINUTE - 3  # the list's three pages took three units of the same budget
    assert len(paths(bridge, before, "/manager_accounts/mine")) == left
    assert [text.startswith(SLOW_DOWN) for text in accounts] == [False] * left + [True] * (SENDS - left)

    bridge.clock.advance(61)  # the list is read again, and the budget is back
    listing = await answers_to(bridge, OWNER, "/vacancies", 1)
    assert "Активные вакансии" in listing[0]
    assert len(paths(bridge, before, "/vacancies/active")) == 6


async def test_the_list_is_not_read_past_the_users_limit(start_bridge: StartBridge) -> None:
    bridge = await start_bridge(poll_interval=3600)
    await linked_employer(bridge, OWNER, vacancies=120, timeout=15)
    await answers_to(bridge, OWNER, "/accounts", ACTIONS_PER_MINUTE - 1)  # one unit left: not three pages
    before = len(bridge.hh.requests)
    assert (await answers_to(bridge, OWNER, "/vacancies", 1))[0].startswith(SLOW_DOWN)
    assert len(paths(bridge, before, "/vacancies/active")) <= 1


async def test_each_template_read_costs_a_unit(start_bridge: StartBridge) -> None:
    """Pressing an action reads its templates, a call each (at most five): the user's limit pays for each."""
    bridge = await start_bridge(poll_interval=3600)
    hh, tg = bridge.hh, bridge.tg
    templates = [{"id": f"letter_{n}", "name": f"Письмо {n}"} for n in range(1, 8)]
    workflow = default_workflow().with_action("response", {
        "id": "letter", "name": "Написать письмо", "collection": "response", "resulting_state": None,
        "arguments": [{"id": "message", "required": True}], "templates": templates})
    employer = hh.add_employer_user(first_name="Ольга", last_name="Кадрова", company="Рога и копыта")
    vacancy = hh.add_vacancy(employer, name="Python-разработчик", workflow=workflow)
    confirmation = await bridge.link(OWNER, employer.user_id)
    summary = await tg.wait_for_bot_message(OWNER, contains="Аккаунт на связи", after=confirmation.message_id)
    hh.add_response(vacancy, ivan(hh), cover_letter="Добрый день!")
    bridge.clock.advance(3600)  # the account's next check
    card = await tg.wait_for_bot_message(OWNER, contains="Новый отклик", after=summary.message_id, timeout=15)
    await bridge.outbox_drained()

    before = len(hh.requests)
    pressed = await tg.press(OWNER, card.message_id, card.callback_data("Написать письмо"))
    await tg.wait_for(lambda: pressed in tg.callback_answers, description="the answer to the press")
    prompt = await tg.wait_for_bot_message(OWNER, contains="✍️", after=card.message_id)
    assert [b["text"] for row in prompt.buttons() for b in row][:5] == [f"Письмо {n}" for n in range(1, 6)]
    assert len([r for r in hh.requests[before:] if "/message_templates/" in r.path]) == 5
    cancelled = await tg.press(OWNER, prompt.message_id, prompt.callback_data("Отмена"))
    await tg.wait_for(lambda: cancelled in tg.callback_answers, description="the prompt closed")

    accounts = await answers_to(bridge, OWNER, "/accounts", ACTIONS_PER_MINUTE)
    left = ACTIONS_PER_MINUTE - 5
    assert [text.startswith(SLOW_DOWN) for text in accounts] == [False] * left + [True] * (ACTIONS_PER_MINUTE - left)


def full_checks(bridge: Bridge, user_id: str) -> int:
    """How many full checks of the hh.ru user have started: each begins with the active vacancies list."""
    return len([r for r in bridge.hh.calls(user_id=user_id) if r.path.endswith("/vacancies/active")])


async def test_done_checks_at_once_at_most_once_in_five_minutes(start_bridge: StartBridge) -> None:
    bridge = await start_bridge(poll_interval=3600)
    t = await team(bridge)
    user = t.olga.user_id
    linked = full_checks(bridge, user)
    await t.beta_known(await t.choose("Бета"))  # «Готово»: checked at once
    assert full_checks(bridge, user) > linked

    async def done_again() -> None:
        sent = await bridge.tg.send_text(CHAT, "/accounts")
        question = await bridge.tg.wait_for_bot_message(CHAT, contains="несколько рабочих аккаунтов", after=sent)
        await t.press(question, "Готово")
        await bridge.tg.wait_for(lambda: "Слежу за" in t.shown(question).text, description="the choice")

    checked = full_checks(bridge, user)
    await done_again()
    await bridge.ticks(4)
    assert full_checks(bridge, user) == checked, "a second «Готово» within five minutes waits for the account's slot"
    account = await bridge.account_when(CHAT, lambda account: True)
    assert account.next_check_at > bridge.clock.now()

    bridge.clock.advance(CHECK_NOW_EVERY)
    await done_again()
    await wait_until(lambda: full_checks(bridge, user) > checked, what="a check at once")


async def test_resume_checks_at_once_at_most_once_in_five_minutes(start_bridge: StartBridge) -> None:
    bridge = await start_bridge(poll_interval=3600)
    hh, tg = bridge.hh, bridge.tg
    employer, _, summary = await linked_employer(bridge, OWNER)
    hh.require_captcha(employer.user_id)
    bridge.clock.advance(3600)  # the account's slot: its check meets the captcha
    await tg.wait_for_bot_message(OWNER, contains="капчу", after=summary.message_id)
    await bridge.account_when(OWNER, lambda account: account.status is Status.PAUSED)

    calls = len(hh.calls(user_id=employer.user_id))
    sent = await tg.send_text(OWNER, "/resume")  # checked at once, and meets the captcha again
    await tg.wait_for_bot_message(OWNER, contains="Уведомления включены", after=sent)
    await wait_until(lambda: len(hh.calls(user_id=employer.user_id)) > calls, what="a check at once")
    await bridge.account_when(OWNER, lambda account: account.status is Status.PAUSED)
    await bridge.outbox_drained()  # the captcha's notice again

    calls = len(hh.calls(user_id=employer.user_id))
    sent = await tg.send_text(OWNER, "/resume")
    await tg.wait_for_bot_message(OWNER, contains="Уведомления включены", after=sent)
    account = await bridge.account_when(OWNER, lambda account: account.status is Status.ACTIVE)
    assert account.next_check_at > bridge.clock.now(), "the second /resume within five minutes waits for the slot"
    await bridge.ticks(4)
    assert len(hh.calls(user_id=employer.user_id)) == calls
