"""A strict parser of Telegram's HTML subset (parse_mode=HTML).

It follows the structure of Telegram's own parser (tdlib `parse_html`) and is stricter in three places
the bot must respect anyway: a raw `>` in text, a raw `&` that does not start a supported entity, and
an `<a>` without `href` are errors, and an end tag must name the tag it closes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .links import normalize_text_link
from .utf16 import utf8_offset

ALLOWED_TAGS = frozenset(
    {
        "a", "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span",
        "tg-spoiler", "tg-emoji", "code", "pre", "blockquote",
    }
)  # fmt: skip
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_STYLE_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
}
_SPACES = frozenset(" \t\n\r\f\v")
_MAX_NUMERIC_ENTITY_LENGTH = 10  # "&#" plus digits, as tdlib bounds it
_LANGUAGE_KEY = "_language"


class HtmlParseError(ValueError):
    """The reason Telegram gives after "can't parse entities: "."""


@dataclass(frozen=True)
class ParsedText:
    text: str
    entities: list[dict[str, Any]]


@dataclass
class _OpenTag:
    name: str
    begin: int  # index of "<" in the source
    start: int  # UTF-16 offset in the output where the tag's content starts
    argument: str = ""
    expandable: bool = False


def parse_html(source: str) -> ParsedText:
    """Plain text and entities (UTF-16 offsets) of an HTML-formatted message text."""
    return _HtmlParser(source).parse()


class _HtmlParser:
    def __init__(self, source: str) -> None:
        self._src = source
        self._pos = 0
        self._out: list[str] = []
        self._utf16 = 0
        self._open: list[_OpenTag] = []
        self._entities: list[dict[str, Any]] = []

    def parse(self) -> ParsedText:
        while not self._at_end():
            char = self._src[self._pos]
            if char == "<":
                if self._char_at(self._pos + 1) == "/":
                    self._read_end_tag()
                else:
                    self._read_start_tag()
            elif char == "&":
                self._emit(self._read_entity())
            elif char == ">":
                raise self._error(self._pos, 'Unescaped ">"', '; escape it as "&gt;"')
            else:
                self._emit(char)
                self._pos += 1
        if self._open:
            name = self._open[-1].name
            raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{name}"')
        for entity in self._entities:
            entity.pop(_LANGUAGE_KEY, None)
        entities = sorted(self._entities, key=lambda e: (e["offset"], -e["length"]))
        return ParsedText("".join(self._out), entities)

    # --- scanning helpers -------------------------------------------------------------------

    def _at_end(self) -> bool:
        return self._pos >= len(self._src)

    def _char_at(self, index: int) -> str:
        return self._src[index] if index < len(self._src) else ""

    def _skip_spaces(self) -> None:
        while not self._at_end() and self._src[self._pos] in _SPACES:
            self._pos += 1

    def _read_while(self, stop: frozenset[str]) -> str:
        start = self._pos
        while not self._at_end() and self._src[self._pos] not in stop:
            self._pos += 1
        return self._src[start : self._pos]

    def _emit(self, char: str) -> None:
        self._out.append(char)
        self._utf16 += 2 if ord(char) > 0xFFFF else 1

    def _error(self, index: int, reason: str, hint: str = "") -> HtmlParseError:
        return HtmlParseError(f"{reason} at byte offset {utf8_offset(self._src, index)}{hint}")

    # --- character references ---------------------------------------------------------------

    def _read_entity(self) -> str:
        begin = self._pos
        src = self._src
        if src.startswith("&#x", begin):
            digits_start = begin + 3
            base, allowed = 16, "0123456789abcdefABCDEF"
        elif src.startswith("&#", begin):
            digits_start = begin + 2
            base, allowed = 10, "0123456789"
        else:
            digits_start = begin + 1
            base, allowed = 0, ""
        end = digits_start
        if base:
            while end < len(src) and src[end] in allowed:
                end += 1
        else:
            while end < len(src) and src[end].isascii() and src[end].isalpha():
                end += 1
        body = src[digits_start:end]
        decoded = self._decode_reference(body, base, end - begin)
        if decoded is None or self._char_at(end) != ";":
            raise self._error(
                begin,
                'Unescaped "&" or unsupported HTML entity',
                '; escape "&" as "&amp;" (supported: &lt; &gt; &amp; &quot; &#NNN; &#xHHH;)',
            )
        self._pos = end + 1
        return decoded

    @staticmethod
    def _decode_reference(body: str, base: int, length: int) -> str | None:
        if not base:
            return NAMED_ENTITIES.get(body)
        if not body or length >= _MAX_NUMERIC_ENTITY_LENGTH:
            return None
        code_point = int(body, base)
        if code_point == 0 or code_point >= 0x10FFFF or 0xD800 <= code_point <= 0xDFFF:
            return None
        return chr(code_point)

    # --- tags -------------------------------------------------------------------------------

    def _read_start_tag(self) -> None:
        begin = self._pos
        self._pos += 1
        name = self._read_while(_SPACES | {">"}).lower()
        if not name:
            raise self._error(begin, "Empty tag name")
        if name not in ALLOWED_TAGS:
            raise self._error(begin, f'Unsupported start tag "{name}"')
        tag = _OpenTag(name=name, begin=begin, start=self._utf16)
        while True:
            self._skip_spaces()
            if self._at_end():
                raise self._error(begin, "Unclosed start tag")
            if self._src[self._pos] == ">":
                self._pos += 1
                break
            self._read_attribute(tag)
        self._check_required_attributes(tag)
        self._open.append(tag)

    def _read_attribute(self, tag: _OpenTag) -> None:
        attribute = self._read_while(_SPACES | {"=", ">"}).lower()
        if not attribute:
            raise self._error(tag.begin, f'Empty attribute name in the tag "{tag.name}"')
        self._skip_spaces()
        if self._char_at(self._pos) != "=":
            if tag.name == "blockquote" and attribute == "expandable":
                tag.expandable = True
                return
            raise self._error(
                tag.begin,
                f'Expected equal sign in declaration of an attribute of the tag "{tag.name}"',
            )
        self._pos += 1
        self._skip_spaces()
        value = self._read_attribute_value(tag)
        self._apply_attribute(tag, attribute, value)

    def _read_attribute_value(self, tag: _OpenTag) -> str:
        if self._at_end():
            raise self._error(tag.begin, "Unclosed start tag")
        quote = self._src[self._pos]
        if quote in "'\"":
            self._pos += 1
            chars: list[str] = []
            while not self._at_end() and self._src[self._pos] != quote:
                if self._src[self._pos] == "&":
                    chars.append(self._read_entity())
                else:
                    chars.append(self._src[self._pos])
                    self._pos += 1
            if self._at_end():
                raise self._error(tag.begin, "Unclosed start tag")
            self._pos += 1
            return "".join(chars)
        token_start = self._pos
        while not self._at_end() and self._is_name_token_char(self._src[self._pos]):
            self._pos += 1
        if not self._at_end() and self._src[self._pos] not in _SPACES | {">"}:
            raise self._error(token_start, "Unexpected end of name token")
        return self._src[token_start : self._pos].lower()

    @staticmethod
    def _is_name_token_char(char: str) -> bool:
        return (char.isascii() and char.isalnum()) or char in ".-"

    @staticmethod
    def _apply_attribute(tag: _OpenTag, attribute: str, value: str) -> None:
        if (
            (tag.name == "a" and attribute == "href")
            or (tag.name == "span" and attribute == "class")
            or (tag.name == "tg-emoji" and attribute == "emoji-id")
        ):
            tag.argument = value
        elif tag.name == "code" and attribute == "class" and value.startswith("language-"):
            tag.argument = value.removeprefix("language-")
        elif tag.name == "blockquote" and attribute == "expandable":
            tag.expandable = True

    def _check_required_attributes(self, tag: _OpenTag) -> None:
        if tag.name == "span" and tag.argument != "tg-spoiler":
            raise self._error(tag.begin, 'Tag "span" must have class "tg-spoiler"')
        if tag.name == "a" and not tag.argument:
            raise self._error(tag.begin, 'Tag "a" must have attribute "href"')
        if tag.name == "tg-emoji" and not tag.argument.isdigit():
            raise self._error(tag.begin, 'Tag "tg-emoji" must have a numeric attribute "emoji-id"')

    def _read_end_tag(self) -> None:
        begin = self._pos
        if not self._open:
            raise self._error(begin, "Unexpected end tag")
        self._pos += 2
        name = self._read_while(_SPACES | {">"}).lower()
        self._skip_spaces()
        if self._char_at(self._pos) != ">":
            raise self._error(begin, "Unclosed end tag")
        self._pos += 1
        tag = self._open.pop()
        if name != tag.name:
            raise HtmlParseError(
                f"Unmatched end tag at byte offset {utf8_offset(self._src, begin)}, "
                f'expected "</{tag.name}>", found "</{name}>"'
            )
        self._close(tag)

    def _close(self, tag: _OpenTag) -> None:
        length = self._utf16 - tag.start
        if length <= 0:
            return
        entity = self._entity_for(tag, length)
        if entity is not None:
            self._entities.append(entity)

    def _entity_for(self, tag: _OpenTag, length: int) -> dict[str, Any] | None:
        where: dict[str, Any] = {"offset": tag.start, "length": length}
        if tag.name in _STYLE_ENTITY_TYPES:
            return {"type": _STYLE_ENTITY_TYPES[tag.name], **where}
        if tag.name == "a":
            url = normalize_text_link(tag.argument)
            return None if url is None else {"type": "text_link", **where, "url": url}
        if tag.name == "tg-emoji":
            return {"type": "custom_emoji", **where, "custom_emoji_id": tag.argument}
        if tag.name == "blockquote":
            kind = "expandable_blockquote" if tag.expandable else "blockquote"
            return {"type": kind, **where}
        if tag.name == "code":
            return {"type": "code", **where, _LANGUAGE_KEY: tag.argument}
        return self._pre_entity(where)

    def _pre_entity(self, where: dict[str, Any]) -> dict[str, Any] | None:
        last = self._entities[-1] if self._entities else None
        if (
            last is not None
            and last["type"] == "code"
            and last["offset"] == where["offset"]
            and last["length"] == where["length"]
            and last.get(_LANGUAGE_KEY)
        ):
            last["type"] = "pre"
            last["language"] = last.pop(_LANGUAGE_KEY)
            return None
        return {"type": "pre", **where}
