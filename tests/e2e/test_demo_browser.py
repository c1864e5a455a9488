"""Issues 13 and 23: the demo page in a real headless Chromium (Debian's), driven the way a newcomer clicks through
it, in both languages and both roles, through every event button, the team's group included.

Every event button must show something: a new or changed message in the chat it concerns, or a sentence on the page
saying why the chat shows nothing (and then what the call log shows instead). With DEMO_SCREENSHOT=path and
DEMO_TEAM_SCREENSHOT=path set (Russian run only), the page is saved there: docs/demo.png and docs/demo-team.png.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Locator, Page, ViewportSize, expect, sync_playwright

from bot import texts as bot_texts
from bot.demo import texts as demo_texts
from bot.demo.stack import BOT_TOKEN
from bot.demo.texts import TIME_ZONE
from bot.testing.fake_hh import words as hh_words
from tests.e2e.demo_run import DemoRun

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WAIT_MS = 20_000
TOO_MANY_MS = 45_000  # the 429s last 30 s; the bot's next good check comes after them
BROWSERS_ZONE = "America/New_York"  # never Moscow's offset, so that a time shown in the browser's zone is caught
PHONE: ViewportSize = {"width": 390, "height": 844}
PRIVATE = "#private"
TEAM = "#team"
CYRILLIC = re.compile("[А-Яа-яЁё]+")


@dataclass(frozen=True)
class Words:
    """What each language's run expects to read."""

    language: str
    locale: str
    bot: bot_texts.Texts
    demo: demo_texts.DemoTexts
    hh: hh_words.Words
    telegram_open: str
    invite: str
    offer_state: str
    hold: str
    hold_state: str
    template: str
    typed: str
    reply: str
    new_response: str
    applicant_response: str
    invitation: str
    employer_label: str
    applicant_label: str


RUSSIAN = Words("ru", "ru-RU", bot_texts.RU, demo_texts.RU, hh_words.RU, "Открыть в Telegram", "Пригласить",
                "Предложение о работе", "Подумать", "Подумать", "Приглашение откликнувшегося соискателя",
                "Ждём вас в среду в 15:00.", "Отлично, до встречи в среду!", "🆕 Новый отклик", "📨 Ваш отклик",
                "🎉 Приглашение", "Ольга Кадрова — работодатель, «Рога и копыта»", "Иван Петров — соискатель")
ENGLISH = Words("en", "en-GB", bot_texts.EN, demo_texts.EN, hh_words.EN, "Open in Telegram", "Invite", "Offer",
                "Consider", "Considering", "Invitation of a candidate who responded", "See you on Wednesday at 3 pm.",
                "Great, see you on Wednesday!", "🆕 New response", "📨 Your response", "🎉 Invitation",
                "Olga Kadrova — employer, “Horns & Hooves”", "Ivan Petrov — applicant")


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


# --- what a pane shows ------------------------------------------------------------------------------------------

def bot_says(page: Page, text: str, pane: str = PRIVATE) -> Locator:
    return page.locator(f"{pane} .msg.bot", has_text=text)


def shown(page: Page, pane: str) -> str:
    """Everything the pane's bot messages show right now: their text, times and buttons."""
    snapshot: str = page.evaluate(
        "pane => [...document.querySelectorAll(pane + ' .msg.bot')].map(e => e.innerText).join('\\u0001')", pane)
    return snapshot


def changes(page: Page, pane: str, before: str, timeout: int = WAIT_MS) -> None:
    """Waits until the pane's bot messages show something new: a message, or an edit."""
    page.wait_for_function(
        "([pane, before]) => [...document.querySelectorAll(pane + ' .msg.bot')].map(e => e.innerText)"
        ".join('\\u0001') !== before", arg=[pane, before], timeout=timeout)


def event(page: Page, name: str, *, chat: str | None, timeout: int = WAIT_MS) -> str:
    """Presses an hh.ru event button; it must show something: with `chat`, a change in that pane; without, a note
    saying why the chat shows nothing. Returns the note."""
    before = shown(page, chat) if chat else ""
    page.locator("#said-text").evaluate("e => e.textContent = ''")
    page.click(f"button[data-event={name}]")
    expect(page.locator("#said-text")).not_to_be_empty()
    expect(page.locator("#said")).not_to_have_class(re.compile("failed"))
    if chat is not None:
        changes(page, chat, before, timeout)
    else:
        expect(page.locator("#said-note")).not_to_be_empty()
    return page.locator("#said-note").inner_text()


def log_rows(page: Page, call: str, status: int) -> Locator:
    return page.locator("#log tbody tr", has_text=call).filter(has=page.locator(f"td:last-child:text-is('{status}')"))


def logged_after(page: Page, name: str, call: str, status: int) -> str:
    """Presses an event button whose effect is only in the call log: a note says so, and the call appears."""
    rows = log_rows(page, call, status)
    before = rows.count()
    note = event(page, name, chat=None)
    page.wait_for_function(
        "([call, status, before]) => [...document.querySelectorAll('#log tbody tr')].filter(row => "
        "row.cells[2].textContent.includes(call) && row.cells[3].textContent === String(status)).length > before",
        arg=[call, status, before], timeout=WAIT_MS)
    return note


# --- linking ----------------------------------------------------------------------------------------------------

def link(page: Page, w: Words, account: str, telegram_name: str) -> None:
    """«Start», the bot's link, hh.ru's sign-in (the role's account already chosen), the bot's page, Telegram's."""
    page.click("#start")
    expect(page.locator(f"{PRIVATE} .msg.me .text")).to_have_text(["/start"])
    button = bot_says(page, w.bot.link_button).locator(".keyboard a")
    expect(button).to_have_text(f"{w.bot.link_button} ↗")
    with page.expect_popup() as opened:
        button.click()
    hh = opened.value
    expect(hh.locator("h1")).to_have_text(w.hh.site.sign_in_title)
    expect(hh.get_by_label(account)).to_be_checked()  # the role chosen on the page, not the first account
    hh.get_by_role("button", name=w.hh.site.allow).click()
    expect(hh.locator("h1")).to_have_text(w.bot.page_confirm_title)
    expect(hh.locator("p")).to_contain_text(account)
    hh.get_by_role("link", name=w.bot.page_confirm_button).click()
    expect(hh.get_by_label(telegram_name, exact=False)).to_be_checked()
    hh.get_by_role("button", name=w.telegram_open).click()
    expect(hh.locator("p")).to_contain_text("/start")
    hh.close()
    expect(page.locator(f"{PRIVATE} .msg.me .text")).to_have_text(["/start", "/start"])  # a deep link's, no payload
    expect(bot_says(page, account).locator(".text b")).to_have_text(account.split(" — ")[0])
    expect(bot_says(page, w.bot.summary_employer.split(".")[0])).to_be_visible()  # the first check is done


# --- the employer -----------------------------------------------------------------------------------------------

def employer_before_linking(page: Page, w: Words) -> None:
    """Buttons pressed too early say so in words: nothing to write in yet, and no account connected."""
    page.click("button[data-event=candidate_writes]")
    expect(page.locator("#said")).to_have_class(re.compile("failed"))
    expect(page.locator("#said-text")).to_contain_text(w.demo.events.candidate_responds)
    note = event(page, "token_expires", chat=None)
    assert w.demo.page.start in note


def response_card(page: Page, w: Words) -> Locator:
    event(page, "candidate_responds", chat=PRIVATE)
    card = bot_says(page, w.new_response).first  # the resume's file, sent under it later, quotes it
    expect(card.locator(".text blockquote")).to_have_text(w.demo.sample.cover_letters[0])
    expect(card.locator(".keyboard button").first).to_have_text(w.invite)
    return card


def read_the_resume(page: Page, w: Words, card: Locator) -> None:
    """«📄 Резюме» sends the candidate's resume as a PDF under the card, which the page opens."""
    card.locator(".keyboard button", has_text=w.bot.button_resume_file).click()
    resume = bot_says(page, w.bot.button_resume_file + ":")
    expect(resume.locator(".file")).to_contain_text(".pdf")
    answer = page.request.get(resume.locator(".file").evaluate("link => link.href"))
    assert answer.ok and answer.headers["content-type"] == "application/pdf" and answer.body().startswith(b"%PDF-")


def invite_with_a_typed_message(page: Page, w: Words, card: Locator) -> None:
    card.locator(".keyboard button", has_text=w.invite).click()
    prompt = bot_says(page, "✍️")
    expect(prompt.locator(".keyboard button").first).to_have_text(w.template)
    page.fill("#text", w.typed)
    page.click("#send")
    preview = bot_says(page, "📝")
    expect(preview.locator(".text blockquote")).to_have_text(w.typed)
    preview.locator(".keyboard button").first.click()
    expect(card.locator(".meta")).to_contain_text(w.demo.page.edited)
    expect(bot_says(page, "✅").locator(".quote")).to_have_text(w.typed)


def candidate_answers_and_reply(page: Page, w: Words, demo: DemoRun) -> None:
    event(page, "candidate_writes", chat=PRIVATE)
    answer = bot_says(page, w.demo.sample.candidate_messages[0])
    demo.wait_outbox_drained()
    answer.locator(".reply-to").click()
    expect(page.locator(f"{PRIVATE} .replying")).to_be_visible()
    page.fill("#text", w.reply)
    page.press("#text", "Enter")
    expect(page.locator(f"{PRIVATE} .msg.me", has_text=w.reply).locator(".quote")).to_contain_text("💬")
    expect(page.locator(f"{PRIVATE} .msg.bot").last.locator(".text")).to_have_text(
        w.bot.reply_sent_to.format(name=w.demo.sample.applicant[1] + " " + w.demo.sample.applicant[0]))


def a_later_stage_shows_at_the_next_news(page: Page, w: Words, card: Locator) -> None:
    """Issue 23, point 1: a move between later stages is told on the page, and the card follows at the next news."""
    note = event(page, "employer_moves_stage", chat=None)
    assert w.demo.events.candidate_writes in note
    event(page, "candidate_writes", chat=PRIVATE)
    expect(card.locator(".text")).to_contain_text(w.offer_state)
    expect(card.locator(".text")).to_contain_text("🔄")


def employer_trouble(page: Page, w: Words) -> None:
    """Each trouble button: the token's refresh and 429s in the log, the captcha's notice in the chat."""
    assert logged_after(page, "token_expires", "POST /token", 200) == w.demo.happened.token_note
    event(page, "captcha", chat=PRIVATE)
    notice = bot_says(page, w.bot.captcha_button)
    expect(notice.locator(".keyboard a")).to_have_text(f"{w.bot.captcha_button} ↗")


def solve_the_captcha(page: Page, w: Words) -> None:
    page.check("input[value=employer]")
    with page.expect_popup() as opened:
        bot_says(page, w.bot.captcha_button).locator(".keyboard a").click()
    captcha = opened.value
    captcha.get_by_role("button", name=w.hh.site.not_a_robot).click()
    expect(captcha.locator("h1")).to_have_text(w.hh.site.captcha_solved_title)
    captcha.close()
    page.fill("#text", "/resume")
    page.click("#send")
    expect(bot_says(page, w.bot.resumed)).to_be_visible()


# --- the applicant ----------------------------------------------------------------------------------------------

def applicant_side(page: Page, w: Words) -> None:
    """Linking works although the employer's account waits for a captcha (a fault is one persona's); each
    applicant button then shows something."""
    page.check("input[value=applicant]")
    expect(page.locator("#events button")).to_have_text(
        [w.demo.events.applicant_responds, w.demo.events.employer_writes, w.demo.events.employer_invites])
    expect(page.locator("#team-toggle")).to_be_hidden()
    expect(page.locator(f"{PRIVATE} .empty")).to_be_visible()
    link(page, w, w.applicant_label, w.demo.telegram_names[1])
    event(page, "applicant_responds", chat=PRIVATE)
    expect(bot_says(page, w.applicant_response)).to_be_visible()
    event(page, "employer_writes", chat=PRIVATE)
    event(page, "employer_invites", chat=PRIVATE)
    expect(bot_says(page, w.invitation).last).to_contain_text(w.demo.sample.stage_messages["interview"])
    assert logged_after(page, "too_many_requests", "GET /negotiations", 429) == w.demo.happened.too_many_note
    note = event(page, "captcha", chat=None)  # told at the first check after the 429s: said, not waited for
    assert note == w.demo.happened.captcha_note


# --- the team ---------------------------------------------------------------------------------------------------

def as_member(page: Page, index: int) -> None:
    page.select_option("#team-member", index=index)


def team_connects(page: Page, w: Words) -> None:
    page.check("#team-show")
    expect(page.locator(TEAM)).to_be_visible()
    expect(page.locator(f"{TEAM} .team-hint")).to_be_visible()
    before = shown(page, PRIVATE)
    page.click("#team-connect")
    changes(page, PRIVATE, before)
    page.locator(PRIVATE).get_by_role("button", name=w.bot.group_confirm_yes, exact=True).click()
    expect(bot_says(page, w.bot.group_connected_forum, TEAM)).to_be_visible()
    expect(bot_says(page, w.demo.team.title).last.locator(".meta")).to_contain_text(w.demo.page.edited)


def team_works(page: Page, w: Words, demo: DemoRun) -> None:
    """A card in the vacancy's topic; a plain member refused; an administrator's press signed «who · when»; a stage
    changed on the site; a reply in the topic reaching the candidate."""
    private = shown(page, PRIVATE)
    event(page, "candidate_responds", chat=TEAM)
    expect(page.locator("#topics .topic.chosen")).to_have_text(w.demo.sample.vacancy)
    card = bot_says(page, w.new_response, TEAM)
    candidate = " ".join(reversed(w.demo.sample.candidates[0]))
    expect(card).to_contain_text(candidate)
    assert shown(page, PRIVATE) == private, "the vacancy's news goes to the group"
    demo.wait_outbox_drained()
    team = w.demo.team
    as_member(page, 1)
    card.locator(".keyboard button", has_text=w.hold).click()
    expect(card.locator(".text")).to_contain_text(f"{w.hold_state} — @{team.colleagues[0][1]} · ")
    as_member(page, 2)
    card.locator(".keyboard button", has_text=w.invite).click()
    refusal = w.bot.group_act_refused.format(who=w.bot.group_who_admins)
    expect(page.locator(f"{TEAM} .toast.alert")).to_have_text(refusal)
    if w.language == "ru":
        card.scroll_into_view_if_needed()
        save_screenshot(page, "DEMO_TEAM_SCREENSHOT")
    as_member(page, 1)
    event(page, "employer_moves_stage", chat=TEAM)
    expect(card.locator(".text")).to_contain_text("🔄")
    event(page, "candidate_writes", chat=TEAM)
    asked = bot_says(page, w.demo.sample.candidate_messages[0], TEAM)
    demo.wait_outbox_drained()
    asked.locator(".reply-to").click()
    page.fill("#team-text", w.demo.sample.team_reply)
    page.press("#team-text", "Enter")
    expect(page.locator(f"{TEAM} .msg.me", has_text=w.demo.sample.team_reply)).to_be_visible()
    expect(bot_says(page, w.bot.reply_sent_to.format(name=candidate), TEAM)).to_be_visible()


# --- the rest of the page ---------------------------------------------------------------------------------------

def the_log_folds_idle_checks(page: Page, w: Words) -> None:
    """Issue 23, point 6: one line for the repeated check, with its count over the last minute."""
    rows = page.locator("#log tbody tr.folded", has_text="/vacancies/active").filter(
        has=page.locator("td:last-child:text-is('200')"))
    expect(rows).to_have_count(1)
    expect(rows.locator(".fold")).to_have_text(re.compile(re.escape(w.demo.page.log_folded).replace(
        r"\{count\}", r"\d+")))
    assert BOT_TOKEN not in page.content()


def times_say_their_zone(page: Page, w: Words) -> None:
    expect(page.locator("#bot-status")).to_contain_text(w.demo.page.times)
    expect(page.locator("#log-time")).to_have_text(w.demo.page.log_time)


def times_are_moscow_time(page: Page) -> None:
    """Issue 23, point 8: the chat's times are the bot's (Moscow), whatever the browser's own zone."""
    now = time.time()
    moscow = {datetime.fromtimestamp(at, ZoneInfo(TIME_ZONE)).strftime("%H:%M") for at in (now - 60, now)}
    assert page.locator(f"{PRIVATE} .msg.bot .meta").last.inner_text() in moscow


def on_a_phone(page: Page) -> None:
    """Issue 23, point 7: on a phone-sized screen every event button is on the first screen, above the chat."""
    page.set_viewport_size(PHONE)
    page.evaluate("window.scrollTo(0, 0)")
    for button in page.locator("#events button, #trouble button").all():
        box = button.bounding_box()
        assert box is not None and box["y"] + box["height"] <= PHONE["height"], box
    chat = page.locator(PRIVATE).bounding_box()
    events = page.locator("#events").bounding_box()
    assert chat is not None and events is not None and events["y"] < chat["y"]


def save_screenshot(page: Page, variable: str) -> None:
    """Only when asked, so that a test run never changes the working tree."""
    target = os.environ.get(variable)
    if target:
        page.screenshot(path=target)
        assert Path(target).stat().st_size > 0


@pytest.mark.process
@pytest.mark.parametrize("w", [RUSSIAN, ENGLISH], ids=["ru", "en"])
def test_every_button_shows_something_in_chromium(browser: Browser, w: Words) -> None:
    expect.set_options(timeout=WAIT_MS)
    with DemoRun("--lang", w.language) as demo:
        page = browser.new_page(viewport={"width": 1400, "height": 900}, locale=w.locale,
                                timezone_id=BROWSERS_ZONE)
        page.goto(demo.page_url)
        expect(page.locator(f"{PRIVATE} .empty")).to_be_visible()
        times_say_their_zone(page, w)
        employer_before_linking(page, w)
        link(page, w, w.employer_label, w.demo.telegram_names[0])
        times_are_moscow_time(page)
        card = response_card(page, w)
        read_the_resume(page, w, card)
        invite_with_a_typed_message(page, w, card)
        candidate_answers_and_reply(page, w, demo)
        a_later_stage_shows_at_the_next_news(page, w, card)
        if w.language == "ru":
            save_screenshot(page, "DEMO_SCREENSHOT")
        employer_trouble(page, w)
        applicant_side(page, w)
        solve_the_captcha(page, w)
        team_connects(page, w)
        team_works(page, w, demo)
        the_log_folds_idle_checks(page, w)
        if w.language == "en":
            assert CYRILLIC.findall(page.locator("body").inner_text()) == [], "the English demo is English throughout"
        on_a_phone(page)
        assert demo.interrupt() == 0
