"""URL checks for inline buttons and `<a href>` links."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

_HTTP_SCHEMES = frozenset({"http", "https"})


def is_valid_button_url(url: str) -> bool:
    """An absolute http(s) URL with a real host (a domain with a dot, or an IP), or a tg:// link."""
    if not url or any(char.isspace() for char in url):
        return False
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return False
    scheme = parts.scheme.lower()
    if scheme == "tg":
        return bool(parts.netloc or parts.path)
    return scheme in _HTTP_SCHEMES and _is_valid_host(host)


def normalize_text_link(href: str) -> str | None:
    """The URL Telegram keeps for `<a href>`, or None when it would drop the link."""
    href = href.strip()
    if "://" not in href and not href.lower().startswith("tg:"):
        href = "http://" + href
    return href if is_valid_button_url(href) else None


def _is_valid_host(host: str | None) -> bool:
    if not host:
        return False
    try:
        ipaddress.ip_address(host)
    except ValueError:
        labels = host.split(".")
        return len(labels) >= 2 and all(_is_valid_label(label) for label in labels)
    return True


def _is_valid_label(label: str) -> bool:
    return bool(label) and all(char.isalnum() or char == "-" for char in label)
