"""Telegram measures text lengths and entity offsets in UTF-16 code units."""

from __future__ import annotations


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def utf8_offset(text: str, index: int) -> int:
    """Byte offset of `text[index]` in UTF-8, as Telegram reports parse errors."""
    return len(text[:index].encode("utf-8", "surrogatepass"))
