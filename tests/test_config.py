from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from pydantic import SecretStr

from bot.config import ConfigError, Settings, load_settings, settings_help

REQUIRED = {
    "BOT_TOKEN": "123456:SECRET-bot-token-value",
    "HH_CLIENT_ID": "client-id",
    "HH_CLIENT_SECRET": "very-secret-client-secret",
    "HH_REDIRECT_URI": "https://bot.example.com/oauth/callback",
    "HH_USER_AGENT": "HHBridge/1.0 (ops@example.com)",
}
ALL_VARIABLES = ["BOT_TOKEN", "TELEGRAM_API_URL", "HH_CLIENT_ID", "HH_CLIENT_SECRET", "HH_REDIRECT_URI", "HH_API_URL",
                 "HH_OAUTH_URL", "HH_FILES_URL", "HH_USER_AGENT", "HH_RATE_LIMIT", "HOST", "PORT", "WEBHOOK_URL",
                 "WEBHOOK_SECRET", "HEALTHZ_TOKEN", "DATABASE_PATH", "POLL_INTERVAL", "ENCRYPTION_KEY", "LOG_LEVEL",
                 "LOG_FORMAT"]
ROOT = Path(__file__).resolve().parents[1]  # the checkout
TOKEN_FORM = "the token @BotFather gave: digits, a colon, then letters, digits, _ and - (like 123456789:AA…)"
# Tokens that are not of Telegram's form (the bot's id, a colon, the secret part); each holds "SECRET"
MALFORMED_TOKENS = ["SECRET-without-the-id", "123456789 SECRET", "123456789:SECRET with space", "bot123:SECRET",
                    "123456789:SECRET.dots", "123456789:SECRET\n", ":SECRET", "0123:SECRET", "123456789:SECRET:more"]


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ALL_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def run_bot(tmp_path: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m bot` of this checkout (not whichever the environment installed), in `tmp_path`."""
    clean = {key: value for key, value in os.environ.items() if key not in ALL_VARIABLES}
    return subprocess.run([sys.executable, "-m", "bot", *args], env={**clean, "PYTHONPATH": str(ROOT), **env},
                          cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False)


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in REQUIRED.items():
        monkeypatch.setenv(name, value)
    settings = load_settings()
    assert (settings.telegram_api_url, settings.hh_api_url, settings.hh_oauth_url, settings.hh_rate_limit,
            settings.host, settings.port, settings.webhook_url, settings.database_path, settings.poll_interval,
            settings.log_level, settings.log_format) == (
        "https://api.telegram.org", "https://api.hh.ru", "https://hh.ru", 8.0, "127.0.0.1", 8080, None,
        Path("data/bot.sqlite3"), 60.0, "INFO", "text")
    assert settings.redirect_path == "/oauth/callback"
    assert settings.healthz_token is None
    assert settings.hh_files_url == "https://hh.ru"


def test_the_procfiles_web_process_listens_on_every_interface() -> None:
    """Behind a platform's router (Heroku, Dokku) requests come from outside the container: not loopback."""
    processes = dict(line.split(": ", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line)
    assert processes["web"] == "env HOST=0.0.0.0 python -m bot"
    assert processes["worker"] == "python -m bot --mode polling"


@pytest.mark.parametrize("token", MALFORMED_TOKENS)
def test_a_malformed_bot_token_is_named_with_its_form_and_never_shown(monkeypatch: pytest.MonkeyPatch,
                                                                      token: str) -> None:
    for name, value in REQUIRED.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("BOT_TOKEN", token)
    with pytest.raises(ConfigError) as invalid:
        load_settings()
    assert invalid.value.problems == [f"BOT_TOKEN: invalid; expected {TOKEN_FORM}"]
    assert "SECRET" not in str(invalid.value)


def test_a_bot_token_of_telegrams_form_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in REQUIRED.items():
        monkeypatch.setenv(name, value)
    token = "123456789:AAF1x_Zq-9kLmN0pQrStUvWxYz0123456789"
    monkeypatch.setenv("BOT_TOKEN", token)
    assert load_settings().bot_token.get_secret_value() == token


def test_a_healthz_token_must_be_a_long_bearer_token(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in REQUIRED.items():
        monkeypatch.setenv(name, value)
    for bad in ("short-secret", "has spaces in it, secret", "ends=in=the=middle=secret"):
        monkeypatch.setenv("HEALTHZ_TOKEN", bad)
        with pytest.raises(ConfigError) as invalid:
            load_settings()
        assert invalid.value.problems == [
            "HEALTHZ_TOKEN: invalid; expected 16-256 characters of A-Z a-z 0-9 - . _ ~ + / (e.g. openssl rand -hex 24)"]
        assert "secret" not in str(invalid.value)
    monkeypatch.setenv("HEALTHZ_TOKEN", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822c")
    token = load_settings().healthz_token
    assert token is not None and token.get_secret_value() not in repr(load_settings())


def test_a_dotenv_file_in_the_working_directory_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("\n".join(f"{name}={value}" for name, value in REQUIRED.items()) + "\nPORT=9000\n")
    assert load_settings().port == 9000


def test_each_problem_names_its_variable_and_never_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HH_CLIENT_SECRET", "very-secret-client-secret")
    monkeypatch.setenv("HH_REDIRECT_URI", "ftp://nowhere")
    monkeypatch.setenv("PORT", "eighty")
    monkeypatch.setenv("ENCRYPTION_KEY", "not-a-fernet-key-but-secret")
    monkeypatch.setenv("LOG_FORMAT", "xml")
    with pytest.raises(ConfigError) as error:
        load_settings()
    names = [problem.split(":")[0] for problem in error.value.problems]
    assert names == ["BOT_TOKEN", "HH_CLIENT_ID", "HH_REDIRECT_URI", "HH_USER_AGENT", "PORT", "ENCRYPTION_KEY",
                     "LOG_FORMAT"]
    assert "very-secret" not in str(error.value) and "not-a-fernet" not in str(error.value)


def test_webhook_needs_a_valid_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in REQUIRED.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.com/telegram")
    with pytest.raises(ConfigError) as missing:
        load_settings()
    assert missing.value.problems == ["WEBHOOK_SECRET: required when WEBHOOK_URL is set"]
    monkeypatch.setenv("WEBHOOK_SECRET", "has spaces!")
    with pytest.raises(ConfigError) as invalid:
        load_settings()
    assert invalid.value.problems[0].startswith("WEBHOOK_SECRET: invalid")


SHORT_SECRETS = ["Q", "Short_secret_of_31_characters_x"]


@pytest.mark.parametrize("secret", SHORT_SECRETS)
def test_a_webhook_secret_shorter_than_32_characters_is_refused(monkeypatch: pytest.MonkeyPatch, secret: str) -> None:
    """Issue 22, review L3: wrong guesses are only counted, so a short secret would fall to a few dozen requests."""
    for name, value in REQUIRED.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.com/telegram")
    monkeypatch.setenv("WEBHOOK_SECRET", secret)
    with pytest.raises(ConfigError) as short:
        load_settings()
    assert short.value.problems == [
        "WEBHOOK_SECRET: invalid; expected 32-256 characters of A-Z a-z 0-9 _ - (e.g. openssl rand -hex 24)"]
    assert secret not in str(short.value)
    for allowed in ("S" * 32, "S" * 256):
        monkeypatch.setenv("WEBHOOK_SECRET", allowed)
        assert load_settings().webhook_secret == SecretStr(allowed)
    monkeypatch.setenv("WEBHOOK_SECRET", "S" * 257)
    with pytest.raises(ConfigError):
        load_settings()


@pytest.mark.process
def test_python_m_bot_with_a_short_webhook_secret_exits_2_without_printing_it(tmp_path: Path) -> None:
    secret = SHORT_SECRETS[1]
    result = run_bot(tmp_path, {**REQUIRED, "WEBHOOK_URL": "https://bot.example.com/telegram",
                                "WEBHOOK_SECRET": secret})
    assert (result.returncode, result.stderr.splitlines()) == (2, [
        "WEBHOOK_SECRET: invalid; expected 32-256 characters of A-Z a-z 0-9 _ - (e.g. openssl rand -hex 24)"])
    assert secret not in result.stdout + result.stderr and "Traceback" not in result.stderr


def test_a_configured_encryption_key_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    key = Fernet.generate_key().decode()
    values: dict[str, Any] = {name.lower(): value for name, value in REQUIRED.items()}
    settings = Settings(**values, encryption_key=key)
    assert settings.encryption_key is not None and settings.encryption_key.get_secret_value() == key
    assert key not in repr(settings)


@pytest.mark.process
def test_python_m_bot_without_configuration_exits_2_naming_each_missing_variable(tmp_path: Path) -> None:
    result = run_bot(tmp_path, {})
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"BOT_TOKEN: missing; expected {TOKEN_FORM}",
        "HH_CLIENT_ID: missing; expected the Client ID from dev.hh.ru",
        "HH_CLIENT_SECRET: missing; expected the Client Secret from dev.hh.ru",
        "HH_REDIRECT_URI: missing; expected an absolute http(s) URL, as registered at dev.hh.ru",
        "HH_USER_AGENT: missing; expected 'Name/Version (contact)', e.g. 'MyBot/1.0 (me@example.com)'",
    ]
    assert "Traceback" not in result.stderr


@pytest.mark.process
def test_python_m_bot_with_a_bad_value_prints_no_secret(tmp_path: Path) -> None:
    result = run_bot(tmp_path, {**REQUIRED, "POLL_INTERVAL": "-5", "BOT_TOKEN": "123456:SECRET-bot-token-value"},
                     "--mode", "webhook")
    assert result.returncode == 2
    assert result.stderr.splitlines() == ["POLL_INTERVAL: invalid; expected a number of seconds above 0"]
    result = run_bot(tmp_path, REQUIRED, "--mode", "webhook")
    assert (result.returncode, result.stderr.splitlines()) == (
        2, ["WEBHOOK_URL: missing; expected an absolute https URL (required in webhook mode)"])
    assert "SECRET" not in result.stdout + result.stderr


@pytest.mark.process
def test_python_m_bot_with_a_malformed_bot_token_says_one_line_and_exits_2(tmp_path: Path) -> None:
    """Not a traceback from aiogram's check at start-up, after the database was already made."""
    data = tmp_path / "data"
    result = run_bot(tmp_path, {**REQUIRED, "BOT_TOKEN": "123456789-SECRET-bot-token-value",
                                "DATABASE_PATH": str(data / "bot.sqlite3")})
    assert (result.returncode, result.stderr.splitlines()) == (2, [f"BOT_TOKEN: invalid; expected {TOKEN_FORM}"])
    assert "SECRET" not in result.stdout + result.stderr
    assert not data.exists(), "the settings are refused before anything is written"


@pytest.mark.process
def test_help_lists_every_setting_with_its_default(tmp_path: Path) -> None:
    result = run_bot(tmp_path, {}, "--help")
    assert result.returncode == 0
    for name in ALL_VARIABLES:
        assert name in result.stdout
    assert "--mode {polling,webhook}" in result.stdout
    assert "default https://api.hh.ru" in result.stdout and "default 60.0" in result.stdout


ROW = re.compile(r"^  (?P<name>[A-Z_]+) +(?P<default>required|unset|default \S+) *(?P<meaning>.*)$")


@pytest.mark.parametrize(("width", "meanings_beside"), [(158, True), (118, True), (78, False)])
def test_the_settings_table_lines_up_at_any_width(width: int, meanings_beside: bool) -> None:
    """Issue 23: the longest name (HH_WEBHOOK_FALLBACK_INTERVAL) no longer pushes its row out of line."""
    lines = settings_help(width).splitlines()[1:]
    rows = [match for line in lines if (match := ROW.match(line))]
    assert [row["name"] for row in rows] == [name.upper() for name in Settings.model_fields]
    assert len({row.start("default") for row in rows}) == 1
    assert all(len(line) <= width for line in lines)
    more = [line for line in lines if not ROW.match(line)]
    if meanings_beside:
        column = {row.start("meaning") for row in rows}
        assert len(column) == 1 and all(row["meaning"] for row in rows)
        assert {len(line) - len(line.lstrip()) for line in more} <= column
    else:
        assert {len(line) - len(line.lstrip()) for line in more} == {6}
