"""Secrets never reach the logs or the database in plain text."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlite_utils import Database

from bot.logs import RedactSecrets
from tests.conftest import Bridge, confirm_url_of


async def test_a_whole_flow_logs_no_token_or_secret(bridge: Bridge, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    hh, tg = bridge.hh, bridge.tg
    employer = hh.add_employer_user()
    vacancy = hh.add_vacancy(employer)
    confirmation = await bridge.link(4242, employer.user_id)
    await tg.wait_for_bot_message(4242, contains="Аккаунт на связи", after=confirmation.message_id)
    hh.expire_tokens(employer.user_id)
    hh.add_response(vacancy, hh.add_applicant_user(), cover_letter="Здравствуйте")
    await tg.wait_for_bot_message(4242, contains="Новый отклик", after=confirmation.message_id)
    ours = "\n".join(record.getMessage() for record in caplog.records if not record.name.startswith("aiohttp.access"))
    secrets = [bridge.settings.bot_token.get_secret_value(), bridge.settings.hh_client_secret.get_secret_value()]
    secrets += [token for info in hh.tokens_of(employer.user_id) for token in (info.access_token, info.refresh_token)]
    assert "tokens refreshed" in ours
    assert [secret for secret in secrets if secret in ours] == []
    database = bridge.settings.database_path.read_bytes() + bridge.settings.database_path.with_suffix(
        ".sqlite3-wal").read_bytes()
    assert [secret for secret in secrets[2:] if secret.encode() in database] == []


async def test_a_sign_in_waiting_for_confirmation_keeps_no_secret_in_plain_text(
        bridge: Bridge, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    employer = bridge.hh.add_employer_user()
    bridge.tg.add_user(4243, language_code="ru")
    answer = await bridge.start_link(4243)
    status, page = await bridge.browse(answer.url_of("hh.ru"), login=employer.user_id, confirm_as=None)
    confirm = confirm_url_of(page)
    assert status == 200 and confirm is not None
    token = parse_qs(urlsplit(confirm).query)["start"][0].removeprefix("link_")
    issued = bridge.hh.tokens_of(employer)[0]
    secrets = [token, issued.access_token, issued.refresh_token]
    ours = "\n".join(record.getMessage() for record in caplog.records if not record.name.startswith("aiohttp.access"))
    database = b"".join(path.read_bytes() for path in bridge.settings.database_path.parent.glob("bot.sqlite3*"))
    assert [secret for secret in secrets if secret in ours or secret.encode() in database] == []
    assert await bridge.runtime.storage.run(pending_count) == 1


def pending_count(db: Database) -> int:
    return int(db.execute("SELECT COUNT(*) FROM pending_links").fetchone()[0])


def test_the_log_filter_masks_secrets_in_messages_and_tracebacks() -> None:
    secret = "123456:SECRET-token"
    redact = RedactSecrets([secret, "short"])
    try:
        raise RuntimeError(f"could not reach https://api.telegram.org/bot{secret}/getMe")
    except RuntimeError as error:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed: %s", (error,), (type(error), error, None))
    assert redact.filter(record)
    assert record.getMessage() == "failed: could not reach https://api.telegram.org/bot***/getMe"
    assert record.exc_text is not None and secret not in record.exc_text and "bot***" in record.exc_text
