"""bot/texts.py: the Russian and the English text of every sentence take the same placeholders."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import fields
from string import Formatter
from typing import Any

import pytest

from bot.texts import EN, RU, Texts, language_of, texts_for

NAMES = [field.name for field in fields(Texts) if field.name != "language"]


def placeholders(value: object) -> Any:
    """A text's format fields (name, spec, conversion); per item of a tuple, per key of a dict; a callable's
    parameters."""
    if isinstance(value, str):
        return sorted({(name, spec, conversion or "") for _, name, spec, conversion in Formatter().parse(value)
                       if name is not None})
    if isinstance(value, tuple):
        return [placeholders(item) for item in value]
    if isinstance(value, dict):
        return {key: placeholders(item) for key, item in value.items()}
    if callable(value):
        return [(parameter.name, parameter.kind.name) for parameter in inspect.signature(value).parameters.values()]
    raise AssertionError(f"a text of an unexpected kind: {value!r}")


@pytest.mark.parametrize("name", NAMES)
def test_russian_and_english_take_the_same_placeholders(name: str) -> None:
    assert placeholders(getattr(EN, name)) == placeholders(getattr(RU, name))


@pytest.mark.parametrize("name", NAMES)
def test_no_text_is_left_empty(name: str) -> None:
    def empty(value: object) -> list[str]:
        if isinstance(value, str):
            return [] if value.strip() else [repr(value)]
        if isinstance(value, tuple):
            return [found for item in value for found in empty(item)]
        if isinstance(value, dict):
            return [found for item in value.values() for found in empty(item)]
        return []

    assert {language: empty(getattr(texts, name)) for language, texts in (("ru", RU), ("en", EN))} == {
        "ru": [], "en": []}


def test_hh_refused_covers_the_same_error_values_in_both_languages() -> None:
    assert sorted(EN.hh_refused) == sorted(RU.hh_refused)


@pytest.mark.parametrize(("language", "error"), [
    *(("ru", error) for error in RU.hh_refused), *(("en", error) for error in EN.hh_refused)])
def test_an_hh_refused_sentence_takes_only_what_render_fills_in(language: str, error: str) -> None:
    """`render.refusal_text` formats these with `limit` and `length` only; any other field would raise there."""
    sentence = (RU if language == "ru" else EN).hh_refused[error]
    assert {name for name, _, _ in placeholders(sentence)} <= {"limit", "length"}


@pytest.mark.parametrize(("code", "expected"), [
    (None, "ru"), ("", "ru"), ("ru", "ru"), ("uk", "ru"), ("de", "ru"), ("en", "en"), ("en-US", "en"), ("EN", "en"),
])
def test_language_of_a_telegram_user_is_russian_unless_english(code: str | None, expected: str) -> None:
    assert language_of(code) == expected


@pytest.mark.parametrize(("language", "expected"), [("ru", RU), ("en", EN), ("de", RU), ("", RU)])
def test_texts_for_a_language(language: str, expected: Texts) -> None:
    assert (texts_for(language), texts_for(language).language) == (expected, expected.language)


def test_placeholders_reads_names_specs_conversions_items_and_signatures() -> None:
    def sentence(name: str, *, count: int) -> str:
        return f"{name} {count}"

    cases: dict[str, Callable[[], Any]] = {
        "format": lambda: placeholders("{a} {b!r} {c:>3} {{not}} {a}"),
        "tuple": lambda: placeholders(("{x}", "y")),
        "dict": lambda: placeholders({"k": "{z}"}),
        "callable": lambda: placeholders(sentence),
    }
    assert {name: case() for name, case in cases.items()} == {
        "format": [("a", "", ""), ("b", "", "r"), ("c", ">3", "")],
        "tuple": [[("x", "", "")], []],
        "dict": {"k": [("z", "", "")]},
        "callable": [("name", "POSITIONAL_OR_KEYWORD"), ("count", "KEYWORD_ONLY")],
    }
