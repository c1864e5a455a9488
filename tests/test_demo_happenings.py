"""Issue 13: each button of the demo's hh.ru pane does on the fake hh.ru what it says it does."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

import aiohttp
import pytest

from bot.demo.happenings import Happenings, NothingToDo
from bot.demo.texts import RU
from bot.demo.world import Role, World, seed
from bot.testing.fake_hh import FakeHH, NegotiationView
from bot.testing.fake_telegram import FakeTelegram

AGENT = "DemoTests/1.0 (tests@example.com)"


@dataclass
class Demo:
    hh: FakeHH
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


@pytest.fixture
async def demo() -> AsyncIterator[Demo]:
    hh = FakeHH(clock=time.time)
    await hh.start()
    world = seed(hh, FakeTelegram(), RU, "ru")
    happenings = Happenings(hh, world, RU)
    yield Demo(hh, world, happenings)
    happenings.close()
    await hh.close()


async def test_the_employer_side_buttons(demo: Demo) -> None:
    with pytest.raises(NothingToDo, match="сначала нужен отклик"):
        demo.happenings.happen("candidate_writes", "employer")
    said = demo.happenings.happen("candidate_responds", "employer")
    assert said == ("Иван Петров откликается на «Python-разработчик»: «Здравствуйте! Пишу на Python восемь лет, "
                    "последние три — <aiohttp> и asyncio. Буду рад обсудить.»")
    assert demo.messages("employer") == [("applicant", RU.sample.cover_letters[0])]
    assert demo.happenings.happen("candidate_writes", "employer") == (
        "Иван Петров пишет: «Спасибо за приглашение! В среду в 15:00 мне удобно.»")
    assert demo.messages("employer")[-1] == ("applicant", "Спасибо за приглашение! В среду в 15:00 мне удобно.")
    assert demo.happenings.happen("employer_moves_stage", "employer") == (
        "Рога и копыта на сайте: «Пригласить» для Иван Петров")
    assert demo.state("employer") == "interview"
    assert demo.happenings.happen("candidate_responds", "employer").startswith("Анна Смирнова откликается")
    assert [c.other_side for c in demo.happenings.employer_conversations] == ["Иван Петров", "Анна Смирнова"]


async def test_the_applicant_side_buttons(demo: Demo) -> None:
    assert demo.happenings.happen("employer_writes", "applicant") == (
        "Ромашка пишет: «Здравствуйте! Когда вам удобно созвониться?»")
    assert demo.messages("applicant") == [("applicant", "Добрый день! Интересна ваша вакансия."),
                                          ("employer", "Здравствуйте! Когда вам удобно созвониться?")]
    assert demo.happenings.happen("employer_invites", "applicant") == (
        "Ромашка на сайте: «Пригласить» для Иван Петров")
    assert demo.messages("applicant")[-1] == ("employer", RU.sample.stage_message)
    assert demo.happenings.happen("applicant_responds", "applicant").startswith(
        "Иван Петров откликается на «Разработчик на Python»")
    assert [c.other_side for c in demo.happenings.applicant_conversations] == ["Ромашка", "Северсталь"]


@pytest.mark.parametrize(
    ("event", "role", "said", "answer"),
    [
        ("token_expires", "employer",
         "Истёк токен доступа аккаунта «Ольга Кадрова»: бот обновит его при следующем запросе.", (200, "")),
        ("captcha", "applicant", "hh.ru требует капчу от аккаунта «Иван Петров».", (403, "captcha_required")),
        ("too_many_requests", "employer", "hh.ru отвечает 429 (Retry-After: 5 с) в течение 30 с.",
         (429, "too_many_requests")),
    ],
)
async def test_hh_trouble_buttons(demo: Demo, event: str, role: Role, said: str, answer: tuple[int, str]) -> None:
    user = demo.world.personas[role].hh_user_id
    earlier = demo.hh.issue_tokens(user)
    assert demo.happenings.happen(event, role) == said
    expired = [token.expires_at <= demo.hh.now() for token in demo.hh.tokens_of(user)
               if token.access_token == earlier.access_token]
    assert expired == [event == "token_expires"]
    assert await demo.me(role) == answer
