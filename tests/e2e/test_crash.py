"""Issue 4: kill -9 in the middle of a delivery loses nothing; only sends in flight may repeat."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.testing.bot_process import BotProcess
from bot.testing.fake_hh import FakeHH
from bot.testing.fake_telegram import FakeTelegram
from tests.conftest import link_through, wait_until

pytestmark = pytest.mark.process


@pytest.fixture
async def bot_process(hh: FakeHH, tg: FakeTelegram, tmp_path: Path) -> AsyncIterator[BotProcess]:
    process = BotProcess(hh, tg, tmp_path)
    yield process
    await process.stop_quietly()


def cards(tg: FakeTelegram, chat: int) -> list[str]:
    return [line for message in tg.bot_messages(chat) if "Новый отклик" in message.text
            for line in message.text.splitlines() if "Кандидат" in line]


async def test_kill_9_mid_delivery_loses_nothing(bot_process: BotProcess, hh: FakeHH, tg: FakeTelegram) -> None:
    await bot_process.start()
    employer = hh.add_employer_user()
    vacancy = hh.add_vacancy(employer)
    tg.add_user(9001, language_code="ru")
    confirmation = await link_through(tg, 9001, employer.user_id)
    await tg.wait_for_bot_message(9001, contains="Аккаунт на связи", after=confirmation.message_id, timeout=15)
    for number in range(10):
        hh.add_response(vacancy, hh.add_applicant_user(first_name=f"Кандидат{number:02d}"), cover_letter=None)
    await wait_until(lambda: len(cards(tg, 9001)) >= 3, timeout=20, what="three cards")
    await bot_process.kill()
    before = len(cards(tg, 9001))
    assert before < 10
    await bot_process.start()
    await wait_until(lambda: len(set(cards(tg, 9001))) == 10, timeout=30, what="all ten cards")
    delivered = cards(tg, 9001)
    assert sorted(set(delivered)) == [f"Петров Кандидат{number:02d}, 29 лет" for number in range(10)]
    assert len(delivered) - 10 <= 1, "only the one send in flight for this chat may repeat"
    log = bot_process.log.read_text()
    secrets = [tg.token, bot_process.env["HH_CLIENT_SECRET"], bot_process.env["ENCRYPTION_KEY"]]
    secrets += [token for info in hh.tokens_of(employer.user_id) for token in (info.access_token, info.refresh_token)]
    assert [secret for secret in secrets if secret in log] == []
    assert "running in polling mode" in log
