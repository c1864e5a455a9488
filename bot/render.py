"""hh.ru objects in, Telegram HTML out. Pure functions; every hh.ru text is escaped here."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from html import escape, unescape

from bot.hh.limits import MESSAGE_MAX_LENGTH
from bot.hh.models import Message, Negotiation, Resume
from bot.link_result import LinkOutcome, LinkResult
from bot.refusals import WRITE_BLOCKED
from bot.texts import Texts
from storage.accounts import Account, Profile, Role, Status

MOSCOW = timezone(timedelta(hours=3))


def esc(text: object) -> str:
    return escape(str(text), quote=False)


def esc_name(text: object) -> str:
    """An hh.ru name (vacancy, person, company, ...) for a message: shortened to NAME_LIMIT, then escaped."""
    return esc(shorten(str(text), NAME_LIMIT))


def role_label(texts: Texts, profile: Profile) -> str:
    if profile.role is Role.EMPLOYER:
        return texts.role_employer.format(company=esc_name(profile.employer_name or ""))
    return texts.role_applicant


def account_label(texts: Texts, profile: Profile) -> str:
    return f"<b>{esc_name(profile.display_name)}</b> — {role_label(texts, profile)}"


def moment(texts: Texts, timestamp: float) -> str:
    """A time as hh.ru's users read it: Moscow time, and saying so."""
    shown = datetime.fromtimestamp(timestamp, UTC).astimezone(MOSCOW).strftime("%d.%m.%Y %H:%M")
    return f"{shown} {texts.moscow_time}"


def status_text(texts: Texts, account: Account | None, *, paused: bool, delivered: int, queued: int) -> str:
    if account is None:
        return texts.status_none
    lines = [texts.status_line_account.format(name=esc_name(account.profile.display_name),
                                              role=role_label(texts, account.profile))]
    if account.status is Status.NEEDS_RELINK:
        lines.append(texts.status_needs_relink)
    elif account.status is Status.PAUSED:
        denied = account.status_reason == "applicant_api_denied"
        lines.append(texts.status_paused_denied if denied else texts.status_paused_captcha)
    else:
        lines.append(texts.status_active)
    if account.last_success_at is None:
        lines.append(texts.status_never_checked)
    else:
        lines.append(texts.status_last_check.format(when=moment(texts, account.last_success_at)))
    lines.append(texts.status_delivered.format(count=delivered, pending=queued))
    lines.append(texts.status_notifications_off if paused else texts.status_notifications_on)
    return fit("\n".join(lines))


def link_result_text(texts: Texts, result: LinkResult) -> str:
    """What the user reads in Telegram after an attempt to link."""
    if result.outcome is LinkOutcome.LINKED and result.account is not None:
        profile = result.account.profile
        text = texts.linked_confirmation.format(name=esc_name(profile.display_name), role=role_label(texts, profile))
        return f"{text}\n\n{texts.applicant_api_denied}" if result.applicant_api_denied else text
    failures = {
        LinkOutcome.DENIED: texts.link_failed_denied,
        LinkOutcome.USED_STATE: texts.link_failed_used,
        LinkOutcome.EXPIRED_STATE: texts.link_failed_expired,
        LinkOutcome.EXCHANGE_FAILED: texts.link_failed_exchange.format(reason=esc_name(result.reason or "?")),
        LinkOutcome.CAPTCHA: texts.link_failed_captcha.format(captcha=captcha_link(texts, result.reason)),
        LinkOutcome.HH_DOWN: texts.link_failed_hh_down,
        LinkOutcome.OTHER_USER: texts.link_failed_other_user,
        LinkOutcome.NEEDS_FULL_ADDRESS: texts.link_paste_full_address,
        LinkOutcome.RATE_LIMITED: texts.link_rate_limited,
        LinkOutcome.UNKNOWN_STATE: texts.link_failed_unknown,
        LinkOutcome.NOT_YOUR_SIGN_IN: texts.link_confirm_not_yours,
        LinkOutcome.CONFIRMED_BY_ANOTHER: texts.link_confirmed_by_another,
        LinkOutcome.CONFIRMATION_UNKNOWN: texts.link_confirmation_unknown,
        LinkOutcome.CONFIRMATION_EXPIRED: texts.link_confirmation_expired,
        LinkOutcome.ADDRESS_LEAKED: texts.link_address_leaked,
        LinkOutcome.LINK_ALTERED: texts.link_altered,
        LinkOutcome.SIGN_IN_STOPPED: texts.link_sign_in_stopped,
        LinkOutcome.PASTE_NOT_TAKEN: texts.link_paste_not_taken,
    }
    return failures.get(result.outcome, texts.page_missing_parameters)


def captcha_link(texts: Texts, url: str | None) -> str:
    """hh.ru's captcha page as a link, when hh.ru gave an http(s) one; else where to find it."""
    if not url or not url.startswith(("https://", "http://")):
        return texts.link_captcha_on_site
    return f'<a href="{escape(url, quote=True)}">{esc(texts.captcha_button)}</a>'


def link_result_page(texts: Texts, result: LinkResult) -> tuple[str, str]:
    """Title and sentence (plain text, escaped by the page) of the HTML page the browser shows after hh.ru's
    redirect. A sign-in names both accounts before its owner confirms it from Telegram."""
    if result.outcome is LinkOutcome.CONFIRM_IN_TELEGRAM and result.signed_in is not None:
        profile = result.signed_in
        role = (texts.role_employer.format(company=shorten(profile.employer_name or "", NAME_LIMIT))
                if profile.role is Role.EMPLOYER else texts.role_applicant)
        account = f"{shorten(profile.display_name, NAME_LIMIT)} — {role}"
        sentence = texts.page_confirm.format(account=account, telegram=result.telegram_name or "?")
        return texts.page_confirm_title, sentence
    sentences = {
        LinkOutcome.DENIED: texts.page_denied,
        LinkOutcome.UNKNOWN_STATE: texts.page_unknown_state,
        LinkOutcome.LINK_ALTERED: texts.page_link_altered,
        LinkOutcome.USED_STATE: texts.page_used_state,
        LinkOutcome.EXPIRED_STATE: texts.page_expired_state,
        LinkOutcome.EXCHANGE_FAILED: texts.page_exchange_failed,
        LinkOutcome.CAPTCHA: texts.page_captcha,
        LinkOutcome.HH_DOWN: texts.page_hh_down,
        LinkOutcome.RATE_LIMITED: texts.link_rate_limited,
    }
    return texts.page_failed_title, sentences.get(result.outcome, texts.page_missing_parameters)


# --- pushes ---------------------------------------------------------------------------------------

TELEGRAM_TEXT_LIMIT = 4096
NAME_LIMIT = 200
"""The most UTF-16 units of one hh.ru name in a message, so that names leave room for the rest."""
ELLIPSIS = "…"
CURRENCIES = {"RUR": "₽", "RUB": "₽", "USD": "$", "EUR": "€", "KZT": "₸", "UAH": "₴", "BYR": "Br"}
_TAG = re.compile(r"<[^>]*>")
_TOKEN = re.compile(r"<[^>]*>|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z]+);|.", re.DOTALL)
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][\w-]*)")


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def visible_length(html_text: str) -> int:
    """Characters Telegram counts after parsing our own HTML (tags out, entities decoded)."""
    return utf16_length(unescape(_TAG.sub("", html_text)))


def cut_to(text: str, limit: int) -> str:
    """The longest prefix of `text` within `limit` UTF-16 units, never splitting a character."""
    if utf16_length(text) <= limit:
        return text
    kept: list[str] = []
    used = 0
    for char in text:
        size = 2 if ord(char) > 0xFFFF else 1
        if used + size > limit:
            break
        kept.append(char)
        used += size
    return "".join(kept)


def shorten(text: str, limit: int) -> str:
    """Plain `text` within `limit` UTF-16 units, ending with "…" when it had to be cut."""
    if utf16_length(text) <= limit:
        return text
    return cut_to(text, limit - utf16_length(ELLIPSIS)).rstrip() + ELLIPSIS


def fit(html_text: str, limit: int = TELEGRAM_TEXT_LIMIT) -> str:
    """Our own HTML, cut so that Telegram counts at most `limit` characters after parsing it.

    A cut text ends with "…"; tags, entities and surrogate pairs are never split, and tags left open are closed.
    """
    if visible_length(html_text) <= limit:
        return html_text
    room = limit - utf16_length(ELLIPSIS)
    kept: list[str] = []
    open_tags: list[str] = []
    used = 0
    for token in _TOKEN.findall(html_text):
        tag = _TAG_NAME.match(token) if token.startswith("<") else None
        if tag is not None:
            if token.startswith("</"):
                del open_tags[-1:]
            else:
                open_tags.append(tag.group(1))
            kept.append(token)
            continue
        size = utf16_length(unescape(token))
        if used + size > room:
            break
        kept.append(token)
        used += size
    return "".join(kept) + ELLIPSIS + "".join(f"</{name}>" for name in reversed(open_tags))


def with_body(texts: Texts, head: str, body: str | None, more_url: str | None, *, quote: bool = False) -> str:
    """`head`, then hh.ru's `body` escaped; the body is cut to fit Telegram, with a link to the rest."""
    if not body or not body.strip():
        return fit(head)
    opening, closing, gap = ("<blockquote>", "</blockquote>", "\n") if quote else ("", "", "\n\n")
    full = f"{head}{gap}{opening}{esc(body.strip())}{closing}"
    if visible_length(full) <= TELEGRAM_TEXT_LIMIT:
        return full
    tail = f"{ELLIPSIS}\n\n<a href=\"{esc_attr(more_url)}\">{esc(texts.read_more)}</a>" if more_url else ELLIPSIS
    room = max(0, TELEGRAM_TEXT_LIMIT - visible_length(f"{head}{gap}{tail}"))
    return fit(f"{head}{gap}{opening}{esc(cut_to(body.strip(), room).rstrip())}{closing}{tail}")


def esc_attr(text: object) -> str:
    return escape(str(text), quote=True)


def plural(texts: Texts, count: int, forms: tuple[str, str, str]) -> str:
    if texts.language != "ru":
        return forms[0] if count == 1 else forms[1]
    if count % 10 == 1 and count % 100 != 11:
        return forms[0]
    if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
        return forms[1]
    return forms[2]


def experience(texts: Texts, months: int) -> str:
    years, rest = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} {plural(texts, years, texts.card_years)}")
    if rest or not years:
        parts.append(f"{rest} {plural(texts, rest, texts.card_months)}")
    return " ".join(parts)


def salary(amount: float | None, currency: str | None) -> str | None:
    if not amount:
        return None
    grouped = f"{int(amount):,}".replace(",", "\u00a0")
    return f"{grouped}\u00a0{CURRENCIES.get(currency or '', currency or '')}".strip()


def candidate_name(texts: Texts, negotiation: Negotiation) -> str:
    """Whom an employer's negotiation is with; hh.ru's spec leaves the resume out of it optional."""
    return (negotiation.resume.full_name if negotiation.resume else "") or texts.unknown_candidate


def company_name(texts: Texts, negotiation: Negotiation) -> str:
    """Whom an applicant's negotiation is with; hh.ru's spec leaves its vacancy optional."""
    vacancy = negotiation.vacancy
    return (vacancy.employer.name if vacancy and vacancy.employer else "") or texts.unknown_company


def vacancy_name(texts: Texts, negotiation: Negotiation) -> str:
    return (negotiation.vacancy.name if negotiation.vacancy else "") or texts.unknown_vacancy


def response_card(texts: Texts, negotiation: Negotiation, vacancy_name: str, cover_letter: str | None) -> str:
    resume = negotiation.resume or Resume()
    lines = [texts.card_new_response.format(vacancy=esc_name(vacancy_name))]
    person = esc_name(candidate_name(texts, negotiation))
    if resume.age:
        person += f", {resume.age} {plural(texts, resume.age, texts.card_years)}"
    lines.append(f"<b>{person}</b>")
    if resume.title:
        lines.append(esc_name(resume.title))
    details = []
    if resume.area and resume.area.name:
        details.append(f"📍 {esc_name(resume.area.name)}")
    expected = salary(resume.salary.amount, resume.salary.currency) if resume.salary else None
    if expected:
        details.append(texts.card_salary.format(salary=esc_name(expected)))
    if resume.total_experience and resume.total_experience.months is not None:
        details.append(texts.card_experience.format(experience=experience(texts, resume.total_experience.months)))
    if details:
        lines.append(" · ".join(details))
    head = "\n".join(lines)
    if not cover_letter or not cover_letter.strip():
        return fit(f"{head}\n\n{texts.card_no_cover_letter}")
    return with_body(texts, f"{head}\n\n{texts.card_cover_letter}", cover_letter, resume.alternate_url, quote=True)


def message_for_employer(texts: Texts, negotiation: Negotiation, vacancy_name: str, message: Message) -> str:
    name = candidate_name(texts, negotiation)
    if not message.text and message.state is not None:
        return fit(texts.applicant_state_from_applicant.format(name=esc_name(name), vacancy=esc_name(vacancy_name),
                                                               state=esc_name(message.state.name)))
    head = texts.message_from_applicant.format(name=esc_name(name), vacancy=esc_name(vacancy_name))
    more = negotiation.resume.alternate_url if negotiation.resume else None
    return with_body(texts, head, message.text, more)


def event_for_applicant(texts: Texts, negotiation: Negotiation, message: Message | None) -> str:
    """An employer's message, invitation, rejection or a bare change of state, with vacancy and company."""
    vacancy = negotiation.vacancy
    names = {"vacancy": esc_name(vacancy_name(texts, negotiation)),
             "company": esc_name(company_name(texts, negotiation))}
    state = message.state if message is not None and message.state is not None else negotiation.state
    if message is None or not message.text:
        return fit(texts.applicant_state_changed.format(state=esc_name(state.name or state.id), **names))
    if state.id == "invitation" or state.id == "interview":
        head = texts.applicant_invitation.format(**names)
    elif state.id.startswith("discard"):
        head = texts.applicant_rejection.format(**names)
    else:
        head = texts.applicant_message.format(**names)
    return with_body(texts, head, message.text, vacancy.alternate_url if vacancy else None)


def applicant_responded(texts: Texts, negotiation: Negotiation) -> str:
    """The applicant's own new response (made on hh.ru's site), followed from now on; its state if it already
    moved on without a message (rejected at once, say)."""
    if negotiation.state.id != "response":
        return event_for_applicant(texts, negotiation, None)
    return fit(texts.applicant_responded.format(vacancy=esc_name(vacancy_name(texts, negotiation)),
                                                company=esc_name(company_name(texts, negotiation))))


def employer_summary(texts: Texts, waiting: dict[str, int]) -> str:
    """`waiting`: collection name → responses in it that await review."""
    parts = [texts.summary_employer_collection.format(count=count, responses=plural(texts, count, texts.responses_word),
                                                      wait=plural(texts, count, texts.await_word),
                                                      collection=esc_name(name))
             for name, count in waiting.items() if count]
    return fit(texts.summary_employer.format(collections="; ".join(parts) or texts.summary_employer_none))


def applicant_summary(texts: Texts, total: int, unread: int) -> str:
    return texts.summary_applicant.format(count=total, responses=plural(texts, total, texts.responses_word),
                                          unread=unread)


def refusal_text(texts: Texts, refusal: str, *, length: int | None = None) -> str:
    """hh.ru's refusal (its error value, or one of the bot's own: hh_down, relink, captcha, busy, slow_down, gone,
    write_blocked:<reason>) in words."""
    ours = {"hh_down": texts.hh_down, "relink": texts.hh_relink, "captcha": texts.hh_captcha,
            "busy": texts.action_busy, "slow_down": texts.slow_down, "gone": texts.account_gone}
    if refusal in ours:
        return ours[refusal]
    if refusal.startswith(WRITE_BLOCKED):
        return texts.write_blocked.get(refusal.removeprefix(WRITE_BLOCKED), texts.write_blocked_other)
    sentence = texts.hh_refused.get(refusal)
    if sentence is None:
        return texts.hh_refused_other.format(reason=esc_name(refusal))
    return sentence.format(limit=MESSAGE_MAX_LENGTH, length=length if length is not None else "?")


def reply_later_texts(texts: Texts, name: str, text: str, refusal: str | None) -> list[str]:
    """What the user is told when a reply that had to wait went (refusal None), or did not and why; the text
    comes back so nothing is lost."""
    if refusal is None:
        return [fit(f"{texts.reply_sent_later.format(name=esc_name(name))}\n{quoted(text)}")]
    reason = refusal_text(texts, refusal, length=len(text))
    return [texts.reply_failed_later.format(name=esc_name(name), reason=reason), quoted(text)]


def card_text(texts: Texts, base_text: str, state_name: str | None) -> str:
    """A pushed card's text with its negotiation's state below; the text is cut if both would not fit."""
    if not state_name:
        return fit(base_text)
    state = f"\n\n{texts.card_state.format(state=esc_name(state_name))}"
    return fit(base_text, TELEGRAM_TEXT_LIMIT - visible_length(state)) + state


def changed_card_text(texts: Texts, base_text: str, state_name: str) -> str:
    """A card whose negotiation changed stage on hh.ru, not through the bot."""
    tail = f"\n\n{texts.card_state.format(state=esc_name(state_name))}\n{texts.card_changed_on_hh}"
    return fit(base_text, TELEGRAM_TEXT_LIMIT - visible_length(tail)) + tail


def quoted(text: str) -> str:
    """The user's own text, sent back whole (a Telegram message is at most 4096 characters, so it fits)."""
    return fit(f"<blockquote expandable>{esc(text)}</blockquote>")
