"""Issues 13 and 23: each button of the demo's hh.ru pane does on the fake hh.ru what it says it does, and says what
the chat will show of it, or why it will show nothing; trouble belongs to the persona who raised it."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest

from bot.demo import happenings as happenings_module
from bot.demo.happenings import Happenings, NothingToDo, Outcome
from bot.demo.stack import BOT_TOKEN
from bot.demo.texts import EN, RU, DemoTexts
from bot.demo.world import Role, World, seed
from bot.testing.fake_hh import FakeHH, NegotiationView
from bot.testing.fake_telegram import FakeTelegram
from tests.conftest import eventually

AGENT = "DemoTests/1.0 (tests@example.com)"
SOON = RU.happened.seen_at_next_check


@dataclass
class Demo:
    hh: FakeHH
    tg: FakeTelegram
    world: World
    happenings: Happenings

    def latest(self, role: Role) -> NegotiationView:
        """The latest conversation of `role`, as hh.ru has it."""
        happenings = self.happenings
        conversations = happenings.employer_conversations if role == "employer" else happenings.applicant_conversations
        return self.hh.negotiation(conversations[-1].negotiation)

    def messages(self, role: Role) -> list[tuple[str, str | None]]:
        return [(m.author, m.text) for m in self.latest(role).messages]

    def state(self, role: Role) -> str:
        return self.latest(role).employer_state

    async def me(self, role: Role) -> tuple[int, str]:
        """How hh.ru answers the persona's next API call: status and the first error type."""
        token = self.hh.issue_tokens(self.world.personas[role].hh_user_id).access_token
        headers = {"Authorization": f"Bearer {token}", "HH-User-Agent": AGENT}
        async with aiohttp.ClientSession() as session, session.get(f"{self.hh.base_url}/me", headers=headers) as me:
            body = await me.json()
            return me.status, body["errors"][0]["type"] if me.status != 200 else ""

    async def linked(self, role: Role, *, first_check: bool = True) -> None:
        """As if the bot linked the persona's account (it holds a token) and, with `first_check`, sent the summary
        of its first check."""
        persona = self.world.personas[role]
        self.hh.issue_tokens(persona.hh_user_id)
        if first_check:
            summary = "Аккаунт на связи. Сейчас неразобранных откликов нет."
            async with aiohttp.ClientSession() as session, session.post(
                    f"{self.tg.base_url}/bot{BOT_TOKEN}/sendMessage",
                    json={"chat_id": persona.telegram_id, "text": summary}) as sent:
                assert sent.status == 200


async def started(texts: DemoTexts, language: str) -> Demo:
    hh = FakeHH(clock=time.time, language="en" if language == "en" else "ru")
    await hh.start()
    tg = FakeTelegram(token=BOT_TOKEN, bot_username="hh_bridge_demo_bot")
    await tg.start()
    world = seed(hh, tg, texts, "en" if language == "en" else "ru")
    return Demo(hh, tg, world, Happenings(hh, tg, world, texts))


@pytest.fixture
async def demo() -> AsyncIterator[Demo]:
    made = await started(RU, "ru")
    yield made
    made.happenings.close()
    await made.tg.close()
    await made.hh.close()


async def test_the_employer_side_buttons(demo: Demo) -> None:
    with pytest.raises(NothingToDo, match="сначала нажмите «Кандидат откликается с сопроводительным письмом»"):
        demo.happenings.happen("candidate_writes", "employer")
    await demo.linked("employer")
    said = demo.happenings.happen("candidate_responds", "employer")
    assert said == Outcome("Иван Петров откликается на «Python-разработчик»: «Здравствуйте! Пишу на Python восемь "
                           "лет, последние три — <aiohttp> и asyncio. Буду рад обсудить.»", SOON)
    assert demo.messages("employer") == [("applicant", RU.sample.cover_letters[0])]
    assert demo.happenings.happen("candidate_writes", "employer") == Outcome(
        "Иван Петров пишет: «Спасибо за приглашение! В среду в 15:00 мне удобно.»", SOON)
    assert demo.messages("employer")[-1] == ("applicant", "Спасибо за приглашение! В среду в 15:00 мне удобно.")
    assert demo.happenings.happen("candidate_responds", "employer").said.startswith("Анна Смирнова откликается")
    assert [c.other_side for c in demo.happenings.employer_conversations] == ["Иван Петров", "Анна Смирнова"]


async def test_a_stage_the_check_sees_later_is_said_so(demo: Demo) -> None:
    """Issue 23: the first move changes the vacancy's counters (the card follows at the next check); a move between
    later stages does not, and the page says when the card will follow instead."""
    await demo.linked("employer")
    demo.happenings.happen("candidate_responds", "employer")
    assert demo.happenings.happen("employer_moves_stage", "employer") == Outcome(
        "Рога и копыта на сайте: «Пригласить» для Иван Петров", SOON)
    assert (demo.state("employer"), demo.messages("employer")[-1]) == (
        "interview", ("employer", "Приглашаем на собеседование в четверг в 11:00."))
    later = demo.happenings.happen("employer_moves_stage", "employer")
    assert later.said == "Рога и копыта на сайте: «Предложить работу» для Иван Петров"
    assert later.note == RU.happened.seen_at_next_news.format(event="Кандидат пишет сообщение")
    assert demo.messages("employer")[-1] == ("employer", RU.sample.stage_messages["offer"])


async def test_nothing_to_move_names_the_button_to_press_first(demo: Demo) -> None:
    with pytest.raises(NothingToDo, match="сначала нажмите «Кандидат откликается с сопроводительным письмом»"):
        demo.happenings.happen("employer_moves_stage", "employer")


async def test_the_applicant_side_buttons(demo: Demo) -> None:
    await demo.linked("applicant")
    assert demo.happenings.happen("employer_writes", "applicant") == Outcome(
        "Ромашка пишет: «Здравствуйте! Когда вам удобно созвониться?»", SOON)
    assert demo.messages("applicant") == [("applicant", "Добрый день! Интересна ваша вакансия."),
                                          ("employer", "Здравствуйте! Когда вам удобно созвониться?")]
    assert demo.happenings.happen("employer_invites", "applicant") == Outcome(
        "Ромашка на сайте: «Пригласить» для Иван Петров", SOON)
    assert demo.messages("applicant")[-1] == ("employer", RU.sample.stage_messages["interview"])
    assert demo.happenings.happen("applicant_responds", "applicant").said.startswith(
        "Иван Петров откликается на «Разработчик на Python»")
    assert [c.other_side for c in demo.happenings.applicant_conversations] == ["Ромашка", "Северсталь"]


@pytest.mark.parametrize(("first_check", "captcha", "note"), [
    (None, False, "В чате этого не будет: бот не подключён к аккаунту «Иван Петров». Нажмите «Запустить» и "
                  "подключите hh.ru."),
    (False, False, RU.happened.first_check_pending.format(name="Иван Петров")),
    (True, True, RU.happened.paused_by_captcha.format(name="Иван Петров")),
    (True, False, SOON),
])
async def test_the_page_says_why_the_chat_shows_nothing(demo: Demo, first_check: bool | None, captcha: bool,
                                                        note: str) -> None:
    if first_check is not None:
        await demo.linked("applicant", first_check=first_check)
    if captcha:
        demo.hh.require_captcha(demo.world.applicant)
    assert demo.happenings.happen("employer_writes", "applicant").note == note


@pytest.mark.parametrize(
    ("event", "role", "said", "note", "answer"),
    [
        ("token_expires", "employer", "Истёк токен доступа аккаунта «Ольга Кадрова».", RU.happened.token_note,
         (200, "")),
        ("captcha", "applicant", "hh.ru требует капчу от аккаунта «Иван Петров».", RU.happened.captcha_note,
         (403, "captcha_required")),
        ("too_many_requests", "employer",
         "hh.ru отвечает 429 (Retry-After: 5 с) на запросы аккаунта «Ольга Кадрова» в течение 30 с.",
         RU.happened.too_many_note, (429, "too_many_requests")),
    ],
)
async def test_hh_trouble_buttons_trouble_only_their_persona(demo: Demo, event: str, role: Role, said: str,
                                                              note: str, answer: tuple[int, str]) -> None:
    """Issue 23: a captcha or 429s raised as one persona leave the other's calls alone."""
    await demo.linked(role)
    user = demo.world.personas[role].hh_user_id
    earlier = demo.hh.issue_tokens(user)
    assert demo.happenings.happen(event, role) == Outcome(said, note)
    expired = [token.expires_at <= demo.hh.now() for token in demo.hh.tokens_of(user)
               if token.access_token == earlier.access_token]
    assert expired == [event == "token_expires"]
    assert await demo.me(role) == answer
    other: Role = "applicant" if role == "employer" else "employer"
    assert await demo.me(other) == (200, "")


async def test_a_personas_429s_end_after_their_while_and_only_theirs(demo: Demo,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(happenings_module, "TOO_MANY_SECONDS", 0.2)
    demo.happenings.happen("too_many_requests", "applicant")
    monkeypatch.setattr(happenings_module, "TOO_MANY_SECONDS", 60)
    demo.happenings.happen("too_many_requests", "employer")
    assert (await demo.me("applicant"), await demo.me("employer")) == ((429, "too_many_requests"),) * 2

    async def calm() -> bool | None:
        return await demo.me("applicant") == (200, "") or None

    await eventually(calm, what="the applicant's 429s to end")
    assert await demo.me("employer") == (429, "too_many_requests")


async def test_the_english_world_speaks_english() -> None:
    demo = await started(EN, "en")
    try:
        await demo.linked("employer")
        said = demo.happenings.happen("candidate_responds", "employer").said
        moved = demo.happenings.happen("employer_moves_stage", "employer").said
        assert (said.split(":")[0], moved) == ("Ivan Petrov responds to “Python developer”",
                                               "Horns & Hooves on the site: “Invite” for Ivan Petrov")
        assert demo.messages("employer")[-1] == ("employer", EN.sample.stage_messages["interview"])
    finally:
        demo.happenings.close()
        await demo.tg.close()
        await demo.hh.close()
