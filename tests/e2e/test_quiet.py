"""Issue 15, points 12 and 13: quiet hours in the user's zone; silent pushes meanwhile, or one digest at the end.

Quiet ranges are chosen around the bot's clock (real time plus what a test moved it), so the tests do not depend
on the hour they run at; the end of quiet hours is reached by moving that clock.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.testing.fake_telegram import ChatMessage, FakeTelegram
from storage import outbox, quiet_hours
from storage.quiet_hours import QuietMode, QuietSetting
from tests.conftest import Bridge, StartBridge, eventually
from tests.e2e.test_actions import scene
from tests.e2e.test_chats import responded
from tests.e2e.test_delivery import ivan, linked_employer

MOSCOW = ZoneInfo("Europe/Moscow")


def around_now(bridge: Bridge, *, quiet: bool) -> tuple[str, float]:
    """A range in Moscow time holding the bot's now (or not), and when the quiet period around now ends."""
    now = datetime.fromtimestamp(bridge.clock.now(), MOSCOW).replace(second=0, microsecond=0)
    start, end = (now - timedelta(minutes=60), now + timedelta(minutes=60)) if quiet else \
        (now + timedelta(minutes=120), now + timedelta(minutes=180))
    return f"{start:%H:%M}-{end:%H:%M}", end.timestamp()


async def say(tg: FakeTelegram, chat: int, text: str, contains: str | None = None) -> ChatMessage:
    sent = await tg.send_text(chat, text)
    return await tg.wait_for_bot_message(chat, contains=contains, after=sent)


def shown(tg: FakeTelegram, chat: int, message_id: int) -> ChatMessage:
    return next(message for message in tg.chat(chat) if message.message_id == message_id)


async def held(bridge: Bridge, count: int) -> None:
    """Waits until `count` pushes wait in the outbox for the quiet hours to end."""

    async def probe() -> bool | None:
        return await bridge.runtime.storage.run(outbox.held_count) == count or None

    await eventually(probe, what=f"{count} held pushes")


async def test_the_zone_is_asked_once_with_moscow_first(bridge: Bridge) -> None:
    tg = bridge.tg
    tg.add_user(601, language_code="ru")
    question = await say(tg, 601, "/quiet 22-08")
    assert question.text.startswith("В каком часовом поясе считать тихие часы 22:00–08:00? Выберите ниже — "
                                    "по умолчанию Москва.")
    rows = [[button["text"] for button in row] for row in question.buttons()]
    assert rows[0] == ["Москва (UTC+3) — по умолчанию"]
    assert rows[1] == ["Калининград (UTC+2)", "Самара (UTC+4)"]
    assert rows[-1] == ["Другой пояс"]
    await tg.press(601, question.message_id, question.callback_data("Москва"))
    await tg.wait_for(lambda: shown(tg, 601, question.message_id).edited, description="the answer to the zone")
    assert shown(tg, 601, question.message_id).text == (
        "Часовой пояс: Москва (UTC+3).\n\n"
        "Тихие часы: 22:00–08:00, часовой пояс: Москва (UTC+3).\n"
        "В это время уведомления приходят без звука. Копить их до утра: /quiet digest")
    assert shown(tg, 601, question.message_id).buttons() == []
    assert await bridge.runtime.storage.run(quiet_hours.get, 601) == QuietSetting(
        601, "Europe/Moscow", 22 * 60, 8 * 60, QuietMode.SILENT)

    again = await say(tg, 601, "/quiet 23:30-07:15")
    assert again.text.startswith("Тихие часы: 23:30–07:15, часовой пояс: Москва (UTC+3).")
    assert again.buttons() == []
    status = await say(tg, 601, "/quiet")
    assert status.text.startswith("Тихие часы: 23:30–07:15, часовой пояс: Москва (UTC+3).")
    assert "quiet" in [command["command"] for command in tg.commands(language_code="ru")]
    help_text = await say(tg, 601, "/help")
    assert "/quiet — тихие часы: /quiet 22-08, /quiet off" in help_text.text


async def test_another_zone_is_typed_and_english_users_read_english(bridge: Bridge) -> None:
    tg = bridge.tg
    tg.add_user(602, language_code="en")
    question = await say(tg, 602, "/quiet 22-08")
    assert question.text.startswith("Which time zone are the quiet hours 22:00–08:00 in? Choose below — "
                                    "Moscow is the default.")
    assert question.buttons()[0][0]["text"] == "Moscow (UTC+3) — default"
    await tg.press(602, question.message_id, question.callback_data("Another zone"))
    how = await tg.wait_for_bot_message(602, after=question.message_id)
    assert how.text == ("Send /quiet zone and your time zone: a name, like /quiet zone Asia/Novosibirsk, "
                        "or an offset from UTC, like /quiet zone UTC+5.")
    unknown = await say(tg, 602, "/quiet zone Mars/Olympus")
    assert unknown.text.startswith("I do not know the time zone “Mars/Olympus”.")
    done = await say(tg, 602, "/quiet zone UTC+5")
    assert done.text == ("Time zone: UTC+5.\n\nQuiet hours: 22:00–08:00, time zone: UTC+5.\n"
                         "Meanwhile notifications come without a sound. To keep them until morning: /quiet digest")
    named = await say(tg, 602, "/quiet zone asia/tokyo")
    assert named.text.startswith("Time zone: Asia/Tokyo.\n\nQuiet hours: 22:00–08:00, time zone: Asia/Tokyo.")
    off = await say(tg, 602, "/quiet off")
    assert off.text == "Quiet hours are off: notifications come at once and with a sound again."
    assert (await say(tg, 602, "/quiet")).text.startswith("Quiet hours are off.\n\nQuiet hours are when I do not")


@pytest.mark.parametrize(("command", "answer"), [
    ("/quiet 25-08", "Часы — от 0 до 23, минуты — от 0 до 59. Например: /quiet 22-08 или /quiet 22:30-08:00."),
    ("/quiet 22:75-08", "Часы — от 0 до 23, минуты — от 0 до 59."),
    ("/quiet 22-22", "Начало и конец тихих часов совпадают. Укажите разное время, например /quiet 22-08."),
    ("/quiet 8:00-08", "Начало и конец тихих часов совпадают."),
    ("/quiet ночью", "Не понял «ночью». Напишите начало и конец тихих часов через дефис: /quiet 22-08"),
    ("/quiet 22-08 Mars/Olympus", "Не знаю часового пояса «Mars/Olympus»."),
    ("/quiet zone <b>", "Не знаю часового пояса «<b>»."),
    ("/quiet zone", "Пришлите /quiet zone и ваш часовой пояс"),
])
async def test_bad_input_gets_a_sentence_and_changes_nothing(bridge: Bridge, command: str, answer: str) -> None:
    bridge.tg.add_user(603, language_code="ru")
    reply = await say(bridge.tg, 603, command)
    assert reply.text.startswith(answer)
    assert await bridge.runtime.storage.run(quiet_hours.get, 603) is None


async def test_pushes_are_silent_during_quiet_hours_only(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    _, (vacancy,), summary = await linked_employer(bridge, 604)
    assert summary.disable_notification is False
    quiet_range, _ = around_now(bridge, quiet=True)
    answer = await say(tg, 604, f"/quiet {quiet_range} Europe/Moscow", contains="Тихие часы")
    negotiation = hh.add_response(vacancy, ivan(hh), cover_letter="Добрый день!")
    card = await tg.wait_for_bot_message(604, contains="Новый отклик", after=answer.message_id)
    assert card.disable_notification is True
    loud_range, _ = around_now(bridge, quiet=False)
    answer = await say(tg, 604, f"/quiet {loud_range}", contains="Тихие часы")
    hh.add_message(negotiation, "applicant", "Когда собеседование?")
    message = await tg.wait_for_bot_message(604, contains="Когда собеседование?", after=answer.message_id)
    assert message.disable_notification is False


async def test_the_digest_holds_pushes_and_sends_one_message_when_quiet_hours_end(bridge: Bridge) -> None:
    s = await scene(bridge, 605)
    hh, tg = s.hh, s.tg
    quiet_range, ends = around_now(bridge, quiet=True)
    await say(tg, 605, f"/quiet {quiet_range} Europe/Moscow", contains="Тихие часы")
    answer = await say(tg, 605, "/quiet digest", contains="Режим сводки")
    hh.add_message(s.negotiation, "applicant", "Первое сообщение")
    hh.add_message(s.negotiation, "applicant", "Второе сообщение")
    petr = hh.add_applicant_user(first_name="Пётр", last_name="Сидоров")
    hh.add_response(s.vacancy, petr, cover_letter="Здравствуйте!")
    await held(bridge, 3)
    assert [m.message_id for m in tg.bot_messages(605) if m.message_id > answer.message_id] == []

    await s.press("Подумать")  # an edit of a card already sent is no push: it is not held
    await s.card_shows("Статус: Подумать")

    bridge.clock.advance(ends - bridge.clock.now() + 1)
    digest = await tg.wait_for_bot_message(605, contains="Тихие часы закончились", after=answer.message_id)
    header, *lines = digest.text.splitlines()  # one check may find either negotiation's news first
    assert (header, sorted(lines)) == ("🌙 Тихие часы закончились. Новости за это время:", [
        "• Петров Иван Сергеевич · Python-разработчик — 2 новых сообщения",
        "• Сидоров Пётр · Python-разработчик — 1 новое сообщение"])
    assert digest.disable_notification is False
    assert [[button["text"] for button in row] for row in digest.buttons()] == [
        [line[2:].split(" — ")[0]] for line in lines]
    await bridge.outbox_drained()
    assert [m.message_id for m in tg.bot_messages(605) if m.message_id > answer.message_id] == [digest.message_id]
    assert await bridge.runtime.storage.run(outbox.held_count) == 0

    await tg.press(605, digest.message_id, digest.callback_data("Петров"))
    second = await tg.wait_for_bot_message(605, contains="Второе сообщение", after=digest.message_id)
    first = next(m for m in tg.bot_messages(605) if m.message_id > digest.message_id)
    assert (first.text.splitlines()[-1], second.text.splitlines()[-1]) == ("Первое сообщение", "Второе сообщение")
    assert [button["text"] for row in second.buttons() for button in row] == [
        "Ответить", "📄 Резюме", "Резюме", "Вакансия"]
    hh.employer_action(s.negotiation, "invitation", message="Приглашаем.")  # on hh.ru: chatting needs it
    sent = await tg.reply(605, second.message_id, "Приходите в среду в 15:00.")
    confirmation = await tg.wait_for_bot_message(605, after=sent)
    assert confirmation.text == "✅ Отправлено на hh.ru: Петров Иван Сергеевич."
    assert hh.negotiation(s.negotiation).messages[-1].text == "Приходите в среду в 15:00."


async def test_turning_quiet_hours_off_sends_the_held_digest_at_once(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    _, (vacancy,), _ = await linked_employer(bridge, 606)
    quiet_range, _ = around_now(bridge, quiet=True)
    await say(tg, 606, f"/quiet {quiet_range} Europe/Moscow", contains="Тихие часы")
    await say(tg, 606, "/quiet digest", contains="Режим сводки")
    hh.add_response(vacancy, ivan(hh), cover_letter="Добрый день!")
    await held(bridge, 1)
    off = await say(tg, 606, "/quiet off", contains="Тихие часы выключены")
    digest = await tg.wait_for_bot_message(606, contains="Тихие часы закончились", after=off.message_id)
    assert digest.text.endswith("• Петров Иван Сергеевич · Python-разработчик — 1 новое сообщение")
    assert digest.disable_notification is False


async def test_held_pushes_survive_a_restart(start_bridge: StartBridge) -> None:
    bridge = await start_bridge()
    hh, tg = bridge.hh, bridge.tg
    _, (vacancy,), _ = await linked_employer(bridge, 607)
    quiet_range, ends = around_now(bridge, quiet=True)
    await say(tg, 607, f"/quiet {quiet_range} Europe/Moscow", contains="Тихие часы")
    answer = await say(tg, 607, "/quiet digest", contains="Режим сводки")
    hh.add_response(vacancy, ivan(hh), cover_letter="Добрый день!")
    await held(bridge, 1)
    await bridge.stop()

    restarted = await start_bridge()
    await held(restarted, 1)
    await restarted.ticks(2)
    assert [m.message_id for m in tg.bot_messages(607) if m.message_id > answer.message_id] == []
    restarted.clock.advance(ends - restarted.clock.now() + 1)
    digest = await tg.wait_for_bot_message(607, contains="Тихие часы закончились", after=answer.message_id)
    assert digest.text.endswith("• Петров Иван Сергеевич · Python-разработчик — 1 новое сообщение")
    await restarted.outbox_drained()
    assert [m.message_id for m in tg.bot_messages(607) if m.message_id > answer.message_id] == [digest.message_id]


async def test_a_card_closed_to_replies_is_named_in_the_digest_not_sent_again(bridge: Bridge) -> None:
    """A push whose chat hh.ru closed to replies has no «Ответить»; the digest still finds its card."""
    hh, tg = bridge.hh, bridge.tg
    _, negotiation, card = await responded(bridge, 608)
    quiet_range, ends = around_now(bridge, quiet=True)
    await say(tg, 608, f"/quiet {quiet_range} Europe/Moscow", contains="Тихие часы")
    answer = await say(tg, 608, "/quiet digest", contains="Режим сводки")
    hh.block_chat_writing(negotiation, "ARCHIVED_BY_EMPLOYER")
    hh.add_message(negotiation, "applicant", "Вы тут?")
    await held(bridge, 1)

    bridge.clock.advance(ends - bridge.clock.now() + 1)
    digest = await tg.wait_for_bot_message(608, contains="Тихие часы закончились", after=answer.message_id)
    assert digest.text == ("🌙 Тихие часы закончились. Новости за это время:\n"
                           "• Петров Иван · Python-разработчик — 1 новое сообщение")
    await bridge.outbox_drained()
    assert [m.message_id for m in tg.bot_messages(608) if m.message_id > answer.message_id] == [digest.message_id]

    await tg.press(608, digest.message_id, digest.callback_data("Петров"))
    opened = await tg.wait_for_bot_message(608, contains="Вы тут?", after=digest.message_id)
    assert [[button["text"] for button in row] for row in opened.buttons()] == [["📄 Резюме", "Резюме", "Вакансия"]]
    assert card.message_id < answer.message_id
