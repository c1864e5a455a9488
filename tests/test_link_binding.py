"""Issue 22: the pure parts of binding a sign-in to its Telegram user: the redirect URI drawn from the state, and the
confirmation's deep link."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from bot.hh.oauth import AuthorizeLinks
from bot.services.linking import ConfirmLinks, confirmation_token
from bot.testing.fake_hh.redirect_uri import redirect_uri_allowed
from bot.testing.fake_telegram.deep_links import START_PAYLOAD

REGISTERED = ["https://bot.example.com/oauth/callback", "https://bot.example.com/oauth/callback?lang=RU",
              "http://127.0.0.1:8080/oauth/callback"]


@pytest.mark.parametrize("registered", REGISTERED)
def test_each_state_has_its_own_redirect_uri_which_hh_allows(registered: str) -> None:
    links = AuthorizeLinks("https://hh.ru", "client", registered)
    first, second = links.redirect_uri_for("state-one"), links.redirect_uri_for("state-two")
    assert first != second and first == links.redirect_uri_for("state-one")
    assert redirect_uri_allowed(registered, first) and redirect_uri_allowed(registered, second)
    assert "state-one" not in first
    query = parse_qs(urlsplit(links.url("state-one")).query)
    assert (query["redirect_uri"], query["state"]) == ([first], ["state-one"])


@pytest.mark.parametrize(("payload", "token"), [
    ("link_" + "a" * 32, "a" * 32),
    ("link_" + "Z9_-" * 8, "Z9_-" * 8),
    ("link_" + "a" * 31, None),
    ("link_" + "a" * 33, None),
    ("link_" + "a" * 31 + "!", None),
    ("x" + "a" * 32, None),
    ("", None),
    (None, None),
])
def test_only_a_link_payload_is_a_confirmation(payload: str | None, token: str | None) -> None:
    assert confirmation_token(payload) == token


def test_a_confirmation_link_is_a_deep_link_telegram_accepts() -> None:
    url = ConfirmLinks("https://t.me", "hh_bridge_bot").url("Ab-_" * 8)
    assert url == "https://t.me/hh_bridge_bot?start=link_" + "Ab-_" * 8
    payload = parse_qs(urlsplit(url).query)["start"][0]
    assert START_PAYLOAD.fullmatch(payload) and confirmation_token(payload) == "Ab-_" * 8
