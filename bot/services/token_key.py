"""The key that encrypts tokens at rest: where it comes from, and whether it reads the tokens already stored.

A changed `ENCRYPTION_KEY` or a lost key file would otherwise fail every check of every account, silently and
forever. So at start-up every stored token is tried: when none can be read the bot refuses to start, naming the
key; when only some cannot, those accounts wait for a new link and their users are told.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from bot.config import ConfigError, Settings
from bot.services.notices import Notices
from storage import accounts
from storage.crypto import LooseKeyFile, TokenCipher, load_or_create_key
from storage.db import Storage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TokenKey:
    cipher: TokenCipher
    name: str
    """How the operator knows the key: `ENCRYPTION_KEY`, or the key file's path."""
    remedy: str
    file: Path | None = None
    """The key file the key came from, when ENCRYPTION_KEY is not set."""
    generated: bool = False
    """The key file was created just now."""


def token_key(settings: Settings) -> TokenKey:
    """The configured key, or the one in the key file beside the database (created on first use)."""
    if settings.encryption_key is not None:
        cipher = TokenCipher(settings.encryption_key.get_secret_value().encode())
        return TokenKey(cipher, "ENCRYPTION_KEY", "set the key they were stored with")
    try:
        found = load_or_create_key(settings.database_path)
    except LooseKeyFile as loose:
        raise ConfigError([f"{loose.path}: the token key file is open to other users (mode {loose.mode:04o}) and "
                           f"cannot be made private: {loose.reason}; make it mode 0600 and owned by the bot's user, "
                           f"or set ENCRYPTION_KEY"]) from None
    except OSError as error:
        where = error.filename or settings.database_path
        raise ConfigError([f"{where}: cannot read or create the token key file: {error.strerror}; "
                           f"fix the file, or set ENCRYPTION_KEY"]) from None
    if found.tightened_from is not None:
        log.warning("the token key file %s was open to other users (mode %04o); its mode is now 0600", found.path,
                    found.tightened_from)
    remedy = "restore the key file they were stored with, or set ENCRYPTION_KEY to their key"
    try:
        cipher = TokenCipher(found.key)
    except ValueError:
        raise ConfigError([f"{found.path}: the token key file does not hold a Fernet key; {remedy}"]) from None
    return TokenKey(cipher, str(found.path), remedy, found.path, found.created)


async def check_stored_tokens(storage: Storage, key: TokenKey, notices: Notices) -> None:
    """Raises ConfigError when no stored token can be read; accounts whose tokens cannot be read need a new link."""
    check = await storage.run(accounts.token_check, key.cipher)
    if check.stored and len(check.unreadable) == check.stored:
        raise ConfigError([f"{key.name}: the stored hh.ru tokens of all {check.stored} linked accounts cannot be "
                           f"read with this key; {key.remedy}"])
    for account_id in check.unreadable:
        await notices.tokens_unreadable(account_id)
    if check.unreadable:
        log.warning("%d of %d accounts have tokens that %s cannot read; they wait for a new link",
                    len(check.unreadable), check.stored, key.name)
    if key.file is not None:
        log.info("%s the token encryption key at %s (set ENCRYPTION_KEY to use your own)",
                 "generated" if key.generated else "using", key.file)
