"""Issue 24, item 1: «📄 Резюме» on a candidate's card sends the resume as a PDF into the same chat (the same forum
topic), fetched from hh.ru's address with the owner's token, once: Telegram's `file_id` serves every later press."""

from __future__ import annotations

import dataclasses
import functools
import logging
from pathlib import Path

import pytest

from bot.testing.bot_process import BotProcess
from bot.testing.fake_hh import ApplicantUser, FakeHH, Fault, RequestRecord
from bot.testing.fake_telegram import ChatMessage, FakeTelegram
from bot.testing.recorder import RecordingServer
from storage import accounts, resume_files, watermarks
from tests.conftest import FAKE_HH_MODES, FAST, Bridge, StartBridge, link_of, link_through
from tests.e2e.test_actions import scene
from tests.e2e.test_delivery import ivan
from tests.e2e.test_group_team import REFUSED, shown
from tests.e2e.test_groups import COLLEAGUE, FORUM, OWNER, connected
from tests.e2e.test_teams_webhook_mode import STRANGER, only_through_the_webhook

SECRET_TWO = "resume-secret-two-of-32-characters-at-least"

BUTTON = "📄 Резюме"
CAPTION = "📄 Резюме: Петров Иван Сергеевич · Python-разработчик"


def downloads(bridge: Bridge) -> list[RequestRecord]:
    """The requests for resume files hh.ru answered."""
    return [r for r in bridge.hh.requests if "/download/" in r.path or r.path.startswith("/api_resume_converter/")]


def documents(tg: FakeTelegram, chat: int) -> list[ChatMessage]:
    return [message for message in tg.bot_messages(chat) if message.document is not None]


async def press(tg: FakeTelegram, chat: int, card: ChatMessage, *, person: int | None = None,
                group: int | None = None) -> tuple[str | None, bool]:
    """`person` presses «📄 Резюме» on the card; the toast or alert the press was answered with."""
    query = await tg.press(person or chat, card.message_id, card.callback_data(BUTTON), group_id=group)
    await tg.wait_for(lambda: query in tg.callback_answers, description="the answer to «📄 Резюме»")
    answer = tg.callback_answers[query]
    return answer.text, answer.show_alert


async def next_document(tg: FakeTelegram, chat: int, after: int) -> ChatMessage:
    await tg.wait_for(lambda: any(m.message_id > after for m in documents(tg, chat)), description="a document")
    return next(m for m in documents(tg, chat) if m.message_id > after)


def has_documents(tg: FakeTelegram, chat: int, count: int) -> bool:
    return len(documents(tg, chat)) == count


def uploaded(tg: FakeTelegram) -> list[bool]:
    """Each sendDocument Telegram took: an upload (True) or a `file_id` sent again (False)."""
    return [call.params["document"].startswith("attach://") for call in tg.calls("sendDocument") if call.ok]


@pytest.mark.parametrize("hh", FAKE_HH_MODES, indirect=True)
async def test_the_resume_comes_as_a_pdf_under_its_card_and_once_from_hh(bridge: Bridge,
                                                                          caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    s = await scene(bridge, 331)
    assert s.buttons()[-len(s.pages):] == s.pages and s.pages[0] == BUTTON, "beside the links, first"
    assert await press(s.tg, 331, s.card) == ("Загружаю резюме…", False)
    if s.hh.spec_minimal:  # no resume in hh.ru's answers at all: nothing to fetch, and a sentence says so
        told = await s.tg.wait_for_bot_message(331, contains="не дал файл", after=s.card.message_id)
        assert told.text == "hh.ru не дал файл резюме Кандидат: кандидат скрыл резюме, или hh.ru его не показывает."
        assert told.reply_to_message_id == s.card.message_id
        assert downloads(bridge) == [] and documents(s.tg, 331) == []
        assert [r.path for r in s.hh.requests if r.path == f"/negotiations/{s.nid}"] == [f"/negotiations/{s.nid}"]
        return
    document = await next_document(s.tg, 331, s.card.message_id)
    assert document.text == CAPTION and document.reply_to_message_id == s.card.message_id
    assert document.document is not None and document.document["file_name"] == "Петров Иван Сергеевич.pdf"
    assert document.document["mime_type"] == "application/pdf"
    assert s.tg.stored_file(document.document["file_id"]).content == s.hh.resume_file(s.applicant)
    assert [(r.status, r.user_id) for r in downloads(bridge)] == [(200, s.employer.user_id)], "the owner's token"

    # again: Telegram's copy, no hh.ru call
    requests = len(s.hh.requests)
    assert await press(s.tg, 331, s.card) == ("Загружаю резюме…", False)
    again = await next_document(s.tg, 331, document.message_id)
    assert again.document is not None and again.document["file_unique_id"] == document.document["file_unique_id"]
    assert again.text == CAPTION and uploaded(s.tg) == [True, False]
    await bridge.outbox_drained()
    assert s.hh.requests[requests:] == [] or all("/download/" not in r.path for r in s.hh.requests[requests:])
    assert len(downloads(bridge)) == 1

    logged = "\n".join(record.getMessage() for record in caplog.records)
    token = s.hh.tokens_of(s.employer)[0].access_token
    assert "resume sent" in logged and token not in logged and "download" not in logged


async def test_in_english(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    employer = hh.add_employer_user()
    vacancy = hh.add_vacancy(employer, name="Python developer")
    confirmation = await bridge.link(332, employer.user_id, language_code="en")
    summary = await tg.wait_for_bot_message(332, contains="connected", after=confirmation.message_id)
    hh.add_response(vacancy, ivan(hh))
    card = await tg.wait_for_bot_message(332, contains="Петров", after=summary.message_id)
    await bridge.outbox_drained()
    query = await tg.press(332, card.message_id, card.callback_data("📄 Resume"))
    await tg.wait_for(lambda: query in tg.callback_answers, description="the answer")
    assert tg.callback_answers[query].text == "Fetching the resume…"
    document = await next_document(tg, 332, card.message_id)
    assert document.text == "📄 Resume: Петров Иван Сергеевич · Python developer"


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_in_a_forum_topic_for_those_allowed_to_act(start_bridge: StartBridge, mode: str) -> None:
    if mode == "webhook":
        bridge = await start_bridge(mode="webhook", webhook_url="/telegram/webhook",
                                    webhook_secret="resume-secret-of-32-characters-at-least")
    else:
        bridge = await start_bridge()
    team = await connected(bridge, FORUM, forum=True)
    tg, hh = team.tg, team.hh
    applicant = ivan(hh)
    hh.add_response(team.vacancies[0], applicant, cover_letter="Добрый день!")
    card = await tg.wait_for_bot_message(FORUM, contains="Петров")
    await bridge.outbox_drained()
    assert card.message_thread_id is not None

    # a member the owner does not allow: refused before any hh.ru call
    tg.add_user(STRANGER, "Пётр", language_code="ru", username="petr")
    tg.add_group_member(FORUM, STRANGER)
    tg.set_member_status(FORUM, STRANGER, "member")
    assert await press(tg, FORUM, card, person=STRANGER, group=FORUM) == (
        REFUSED.format(who="администраторы группы"), True)

    # an administrator: the file, fetched with the owner's token, in the card's topic under the card
    tg.set_member_status(FORUM, COLLEAGUE, "administrator")
    assert await press(tg, FORUM, card, person=COLLEAGUE, group=FORUM) == ("Загружаю резюме…", False)
    document = await next_document(tg, FORUM, card.message_id)
    assert (document.message_thread_id, document.reply_to_message_id) == (card.message_thread_id, card.message_id)
    assert document.text == CAPTION
    assert [(r.status, r.user_id) for r in downloads(bridge)] == [(200, team.employer.user_id)]
    assert shown(team, card).text == card.text, "reading the resume changes nothing on the card"

    # the owner presses too: Telegram's copy, into the same topic, no hh.ru call
    assert await press(tg, FORUM, card, person=OWNER, group=FORUM) == ("Загружаю резюме…", False)
    again = await next_document(tg, FORUM, document.message_id)
    assert again.message_thread_id == card.message_thread_id and uploaded(tg) == [True, False]
    assert len(downloads(bridge)) == 1
    if mode == "webhook":
        only_through_the_webhook(tg)
    else:
        assert tg.webhook_deliveries == []


async def test_pressed_twice_while_on_its_way_it_comes_once(bridge: Bridge) -> None:
    s = await scene(bridge, 333)
    gate = s.hh.hold_resume_files()
    assert await press(s.tg, 333, s.card) == ("Загружаю резюме…", False), "answered before hh.ru answers"
    await gate.reached.wait()
    assert await press(s.tg, 333, s.card) == ("Резюме уже загружается — сейчас придёт.", False)
    gate.release()
    await next_document(s.tg, 333, s.card.message_id)
    await bridge.outbox_drained()
    assert len(documents(s.tg, 333)) == 1 and len(downloads(bridge)) == 1


GONE = "Резюме Петров Иван Сергеевич удалено или скрыто на hh.ru — файла больше нет."
FORBIDDEN = "hh.ru не даёт этому аккаунту файл резюме Петров Иван Сергеевич: доступ к нему закрыт."
NOT_PDF = "hh.ru прислал вместо резюме Петров Иван Сергеевич не PDF. Откройте резюме на hh.ru."
TOO_LARGE = ("Файл резюме Петров Иван Сергеевич больше 50 МБ — такой бот не может отправить в Telegram. "
             "Откройте резюме на hh.ru.")


@pytest.mark.parametrize(("case", "expected"), [
    ("hidden since the card", GONE),
    ("forbidden", FORBIDDEN),
    ("not a pdf", NOT_PDF),
    ("over Telegram's limit", TOO_LARGE),
])
async def test_no_file_is_a_sentence_under_the_card(bridge: Bridge, case: str, expected: str) -> None:
    s = await scene(bridge, 334)
    if case == "hidden since the card":
        s.hh.hide_resume(s.applicant)
    elif case == "forbidden":
        s.hh.inject(Fault(status=403, path_prefix=f"/resumes/{s.applicant.resume_id}/download/"))
    elif case == "not a pdf":
        s.hh.set_resume_file(s.applicant, not_pdf=True)
    else:
        s.hh.set_resume_file(s.applicant, size=50 * 1024 * 1024 + 1)
    await press(s.tg, 334, s.card)
    told = await s.tg.wait_for_bot_message(334, contains="hh.ru", after=s.card.message_id)
    assert told.text == expected and told.reply_to_message_id == s.card.message_id
    assert [b["text"] for row in told.buttons() for b in row] == ["Открыть на hh.ru"]
    assert told.url_of("Открыть на hh.ru") == link_of(s.card, "Резюме")
    await bridge.outbox_drained()
    assert documents(s.tg, 334) == [] and s.tg.calls("sendDocument") == []
    assert len(downloads(bridge)) == 1


async def test_a_resume_hidden_before_its_card_has_no_file(bridge: Bridge) -> None:
    hh, tg = bridge.hh, bridge.tg
    employer = hh.add_employer_user()
    vacancy = hh.add_vacancy(employer)
    confirmation = await bridge.link(335, employer.user_id)
    summary = await tg.wait_for_bot_message(335, contains="Аккаунт на связи", after=confirmation.message_id)
    applicant = ivan(hh)
    hh.add_response(vacancy, applicant, cover_letter="Здравствуйте!")
    hh.hide_resume(applicant)
    card = await tg.wait_for_bot_message(335, contains="Новый отклик", after=summary.message_id)
    await bridge.outbox_drained()
    assert [b["text"] for row in card.buttons() for b in row][-2:] == [BUTTON, "Вакансия"]
    await press(tg, 335, card)
    told = await tg.wait_for_bot_message(335, contains="не дал файл", after=card.message_id)
    assert told.text == "hh.ru не дал файл резюме Кандидат: кандидат скрыл резюме, или hh.ru его не показывает."
    assert told.buttons() == [] and downloads(bridge) == []


async def test_the_size_cap_stops_the_stream(start_bridge: StartBridge) -> None:
    bridge = await start_bridge(tuning=dataclasses.replace(FAST, resume_size_limit=64 * 1024))
    s = await scene(bridge, 336)
    s.hh.set_resume_file(s.applicant, size=4 * 1024 * 1024, chunked=True)
    await press(s.tg, 336, s.card)
    told = await s.tg.wait_for_bot_message(336, contains="больше 0 МБ", after=s.card.message_id)
    assert told.reply_to_message_id == s.card.message_id
    assert s.tg.calls("sendDocument") == []


def file_host(hh: FakeHH) -> str:
    """The fake hh.ru's own server under another host name: hh.ru's file host, as its own pages show one."""
    return hh.base_url.replace("http://127.0.0.1", "http://localhost")


async def test_an_address_outside_hh_rus_hosts_is_never_called(bridge: Bridge) -> None:
    bridge.hh.files_url = file_host(bridge.hh)  # HH_FILES_URL is left at hh.ru's: this host is not one of them
    s = await scene(bridge, 337)
    await press(s.tg, 337, s.card)
    told = await s.tg.wait_for_bot_message(337, contains="не дал файл", after=s.card.message_id)
    assert told.reply_to_message_id == s.card.message_id
    await bridge.outbox_drained()
    assert downloads(bridge) == [] and s.tg.calls("sendDocument") == []


async def test_a_redirect_elsewhere_is_not_followed(bridge: Bridge) -> None:
    s = await scene(bridge, 342)
    async with RecordingServer() as elsewhere:
        s.hh.inject(Fault(kind="redirect", status=302, path_prefix=f"/resumes/{s.applicant.resume_id}/download/",
                          location=f"{elsewhere.base_url}/steal"))
        await press(s.tg, 342, s.card)
        told = await s.tg.wait_for_bot_message(342, contains="не дал файл", after=s.card.message_id)
        assert told.reply_to_message_id == s.card.message_id
        assert elsewhere.received == []
    assert [r.status for r in downloads(bridge)] == [302] and s.tg.calls("sendDocument") == []


async def test_hh_rus_own_file_host_when_configured(start_bridge: StartBridge, hh: FakeHH) -> None:
    bridge = await start_bridge(hh_files_url=file_host(hh))
    s = await scene(bridge, 338)
    s.hh.inject(Fault(kind="redirect", status=302, path_prefix=f"/resumes/{s.applicant.resume_id}/download/",
                      location=f"{file_host(hh)}/api_resume_converter/{s.applicant.resume_id}/cv.pdf?type=pdf"))
    await press(s.tg, 338, s.card)
    document = await next_document(s.tg, 338, s.card.message_id)
    assert document.document is not None
    assert [(r.path.split("/")[1], r.status) for r in downloads(bridge)] == [
        ("resumes", 302), ("api_resume_converter", 200)]
    assert downloads(bridge)[-1].user_id == s.employer.user_id

    hh.files_url = file_host(hh)  # an address on that host straight from hh.ru
    other = hh.add_response(s.vacancy, hh.add_applicant_user(first_name="Мария", last_name="Иванова"))
    card = await s.tg.wait_for_bot_message(338, contains="Иванова", after=s.card.message_id)
    await bridge.outbox_drained()
    await press(s.tg, 338, card)
    await next_document(s.tg, 338, card.message_id)
    assert [r.path.split("/")[1] for r in downloads(bridge)][2:] == ["api_resume_converter"]
    assert hh.negotiation(other).negotiation_id


async def test_the_per_user_limit_counts_fetches_not_copies(bridge: Bridge) -> None:
    s = await scene(bridge, 339)
    await press(s.tg, 339, s.card)
    await next_document(s.tg, 339, s.card.message_id)
    actions = bridge.runtime.dispatcher.workflow_data["actions"]
    while actions.allow(339):  # the budget every hh.ru-costing press shares
        pass
    assert await press(s.tg, 339, s.card) == ("Загружаю резюме…", False), "a kept file costs hh.ru nothing"
    s.hh.add_response(s.vacancy, s.hh.add_applicant_user(first_name="Мария", last_name="Иванова"))
    card = await s.tg.wait_for_bot_message(339, contains="Иванова", after=s.card.message_id)
    await bridge.outbox_drained()
    text, alert = await press(s.tg, 339, card)
    assert alert and text is not None and text.startswith("Слишком много запросов к hh.ru")
    await bridge.outbox_drained()
    assert len(downloads(bridge)) == 1


async def test_a_file_id_telegram_no_longer_takes_is_fetched_again(bridge: Bridge) -> None:
    s = await scene(bridge, 340)
    await press(s.tg, 340, s.card)
    first = await next_document(s.tg, 340, s.card.message_id)
    s.tg.forget_files()
    await press(s.tg, 340, s.card)
    second = await next_document(s.tg, 340, first.message_id)
    assert second.document is not None and len(downloads(bridge)) == 2
    account = await bridge.runtime.storage.run(accounts.of_user, 340)
    assert account is not None
    kept = await bridge.runtime.storage.run(resume_files.get, account.id, s.nid, 0.0)
    assert kept == second.document["file_id"]


async def test_a_fetch_makes_the_next_check_look_into_the_vacancy(start_bridge: StartBridge) -> None:
    """hh.ru counts opening a resume as viewing the response and clears its `has_updates`: a message that came since
    the last check would hide until the vacancy's next news, were its marks kept."""
    bridge = await start_bridge(poll_interval=3600)
    hh, tg = bridge.hh, bridge.tg
    employer = hh.add_employer_user()
    vacancy = hh.add_vacancy(employer)
    confirmation = await bridge.link(341, employer.user_id)
    summary = await tg.wait_for_bot_message(341, contains="Аккаунт на связи", after=confirmation.message_id)
    applicant: ApplicantUser = ivan(hh)
    negotiation = hh.add_response(vacancy, applicant, cover_letter="Здравствуйте!")
    bridge.clock.advance(3600)
    card = await tg.wait_for_bot_message(341, contains="Новый отклик", after=summary.message_id)
    await bridge.outbox_drained()
    account = await bridge.runtime.storage.run(accounts.of_user, 341)
    assert account is not None
    assert vacancy.vacancy_id in await bridge.runtime.storage.run(watermarks.vacancy_snapshots, account.id)

    hh.add_message(negotiation, "applicant", "Добавил портфолио в резюме.")
    await press(tg, 341, card)
    await next_document(tg, 341, card.message_id)
    assert not hh.negotiation(negotiation).has_updates_employer, "the fake cleared it, as hh.ru does"
    bridge.clock.advance(3600)
    message = await tg.wait_for_bot_message(341, contains="Добавил портфолио", after=card.message_id, timeout=10)
    assert message.text


@pytest.mark.process
@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_the_real_process_sends_the_resume(hh: FakeHH, tg: FakeTelegram, tmp_path: Path, mode: str) -> None:
    """`python -m bot` itself, in each Telegram mode: the press, the file from hh.ru, then Telegram's copy."""
    process = BotProcess(hh, tg, tmp_path)
    if mode == "webhook":
        process.env.update({"WEBHOOK_URL": f"{process.url}/telegram/webhook", "WEBHOOK_SECRET": SECRET_TWO})
    try:
        await process.start()
        employer = hh.add_employer_user()
        vacancy = hh.add_vacancy(employer)
        tg.add_user(343, language_code="ru")
        confirmation = await link_through(tg, 343, employer.user_id)
        summary = await tg.wait_for_bot_message(343, contains="Аккаунт на связи", after=confirmation.message_id,
                                                timeout=15)
        applicant = ivan(hh)
        hh.add_response(vacancy, applicant, cover_letter="Здравствуйте!")
        card = await tg.wait_for_bot_message(343, contains="Новый отклик", after=summary.message_id, timeout=15)
        for count in (1, 2):
            await tg.press(343, card.message_id, card.callback_data(BUTTON))
            await tg.wait_for(functools.partial(has_documents, tg, 343, count), timeout=15, description=f"file {count}")
        first, second = documents(tg, 343)
        assert first.document is not None and second.document is not None
        assert tg.stored_file(first.document["file_id"]).content == hh.resume_file(applicant)
        assert (first.text, first.reply_to_message_id, second.reply_to_message_id) == (
            CAPTION, card.message_id, card.message_id)
        assert uploaded(tg) == [True, False]
        assert [r.user_id for r in hh.requests if "/download/" in r.path] == [employer.user_id]
        assert bool(tg.calls("getUpdates")) == (mode == "polling")
    finally:
        await process.stop_quietly()
