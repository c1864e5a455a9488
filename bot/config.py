"""Settings from the environment (and an optional `.env` file), and readable errors for bad ones."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from cryptography.fernet import Fernet
from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, SettingsConfigDict

BOT_TOKEN_FORM = re.compile(r"[1-9][0-9]{0,19}:[A-Za-z0-9_-]+")  # the bot's id, a colon, the secret part
USER_AGENT_FORM = re.compile(r"^\S+/\S+ \(.+\)$")
WEBHOOK_SECRET_FORM = re.compile(r"^[A-Za-z0-9_-]{32,256}$")  # Telegram allows 1-256: too few to guess
HEALTHZ_TOKEN_FORM = re.compile(r"^[A-Za-z0-9._~+/-]{16,256}=*$")  # a bearer token (RFC 6750), long enough


def _check_http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("not an absolute http(s) URL")
    return value.rstrip("/")


class Settings(BaseSettings):
    """Every setting, named exactly as its environment variable (in upper case)."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    bot_token: SecretStr = Field(description="Telegram bot token from @BotFather")
    telegram_api_url: str = Field("https://api.telegram.org", description="Bot API server")
    telegram_link_url: str = Field(
        "https://t.me", description="where Telegram's links to the bot point (t.me); only the demo changes it"
    )
    hh_client_id: str = Field(description="Client ID of the hh.ru application (dev.hh.ru)")
    hh_client_secret: SecretStr = Field(description="Client secret of the hh.ru application")
    hh_redirect_uri: str = Field(
        description="redirect URI registered for the hh.ru application; the bot serves its path"
    )
    hh_api_url: str = Field("https://api.hh.ru", description="hh.ru API base; token at {HH_API_URL}/token")
    hh_oauth_url: str = Field("https://hh.ru", description="hh.ru site base; {HH_OAUTH_URL}/oauth/authorize")
    hh_files_url: str = Field(
        "https://hh.ru", description="hh.ru's host for resume files beside HH_API_URL; files come from these two only"
    )
    hh_user_agent: str = Field(description="sent as HH-User-Agent, e.g. 'MyBot/1.0 (me@example.com)'")
    hh_rate_limit: float = Field(8.0, gt=0, le=50, description="hh.ru requests per second, all accounts together")
    host: str = Field("127.0.0.1", description="address of the bot's own HTTP server (0.0.0.0: every interface)")
    port: int = Field(8080, ge=1, le=65535, description="port of the bot's own HTTP server")
    webhook_url: str | None = Field(None, description="public https URL for Telegram; webhook mode when set")
    webhook_secret: SecretStr | None = Field(
        None, description="secret Telegram sends back in each webhook request (32-256 of A-Z a-z 0-9 _ -)"
    )
    healthz_token: SecretStr | None = Field(
        None, description="bearer token that shows /healthz's details; without it /healthz says only the status"
    )
    hh_webhook_url: str | None = Field(
        None, description="public base URL where hh.ru delivers employer webhooks; polling only when unset"
    )
    hh_webhook_fallback_interval: float = Field(
        900.0, gt=0, description="seconds between checks of an account whose hh.ru webhooks work"
    )
    database_path: Path = Field(Path("./data/bot.sqlite3"), description="SQLite database file")
    poll_interval: float = Field(60.0, gt=0, description="seconds between checks of one account")
    encryption_key: SecretStr | None = Field(
        None, description="Fernet key for tokens at rest; generated into a file beside the database if unset"
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field("INFO", description="log verbosity")
    log_format: Literal["text", "json"] = Field("text", description="log line format")

    @field_validator("telegram_api_url", "telegram_link_url", "hh_redirect_uri", "hh_api_url", "hh_oauth_url",
                     "hh_files_url", "webhook_url")
    @classmethod
    def _urls(cls, value: str | None) -> str | None:
        return None if value is None else _check_http_url(value)

    @field_validator("hh_webhook_url")
    @classmethod
    def _hh_webhook_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value)
        if parts.query or parts.fragment:
            raise ValueError("must have no query or fragment")
        return _check_http_url(value)

    @field_validator("bot_token")
    @classmethod
    def _bot_token(cls, value: SecretStr) -> SecretStr:
        if BOT_TOKEN_FORM.fullmatch(value.get_secret_value()) is None:
            raise ValueError("not a bot token")
        return value

    @field_validator("hh_user_agent")
    @classmethod
    def _user_agent(cls, value: str) -> str:
        if not USER_AGENT_FORM.match(value):
            raise ValueError("not of the form 'Name/Version (contact)'")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not WEBHOOK_SECRET_FORM.match(value.get_secret_value()):
            raise ValueError("must be 32-256 characters of A-Z a-z 0-9 _ -")
        return value

    @field_validator("healthz_token")
    @classmethod
    def _healthz_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not HEALTHZ_TOKEN_FORM.match(value.get_secret_value()):
            raise ValueError("must be 16-256 characters of a bearer token")
        return value

    @field_validator("encryption_key")
    @classmethod
    def _fernet_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            try:
                Fernet(value.get_secret_value().encode())
            except ValueError as error:
                raise ValueError("not a Fernet key") from error
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper(cls, value: Any) -> Any:
        return value.upper() if isinstance(value, str) else value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.webhook_url and self.webhook_secret is None:
            raise ValueError("WEBHOOK_SECRET: required when WEBHOOK_URL is set")
        return self

    @model_validator(mode="after")
    def _hh_webhook_path_free(self) -> Settings:
        if self.hh_webhook_url and self.hh_webhook_path in (self.redirect_path, "/healthz"):
            raise ValueError("HH_WEBHOOK_URL: invalid; its path must differ from HH_REDIRECT_URI's and /healthz")
        return self

    @property
    def hh_webhook_path(self) -> str:
        """The path of HH_WEBHOOK_URL, under which each account's secret is served."""
        return urlsplit(self.hh_webhook_url or "").path.rstrip("/")

    @property
    def redirect_path(self) -> str:
        return urlsplit(self.hh_redirect_uri).path or "/"


EXPECTED: dict[str, str] = {
    "bot_token": "the token @BotFather gave: digits, a colon, then letters, digits, _ and - (like 123456789:AA…)",
    "telegram_api_url": "an absolute http(s) URL",
    "hh_client_id": "the Client ID from dev.hh.ru",
    "hh_client_secret": "the Client Secret from dev.hh.ru",
    "hh_redirect_uri": "an absolute http(s) URL, as registered at dev.hh.ru",
    "hh_api_url": "an absolute http(s) URL",
    "hh_oauth_url": "an absolute http(s) URL",
    "hh_files_url": "an absolute http(s) URL",
    "hh_user_agent": "'Name/Version (contact)', e.g. 'MyBot/1.0 (me@example.com)'",
    "hh_rate_limit": "a number of requests per second above 0 and at most 50",
    "host": "an address to listen on, e.g. 127.0.0.1 or 0.0.0.0",
    "port": "an integer from 1 to 65535",
    "webhook_url": "an absolute https URL",
    "webhook_secret": "32-256 characters of A-Z a-z 0-9 _ - (e.g. openssl rand -hex 24)",
    "healthz_token": "16-256 characters of A-Z a-z 0-9 - . _ ~ + / (e.g. openssl rand -hex 24)",
    "hh_webhook_url": "an absolute http(s) URL without query, e.g. https://bot.example.com/hh/events",
    "hh_webhook_fallback_interval": "a number of seconds above 0",
    "database_path": "a file path",
    "poll_interval": "a number of seconds above 0",
    "encryption_key": "a Fernet key (Fernet.generate_key())",
    "log_level": "one of DEBUG, INFO, WARNING, ERROR",
    "log_format": "text or json",
}

SECRET_FIELDS = frozenset({"bot_token", "hh_client_secret", "webhook_secret", "healthz_token", "encryption_key"})


class ConfigError(Exception):
    """Bad settings; `problems` holds one line per variable, none of them holding a secret."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def describe_errors(error: ValidationError) -> list[str]:
    problems: list[str] = []
    for item in error.errors(include_input=False, include_url=False):
        field = str(item["loc"][0]) if item["loc"] else ""
        if not field:
            problems.append(str(item["msg"]).removeprefix("Value error, "))
            continue
        name = field.upper()
        what = "missing" if item["type"] == "missing" else "invalid"
        problems.append(f"{name}: {what}; expected {EXPECTED.get(field, 'a valid value')}")
    return problems


def load_settings(**overrides: Any) -> Settings:
    """Reads the settings, raising ConfigError with one line per problem."""
    try:
        return Settings(**overrides)
    except ValidationError as error:
        raise ConfigError(describe_errors(error)) from None


NARROWEST_MEANING = 40
MEANING_INDENT = 6


def settings_help(width: int | None = None) -> str:
    """The settings table for `--help`: variable, default and meaning in columns that line up, a long meaning wrapped
    under its own column; on a terminal too narrow for that, each meaning on its own lines below. `width`: the
    terminal's, less argparse's margin of 2, by default."""
    width = width or shutil.get_terminal_size().columns - 2
    rows = [(field.upper(), _default_shown(info), info.description or "") for field, info in
            Settings.model_fields.items()]
    name_width = max(len(name) for name, _, _ in rows)
    default_width = max(len(default) for _, default, _ in rows)
    indent = 2 + name_width + 2 + default_width + 2
    lines = ["settings (environment variables or .env):"]
    for name, default, meaning in rows:
        head = f"  {name:<{name_width}}  {default:<{default_width}}"
        if width - indent < NARROWEST_MEANING:
            lines.append(head.rstrip())
            lines.extend(" " * MEANING_INDENT + line for line in textwrap.wrap(meaning, width - MEANING_INDENT))
            continue
        wrapped = textwrap.wrap(meaning, width - indent) or [""]
        lines.append(f"{head}  {wrapped[0]}".rstrip())
        lines.extend(" " * indent + line for line in wrapped[1:])
    return "\n".join(lines)


def _default_shown(info: FieldInfo) -> str:
    if info.is_required():
        return "required"
    if info.default is None:
        return "unset"
    return f"default {info.default}"
