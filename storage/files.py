"""Files and folders that only the bot's own user may read: they hold names, cover letters, messages and keys.

Modes are set explicitly after creation, so the process umask does not matter.
"""

from __future__ import annotations

import os
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700


def make_private_folder(folder: Path) -> None:
    """Creates `folder` and any missing parents with mode 0700; folders that already exist are left as they are."""
    missing: list[Path] = []
    current = folder
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        try:
            path.mkdir(mode=PRIVATE_FOLDER)
        except FileExistsError:
            continue  # made by someone else meanwhile: not ours to change
        os.chmod(path, PRIVATE_FOLDER)


def create_private_file(path: Path) -> None:
    """Creates `path` empty with mode 0600 unless something already exists there."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        return  # an existing file is tightened only once it is known to be ours (see `make_private`)
    try:
        os.fchmod(fd, PRIVATE_FILE)
    finally:
        os.close(fd)


def make_private(*paths: Path) -> None:
    """Sets mode 0600 on those of `paths` that exist."""
    for path in paths:
        if path.exists():
            os.chmod(path, PRIVATE_FILE)
