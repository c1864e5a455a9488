"""Issue 4: every new response and message reaches Telegram once, quickly, and cheaply."""

from __future__ import annotations

from bot.services.news_signs import SETTLE
from bot.testing.fake_hh import ApplicantUser, EmployerUser, FakeHH, Fault, Negotiation, Vacancy
from bot.testing.fake_telegram import ChatMessage
from storage import accounts
from tests.conftest import BOTH_FAKE_HH_MODES, Bridge, StartsWith, in_mode, link_of, wait_until

pytestmark = BOTH_FAKE_HH_MODES  # each test against the full fake hh.ru and against the spec-minimal one

COVER = "Здравствуйте! Хочу у вас работать."
IVAN = "Петров Иван Сергеевич"
# The spec-minimal fake leaves out an employer's negotiation's resume and an applicant's negotiation's vacancy (hh.ru's
# spec marks both optional): the bot names the other side thus.
CANDIDATE = "Кандидат"
EMPLOYER, VACANCY = "Работодатель", "Вакансия"


def ivan(hh: FakeHH) -> ApplicantUser:
    return hh.add_applicant_user(first_name="Иван", last_name="Петров", middle_name="Сергеевич", age=29,
                                 city="Москва", resume_title="Python-разработчик", salary=(250_000, "RUR"),
                                 experience_months=62)


async def linked_employer(bridge: Bridge, chat: int, *, vacancies: int = 1,
                          timeout: float = 5.0) -> tuple[EmployerUser, list[Vacancy], ChatMessage]:
    employer = bridge.hh.add_employer_user(first_name="Ольга", last_name="Кадрова", company="Рога и копыта")
    made = [bridge.hh.add_vacancy(employer, name="Python-разработчик" if not n else f"Вакансия {n}")
            for n in range(vacancies)]
    confirmation = await bridge.link(chat, employer.user_id)
    summary = await bridge.tg.wait_for_bot_message(chat, contains="Аккаунт на связи", after=confirmation.message_id,
                                                   timeout=timeout)
    return employer, made, summary


async def linked_applicant(bridge: Bridge, chat: int, applicant: ApplicantUser) -> ChatMessage:
    confirmation = await bridge.link(chat, applicant.user_id)
    return await bridge.tg.wait_for_bot_message(chat, contains="Аккаунт на связи", after=confirmation.message_id)


def invited(hh: FakeHH, applicant: ApplicantUser) -> tuple[EmployerUser, Negotiation]:
    employer = hh.add_employer_user(company="Рога и копыта")
    vacancy = hh.add_vacancy(employer, name="Python-разработчик")
    negotiation = hh.add_response(vacancy, applicant, cover_letter="Добрый день!")
    hh.employer_action(negotiation, "invitation", message="Приглашаем на собеседование в среду.")
    return employer, negotiation


async def test_an_employer_gets_a_card_for_a_new_response(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    _, (vacancy,), summary = await linked_employer(bridge, 101)
    negotiation = hh.add_response(vacancy, ivan(hh), cover_letter=COVER)
    card = await tg.wait_for_bot_message(101, contains="Новый отклик", after=summary.message_id)
    person = in_mode(hh, full=(
        "Петров Иван Сергеевич, 29 лет\n"
        "Python-разработчик\n"
        "📍 Москва · Ожидания: 250\u00a0000\u00a0₽ · Опыт работы: 5 лет 2 месяца\n"
    ), minimal=f"{CANDIDATE}\n")  # without the resume: no name, no details line
    assert card.text == (
        "🆕 Новый отклик на вакансию Python-разработчик\n"
        f"{person}\n"
        "Сопроводительное письмо:\n"
        f"{COVER}"
    )
    rows = [[button["text"] for button in row] for row in card.buttons()]
    assert rows == [["Пригласить", "Телефонное интервью"], ["Подумать", "Отказать"], ["Ответить"],
                    in_mode(hh, ["📄 Резюме", "Резюме", "Вакансия"], ["📄 Резюме", "Вакансия"])]
    assert link_of(card, "Резюме") == in_mode(hh, StartsWith("https://hh.ru/resume/"), None)
    assert card.url_of("Вакансия") == f"https://hh.ru/vacancy/{vacancy.vacancy_id}"
    assert hh.negotiation(negotiation).has_updates_employer is False


async def test_a_new_message_in_a_known_negotiation(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    _, (vacancy,), summary = await linked_employer(bridge, 102)
    negotiation = hh.add_response(vacancy, ivan(hh), cover_letter=COVER)
    card = await tg.wait_for_bot_message(102, contains="Новый отклик", after=summary.message_id)
    hh.add_message(negotiation, "applicant", "Когда можно прийти на собеседование?")
    message = await tg.wait_for_bot_message(102, contains="Когда можно", after=card.message_id)
    name = in_mode(hh, IVAN, CANDIDATE)
    assert message.text == f"💬 {name} · Python-разработчик\n\nКогда можно прийти на собеседование?"
    assert [row[0]["text"] for row in message.buttons()] == ["Ответить", "📄 Резюме"]


async def test_news_read_by_a_check_that_failed_is_delivered_by_the_next(bridge: Bridge) -> None:
    """Reading messages clears `has_updates` on hh.ru, so a check cut short after reading (a failure, or kill -9)
    must not leave the vacancy looking idle."""
    hh, tg = bridge.hh, bridge.tg
    _, (failing, read_first), _ = await linked_employer(bridge, 114, vacancies=2)
    known = hh.add_response(read_first, ivan(hh), cover_letter=COVER)
    other = hh.add_response(failing, hh.add_applicant_user(first_name="Пётр"), cover_letter=COVER)
    await wait_until(lambda: len(tg.bot_messages(114)) == 3 + 2, what="two response cards")
    hh.inject(Fault(status=500, count=1000, path_prefix=f"/negotiations/{other.negotiation_id}/messages"))
    hh.add_message(known, "applicant", "Первое сообщение")
    hh.add_message(other, "applicant", "Второе сообщение")
    await bridge.account_when(114, lambda account: account.failures >= 1)
    assert hh.negotiation(known).has_updates_employer is False
    hh.clear_faults()
    await wait_until(lambda: {"Первое сообщение", "Второе сообщение"} <= {
        message.text.splitlines()[-1] for message in tg.bot_messages(114)}, what="both messages")
    assert len(tg.bot_messages(114)) == 3 + 2 + 2


async def test_only_the_page_holding_new_messages_is_read(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    employer = hh.add_employer_user()
    vacancy = hh.add_vacancy(employer)
    negotiation = hh.add_response(vacancy, ivan(hh), cover_letter=COVER)
    for number in range(1, 41):
        hh.add_message(negotiation, "applicant", f"старое сообщение {number}")
    confirmation = await bridge.link(103, employer.user_id)
    summary = await tg.wait_for_bot_message(103, contains="Аккаунт на связи", after=confirmation.message_id)
    hh.clear_requests()
    for number in range(1, 5):
        hh.add_message(negotiation, "applicant", f"новое сообщение {number}")
    assert len(hh.negotiation(negotiation).messages) == 45
    await wait_until(lambda: len(tg.bot_messages(103)) == 3 + 4, what="four new messages")
    assert [m.text.splitlines()[-1] for m in tg.bot_messages(103)[3:]] == [
        f"новое сообщение {number}" for number in range(1, 5)]
    pages = [r.query["page"] for r in hh.calls(path_prefix=f"/negotiations/{negotiation.negotiation_id}/messages")]
    assert pages == ["2"]
    assert summary.message_id < tg.bot_messages(103)[3].message_id


async def test_an_applicant_gets_a_message_read_on_hh_before_the_check(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    applicant = hh.add_applicant_user()
    _, negotiation = invited(hh, applicant)
    summary = await linked_applicant(bridge, 104, applicant)
    hh.add_message(negotiation, "employer", "Ждём вас в среду в 15:00.")
    hh.read_on_site(negotiation, "applicant")  # no await in between: no check can run before the reading
    assert hh.negotiation(negotiation).has_updates_applicant is False
    message = await tg.wait_for_bot_message(104, contains="Ждём вас", after=summary.message_id)
    company, vacancy = in_mode(hh, ("Рога и копыта", "Python-разработчик"), (EMPLOYER, VACANCY))
    assert message.text == f"💬 {company} · {vacancy}\n\nЖдём вас в среду в 15:00."


async def test_an_applicant_gets_invitations_rejections_and_bare_state_changes(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    applicant = hh.add_applicant_user()
    employer = hh.add_employer_user(company="Рога и копыта")
    vacancy = hh.add_vacancy(employer, name="Python-разработчик")
    first = hh.add_response(vacancy, applicant, cover_letter="Добрый день!")
    second = hh.add_response(hh.add_vacancy(employer, name="Тестировщик"), applicant, cover_letter=None)
    summary = await linked_applicant(bridge, 105, applicant)
    assert "У вас 2 отклика" in summary.text
    hh.employer_action(first, "invitation", message="Приглашаем на собеседование.")
    invitation = await tg.wait_for_bot_message(105, contains="Приглашение", after=summary.message_id)
    first_names, second_names = in_mode(hh, ("Python-разработчик — Рога и копыта", "Тестировщик — Рога и копыта"),
                                        (f"{VACANCY} — {EMPLOYER}",) * 2)
    assert invitation.text == f"🎉 Приглашение · {first_names}\n\nПриглашаем на собеседование."
    assert [row[0]["text"] for row in invitation.buttons()] == in_mode(hh, ["Ответить", "Вакансия"], ["Ответить"])
    hh.employer_action(second, "discard_by_employer")
    rejection = await tg.wait_for_bot_message(105, contains="Статус отклика", after=invitation.message_id)
    assert rejection.text.startswith("ℹ️ Статус отклика:") and second_names in rejection.text


async def test_the_first_check_sends_a_summary_not_history(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    employer = hh.add_employer_user()
    first, second = hh.add_vacancy(employer), hh.add_vacancy(employer, name="Тестировщик")
    for number in range(12):
        applicant = hh.add_applicant_user(first_name=f"Кандидат{number}")
        negotiation = hh.add_response(first if number < 9 else second, applicant, cover_letter="Здравствуйте")
        hh.add_message(negotiation, "applicant", "Жду ответа")
    # They are history: older than the SETTLE within which, hh.ru giving no message count, the bot looks again
    bridge.clock.advance(in_mode(hh, 0, SETTLE + 1))
    confirmation = await bridge.link(106, employer.user_id)
    summary = await tg.wait_for_bot_message(106, contains="Аккаунт на связи", after=confirmation.message_id)
    assert "12 откликов ждут разбора в «Неразобранные»" in summary.text
    bridge.clock.advance(5)
    await bridge.ticks(4)
    assert len(tg.bot_messages(106)) == 3
    assert not any(r.path.endswith("/messages") for r in hh.requests)


async def test_an_idle_account_costs_one_call_per_check(bridge: Bridge) -> None:
    hh = bridge.hh
    # Without the collections' counters the first check reads each collection of each vacancy (some 400 calls at
    # HH_RATE_LIMIT, 50 a second) to count the responses waiting
    employer, vacancies, _ = await linked_employer(bridge, 107, vacancies=50, timeout=in_mode(hh, 5.0, 30.0))
    hh.add_response(vacancies[3], ivan(hh), cover_letter=None)
    applicant = hh.add_applicant_user()
    invited(hh, applicant)
    await linked_applicant(bridge, 108, applicant)
    await wait_until(lambda: len(bridge.tg.bot_messages(107)) == 4, what="the card of the only response")
    # Without hh.ru's message counters, a negotiation changed within SETTLE of a check is looked at again until then
    bridge.clock.advance(in_mode(hh, 0, SETTLE + 1))
    await bridge.checks(4)
    hh.clear_requests()
    for _ in range(3):
        bridge.clock.advance(1)
        await bridge.checks(2)
    await bridge.checks(2)
    employer_calls, applicant_calls = hh.calls(user_id=employer.user_id), hh.calls(user_id=applicant.user_id)
    assert len(employer_calls) >= 2 and len(applicant_calls) >= 2
    assert {(r.path, r.query.get("page")) for r in employer_calls} == {
        (f"/employers/{employer.employer_id}/vacancies/active", "0")}
    assert {(r.path, r.query.get("page"), "vacancy_id" in r.query) for r in applicant_calls} == {
        ("/negotiations", "0", False)}


async def test_an_expired_token_gives_exactly_one_refresh(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    employer, (vacancy,), summary = await linked_employer(bridge, 109)
    hh.expire_tokens(employer.user_id)
    hh.add_response(vacancy, ivan(hh), cover_letter=COVER)
    await tg.wait_for_bot_message(109, contains="Новый отклик", after=summary.message_id)
    bridge.clock.advance(5)
    await bridge.ticks(4)
    assert len([r for r in hh.requests if r.path == "/token" and r.form.get("grant_type") == "refresh_token"]) == 1
    assert [(t.refreshed, t.invalidated) for t in hh.tokens_of(employer.user_id)][-1] == (False, False)


async def test_server_errors_and_429_back_off_then_deliver(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    _, (vacancy,), summary = await linked_employer(bridge, 110)
    hh.inject(Fault(status=503, count=8, path_prefix="/employers"))
    hh.inject(Fault(status=429, count=4, path_prefix="/employers"))
    hh.add_response(vacancy, ivan(hh), cover_letter=COVER)
    for _ in range(40):
        bridge.clock.advance(2)
        await bridge.ticks(1)
        if tg.bot_messages(110)[-1].message_id != summary.message_id:
            break
    card = await tg.wait_for_bot_message(110, contains="Новый отклик", after=summary.message_id)
    assert card.text.startswith("🆕")
    statuses = [r.status for r in hh.calls(path_prefix="/employers")]
    assert statuses.count(503) == 8 and statuses.count(429) == 4 and statuses[-1] == 200
    account = await bridge.runtime.storage.run(accounts.of_user, 110)
    assert account is not None and account.failures == 0 and account.last_error is None


async def test_a_failing_account_backs_off_without_delaying_others(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    broken, _, _ = await linked_employer(bridge, 111)
    _, (vacancy,), summary = await linked_employer(bridge, 112)
    hh.inject(Fault(status=500, count=1000, path_prefix=f"/employers/{broken.employer_id}"))
    bridge.clock.advance(1)
    hh.add_response(vacancy, ivan(hh), cover_letter=COVER)
    await tg.wait_for_bot_message(112, contains="Новый отклик", after=summary.message_id)
    account = await bridge.account_when(111, lambda account: account.failures >= 2)
    assert "ServerError" in (account.last_error or "") and account.last_check_at is not None
    assert account.next_check_at > account.last_check_at
    hh.clear_faults()
    recovered = await bridge.account_when(111, lambda account: account.failures == 0, timeout=20)
    assert recovered.last_error is None


async def test_captcha_is_sent_once_and_pauses_until_resume(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    employer, (vacancy,), summary = await linked_employer(bridge, 113)
    hh.require_captcha(employer.user_id)
    bridge.clock.advance(1)
    notice = await tg.wait_for_bot_message(113, contains="капчу", after=summary.message_id)
    page = notice.url_of("капчу")  # hh.ru's spec leaves `captcha_url` optional: without it, hh.ru's site
    assert in_mode(hh, "backurl=https%3A%2F%2Ft.me%2Fhh_bridge_bot" in page, page == bridge.settings.hh_oauth_url)
    calls = len(hh.calls(user_id=employer.user_id))
    bridge.clock.advance(5)
    await bridge.ticks(4)
    assert len(hh.calls(user_id=employer.user_id)) == calls
    hh.solve_captcha(employer.user_id)
    hh.add_response(vacancy, ivan(hh), cover_letter=COVER)
    resumed = await tg.send_text(113, "/resume")
    await tg.wait_for_bot_message(113, contains="Новый отклик", after=resumed)
    assert [m.text for m in tg.bot_messages(113)].count(notice.text) == 1


async def test_an_applicant_refused_by_hh_is_told_once_and_not_polled(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    applicant = hh.add_applicant_user()
    summary = await linked_applicant(bridge, 114, applicant)
    hh.deny_applicant_api(True)
    bridge.clock.advance(1)
    notice = await tg.wait_for_bot_message(114, contains="не даёт сторонним приложениям", after=summary.message_id)
    calls = len(hh.calls(user_id=applicant.user_id))
    bridge.clock.advance(5)
    await bridge.ticks(4)
    assert len(hh.calls(user_id=applicant.user_id)) == calls
    assert [m.text for m in tg.bot_messages(114)].count(notice.text) == 1


async def test_hostile_texts_render(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    _, (vacancy,), summary = await linked_employer(bridge, 115)
    applicant = hh.add_applicant_user(first_name="a < b && c > d", last_name="<b>Bold</b>",
                                      resume_title="</blockquote><script>alert(1)</script>")
    negotiation = hh.add_response(vacancy, applicant, cover_letter="<script>alert('x')</script> & more")
    card = await tg.wait_for_bot_message(115, contains="Новый отклик", after=summary.message_id)
    shown = in_mode(hh, ["<b>Bold</b> a < b && c > d", "</blockquote><script>alert(1)</script>"],
                    [f"\n{CANDIDATE}\n\n"])  # without the resume: neither the name nor the title
    assert [text for text in shown if text not in card.text] == []
    assert card.text.endswith("<script>alert('x')</script> & more")
    long_text = ("Очень длинное письмо 😀 " * 500)[:10_000]
    hh.add_message(negotiation, "applicant", long_text)
    long_message = await tg.wait_for_bot_message(115, contains="Очень длинное", after=card.message_id)
    assert len(long_message.text.encode("utf-16-le")) // 2 <= 4096
    # The rest is on the resume's page; without the resume the bot has no page to link to
    assert long_message.text.endswith(in_mode(hh, "…\n\nПолностью — на hh.ru", "…"))
    links = [entity["url"] for entity in long_message.entities if entity["type"] == "text_link"]
    assert links == in_mode(hh, [link_of(card, "Резюме")], [])
    failed = [r for r in tg.requests if not r.ok]
    assert failed == []
