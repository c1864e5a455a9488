"""Issue 11, item 13: news with absurdly long hh.ru names still reaches Telegram, within its 4096 characters."""

from __future__ import annotations

from bot.render import utf16_length
from tests.conftest import Bridge
from tests.e2e.test_delivery import linked_applicant, linked_employer

HUGE = 5000
SHOWN = 199  # of a name's characters, followed by "…"


async def test_an_employer_gets_the_card_and_messages_of_a_response_with_huge_names(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    employer, _, summary = await linked_employer(bridge, 131)
    long_vacancy = hh.add_vacancy(employer, name="В" * HUGE)
    candidate = hh.add_applicant_user(first_name="И" * HUGE, last_name="П" * HUGE, resume_title="Т" * HUGE,
                                      city="Г" * HUGE)
    negotiation = hh.add_response(long_vacancy, candidate, cover_letter="Письмо. " * 1000)
    card = await tg.wait_for_bot_message(131, contains="Новый отклик", after=summary.message_id, timeout=10)
    assert card.text.split("\n")[:3] == [f"🆕 Новый отклик на вакансию {'В' * SHOWN}…", f"{'П' * SHOWN}…, 29 лет",
                                         f"{'Т' * SHOWN}…"]
    assert utf16_length(card.text) <= 4096
    hh.add_message(negotiation, "applicant", "Когда можно прийти?")
    message = await tg.wait_for_bot_message(131, contains="Когда можно", after=card.message_id, timeout=10)
    assert message.text == f"💬 {'П' * SHOWN}… · {'В' * SHOWN}…\n\nКогда можно прийти?"


async def test_an_applicant_gets_an_invitation_with_huge_vacancy_and_company_names(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    applicant = hh.add_applicant_user()
    employer = hh.add_employer_user(company="К" * HUGE)
    negotiation = hh.add_response(hh.add_vacancy(employer, name="В" * HUGE), applicant, cover_letter="Добрый день!")
    summary = await linked_applicant(bridge, 132, applicant)
    hh.employer_action(negotiation, "invitation", message="Приглашаем на собеседование.")
    invitation = await tg.wait_for_bot_message(132, contains="Приглашение", after=summary.message_id, timeout=10)
    assert invitation.text == f"🎉 Приглашение · {'В' * SHOWN}… — {'К' * SHOWN}…\n\nПриглашаем на собеседование."
