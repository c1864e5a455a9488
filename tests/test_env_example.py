""".env.example (issue 23, item 12) holds every setting the bot knows, each with a comment, and stays in step with
bot/config.py: a setting added without it, a default shown that the code does not have, or a line the bot would
read differently fails here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.config import SECRET_FIELDS, ConfigError, Settings, load_settings

A_WEBHOOK_SECRET = "a-webhook-secret-of-32-characters-at-least"

ROOT = Path(__file__).resolve().parents[1]  # the checkout
EXAMPLE = ROOT / ".env.example"
SETTING_LINE = re.compile(r"(# )?([A-Z][A-Z0-9_]*)=(.*)")
COMPOSE_ONLY = {"BOT_DOMAIN"}  # read by compose.yaml for the Caddy service, not by the bot
A_TOKEN = "123456789:AAF1x_Zq-9kLmN0pQrStUvWxYz0123456789"
NAMES = [name.upper() for name in Settings.model_fields]
REQUIRED = {name.upper() for name, info in Settings.model_fields.items() if info.is_required()}


@dataclass(frozen=True)
class Line:
    name: str
    value: str
    on: bool  # not commented out
    comment: str  # the comment lines right above it


def example_lines() -> list[Line]:
    found: list[Line] = []
    comment: list[str] = []
    for text in EXAMPLE.read_text().splitlines():
        setting = SETTING_LINE.fullmatch(text)
        if setting:
            found.append(Line(setting.group(2), setting.group(3), setting.group(1) is None, " ".join(comment)))
            comment = []
        elif text.startswith("#") and not text.startswith("# ---"):
            comment.append(text.lstrip("# "))
        else:
            comment = []
    return found


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env of the developer's


def test_every_setting_is_there_once_and_nothing_the_bot_does_not_know() -> None:
    names = [line.name for line in example_lines()]
    assert sorted(names) == sorted([*NAMES, *COMPOSE_ONLY])
    assert "${BOT_DOMAIN" in (ROOT / "compose.yaml").read_text(), "the one name that is not a setting is compose's"


def test_each_setting_has_a_comment_right_above_it() -> None:
    assert [line.name for line in example_lines() if len(line.comment) < 15] == []


def test_the_required_settings_are_set_and_the_others_are_off() -> None:
    assert {line.name for line in example_lines() if line.on} == REQUIRED


def test_secrets_are_placeholders_or_empty_and_said_to_be_secret() -> None:
    for line in example_lines():
        if line.name.lower() in SECRET_FIELDS:
            assert line.value == "" or line.value.startswith("<"), line
            assert line.comment.startswith("Secret."), line


@pytest.mark.parametrize("line", [line for line in example_lines() if not line.on and line.name in NAMES],
                         ids=lambda line: line.name)
def test_a_default_shown_is_the_codes_and_an_example_is_valid(line: Line) -> None:
    required: dict[str, Any] = {"bot_token": A_TOKEN, **{entry.name.lower(): entry.value for entry in example_lines()
                                                        if entry.on and entry.name != "BOT_TOKEN"}}
    field = line.name.lower()
    default = Settings.model_fields[field].default
    if not line.value:
        assert field in SECRET_FIELDS and default is None, "only an unset secret is shown without a value"
        return
    companions: dict[str, Any] = {"webhook_secret": A_WEBHOOK_SECRET} if field == "webhook_url" else {}
    value: dict[str, Any] = {field: line.value}
    settings = Settings(_env_file=None, **required, **companions, **value)
    if default is not None:
        assert getattr(settings, field) == default, f"{line.name}={line.value} is not the default {default!r}"


def test_the_bot_reads_the_file_as_written(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Copied to .env as it is, the file is read value for value (a user agent with spaces and parentheses
    included), and the placeholder of the token stops the start with its one line, never a traceback."""
    (tmp_path / ".env").write_text(EXAMPLE.read_text())
    with pytest.raises(ConfigError) as refused:
        load_settings()
    assert [problem.split(";")[0] for problem in refused.value.problems] == ["BOT_TOKEN: invalid"]
    monkeypatch.setenv("BOT_TOKEN", A_TOKEN)
    settings = load_settings()
    assert (settings.hh_user_agent, settings.hh_redirect_uri, settings.hh_client_id) == (
        "HHBridge/1.0 (ops@example.com)", "https://bot.example.com/oauth/callback", "<Client ID from dev.hh.ru>")
    defaults = Settings(_env_file=None, bot_token=A_TOKEN, hh_client_id="x", hh_client_secret="x",
                        hh_redirect_uri="https://bot.example.com/oauth/callback", hh_user_agent="A/1 (a@b)")
    unset = set(Settings.model_fields) - {name.lower() for name in REQUIRED}
    assert {field: getattr(settings, field) for field in unset} == {field: getattr(defaults, field) for field in unset}
