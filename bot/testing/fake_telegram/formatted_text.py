"""A message text (or a media caption) as Telegram stores it: parsed, trimmed and length-checked."""

from __future__ import annotations

from typing import Any

from .errors import bad_request
from .html_parser import HtmlParseError, ParsedText, parse_html
from .utf16 import utf16_len

MAX_MESSAGE_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
_TRIMMED = " \t\n\r\f\v"


def build_message_text(raw_text: str | None, parse_mode: str | None, entities: Any = None) -> ParsedText:
    """Parse a sendMessage/editMessageText text the way Telegram does, or raise its ApiError."""
    if raw_text is None:
        raise bad_request("message text is empty")
    parsed = trim(_parse(raw_text, parse_mode, entities))
    length = utf16_len(parsed.text)
    if length == 0:
        raise bad_request("message text is empty")
    if length > MAX_MESSAGE_LENGTH:
        raise bad_request("message is too long")
    return parsed


def build_caption(raw_text: str | None, parse_mode: str | None, entities: Any = None) -> ParsedText:
    """A media caption: may be empty, at most MAX_CAPTION_LENGTH after parsing."""
    parsed = trim(_parse(raw_text or "", parse_mode, entities))
    if utf16_len(parsed.text) > MAX_CAPTION_LENGTH:
        raise bad_request("message caption is too long")
    return parsed


def _parse(raw_text: str, parse_mode: str | None, entities: Any) -> ParsedText:
    if entities is not None:
        return ParsedText(raw_text, _explicit_entities(entities, utf16_len(raw_text)))
    mode = (parse_mode or "").lower()
    if mode == "":
        return ParsedText(raw_text, [])
    if mode == "html":
        try:
            return parse_html(raw_text)
        except HtmlParseError as error:
            raise bad_request(f"can't parse entities: {error}") from error
    if mode in ("markdown", "markdownv2"):
        raise bad_request("can't parse entities: MarkdownV2 is not supported by this fake")
    raise bad_request("unsupported parse_mode")


def _explicit_entities(entities: Any, text_length: int) -> list[dict[str, Any]]:
    if not isinstance(entities, list) or not all(_is_entity(e) for e in entities):
        raise bad_request("can't parse entities JSON object")
    for entity in entities:
        if entity["offset"] < 0 or entity["offset"] + entity["length"] > text_length:
            raise bad_request("entity is out of the text bounds")
    return [dict(e) for e in entities if e["length"] > 0]


def _is_entity(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("type"), str)
        and isinstance(value.get("offset"), int)
        and isinstance(value.get("length"), int)
    )


def trim(parsed: ParsedText) -> ParsedText:
    """Strip leading/trailing whitespace and move or clip the entities to match."""
    text = parsed.text
    stripped_left = text.lstrip(_TRIMMED)
    shift = utf16_len(text) - utf16_len(stripped_left)
    result = stripped_left.rstrip(_TRIMMED)
    new_length = utf16_len(result)
    entities: list[dict[str, Any]] = []
    for entity in parsed.entities:
        start = max(0, entity["offset"] - shift)
        end = min(new_length, entity["offset"] + entity["length"] - shift)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return ParsedText(result, entities)
