"""The resume's file in words: its caption, its file name, and why it did not come. Pure: a card in, text out."""

from __future__ import annotations

import re

from bot.render import esc_name, fit, refusal_text
from bot.texts import Texts
from storage.cards import Card

CAPTION_LIMIT = 1024  # Bot API: a document's caption is 0-1024 characters after entities parsing
FILE_NAME_LIMIT = 100
MEGABYTE = 1024 * 1024

# Why no file came, beside the refusals every hh.ru call may meet (`bot.refusals`, `render.refusal_text`).
NO_FILE = "none"  # hh.ru gives the negotiation no resume, or the resume no PDF address
FORBIDDEN = "forbidden"  # hh.ru answered 403 to the file
GONE = "gone"  # hh.ru answered 404: the resume was deleted or hidden
TOO_LARGE = "too_large"  # over what a bot may upload to Telegram
NOT_PDF = "not_pdf"  # hh.ru answered with something that is not a PDF
TELEGRAM = "telegram"  # Telegram refused the upload

_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')


def resume_caption(texts: Texts, card: Card) -> str:
    caption = texts.resume_caption.format(name=esc_name(card.title), vacancy=esc_name(card.vacancy))
    return fit(caption.removesuffix(" · "), CAPTION_LIMIT)


def resume_file_name(texts: Texts, card: Card) -> str:
    """The candidate's name as a file name: no path, no control characters, nothing a file system refuses."""
    name = " ".join(_UNSAFE.sub(" ", card.title).split())[:FILE_NAME_LIMIT].strip()
    return f"{name or texts.button_resume}.pdf"


def resume_refusal_text(texts: Texts, card: Card, refusal: str, size_limit: int) -> str:
    """Why the file of the card's resume did not come: one of the reasons above, or any hh.ru refusal."""
    name = esc_name(card.title)
    sentence = texts.resume_refused.get(refusal)
    if sentence is not None:
        return sentence.format(name=name, megabytes=size_limit // MEGABYTE)
    return texts.resume_refused_other.format(name=name, reason=refusal_text(texts, refusal))
