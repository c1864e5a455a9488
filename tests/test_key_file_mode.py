"""Issue 22, item 5: a token key file open to other users is never used as it is. The bot's own file is set to 0600
at start-up, with one log line; one it may not change stops the start in one line (exit 2)."""

from __future__ import annotations

import logging
import os
import stat
import sys
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet

from bot.config import ConfigError, Settings
from bot.services.token_key import token_key
from storage.crypto import key_file_for
from tests.test_config import REQUIRED, run_bot

NOBODY = 65534


def settings_for(database: Path) -> Settings:
    values: dict[str, Any] = {name.lower(): value for name, value in REQUIRED.items()}
    return Settings(_env_file=None, **values, database_path=database)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def key_file(database: Path, file_mode: int) -> tuple[Path, bytes]:
    path, key = key_file_for(database), Fernet.generate_key()
    path.write_bytes(key)
    path.chmod(file_mode)
    return path, key


def someone_elses_key_file(database: Path) -> Path:
    """A key file, mode 0644, owned by another user: made so as root; else the key path leads to a system file."""
    if os.geteuid() == 0:
        path, _ = key_file(database, 0o644)
        os.chown(path, NOBODY, NOBODY)
        return path
    system_file = Path("/etc/passwd")
    if not system_file.exists() or system_file.stat().st_uid == os.geteuid() or not mode(system_file) & 0o077:
        pytest.skip("no file of another user that is open to others")
    path = key_file_for(database)
    path.symlink_to(system_file)
    return path


@pytest.mark.parametrize("file_mode", [0o644, 0o640, 0o604, 0o666], ids=oct)
def test_the_bots_own_loose_key_file_is_set_to_0600_with_one_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, file_mode: int
) -> None:
    caplog.set_level(logging.INFO, logger="bot.services.token_key")
    database = tmp_path / "bot.sqlite3"
    path, key = key_file(database, file_mode)
    found = token_key(settings_for(database))
    assert mode(path) == 0o600
    assert found.cipher.decrypt(Fernet(key).encrypt(b"token")) == "token"
    assert [(record.levelno, record.getMessage()) for record in caplog.records] == [
        (logging.WARNING, f"the token key file {path} was open to other users (mode {file_mode:04o}); its mode is "
                          f"now 0600")]


@pytest.mark.parametrize("file_mode", [0o600, 0o400], ids=oct)
def test_a_private_key_file_is_left_as_it_is(tmp_path: Path, caplog: pytest.LogCaptureFixture,
                                             file_mode: int) -> None:
    database = tmp_path / "bot.sqlite3"
    path, _ = key_file(database, file_mode)
    token_key(settings_for(database))
    assert (mode(path), caplog.records) == (file_mode, [])


def test_a_loose_key_file_of_another_user_is_refused_in_one_line(tmp_path: Path) -> None:
    database = tmp_path / "bot.sqlite3"
    path = someone_elses_key_file(database)
    owner = path.stat().st_uid
    with pytest.raises(ConfigError) as refused:
        token_key(settings_for(database))
    assert refused.value.problems == [
        f"{path}: the token key file is open to other users (mode 0644) and cannot be made private: it belongs to "
        f"user id {owner}, not to this process's user ({os.geteuid()}); make it mode 0600 and owned by the bot's "
        f"user, or set ENCRYPTION_KEY"]
    assert mode(path) == 0o644


@pytest.mark.process
@pytest.mark.skipif(sys.platform != "linux", reason="file owners as on Linux")
def test_python_m_bot_exits_2_on_a_key_file_it_may_not_make_private(tmp_path: Path) -> None:
    database = tmp_path / "data" / "bot.sqlite3"
    database.parent.mkdir()
    path = someone_elses_key_file(database)
    result = run_bot(tmp_path, {**REQUIRED, "DATABASE_PATH": str(database), "TELEGRAM_API_URL": "http://127.0.0.1:9"})
    assert result.returncode == 2
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"{path}: the token key file is open to other users (mode 0644)")
    assert "Traceback" not in result.stderr
