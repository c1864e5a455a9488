"""`python -m bot.healthcheck`: exit 0 when the bot on this machine answers `/healthz` with 200 and "ok", else 1.

The container's HEALTHCHECK runs it. It reads only the public answer, the status, so it needs no token; and it
loads neither the settings nor aiogram, only `PORT` (as the bot reads it, default 8080).
"""

from __future__ import annotations

import http.client
import json
import os
import sys
import urllib.error
import urllib.request

DEFAULT_PORT = "8080"
TIMEOUT = 4.0  # below the Dockerfile's --timeout


def healthz_url() -> str:
    return f"http://127.0.0.1:{os.environ.get('PORT', DEFAULT_PORT)}/healthz"


def check(url: str) -> tuple[bool, str]:
    """Whether `url` answers 200 with the status "ok", and a line saying what it answered."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never through a proxy
    try:
        with opener.open(url, timeout=TIMEOUT) as response:
            status = _status_of(response.read())
            return status == "ok", status
    except urllib.error.HTTPError as error:
        return False, f"{error.code}: {_status_of(error.read())}"
    except (OSError, ValueError, http.client.HTTPException) as error:
        return False, f"no answer from {url}: {error}"


def _status_of(body: bytes) -> str:
    try:
        answer = json.loads(body)
    except ValueError:
        return "not the bot's answer"
    status = answer.get("status") if isinstance(answer, dict) else None
    return str(status) if status is not None else "not the bot's answer"


def main() -> int:
    healthy, said = check(healthz_url())
    print(said)
    return 0 if healthy else 1


if __name__ == "__main__":
    sys.exit(main())
