"""Issue 12, Chats API: targeted checks, reading chats from a watermark, switching paths without loss or
duplicates, replies with idempotency keys, 409, 425, 404/405, and `write_message_state`.

The bot runs with a one-hour poll interval, so after the first check only the checks a test runs happen.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable

import pytest

from bot.services.chat_replies import FIRST_RETRY
from bot.services.poller import Poller
from bot.testing.fake_hh import EmployerUser, FakeHH, Negotiation, Vacancy
from bot.testing.fake_telegram import ChatMessage
from storage import accounts, outgoing_replies
from storage.accounts import Account
from tests.conftest import Bridge, StartBridge, wait_until

QUIET = 3600.0
COVER = "Здравствуйте! Хочу у вас работать."


@pytest.fixture
async def quiet(start_bridge: StartBridge) -> Bridge:
    return await start_bridge(poll_interval=QUIET)


def poller_of(bridge: Bridge) -> Poller:
    runtime = bridge.runtime
    return Poller(runtime.storage, runtime.hh, bridge.clock, runtime.sender.wake)


async def account_of(bridge: Bridge, chat: int) -> Account:
    account = await bridge.runtime.storage.run(accounts.of_user, chat)
    assert account is not None
    return account


async def full_check(bridge: Bridge, chat: int) -> int:
    return await poller_of(bridge).check(await account_of(bridge, chat), bridge.clock.now() + QUIET)


async def targeted(bridge: Bridge, chat: int, negotiation: Negotiation) -> int:
    return await poller_of(bridge).check_negotiation(await account_of(bridge, chat), negotiation.negotiation_id)


async def employer_linked(bridge: Bridge, chat: int) -> tuple[EmployerUser, Vacancy, ChatMessage]:
    hh = bridge.hh
    employer = hh.add_employer_user(first_name="Ольга", last_name="Кадрова", company="Рога и копыта")
    vacancy = hh.add_vacancy(employer, name="Python-разработчик")
    confirmation = await bridge.link(chat, employer.user_id)
    summary = await bridge.tg.wait_for_bot_message(chat, contains="Аккаунт на связи", after=confirmation.message_id)
    return employer, vacancy, summary


def applicant(hh: FakeHH, name: str = "Иван") -> str:
    return hh.add_applicant_user(first_name=name, last_name="Петров").user_id


async def pushed_texts(bridge: Bridge, chat: int, after: int) -> list[str]:
    await bridge.outbox_drained()
    return [message.text for message in bridge.tg.bot_messages(chat) if message.message_id > after]


# --- the contract: targeted checks push exactly what a poll pushes, once ---------------------------------


Check = Callable[[Bridge, int, Negotiation], Awaitable[int]]


async def poll(bridge: Bridge, chat: int, _: Negotiation) -> int:
    return await full_check(bridge, chat)


@pytest.mark.parametrize("chats", [False, True], ids=["legacy", "chat"])
@pytest.mark.parametrize(("first", "second"), [(targeted, poll), (poll, targeted)], ids=["targeted-first",
                                                                                       "poll-first"])
async def test_a_new_response_and_a_message_reach_telegram_once(quiet: Bridge, chats: bool, first: Check,
                                                                 second: Check) -> None:
    hh = quiet.hh
    hh.enable_chats(chats)
    _, vacancy, summary = await employer_linked(quiet, 201)
    negotiation = hh.add_response(vacancy, applicant(hh), cover_letter=COVER)
    assert (await first(quiet, 201, negotiation), await second(quiet, 201, negotiation)) == (1, 0)
    hh.add_message(negotiation, "applicant", "Когда собеседование?")
    assert (await first(quiet, 201, negotiation), await second(quiet, 201, negotiation)) == (1, 0)
    texts = await pushed_texts(quiet, 201, summary.message_id)
    assert [text.splitlines()[0] for text in texts] == ["🆕 Новый отклик на вакансию Python-разработчик",
                                                       "💬 Петров Иван · Python-разработчик"]
    assert texts[0].endswith(COVER) and texts[1].endswith("Когда собеседование?")
    assert (hh.chat_id_of(negotiation) is not None) is chats
    assert bool(hh.calls(path_prefix="/common/chats/")) is chats
    assert bool(hh.calls(path_prefix=f"/negotiations/{negotiation.negotiation_id}/messages")) is not chats


@pytest.mark.parametrize("chats", [False, True], ids=["legacy", "chat"])
async def test_a_targeted_check_and_a_poll_at_the_same_time_push_once(quiet: Bridge, chats: bool) -> None:
    hh = quiet.hh
    hh.enable_chats(chats)
    _, vacancy, summary = await employer_linked(quiet, 202)
    negotiation = hh.add_response(vacancy, applicant(hh), cover_letter=COVER)
    hh.add_message(negotiation, "applicant", "И ещё вопрос")
    counts = await asyncio.gather(targeted(quiet, 202, negotiation), poll(quiet, 202, negotiation))
    assert sum(counts) == 2
    assert len(await pushed_texts(quiet, 202, summary.message_id)) == 2
    hh.add_message(negotiation, "applicant", "Третье")
    assert await full_check(quiet, 202) == 1


async def test_a_targeted_check_leaves_the_schedule_alone(quiet: Bridge) -> None:
    hh = quiet.hh
    _, vacancy, _ = await employer_linked(quiet, 203)
    before = await account_of(quiet, 203)
    quiet.clock.advance(60)
    negotiation = hh.add_response(vacancy, applicant(hh), cover_letter=COVER)
    assert await targeted(quiet, 203, negotiation) == 1
    after = await account_of(quiet, 203)
    assert (after.next_check_at, after.last_success_at, after.last_check_at) == (
        before.next_check_at, before.last_success_at, before.last_check_at)


async def test_a_negotiation_the_account_cannot_see_gives_nothing(quiet: Bridge) -> None:
    hh = quiet.hh
    await employer_linked(quiet, 204)
    other = hh.add_employer_user(company="Чужая")
    foreign = hh.add_response(hh.add_vacancy(other), applicant(hh), cover_letter=COVER)
    assert await targeted(quiet, 204, foreign) == 0
    assert await targeted(quiet, 204, Negotiation("999999")) == 0


async def test_check_chat_of_an_unknown_chat_is_none(quiet: Bridge) -> None:
    await employer_linked(quiet, 205)
    assert await poller_of(quiet).check_chat(await account_of(quiet, 205), "123456") is None


async def test_check_chat_pushes_the_new_message_once(quiet: Bridge) -> None:
    hh = quiet.hh
    hh.enable_chats()
    _, vacancy, summary = await employer_linked(quiet, 206)
    negotiation = hh.add_response(vacancy, applicant(hh), cover_letter=COVER)
    assert await full_check(quiet, 206) == 1
    chat_id = hh.chat_id_of(negotiation)
    assert chat_id is not None
    hh.add_message(negotiation, "applicant", "Вопрос через чат")
    hh.read_on_site(negotiation, "employer")  # read on hh.ru: a poll would not look, the chat event still tells
    account = await account_of(quiet, 206)
    assert await poller_of(quiet).check_chat(account, chat_id) == 1
    assert await poller_of(quiet).check_chat(account, chat_id) == 0
    assert await full_check(quiet, 206) == 0
    texts = await pushed_texts(quiet, 206, summary.message_id)
    assert texts[-1] == "💬 Петров Иван · Python-разработчик\n\nВопрос через чат"
    assert len(texts) == 2


async def test_check_chat_of_our_own_message_costs_one_call(quiet: Bridge) -> None:
    hh = quiet.hh
    hh.enable_chats()
    employer, vacancy, _ = await employer_linked(quiet, 207)
    negotiation = hh.add_response(vacancy, applicant(hh), cover_letter=COVER)
    assert await full_check(quiet, 207) == 1
    hh.add_message(negotiation, "employer", "Сообщение с сайта")
    hh.clear_requests()
    chat_id = hh.chat_id_of(negotiation)
    assert chat_id is not None
    assert await poller_of(quiet).check_chat(await account_of(quiet, 207), chat_id) == 0
    assert [r.path for r in hh.calls(user_id=employer.user_id)] == [f"/common/chats/{chat_id}/messages"]


# --- reading chats: a watermark, hh.ru's own messages, read marks ------------------------------------------


async def test_a_chat_is_read_from_its_watermark_each_message_once(quiet: Bridge) -> None:
    hh = quiet.hh
    hh.enable_chats()
    employer, vacancy, summary = await employer_linked(quiet, 211)
    negotiation = hh.add_response(vacancy, applicant(hh), cover_letter=COVER)
    assert await full_check(quiet, 211) == 1
    hh.add_message(negotiation, "applicant", "Первое")
    hh.add_chat_system_message(negotiation, "PARTICIPANT_LEFT", "employer")
    hh.add_chat_system_message(negotiation, "SOMETHING_NEW", "applicant")
    hh.add_message(negotiation, "employer", "Наш ответ с сайта")
    hh.add_message(negotiation, "applicant", "Второе")
    assert await full_check(quiet, 211) == 2
    for number in range(60):
        hh.add_message(negotiation, "applicant", f"сообщение {number}")
    hh.clear_requests()
    assert await full_check(quiet, 211) == 60
    assert await full_check(quiet, 211) == 0
    texts = [text.splitlines()[-1] for text in await pushed_texts(quiet, 211, summary.message_id)]
    assert texts == [COVER, "Первое", "Второе", *[f"сообщение {number}" for number in range(60)]]
    chat_id = hh.chat_id_of(negotiation)
    reads = [r.query for r in hh.calls(method="GET", path_prefix=f"/common/chats/{chat_id}/messages")]
    ids = [view.id for view in hh.chat_messages(negotiation)]
    assert reads == [{"order": "next", "limit": "50", "start_message_id": ids[-61]},
                     {"order": "next", "limit": "50", "start_message_id": ids[-12]}]
    assert not hh.calls(path_prefix=f"/negotiations/{negotiation.negotiation_id}/messages")
    assert employer.user_id


async def test_delivering_a_chat_message_marks_it_read_on_hh(quiet: Bridge) -> None:
    hh = quiet.hh
    hh.enable_chats()
    employer, vacancy, _ = await employer_linked(quiet, 212)
    negotiation = hh.add_response(vacancy, applicant(hh), cover_letter=COVER)
    assert await full_check(quiet, 212) == 1
    last = hh.add_message(negotiation, "applicant", "Вопрос")
    hh.add_message(negotiation, "employer", "Ответ с сайта")
    assert hh.negotiation(negotiation).has_updates_employer is True
    assert await full_check(quiet, 212) == 1
    chat_id = hh.chat_id_of(negotiation)
    assert [r.path for r in hh.calls(method="PUT", path_prefix="/common/chats/")][-1] == \
        f"/common/chats/{chat_id}/message/{hh.chat_message_id(negotiation, last)}/read"
    view = hh.negotiation(negotiation)
    assert view.has_updates_employer is False
    assert all(message.viewed_by_employer for message in view.messages)
    hh.clear_requests()
    assert await full_check(quiet, 212) == 0
    assert len(hh.calls(user_id=employer.user_id)) == 1  # idle again: the vacancies list only


# --- switching paths: no message lost, none twice -----------------------------------------------------------


async def test_a_negotiation_read_the_legacy_way_joins_its_chat_later(quiet: Bridge) -> None:
    hh = quiet.hh
    _, vacancy, summary = await employer_linked(quiet, 213)
    negotiation = hh.add_response(vacancy, applicant(hh), cover_letter=COVER)
    assert await full_check(quiet, 213) == 1
    hh.add_message(negotiation, "applicant", "до чата")
    assert await full_check(quiet, 213) == 1
    hh.open_chat(negotiation)
    hh.add_message(negotiation, "applicant", "при переходе")
    assert await full_check(quiet, 213) == 1
    hh.clear_requests()
    hh.add_message(negotiation, "applicant", "в чате")
    assert await full_check(quiet, 213) == 1
    assert await full_check(quiet, 213) == 0
    texts = [text.splitlines()[-1] for text in await pushed_texts(quiet, 213, summary.message_id)]
    assert texts == [COVER, "до чата", "при переходе", "в чате"]
    assert not hh.calls(path_prefix=f"/negotiations/{negotiation.negotiation_id}/messages")
    assert hh.calls(path_prefix=f"/common/chats/{hh.chat_id_of(negotiation)}/messages")


async def test_a_chat_seen_only_at_the_first_check_is_joined_without_old_news(quiet: Bridge) -> None:
    hh = quiet.hh
    hh.enable_chats()
    employer = hh.add_employer_user(company="Рога и копыта")
    vacancy = hh.add_vacancy(employer, name="Python-разработчик")
    negotiation = hh.add_response(vacancy, applicant(hh), cover_letter=COVER)
    hh.add_message(negotiation, "applicant", "старое")
    confirmation = await quiet.link(214, employer.user_id)
    summary = await quiet.tg.wait_for_bot_message(214, contains="Аккаунт на связи", after=confirmation.message_id)
    hh.add_message(negotiation, "applicant", "новое 1")
    assert await full_check(quiet, 214) == 1
    hh.add_message(negotiation, "applicant", "новое 2")
    assert await full_check(quiet, 214) == 1
    texts = [text.splitlines()[-1] for text in await pushed_texts(quiet, 214, summary.message_id)]
    assert texts == ["новое 1", "новое 2"]


async def test_a_chat_not_ready_at_first_is_read_the_legacy_way_then_joined(quiet: Bridge) -> None:
    hh = quiet.hh
    hh.enable_chats(ready_after=600)
    _, vacancy, summary = await employer_linked(quiet, 215)
    negotiation = hh.add_response(vacancy, applicant(hh), cover_letter=COVER)
    assert await full_check(quiet, 215) == 1
    hh.add_message(negotiation, "applicant", "пока чат готовится")
    assert await full_check(quiet, 215) == 1
    quiet.clock.advance(600)
    hh.add_message(negotiation, "applicant", "чат готов")
    assert await full_check(quiet, 215) == 1
    hh.clear_requests()
    hh.add_message(negotiation, "applicant", "из чата")
    assert await full_check(quiet, 215) == 1
    texts = [text.splitlines()[-1] for text in await pushed_texts(quiet, 215, summary.message_id)]
    assert texts == [COVER, "пока чат готовится", "чат готов", "из чата"]
    assert not hh.calls(path_prefix=f"/negotiations/{negotiation.negotiation_id}/messages")


@pytest.mark.parametrize("status", [404, 405])
async def test_a_chat_hh_refuses_falls_back_to_the_legacy_methods_for_good(quiet: Bridge, status: int) -> None:
    hh = quiet.hh
    hh.enable_chats()
    _, vacancy, summary = await employer_linked(quiet, 216)
    negotiation = hh.add_response(vacancy, applicant(hh), cover_letter=COVER)
    assert await full_check(quiet, 216) == 1
    hh.add_message(negotiation, "applicant", "через чат")
    assert await full_check(quiet, 216) == 1
    hh.refuse_chats(status)
    hh.add_message(negotiation, "applicant", "после отказа")
    assert await full_check(quiet, 216) == 1
    hh.refuse_chats(None)
    hh.clear_requests()
    hh.add_message(negotiation, "applicant", "снова")
    assert await full_check(quiet, 216) == 1
    texts = [text.splitlines()[-1] for text in await pushed_texts(quiet, 216, summary.message_id)]
    assert texts == [COVER, "через чат", "после отказа", "снова"]
    assert not hh.calls(path_prefix="/common/chats/")


async def test_an_applicant_reads_the_employers_chat_messages(quiet: Bridge) -> None:
    hh, tg = quiet.hh, quiet.tg
    hh.enable_chats()
    person = hh.add_applicant_user()
    employer = hh.add_employer_user(company="Рога и копыта")
    confirmation = await quiet.link(217, person.user_id)
    summary = await tg.wait_for_bot_message(217, contains="Аккаунт на связи", after=confirmation.message_id)
    negotiation = hh.add_response(hh.add_vacancy(employer, name="Python-разработчик"), person, cover_letter=COVER)
    assert await full_check(quiet, 217) == 1  # the applicant's own response: acknowledged, their letter not pushed
    hh.employer_action(negotiation, "invitation", message="Приглашаем на собеседование.")
    assert await full_check(quiet, 217) == 1
    hh.add_message(negotiation, "employer", "Ждём вас в 15:00.")
    assert await full_check(quiet, 217) == 1
    assert await pushed_texts(quiet, 217, summary.message_id) == [
        "📨 Ваш отклик · Python-разработчик — Рога и копыта\nОтвет работодателя пришлю сюда.",
        "🎉 Приглашение · Python-разработчик — Рога и копыта\n\nПриглашаем на собеседование.",
        "💬 Рога и копыта · Python-разработчик\n\nЖдём вас в 15:00.",
    ]
    assert not hh.calls(path_prefix=f"/negotiations/{negotiation.negotiation_id}/messages")


# --- replies -------------------------------------------------------------------------------------------------


async def responded(bridge: Bridge, chat: int, *, chats: bool = True, ready_after: float = 0.0,
                    blocked: str | None = None, invited: bool = True) -> tuple[EmployerUser, Negotiation, ChatMessage]:
    """A linked employer and the card of a response (invited on the site, so messaging is open)."""
    hh = bridge.hh
    hh.enable_chats(chats, ready_after)
    employer, vacancy, summary = await employer_linked(bridge, chat)
    negotiation = hh.add_response(vacancy, applicant(hh), cover_letter=COVER)
    if blocked is not None:
        hh.block_chat_writing(negotiation, blocked)
    if invited:
        hh.employer_action(negotiation, "invitation", message="Приглашаем на собеседование.")
    card = await bridge.tg.wait_for_bot_message(chat, contains="Новый отклик", after=summary.message_id)
    await bridge.outbox_drained()
    return employer, negotiation, card


def chat_posts(hh: FakeHH, negotiation: Negotiation) -> list[int]:
    return [r.status for r in hh.calls(method="POST", path_prefix=f"/common/chats/{hh.chat_id_of(negotiation)}/")]


def legacy_posts(hh: FakeHH, negotiation: Negotiation) -> list[int]:
    return [r.status for r in hh.calls(method="POST", path_prefix=f"/negotiations/{negotiation.negotiation_id}/")]


def times_on_hh(hh: FakeHH, negotiation: Negotiation, text: str) -> int:
    return [message.text for message in hh.negotiation(negotiation).messages].count(text)


async def test_a_reply_goes_through_the_chat_with_an_idempotency_key(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    employer, negotiation, card = await responded(bridge, 221)
    sent = await tg.reply(221, card.message_id, "Подтвердите время.")
    answer = await tg.wait_for_bot_message(221, contains="Отправлено", after=sent)
    assert answer.text == "✅ Отправлено на hh.ru: Петров Иван."
    assert (chat_posts(hh, negotiation), legacy_posts(hh, negotiation)) == ([201], [])
    assert times_on_hh(hh, negotiation, "Подтвердите время.") == 1
    (key,) = hh.used_chat_keys(employer)
    assert uuid.UUID(key).version == 4
    assert await bridge.runtime.storage.run(outgoing_replies.count) == 0


async def test_a_retry_after_a_timeout_reuses_the_key_and_409_means_sent(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    employer, negotiation, card = await responded(bridge, 222)
    hh.lose_chat_answers(1)
    sent = await tg.reply(222, card.message_id, "Подтвердите время.")
    answer = await tg.wait_for_bot_message(222, contains="Отправлено", after=sent)
    assert answer.text == "✅ Отправлено на hh.ru: Петров Иван."
    assert chat_posts(hh, negotiation) == [500, 409]  # the first answer never arrived (a dropped connection)
    assert times_on_hh(hh, negotiation, "Подтвердите время.") == 1
    assert len(hh.used_chat_keys(employer)) == 1


async def test_a_reply_whose_answer_was_lost_is_sent_once_after_a_restart(bridge: Bridge,
                                                                         start_bridge: StartBridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    _, negotiation, card = await responded(bridge, 223)
    hh.lose_chat_answers(1, then_unavailable=20)
    sent = await tg.reply(223, card.message_id, "Подтвердите время.")
    waiting = await tg.wait_for_bot_message(223, contains="не ответил", after=sent)
    assert waiting.text.startswith("⏳ hh.ru не ответил. Ответ для Петров Иван сохранён")
    assert await bridge.runtime.storage.run(outgoing_replies.count) == 1
    await bridge.stop()
    hh.clear_faults()
    again = await start_bridge()
    again.clock.advance(FIRST_RETRY)
    told = await tg.wait_for_bot_message(223, contains="ждал hh.ru", after=waiting.message_id)
    assert told.text == "✅ Отправлено на hh.ru: Петров Иван. Ваш ответ, который ждал hh.ru:\nПодтвердите время."
    posts = chat_posts(hh, negotiation)
    assert set(posts[1:]) == {503}  # the first post went, its answer lost; after the restart it is found in the chat
    assert times_on_hh(hh, negotiation, "Подтвердите время.") == 1
    assert await again.runtime.storage.run(outgoing_replies.count) == 0


async def test_a_chat_not_ready_takes_the_reply_later(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    _, negotiation, card = await responded(bridge, 224, ready_after=600)
    sent = await tg.reply(224, card.message_id, "Жду вас в среду.")
    waiting = await tg.wait_for_bot_message(224, contains="⏳", after=sent)
    assert waiting.text == ("⏳ hh.ru ещё готовит чат с Петров Иван. Ответ сохранён: отправлю, как только hh.ru "
                            "позволит, и напишу.")
    assert times_on_hh(hh, negotiation, "Жду вас в среду.") == 0
    bridge.clock.advance(FIRST_RETRY)
    await wait_until(lambda: chat_posts(hh, negotiation) == [425, 425], what="a second try, still too early")
    bridge.clock.advance(600)
    told = await tg.wait_for_bot_message(224, contains="ждал hh.ru", after=waiting.message_id)
    assert told.text == "✅ Отправлено на hh.ru: Петров Иван. Ваш ответ, который ждал hh.ru:\nЖду вас в среду."
    assert chat_posts(hh, negotiation) == [425, 425, 201]
    assert times_on_hh(hh, negotiation, "Жду вас в среду.") == 1


@pytest.mark.parametrize(("status", "method"), [(404, None), (405, None), (404, "POST"), (405, "POST")])
async def test_a_chat_hh_refuses_sends_the_reply_the_legacy_way(bridge: Bridge, status: int,
                                                                method: str | None) -> None:
    hh, tg = bridge.hh, bridge.tg
    _, negotiation, card = await responded(bridge, 225)
    hh.refuse_chats(status, method)
    first = await tg.reply(225, card.message_id, "Первый ответ")
    await tg.wait_for_bot_message(225, contains="Отправлено на hh.ru", after=first)
    second = await tg.reply(225, card.message_id, "Второй ответ")
    await tg.wait_for_bot_message(225, contains="Отправлено на hh.ru", after=second)
    assert chat_posts(hh, negotiation) in ([], [status])  # a poll may have found the chat refused first
    assert legacy_posts(hh, negotiation) == [201, 201]
    assert [times_on_hh(hh, negotiation, text) for text in ("Первый ответ", "Второй ответ")] == [1, 1]


async def test_a_negotiation_without_a_chat_is_answered_the_legacy_way(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    _, negotiation, card = await responded(bridge, 226, chats=False)
    sent = await tg.reply(226, card.message_id, "Подтвердите время.")
    await tg.wait_for_bot_message(226, contains="Отправлено на hh.ru", after=sent)
    assert legacy_posts(hh, negotiation) == [201]
    assert not hh.calls(path_prefix="/common/chats")
    assert times_on_hh(hh, negotiation, "Подтвердите время.") == 1


@pytest.mark.parametrize(("reason", "sentence"), [
    ("ARCHIVED_BY_EMPLOYER", "Ответить нельзя: работодатель отправил переписку в архив."),
    ("EMPLOYER_NEGOTIATIONS_LIMIT_EXCEEDED", "Ответить нельзя: у работодателя исчерпан лимит переписок на hh.ru."),
    ("PFP_BLOCK", "Ответить нельзя: hh.ru заблокировал переписку по правилам сервиса."),
    ("SOMETHING_NEW", "Ответить нельзя: hh.ru сейчас не разрешает писать в эту переписку."),
])
async def test_no_reply_button_and_a_reason_when_hh_does_not_allow_writing(bridge: Bridge, reason: str,
                                                                           sentence: str) -> None:
    hh, tg = bridge.hh, bridge.tg
    _, negotiation, card = await responded(bridge, 227, blocked=reason)
    assert [[button["text"] for button in row] for row in card.buttons()] == [
        ["Предложить работу", "Отказать"], ["📄 Резюме", "Резюме", "Вакансия"]]
    sent = await tg.reply(227, card.message_id, "Всё же напишу")
    refusal = await tg.wait_for_bot_message(227, contains="Ответить нельзя", after=sent)
    assert refusal.text == f"{sentence}\nВаш текст, чтобы ничего не потерялось:"
    quote = await tg.wait_for_bot_message(227, contains="Всё же напишу", after=refusal.message_id)
    assert quote.text == "Всё же напишу"
    assert (chat_posts(hh, negotiation), legacy_posts(hh, negotiation)) == ([], [])


async def test_the_reply_button_of_an_older_card_says_why_writing_is_closed(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    _, negotiation, card = await responded(bridge, 228)
    hh.block_chat_writing(negotiation, "ARCHIVED_BY_EMPLOYER")
    hh.add_message(negotiation, "applicant", "Вы тут?")
    message = await tg.wait_for_bot_message(228, contains="Вы тут?", after=card.message_id)
    assert [[button["text"] for button in row] for row in message.buttons()] == [["📄 Резюме", "Резюме", "Вакансия"]]
    await bridge.outbox_drained()
    await tg.press(228, card.message_id, card.callback_data("Ответить"))
    said = await tg.wait_for_bot_message(228, contains="Ответить нельзя", after=message.message_id)
    assert said.text == "Ответить нельзя: работодатель отправил переписку в архив."


async def test_a_message_arriving_while_joining_the_chat_is_pushed_once(quiet: Bridge) -> None:
    """The chat changed between the two looks at its newest message: the legacy read already pushed the new
    message, so the chat is not joined there (it would push it again under its chat id)."""
    hh = quiet.hh
    _, vacancy, summary = await employer_linked(quiet, 218)
    negotiation = hh.add_response(vacancy, applicant(hh), cover_letter=COVER)
    assert await full_check(quiet, 218) == 1
    hh.open_chat(negotiation)
    hh.add_message(negotiation, "applicant", "первое")
    hh.add_message_after_next_chat_read(negotiation, "applicant", "в тот же миг")
    assert await full_check(quiet, 218) == 2
    hh.add_message(negotiation, "applicant", "потом")
    assert await full_check(quiet, 218) == 1
    hh.add_message(negotiation, "applicant", "уже в чате")
    assert await full_check(quiet, 218) == 1
    texts = [text.splitlines()[-1] for text in await pushed_texts(quiet, 218, summary.message_id)]
    assert texts == [COVER, "первое", "в тот же миг", "потом", "уже в чате"]
