"""Issue 13: the demo page in a real headless Chromium (Debian's), driven the way a newcomer clicks through it.

Link through hh.ru's sign-in page in a new tab, confirmed from "Telegram" (the fake's page for a t.me link) → a
response card → invite with a typed message, shown in a preview and sent by «Отправить» → the candidate's answer →
a reply from the page. With DEMO_SCREENSHOT=path set, the page is saved there at the end (docs/demo.png).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from bot.demo.stack import BOT_TOKEN
from tests.e2e.demo_run import DemoRun

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WAIT_MS = 20_000
TYPED = "Ждём вас в среду в 15:00."
REPLY = "Отлично, до встречи в среду!"


def chromium(path: Path = CHROMIUM) -> str:
    """Debian's chromium; without it the test is skipped on a developer's machine, and fails in CI."""
    if path.exists():
        return str(path)
    if os.environ.get("CI") == "true":
        pytest.fail(f"{path} is missing: .ci/run installs Debian's chromium package")
    pytest.skip(f"{path} is missing: apt-get install chromium")


@pytest.mark.parametrize(("ci", "outcome"), [("true", pytest.fail.Exception), ("", pytest.skip.Exception)])
def test_a_missing_chromium_fails_in_ci_and_is_skipped_elsewhere(
        monkeypatch: pytest.MonkeyPatch, ci: str, outcome: type[BaseException]) -> None:
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="/nonexistent/chromium is missing"):
        chromium(Path("/nonexistent/chromium"))


@pytest.fixture
def browser() -> Iterator[Browser]:
    executable = chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def bot_says(page: Page, text: str) -> Locator:
    return page.locator("#messages .msg.bot", has_text=text)


def link(page: Page) -> None:
    page.click("#start")
    expect(page.locator("#messages .msg.me .text")).to_have_text(["/start"])
    offer = bot_says(page, "Подключить hh.ru")
    button = offer.locator(".keyboard a")
    expect(button).to_have_text("Подключить hh.ru ↗")
    expect(button).to_have_attribute("target", "_blank")
    with page.expect_popup() as opened:
        button.click()
    hh = opened.value
    expect(hh.locator("h1")).to_have_text("Вход")
    hh.get_by_label("Ольга Кадрова — работодатель, «Рога и копыта»").check()
    hh.get_by_role("button", name="Разрешить").click()
    expect(hh.locator("h1")).to_have_text("Подтвердите в Telegram")
    expect(hh.locator("p")).to_contain_text("Вы вошли на hh.ru как Ольга Кадрова — работодатель, «Рога и копыта».")
    expect(page.locator("#messages .msg.bot", has_text="Готово!")).to_have_count(0)
    hh.get_by_role("link", name="Подтвердить в Telegram").click()
    hh.get_by_label("Ольга").check()
    hh.get_by_role("button", name="Открыть в Telegram").click()
    expect(hh.locator("p")).to_contain_text("бот получил /start")
    hh.close()
    expect(page.locator("#messages .msg.me .text")).to_have_text(["/start", "/start"])  # a deep link's, no payload
    expect(bot_says(page, "Готово!").locator(".text")).to_have_text(
        "Готово! Подключён аккаунт hh.ru: Ольга Кадрова — работодатель, «Рога и копыта».\n"
        "Я буду присылать новые отклики и сообщения. Первая проверка — в течение минуты.")
    expect(bot_says(page, "Готово!").locator(".text b")).to_have_text("Ольга Кадрова")
    expect(bot_says(page, "Аккаунт на связи")).to_be_visible()


def response_card(page: Page) -> Locator:
    page.click("#events button[data-event=candidate_responds]")
    expect(page.locator("#said")).to_contain_text("Иван Петров откликается на «Python-разработчик»")
    card = bot_says(page, "Новый отклик").first  # the resume's file, sent under it later, quotes it
    expect(card.locator(".text b").first).to_have_text("Python-разработчик")
    expect(card.locator(".text blockquote")).to_have_text(
        "Здравствуйте! Пишу на Python восемь лет, последние три — <aiohttp> и asyncio. Буду рад обсудить.")
    expect(card.locator(".keyboard button")).to_have_text(
        ["Пригласить", "Телефонное интервью", "Подумать", "Отказать", "Ответить", "📄 Резюме"])
    expect(card.locator(".keyboard a")).to_have_text(["Резюме ↗", "Вакансия ↗"])
    return card


def read_the_resume(page: Page, card: Locator) -> None:
    card.locator(".keyboard button", has_text="📄 Резюме").click()
    resume = bot_says(page, "📄 Резюме: Петров Иван")
    expect(resume.locator(".file")).to_contain_text("📎 Петров Иван.pdf")
    expect(resume.locator(".quote")).to_contain_text("Новый отклик")
    answer = page.request.get(resume.locator(".file").evaluate("link => link.href"))
    assert answer.ok and answer.headers["content-type"] == "application/pdf" and answer.body().startswith(b"%PDF-")


def invite_with_a_typed_message(page: Page, card: Locator) -> None:
    card.locator(".keyboard button", has_text="Пригласить").click()
    prompt = bot_says(page, "✍️ «Пригласить» · Петров Иван")
    expect(prompt.locator(".keyboard button")).to_have_text(
        ["Приглашение откликнувшегося соискателя", "SMS-уведомление: нет", "Отмена"])
    page.fill("#text", TYPED)
    page.click("#send")
    expect(page.locator("#messages .msg.me").last.locator(".text")).to_have_text(TYPED)
    preview = bot_says(page, "📝 Проверьте текст")
    expect(preview.locator(".quote")).to_have_text(TYPED)
    expect(preview.locator(".text blockquote")).to_have_text(TYPED)
    expect(preview.locator(".keyboard button")).to_have_text(["Отправить", "Изменить", "Отмена"])
    expect(card.locator(".text")).not_to_contain_text("Статус: Собеседование")
    preview.locator(".keyboard button", has_text="Отправить").click()
    expect(card.locator(".text")).to_contain_text("Статус: Собеседование")
    expect(card.locator(".meta")).to_contain_text("изменено")
    expect(card.locator(".keyboard button")).to_have_text(["Предложить работу", "Отказать", "Ответить", "📄 Резюме"])
    done = bot_says(page, "✅ «Пригласить» · Петров Иван — готово, сообщение ушло на hh.ru:")
    expect(done.locator(".quote")).to_have_text(TYPED)


def candidate_answers(page: Page) -> Locator:
    page.click("#events button[data-event=candidate_writes]")
    answer = bot_says(page, "Спасибо за приглашение! В среду в 15:00 мне удобно.")
    expect(answer.locator(".text")).to_have_text(
        "💬 Петров Иван · Python-разработчик\n\nСпасибо за приглашение! В среду в 15:00 мне удобно.")
    return answer


def reply_from_the_page(page: Page, demo: DemoRun, answer: Locator) -> None:
    demo.wait_outbox_drained()
    answer.locator(".reply-to").click()
    expect(page.locator("#replying")).to_contain_text("💬 Петров Иван")
    page.fill("#text", REPLY)
    page.press("#text", "Enter")
    mine = page.locator("#messages .msg.me", has_text=REPLY)
    expect(mine.locator(".quote")).to_contain_text("💬 Петров Иван · Python-разработчик")
    expect(page.locator("#replying")).to_be_hidden()
    expect(page.locator("#messages .msg.bot").last.locator(".text")).to_have_text(
        "✅ Отправлено на hh.ru: Петров Иван.")


def the_log_shows_the_calls(page: Page) -> None:
    log = page.locator("#log tbody")
    for call in ("GET /employers/", "PUT /negotiations/interview/", "POST /bot…/sendMessage",
                 "POST /bot…/editMessageText"):
        expect(log).to_contain_text(call)
    expect(log.locator("tr", has_text="/messages").filter(has_text="POST").first).to_be_visible()
    assert BOT_TOKEN not in page.content()


def switching_role(page: Page) -> None:
    page.check("input[value=applicant]")
    expect(page.locator("#events button")).to_have_text(
        ["Вы откликаетесь на вакансию на сайте", "Работодатель пишет сообщение", "Работодатель меняет этап на сайте"])
    expect(page.locator("#empty")).to_be_visible()
    expect(page.locator("#messages .msg")).to_have_count(0)
    page.check("input[value=employer]")
    expect(bot_says(page, "Новый отклик").first).to_be_visible()


@pytest.mark.process
def test_link_card_invite_answer_and_reply_in_chromium(browser: Browser) -> None:
    expect.set_options(timeout=WAIT_MS)
    with DemoRun() as demo:
        page = browser.new_page(viewport={"width": 1400, "height": 900}, locale="ru-RU")
        page.goto(demo.page_url)
        expect(page.locator("#empty")).to_be_visible()
        link(page)
        card = response_card(page)
        read_the_resume(page, card)
        invite_with_a_typed_message(page, card)
        answer = candidate_answers(page)
        reply_from_the_page(page, demo, answer)
        the_log_shows_the_calls(page)
        switching_role(page)
        save_screenshot(page)
        assert demo.interrupt() == 0


def save_screenshot(page: Page) -> None:
    """Only when asked, so that a test run never changes the working tree."""
    target = os.environ.get("DEMO_SCREENSHOT")
    if target:
        page.screenshot(path=target)
        assert Path(target).stat().st_size > 0
