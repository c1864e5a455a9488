"""Issue 22, item 7: a stray word never becomes a letter to a candidate. A prompt is answered only by the text right
after it; anything else its person does in the chat closes it, with a line saying so; an action's text is shown
with «Отправить» and «Изменить» before anything reaches hh.ru; the answer comes under the user's own message."""

from __future__ import annotations

import asyncio

from tests.conftest import Bridge
from tests.e2e.test_actions import Scene, preview_of, prompt_after, scene, typed_and_sent
from tests.e2e.test_group_team import BORIS, cards_of, open_prompts, shown
from tests.e2e.test_groups import COLLEAGUE, PLAIN

CLOSED = ("«{action}» · Петров Иван Сергеевич — отменено: вы {why}. Чтобы написать сообщение, нажмите «{action}» "
          "ещё раз.")


async def rejection_prompt(s: Scene) -> int:
    await s.press("Отказать")
    return (await prompt_after(s.tg, s.chat, s.card.message_id)).message_id


async def no_letter_from(s: Scene, stray: str) -> None:
    """The stray word is not understood, and the candidate got nothing from the bot."""
    sent = await s.tg.send_text(s.chat, stray)
    await s.tg.wait_for_bot_message(s.chat, contains="Не понял", after=sent)
    assert all(m.text != stray for m in s.hh.negotiation(s.negotiation).messages)
    assert [put for put in s.actions_put() if put] == []


async def test_a_command_in_between_closes_the_prompt_and_the_next_word_is_no_rejection(bridge: Bridge) -> None:
    s = await scene(bridge, 2201)
    await rejection_prompt(s)
    status = await s.tg.send_text(2201, "/status")
    closed = await s.tg.wait_for_bot_message(2201, after=status)
    assert (closed.text, closed.reply_to_message_id) == (
        CLOSED.format(action="Отказать", why="отправили /status"), status)
    await s.tg.wait_for_bot_message(2201, contains="Рога и копыта", after=closed.message_id)
    await no_letter_from(s, "hello?")
    assert s.actions_put() == [] and s.hh.negotiation(s.negotiation).employer_state == "response"


async def test_another_button_in_between_closes_the_prompt(bridge: Bridge) -> None:
    s = await scene(bridge, 2202)
    prompt = await rejection_prompt(s)
    await s.press("Подумать")
    closed = await s.tg.wait_for_bot_message(2202, contains="отменено", after=prompt)
    assert (closed.text, closed.reply_to_message_id) == (
        CLOSED.format(action="Отказать", why="нажали «Подумать»"), prompt)
    await s.card_shows("Статус: Подумать")
    await no_letter_from(s, "hello?")
    assert s.actions_put() == [{}] and s.hh.negotiation(s.negotiation).employer_state == "consider"


async def test_nothing_reaches_hh_before_send_and_edit_asks_again(bridge: Bridge) -> None:
    s = await scene(bridge, 2203)
    await rejection_prompt(s)
    _, first = await preview_of(s, "Первый вариант.")
    assert "Действие: «Отказать»\nКому: Петров Иван Сергеевич, вакансия «Python-разработчик»" in first.text
    await s.press("Изменить", first)
    again = await prompt_after(s.tg, 2203, first.message_id)
    assert again.reply_to_message_id == first.message_id
    assert again.text.startswith("✍️ «Отказать» · Петров Иван Сергеевич\nНапишите сообщение")
    stale = await s.tg.press(2203, first.message_id, first.callback_data("Отправить"))
    await s.tg.wait_for(lambda: stale in s.tg.callback_answers, description="the old preview's answer")
    assert s.tg.callback_answers[stale].text == "Эта кнопка устарела."
    assert s.actions_put() == []
    await typed_and_sent(s, "Второй вариант.")
    await s.card_shows("Статус: Отказ")
    assert s.actions_put() == [{"message": "Второй вариант."}]
    assert [m.text for m in s.hh.negotiation(s.negotiation).messages if m.author == "employer"] == ["Второй вариант."]


async def test_text_typed_while_the_preview_waits_closes_the_prompt(bridge: Bridge) -> None:
    s = await scene(bridge, 2204)
    await rejection_prompt(s)
    _, preview = await preview_of(s, "Уважаемый Иван, к сожалению…")
    stray = await s.tg.send_text(2204, "hello?")
    closed = await s.tg.wait_for_bot_message(2204, after=stray)
    assert (closed.text, closed.reply_to_message_id) == (CLOSED.format(
        action="Отказать", why="написали текст, а не нажали «Отправить» или «Изменить»"), stray)
    late = await s.tg.press(2204, preview.message_id, preview.callback_data("Отправить"))
    await s.tg.wait_for(lambda: late in s.tg.callback_answers, description="the closed preview's answer")
    assert s.tg.callback_answers[late].text == "Эта кнопка устарела."
    assert s.actions_put() == [] and s.hh.negotiation(s.negotiation).employer_state == "response"


async def test_cancel_under_the_preview_sends_nothing(bridge: Bridge) -> None:
    s = await scene(bridge, 2205)
    await rejection_prompt(s)
    _, preview = await preview_of(s, "Уважаемый Иван, к сожалению…")
    await s.press("Отмена", preview)
    await s.tg.wait_for(lambda: s.shown(preview).text == "Отменено.", description="the preview cancelled")
    await no_letter_from(s, "hello?")


async def test_two_presses_of_send_send_once(bridge: Bridge) -> None:
    s = await scene(bridge, 2206)
    await rejection_prompt(s)
    _, preview = await preview_of(s, "Спасибо за отклик, но нет.")
    data = preview.callback_data("Отправить")
    first, second = await asyncio.gather(s.tg.press(2206, preview.message_id, data),
                                         s.tg.press(2206, preview.message_id, data))
    await s.tg.wait_for(lambda: first in s.tg.callback_answers and second in s.tg.callback_answers)
    await s.card_shows("Статус: Отказ")
    assert s.actions_put() == [{"message": "Спасибо за отклик, но нет."}]
    assert sorted(s.tg.callback_answers[query].text or "" for query in (first, second)) == [
        "Выполняю…", "Эта кнопка устарела."]


async def test_a_text_hh_refuses_is_quoted_back_under_it_and_asked_for_again(bridge: Bridge) -> None:
    s = await scene(bridge, 2207)
    await rejection_prompt(s)
    long_text = "Очень подробный отказ. " * 100
    preview = await typed_and_sent(s, long_text)
    refused = await s.tg.wait_for_bot_message(2207, contains="слишком длинное", after=s.card.message_id)
    assert refused.message_id == preview.message_id and long_text.strip() in refused.text
    again = await prompt_after(s.tg, 2207, preview.message_id)
    assert again.reply_to_message_id == preview.message_id
    await typed_and_sent(s, "Коротко: нет.")
    await s.card_shows("Статус: Отказ")
    assert s.actions_put()[-1] == {"message": "Коротко: нет."}


# --- in a group: prompts per person, answered by a reply to them ---------------------------------------------------


async def test_in_a_group_a_persons_command_closes_only_their_own_prompt(bridge: Bridge) -> None:
    team, cards, negotiations, _ = await cards_of(bridge, owners="one owner")
    tg = team.tg
    annas, boris = await open_prompts(team, cards, [COLLEAGUE, BORIS])
    command = await tg.send_text(COLLEAGUE, "/status", group_id=PLAIN)
    closed = await tg.wait_for_bot_message(PLAIN, contains="отменено", after=command)
    assert (closed.text, closed.reply_to_message_id) == (
        "«Пригласить» · Петров Иван Сергеевич — отменено: вы отправили /status. Чтобы написать сообщение, нажмите "
        "«Пригласить» ещё раз.", command)
    late = await tg.reply(COLLEAGUE, annas.message_id, "Иван, ждём вас в среду.", group_id=PLAIN)
    assert (await tg.wait_for_bot_message(PLAIN, after=late)).text.startswith("Не понял, куда отправить ответ")
    sent = await tg.reply(BORIS, boris.message_id, "Мария, ждём вас в четверг.", group_id=PLAIN)
    preview = await tg.wait_for_bot_message(PLAIN, contains="📝", after=sent)
    assert preview.reply_to_message_id == sent and "Кому: Иванова Мария" in preview.text
    await tg.press(BORIS, preview.message_id, preview.callback_data("Отправить"), group_id=PLAIN)
    await tg.wait_for(lambda: "Статус: Собеседование" in shown(team, cards[1]).text, description="Maria's card")
    await bridge.outbox_drained()
    assert [team.hh.negotiation(negotiation).employer_state for negotiation in negotiations] == [
        "response", "interview"]


async def test_in_a_group_a_persons_other_button_closes_their_prompt(bridge: Bridge) -> None:
    team, cards, negotiations, _ = await cards_of(bridge, owners="one owner")
    tg = team.tg
    await tg.press(COLLEAGUE, cards[0].message_id, cards[0].callback_data("Пригласить"), group_id=PLAIN)
    prompt = await tg.wait_for_bot_message(PLAIN, contains="✍️", after=cards[1].message_id)
    await tg.press(COLLEAGUE, cards[1].message_id, cards[1].callback_data("Подумать"), group_id=PLAIN)
    closed = await tg.wait_for_bot_message(PLAIN, contains="отменено", after=prompt.message_id)
    assert (closed.text.split(" — ", 1)[1], closed.reply_to_message_id) == (
        "отменено: вы нажали «Подумать». Чтобы написать сообщение, нажмите «Пригласить» ещё раз.", prompt.message_id)
    await tg.wait_for(lambda: "Статус: Подумать" in shown(team, cards[1]).text, description="Maria's card")
    late = await tg.reply(COLLEAGUE, prompt.message_id, "Иван, ждём вас в среду.", group_id=PLAIN)
    assert (await tg.wait_for_bot_message(PLAIN, after=late)).text.startswith("Не понял, куда отправить ответ")
    assert team.hh.negotiation(negotiations[0]).employer_state == "response"


async def test_in_a_group_the_teams_talk_closes_nothing_and_the_reply_is_previewed(bridge: Bridge) -> None:
    team, cards, negotiations, _ = await cards_of(bridge, owners="one owner")
    tg = team.tg
    await tg.press(COLLEAGUE, cards[0].message_id, cards[0].callback_data("Пригласить"), group_id=PLAIN)
    prompt = await tg.wait_for_bot_message(PLAIN, contains="✍️", after=cards[1].message_id)
    await tg.send_text(COLLEAGUE, "Сейчас напишу Ивану", group_id=PLAIN)  # to the team, not to the bot
    sent = await tg.reply(COLLEAGUE, prompt.message_id, "Иван, ждём вас в среду.", group_id=PLAIN)
    preview = await tg.wait_for_bot_message(PLAIN, contains="📝", after=sent)
    assert preview.reply_to_message_id == sent
    assert team.hh.negotiation(negotiations[0]).employer_state == "response", "nothing before «Отправить»"
    await tg.press(COLLEAGUE, preview.message_id, preview.callback_data("Отправить"), group_id=PLAIN)
    done = await tg.wait_for_bot_message(PLAIN, contains="✅", after=sent)
    assert done.message_id == preview.message_id and done.reply_to_message_id == sent
    assert done.text == ("✅ «Пригласить» · Петров Иван Сергеевич — готово, сообщение ушло на hh.ru:\n"
                         "Иван, ждём вас в среду.")
    assert "Статус: Собеседование" in shown(team, cards[0]).text
    assert [m.text for m in tg.bot_messages(PLAIN) if "отменено" in m.text] == []
