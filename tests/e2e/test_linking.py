from __future__ import annotations

from tests.conftest import Bridge


async def test_linking_an_employer(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    employer = hh.add_employer_user(first_name="Ольга", last_name="Кадрова", company="Рога и копыта")
    tg.add_user(111, language_code="ru")
    answer = await bridge.start_link(111)
    assert "Подключите аккаунт hh.ru" in answer.text
    url = answer.url_of("Подключить hh.ru")
    assert url.startswith(f"{hh.base_url}/oauth/authorize?response_type=code&client_id=test-client&state=")
    status, page = await bridge.browse(url, login=employer.user_id)
    assert status == 200 and "Вернитесь в Telegram" in page and "https://t.me/hh_bridge_bot" in page
    confirmation = await tg.wait_for_bot_message(111, contains="Готово", after=answer.message_id)
    assert "Ольга Кадрова — работодатель, «Рога и копыта»" in confirmation.text
