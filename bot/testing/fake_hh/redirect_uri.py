"""hh.ru's rules for a `redirect_uri` against the registered one (general.ru.md).

Allowed: a subdomain, a longer path, extra query parameters. Not allowed: another scheme,
host or port (including an explicit port the registered URI does not have), another path.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit


def redirect_uri_allowed(registered: str, candidate: str) -> bool:
    expected = urlsplit(registered)
    given = urlsplit(candidate)
    try:
        same_port = expected.port == given.port
    except ValueError:
        return False
    if given.scheme != expected.scheme or not same_port or given.username or given.fragment:
        return False
    if not _same_or_subdomain(expected.hostname, given.hostname):
        return False
    if not _same_or_subpath(expected.path, given.path):
        return False
    given_query = parse_qsl(given.query, keep_blank_values=True)
    return all(pair in given_query for pair in parse_qsl(expected.query, keep_blank_values=True))


def _same_or_subdomain(expected: str | None, given: str | None) -> bool:
    if not expected or not given:
        return False
    return given == expected or given.endswith("." + expected)


def _same_or_subpath(expected: str, given: str) -> bool:
    base = expected or "/"
    path = given or "/"
    return path == base or path.startswith(base.rstrip("/") + "/")
