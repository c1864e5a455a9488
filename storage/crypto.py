"""Fernet encryption of tokens at rest, and the key file used when no key is configured."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from storage.files import PRIVATE_FILE, make_private_folder

OTHERS = 0o077  # any right for the group or for other users


class TokenCipher:
    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(key)

    def encrypt(self, plain: str) -> bytes:
        return self._fernet.encrypt(plain.encode())

    def decrypt(self, sealed: bytes) -> str:
        try:
            return self._fernet.decrypt(sealed).decode()
        except InvalidToken:
            raise ValueError("stored token does not decrypt with this ENCRYPTION_KEY") from None

    def can_read(self, sealed: bytes) -> bool:
        try:
            self._fernet.decrypt(sealed)
        except InvalidToken:
            return False
        return True


def key_file_for(database_path: Path) -> Path:
    return database_path.with_name(database_path.name + ".key")


@dataclass(frozen=True)
class KeyFile:
    key: bytes
    path: Path
    created: bool
    """Created just now."""
    tightened_from: int | None = None
    """The mode it had, when it was open to other users and has just been set to 0600."""


class LooseKeyFile(Exception):
    """The key file is open to other users, and this process may not make it private."""

    def __init__(self, path: Path, mode: int, reason: str) -> None:
        super().__init__(f"{path}: mode {mode:04o}; {reason}")
        self.path = path
        self.mode = mode
        self.reason = reason


def load_or_create_key(database_path: Path) -> KeyFile:
    """The key from the file beside the database, created once with mode 0600. A file that already exists and is
    open to other users is set to 0600 when it belongs to this process's user; otherwise LooseKeyFile."""
    path = key_file_for(database_path)
    make_private_folder(path.parent)
    key = Fernet.generate_key()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return _read_private(path)
    with os.fdopen(fd, "wb") as file:
        file.write(key)
        file.flush()
        os.fsync(file.fileno())
    return KeyFile(key, path, created=True)


def _read_private(path: Path) -> KeyFile:
    """Checked and tightened through the open file, so the file read is the file whose mode was looked at."""
    with open(path, "rb") as file:
        status = os.fstat(file.fileno())
        mode = stat.S_IMODE(status.st_mode)
        tightened_from = None
        if mode & OTHERS:
            if status.st_uid != os.geteuid():
                raise LooseKeyFile(path, mode, f"it belongs to user id {status.st_uid}, not to this process's "
                                               f"user ({os.geteuid()})")
            try:
                os.fchmod(file.fileno(), PRIVATE_FILE)
            except OSError as error:
                raise LooseKeyFile(path, mode, error.strerror or type(error).__name__) from None
            tightened_from = mode
        return KeyFile(file.read().strip(), path, created=False, tightened_from=tightened_from)
