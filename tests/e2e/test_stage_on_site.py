"""Issue 21, item 7: a card whose negotiation changed stage on hh.ru (a colleague, or the recruiter on the site) is
edited to the new state and its actions, in polling mode at the next check that sees the vacancy change, in webhook
mode on hh.ru's NEGOTIATION_EMPLOYER_STATE_CHANGE event."""

from __future__ import annotations

from storage.hh_subscriptions import SubscriptionState
from tests.conftest import Bridge, StartBridge, wait_until
from tests.e2e.test_actions import Scene, prompt_after, scene
from tests.e2e.test_webhooks import PATH, subscription_state

CHANGED = "🔄 Этап изменён на hh.ru"


def edits(s: Scene) -> int:
    return len(s.tg.calls("editMessageText"))


async def test_a_stage_changed_on_the_site_edits_the_card_to_its_new_actions(bridge: Bridge) -> None:
    s = await scene(bridge, 381)
    assert s.buttons()[:4] == ["Пригласить", "Телефонное интервью", "Подумать", "Отказать"]
    s.hh.employer_action(s.negotiation, "hold")
    card = await s.card_shows(CHANGED)
    assert card.text.endswith("\n\nСтатус: Подумать\n" + CHANGED)
    assert s.buttons() == ["Пригласить", "Телефонное интервью", "Отказать", "Ответить", "📄 Резюме", "Резюме",
                           "Вакансия"]
    await s.press("Телефонное интервью")  # the fresh card's buttons work
    prompt = await prompt_after(s.tg, 381, s.card.message_id)
    await s.press("Без сообщения", prompt)
    await s.card_shows("Статус: Телефонное интервью")
    assert s.hh.negotiation(s.negotiation).employer_state == "phone_interview"


async def test_a_stage_changed_through_the_bot_is_not_edited_again(bridge: Bridge) -> None:
    s = await scene(bridge, 382)
    await s.press("Подумать")
    await s.card_shows("Статус: Подумать")
    before = edits(s)
    await bridge.checks(3)
    await bridge.outbox_drained()
    assert (edits(s), CHANGED in s.shown_card().text) == (before, False)


async def test_webhook_mode_edits_the_card_on_the_state_change_event(start_bridge: StartBridge) -> None:
    bridge = await start_bridge(hh_webhook_url=PATH, hh_webhook_fallback_interval=3600.0)
    s = await scene(bridge, 383)
    await subscription_state(bridge, 383, SubscriptionState.ACTIVE)
    s.hh.employer_action(s.negotiation, "hold")  # out of the first stage: the vacancy's counters change too
    await s.card_shows(CHANGED)
    s.hh.employer_action(s.negotiation, "phone_interview")  # between two later stages: only the event tells
    await wait_until(lambda: "Статус: Телефонное интервью" in s.shown_card().text, what="the card in its new stage")
    assert s.buttons()[:2] == ["Пригласить", "Отказать"]
