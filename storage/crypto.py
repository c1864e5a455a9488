"""Fernet encryption of tokens at rest, and the key file used when no key is configured."""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from storage.files import make_private_folder


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


def load_or_create_key(database_path: Path) -> tuple[bytes, Path, bool]:
    """The key from the file beside the database, created once with mode 0600.

    Returns the key, the file and whether it was created just now.
    """
    path = key_file_for(database_path)
    make_private_folder(path.parent)
    key = Fernet.generate_key()
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip(), path, False
    with os.fdopen(fd, "wb") as file:
        file.write(key)
        file.flush()
        os.fsync(file.fileno())
    return key, path, True
