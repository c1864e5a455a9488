"""Issue 22, point 3: a group member cannot hold back the team's news. A refusal in the group goes to a person at
most once in five minutes (a press always gets its popup, which is no message in the group), and answers in a group
take only their share of its window, so the news keeps its pace whatever members send.

The group's window is shrunk to 10 calls in 2 s (answers: half of it), and the fake Telegram's group limit with it,
so that a minute's flood plays out in seconds; when each card arrived is read from the fake's own stamps.
"""

from __future__ import annotations

import time

from bot.app import Tuning
from bot.services.group_gate import REFUSE_EVERY
from bot.services.sender import IDLE_WAIT
from bot.testing.fake_telegram import ChatMessage, FakeTelegram, FloodControl
from tests.conftest import FAST, Bridge, StartBridge
from tests.e2e.test_group_team import REFUSED, team_with_card
from tests.e2e.test_groups import COLLEAGUE, HOW, OWNER, PLAIN, Team, bot_texts_after

PER_WINDOW, WINDOW = 10, 2.0
ANSWERS = PER_WINDOW // 2  # the answers' share by default: pushes find at least the other half
PACED = Tuning(**{**FAST.__dict__, "telegram_group_per_window": PER_WINDOW, "telegram_group_window": WINDOW})
CARDS = 15
FLOOD = 40  # a member's messages in about a second: far more than the group's window
NOT_ALLOWED = REFUSED.format(who="администраторы группы")
NOTHING_TO_CANCEL = "Отменять нечего."
FOUND_WITHIN = 1.0  # a check finds new responses within the poll interval (0.2 s), and makes their cards


async def paced_team(start_bridge: StartBridge) -> tuple[Team, ChatMessage]:
    """A connected group with a card in it, its window (and the fake's limit for it) shrunk to PER_WINDOW in WINDOW."""
    bridge = await start_bridge(tuning=PACED)
    team, card, _ = await team_with_card(bridge, PLAIN)
    team.tg.set_flood_control(FloodControl(group_burst=PER_WINDOW, group_per_second=PER_WINDOW / WINDOW,
                                           group_per_minute=1000))
    return team, card


def news(team: Team) -> float:
    """New responses for the cards; when they came, on the fake Telegram's clock (the `tg` fixture's default,
    time.monotonic)."""
    hh = team.hh
    for n in range(CARDS):
        hh.add_response(team.vacancies[0], hh.add_applicant_user(first_name="Кандидат", last_name=f"Номер{n}"))
    return time.monotonic()


def sent_to_group(tg: FakeTelegram, contains: str) -> list[float]:
    """When the fake got each sendMessage to the group whose text has `contains` (its own clock)."""
    return [request.at for request in tg.requests if request.method == "sendMessage" and request.ok
            and str(request.params.get("chat_id")) == str(PLAIN) and contains in str(request.params.get("text"))]


async def cards_at(tg: FakeTelegram) -> list[float]:
    await tg.wait_for(lambda: len(sent_to_group(tg, "Номер")) == CARDS, timeout=30,
                      description=f"all {CARDS} cards in the group")
    return sent_to_group(tg, "Номер")


def assert_news_kept_its_pace(news_at: float, arrivals: list[float]) -> None:
    """From the news on, the pushes' share (the window less the answers') per window: the k-th card within
    k // share windows, plus one window, the sender's idle wake (it skips a full group and looks again within
    IDLE_WAIT) and the time a check takes to find the news."""
    for k, at in enumerate(arrivals):
        due = news_at + FOUND_WITHIN + (k // (PER_WINDOW - ANSWERS)) * WINDOW + WINDOW + IDLE_WAIT
        assert at <= due, f"card {k + 1} came {at - news_at:.2f} s after the news, later than {due - news_at:.2f} s"


async def test_a_member_who_may_not_act_is_refused_once_and_holds_no_news_back(start_bridge: StartBridge) -> None:
    team, card = await paced_team(start_bridge)
    tg = team.tg
    tg.set_member_status(PLAIN, COLLEAGUE, "member")  # the owner lets only the group's administrators act
    flood = [await (tg.send_text(COLLEAGUE, "/cancel", group_id=PLAIN) if n % 2 else
                    tg.reply(COLLEAGUE, card.message_id, f"Вопрос {n}?", group_id=PLAIN)) for n in range(FLOOD)]
    news_at = news(team)
    presses = [await tg.press(COLLEAGUE, card.message_id, card.callback_data("Подумать"), group_id=PLAIN)
               for _ in range(5)]

    assert_news_kept_its_pace(news_at, await cards_at(tg))
    # the member's updates are handled in order: once the presses are answered, the whole flood has been
    await tg.wait_for(lambda: all(query in tg.callback_answers for query in presses), timeout=30,
                      description="the presses' answers")
    assert [(tg.callback_answers[query].text, tg.callback_answers[query].show_alert) for query in presses] == [
        (NOT_ALLOWED, True)] * len(presses), "each press gets the refusal as a popup"
    refusals = [message for message in tg.bot_messages(PLAIN) if message.text == NOT_ALLOWED]
    assert [message.reply_to_message_id for message in refusals] == [flood[0]], "one refusal, to the first"
    assert tg.flood_stats(PLAIN).too_many_requests == 0

    await refused_again_after_five_minutes(team.bridge, card, refusals[0])


async def refused_again_after_five_minutes(bridge: Bridge, card: ChatMessage, last: ChatMessage) -> None:
    """Up to the interval's end (less a margin for handling) nothing more; once it is over, a refusal again. The
    refusal was decided within a second before its message's date (whole seconds of the same clock)."""
    tg = bridge.tg
    bridge.clock.advance(max(0.0, last.date + REFUSE_EVERY - 10 - bridge.clock.now()))
    early = await tg.send_text(COLLEAGUE, "/cancel", group_id=PLAIN)
    handled = await tg.press(COLLEAGUE, card.message_id, card.callback_data("Подумать"), group_id=PLAIN)
    await tg.wait_for(lambda: handled in tg.callback_answers, description="the press after the early /cancel")
    bridge.clock.advance(max(0.0, last.date + 1 + REFUSE_EVERY - bridge.clock.now()))
    later = await tg.send_text(COLLEAGUE, "/cancel", group_id=PLAIN)
    refusal = await tg.wait_for_bot_message(PLAIN, contains=NOT_ALLOWED, after=last.message_id)
    assert refusal.reply_to_message_id == later, "refused again once five minutes passed, and not before"
    assert all(m.reply_to_message_id != early for m in tg.bot_messages(PLAIN) if m.text == NOT_ALLOWED)


async def test_answers_in_a_group_take_only_their_share_of_its_window(start_bridge: StartBridge) -> None:
    team, _ = await paced_team(start_bridge)
    tg = team.tg
    for _ in range(FLOOD):  # allowed to act, and asking for an answer each time
        await tg.send_text(OWNER, "/cancel", group_id=PLAIN)
    await tg.wait_for(lambda: len(sent_to_group(tg, NOTHING_TO_CANCEL)) >= ANSWERS, description="the first answers")
    news_at = news(team)

    assert_news_kept_its_pace(news_at, await cards_at(tg))
    answers = sent_to_group(tg, NOTHING_TO_CANCEL)
    assert len(answers) < FLOOD, "the answers were still going while the news came"
    for earlier, later in zip(answers, answers[ANSWERS:], strict=False):
        assert later - earlier >= WINDOW, f"more than {ANSWERS} answers in {WINDOW} s"
    assert tg.flood_stats(PLAIN).too_many_requests == 0


async def test_connect_and_disconnect_refuse_a_member_once(bridge: Bridge) -> None:
    team, card, _ = await team_with_card(bridge, PLAIN)
    tg = team.tg
    tg.set_member_status(PLAIN, COLLEAGUE, "member")
    asked = [await tg.send_text(COLLEAGUE, command, group_id=PLAIN) for command in ("/connect", "/disconnect") * 5]
    handled = await tg.press(COLLEAGUE, card.message_id, card.callback_data("Подумать"), group_id=PLAIN)
    await tg.wait_for(lambda: handled in tg.callback_answers, description="the press after the commands")
    assert bot_texts_after(tg, PLAIN, asked[0]) == [HOW], "one refusal for the lot, the first"
