"""The pure parts of the webhook support: reading a delivery, which event types hh.ru refused, what a batch of
events asks to look at, and the two settings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from bot.config import ConfigError, load_settings
from bot.hh.errors import BadRequest
from bot.services.webhook_events import (
    NOT_READY_CAP,
    NOT_READY_FIRST,
    NOT_READY_LOOKS,
    Delivery,
    Targets,
    not_ready_delay,
    parse_delivery,
    targets_of,
)
from bot.services.webhook_subscriptions import WANTED_ACTIONS, is_already_exist, refused_actions
from storage.hh_events import Incoming, StoredEvent

NEW, STAGE, CHAT = WANTED_ACTIONS


def delivery(action_type: str, payload: dict[str, Any], **fields: Any) -> bytes:
    return json.dumps({"id": "77", "subscription_id": "s1", "action_type": action_type, "user_id": "42",
                       "payload": payload, **fields}).encode()


@pytest.mark.parametrize(("raw", "expected"), [
    (delivery(NEW, {"topic_id": "4001", "chat_id": "9", "vacancy_id": "1"}),
     Delivery("42", Incoming(NEW, "77", "4001", None))),
    (delivery(STAGE, {"topic_id": 4001, "to_state": "interview"}), Delivery("42", Incoming(STAGE, "77", "4001", None))),
    (delivery(CHAT, {"chat_id": 555, "message_id": "m1"}), Delivery("42", Incoming(CHAT, "77", None, "555"))),
    (delivery(NEW, {"topic_id": "../../webhook/subscriptions"}), Delivery("42", Incoming(NEW, "77", None, None))),
    (delivery(CHAT, {"chat_id": "https://evil.example.com/x"}), Delivery("42", Incoming(CHAT, "77", None, None))),
    (delivery(NEW, {}), Delivery("42", Incoming(NEW, "77", None, None))),
    (delivery(NEW, {"topic_id": "1"}, user_id="0"), Delivery(None, Incoming(NEW, "77", "1", None))),
    (json.dumps({"id": 5, "action_type": NEW, "payload": {"topic_id": "1"}}).encode(),
     Delivery(None, Incoming(NEW, "5", "1", None))),
    (delivery("VACANCY_CHANGE", {"vacancy_id": "1"}), Delivery("42", None)),
    (delivery(NEW, {"topic_id": "1"}, extra={"url": "https://evil.example.com"}),
     Delivery("42", Incoming(NEW, "77", "1", None))),
    (json.dumps({"action_type": NEW, "payload": {}}).encode(), None),
    (json.dumps({"id": "1", "payload": {}}).encode(), None),
    (json.dumps([1, 2]).encode(), None),
    (b"not json", None),
    (b"\xff\xfe", None),
    (b"[" * 100_000, None),
])
def test_a_delivery_keeps_only_usable_ids(raw: bytes, expected: Delivery | None) -> None:
    assert parse_delivery(raw) == expected


def bad_request(*errors: dict[str, Any]) -> BadRequest:
    return BadRequest("hh.ru answered 400", status=400, errors=list(errors))


@pytest.mark.parametrize(("error", "refused"), [
    (bad_request({"type": "bad_argument", "value": CHAT}), {CHAT}),
    (bad_request({"type": "bad_json_data", "value": "type", "pointer": "/actions/1/type", "reason": "invalid"}),
     {STAGE}),
    (bad_request({"type": "bad_json_data", "description": f"unknown action {NEW}"}), {NEW}),
    (bad_request({"type": "bad_json_data", "value": "url", "pointer": "/url"}), {CHAT}),
    (bad_request({"type": "bad_json_data", "pointer": "/actions/7/type"}), {CHAT}),
])
def test_which_event_types_a_refusal_names(error: BadRequest, refused: set[str]) -> None:
    assert refused_actions(error, list(WANTED_ACTIONS)) == refused


def test_a_refusal_naming_nothing_without_newer_types_names_nothing() -> None:
    assert refused_actions(bad_request({"type": "bad_json_data", "value": "url"}), [NEW, STAGE]) == set()


@pytest.mark.parametrize(("error", "expected"), [
    (bad_request({"type": "notifications", "value": "already_exist"}), True),
    (bad_request({"type": "webhook", "value": "already_exist"}, {"type": "x"}), True),
    (bad_request({"type": "bad_argument", "value": CHAT}), False),
])
def test_already_exist_is_found_whatever_its_type(error: BadRequest, expected: bool) -> None:
    assert is_already_exist(error) is expected


def test_each_negotiation_and_chat_is_looked_at_once_in_order() -> None:
    events = [StoredEvent(1, NEW, "n1", None, 0), StoredEvent(2, CHAT, None, "c1", 0),
              StoredEvent(3, STAGE, "n1", None, 0), StoredEvent(4, NEW, "n2", None, 0),
              StoredEvent(5, CHAT, None, "c1", 0)]
    assert targets_of(events) == Targets(["n1", "n2"], ["c1"], False)
    assert targets_of([StoredEvent(6, CHAT, None, None, 0)]) == Targets([], [], True)


@pytest.mark.parametrize(("looks", "bound"), [(0, 3.0), (1, 6.0), (2, 12.0), (3, 24.0), (4, 30.0), (20, 30.0)])
def test_a_chat_not_ready_is_looked_at_again_within_seconds_then_every_half_minute(looks: int, bound: float) -> None:
    delays = [not_ready_delay(looks) for _ in range(200)]
    assert all(0.8 * bound <= delay <= bound for delay in delays)
    assert max(delays) - min(delays) > 0.05 * bound  # jittered: chats found not ready together come back apart


def test_a_chat_not_ready_is_given_up_to_the_polls_after_about_ten_minutes() -> None:
    patience = sum(min(NOT_READY_CAP, NOT_READY_FIRST * 2.0 ** looks) for looks in range(NOT_READY_LOOKS - 1))
    assert 480.0 <= patience <= 720.0


REQUIRED = {"BOT_TOKEN": "123456:SECRET-bot-token-value", "HH_CLIENT_ID": "client-id",
            "HH_CLIENT_SECRET": "very-secret-client-secret", "HH_REDIRECT_URI": "https://bot.example.com/oauth/callback",
            "HH_USER_AGENT": "HHBridge/1.0 (ops@example.com)"}


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> pytest.MonkeyPatch:
    monkeypatch.chdir(tmp_path)
    for name in ("HH_WEBHOOK_URL", "HH_WEBHOOK_FALLBACK_INTERVAL", "WEBHOOK_URL", "WEBHOOK_SECRET"):
        monkeypatch.delenv(name, raising=False)
    for name, value in REQUIRED.items():
        monkeypatch.setenv(name, value)
    return monkeypatch


def test_webhooks_are_off_by_default_with_a_15_minute_fallback(environment: pytest.MonkeyPatch) -> None:
    settings = load_settings()
    assert (settings.hh_webhook_url, settings.hh_webhook_fallback_interval) == (None, 900.0)


@pytest.mark.parametrize(("url", "path"), [
    ("https://bot.example.com/hh/events", "/hh/events"),
    ("http://127.0.0.1:8080/hh/events/", "/hh/events"),
    ("https://bot.example.com", ""),
])
def test_a_webhook_url_gives_the_path_served(environment: pytest.MonkeyPatch, url: str, path: str) -> None:
    environment.setenv("HH_WEBHOOK_URL", url)
    assert load_settings().hh_webhook_path == path


@pytest.mark.parametrize(("name", "value", "problem"), [
    ("HH_WEBHOOK_URL", "ftp://bot.example.com/hh", "HH_WEBHOOK_URL: invalid; expected an absolute http(s) URL"),
    ("HH_WEBHOOK_URL", "/hh/events", "HH_WEBHOOK_URL: invalid; expected an absolute http(s) URL"),
    ("HH_WEBHOOK_URL", "https://bot.example.com/hh?x=1", "HH_WEBHOOK_URL: invalid; expected an absolute http(s) URL"),
    ("HH_WEBHOOK_URL", "https://bot.example.com/oauth/callback", "HH_WEBHOOK_URL: invalid; its path must differ"),
    ("HH_WEBHOOK_FALLBACK_INTERVAL", "0", "HH_WEBHOOK_FALLBACK_INTERVAL: invalid; expected a number of seconds"),
    ("HH_WEBHOOK_FALLBACK_INTERVAL", "soon", "HH_WEBHOOK_FALLBACK_INTERVAL: invalid; expected a number of seconds"),
])
def test_a_bad_webhook_setting_names_its_variable(environment: pytest.MonkeyPatch, name: str, value: str,
                                                  problem: str) -> None:
    environment.setenv(name, value)
    with pytest.raises(ConfigError) as error:
        load_settings()
    (line,) = error.value.problems
    assert line.startswith(problem)


@pytest.mark.process
def test_python_m_bot_with_a_bad_webhook_url_exits_2(tmp_path: Any) -> None:
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("HH_", "WEBHOOK_", "BOT_"))}
    result = subprocess.run([sys.executable, "-m", "bot"], env={**clean, **REQUIRED, "HH_WEBHOOK_URL": "bot/hh"},
                            cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False)
    assert (result.returncode, result.stderr.splitlines()) == (2, [
        "HH_WEBHOOK_URL: invalid; expected an absolute http(s) URL without query, e.g. "
        "https://bot.example.com/hh/events"])
