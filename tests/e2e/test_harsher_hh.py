"""Issue 21, item 5: what only third parties report of hh.ru is not relied on. The fake does the harsher thing:
a reused idempotency key answered with 400, chat message ids that are random strings, legacy messages listed newest
first, and a captcha instead of 429 past its rate."""

from __future__ import annotations

from bot.services.chat_replies import FIRST_RETRY
from storage import accounts, outgoing_replies
from storage.accounts import Status
from tests.conftest import Bridge, StartBridge, wait_until
from tests.e2e.test_chats import (
    COVER,
    QUIET,
    applicant,
    chat_posts,
    employer_linked,
    full_check,
    pushed_texts,
    responded,
    times_on_hh,
)


async def test_a_repeat_refused_as_a_repeat_is_reported_sent_not_failed(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    hh.chat_key_reuse = "bad_request"
    _, negotiation, card = await responded(bridge, 501)
    hh.lose_chat_answers(1)  # the post goes through, its answer never comes; the same key again gets 400
    sent = await tg.reply(501, card.message_id, "Подтвердите время.")
    answer = await tg.wait_for_bot_message(501, contains="Отправлено", after=sent)
    assert answer.text == "✅ Отправлено на hh.ru: Петров Иван."
    assert chat_posts(hh, negotiation)[-1] == 400
    assert times_on_hh(hh, negotiation, "Подтвердите время.") == 1
    assert await bridge.runtime.storage.run(outgoing_replies.count) == 0


async def test_a_reply_waiting_after_a_lost_answer_is_not_posted_again(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    hh.chat_key_reuse = "bad_request"
    _, negotiation, card = await responded(bridge, 502)
    hh.lose_chat_answers(1, then_unavailable=20)  # posted, the answer lost, then hh.ru down for the retries
    sent = await tg.reply(502, card.message_id, "Жду вас в среду.")
    waiting = await tg.wait_for_bot_message(502, contains="не ответил", after=sent)
    posts = len(chat_posts(hh, negotiation))
    bridge.clock.advance(FIRST_RETRY)
    told = await tg.wait_for_bot_message(502, contains="ждал hh.ru", after=waiting.message_id)
    assert told.text.startswith("✅ Отправлено на hh.ru: Петров Иван.")
    assert len(chat_posts(hh, negotiation)) == posts  # found in the chat: no third post
    assert times_on_hh(hh, negotiation, "Жду вас в среду.") == 1


async def test_chat_message_ids_that_do_not_grow_lose_and_repeat_nothing(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    hh.chat_message_ids = "shrinking"
    hh.enable_chats()
    _, vacancy, summary = await employer_linked(bridge, 503)
    negotiation = hh.add_response(vacancy, applicant(hh), cover_letter=COVER)
    card = await tg.wait_for_bot_message(503, contains="Новый отклик", after=summary.message_id)
    written = [f"сообщение {number}" for number in range(1, 6)]
    for text in written:
        hh.add_message(negotiation, "applicant", text)
        await tg.wait_for_bot_message(503, contains=text, after=card.message_id)
    await bridge.checks(3)
    texts = [text.splitlines()[-1] for text in await pushed_texts(bridge, 503, card.message_id)]
    assert texts == written
    ids = [int(message.id) for message in hh.chat_messages(negotiation)]
    assert ids == sorted(ids, reverse=True)
    assert not hh.calls(path_prefix=f"/negotiations/{negotiation.negotiation_id}/messages")


async def test_legacy_messages_listed_newest_first_arrive_once_and_in_order(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    hh.legacy_order = "newest_first"
    _, vacancy, summary = await employer_linked(bridge, 504)
    negotiation = hh.add_response(vacancy, applicant(hh), cover_letter=COVER)
    card = await tg.wait_for_bot_message(504, contains="Новый отклик", after=summary.message_id)
    assert COVER in card.text
    written = []
    for number in range(1, 24):  # past one page of 20
        bridge.clock.advance(1)
        written.append(f"сообщение {number}")
        hh.add_message(negotiation, "applicant", written[-1])
        if number % 6 == 0:
            await tg.wait_for_bot_message(504, contains=written[-1], after=card.message_id)
    await tg.wait_for_bot_message(504, contains=written[-1], after=card.message_id)
    await bridge.checks(3)
    texts = [text.splitlines()[-1] for text in await pushed_texts(bridge, 504, card.message_id)]
    assert texts == written


async def test_a_captcha_past_the_rate_pauses_that_account_once_and_costs_no_more_calls(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    employer, _, summary = await employer_linked(bridge, 505)
    hh.over_rate = "captcha"
    hh.rate_limit_per_second = 1  # the bot paces itself to 50 a second: far past hh.ru's rate
    notice = await tg.wait_for_bot_message(505, contains="не робот", after=summary.message_id)
    account = await bridge.account_when(505, lambda account: account.status is Status.PAUSED)
    assert account.status_reason == "captcha_required"
    asked = len(hh.calls(user_id=employer.user_id))
    bridge.clock.advance(60)
    await bridge.ticks(10)
    assert len(hh.calls(user_id=employer.user_id)) == asked
    assert [m.text for m in tg.bot_messages(505) if m.message_id > summary.message_id] == [notice.text]
    assert await bridge.runtime.storage.run(accounts.of_user, 505) == account


async def test_a_reply_met_by_a_captcha_waits_for_the_account_and_goes_after_resume(
        start_bridge: StartBridge) -> None:
    bridge = await start_bridge(poll_interval=QUIET)  # no check of its own: only the reply meets the captcha
    hh, tg = bridge.hh, bridge.tg
    hh.enable_chats()
    employer, vacancy, summary = await employer_linked(bridge, 506)
    negotiation = hh.add_response(vacancy, applicant(hh), cover_letter=COVER)
    hh.employer_action(negotiation, "invitation", message="Приглашаем на собеседование.")
    assert await full_check(bridge, 506) == 1
    card = await tg.wait_for_bot_message(506, contains="Новый отклик", after=summary.message_id)
    await bridge.outbox_drained()
    hh.require_captcha(employer)
    sent = await tg.reply(506, card.message_id, "Адрес пришлю отдельно.")
    held = await tg.wait_for_bot_message(506, contains="сохранён", after=sent)
    assert held.text.startswith("⏳ Ответ для Петров Иван сохранён: hh.ru приостановил аккаунт")
    await tg.wait_for_bot_message(506, contains="не робот", after=sent)
    await bridge.account_when(506, lambda account: account.status is Status.PAUSED)
    posts = len(chat_posts(hh, negotiation))
    bridge.clock.advance(FIRST_RETRY * 40)
    await bridge.ticks(5)
    assert (times_on_hh(hh, negotiation, "Адрес пришлю отдельно."), len(chat_posts(hh, negotiation))) == (0, posts)
    assert await bridge.runtime.storage.run(outgoing_replies.count) == 1
    hh.solve_captcha(employer)
    resume = await tg.send_text(506, "/resume")
    await tg.wait_for_bot_message(506, after=resume)
    told = await tg.wait_for_bot_message(506, contains="ждал hh.ru", after=resume, timeout=10)
    assert told.text.startswith("✅ Отправлено на hh.ru: Петров Иван.")
    await wait_until(lambda: times_on_hh(hh, negotiation, "Адрес пришлю отдельно.") == 1, what="the reply on hh.ru")
