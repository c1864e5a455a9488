"""hh.ru's error answers as exceptions. Messages name the request, never a token or a code."""

from __future__ import annotations

from typing import Any


class HHError(Exception):
    """Any failure talking to hh.ru."""

    def __init__(self, message: str, *, status: int | None = None, errors: list[dict[str, Any]] | None = None,
                 request_id: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.errors = errors or []
        self.request_id = request_id

    @property
    def value(self) -> str | None:
        """The `value` of hh.ru's first error, e.g. `wrong_state`."""
        for error in self.errors:
            if error.get("value"):
                return str(error["value"])
        return None


class TransientError(HHError):
    """Worth retrying later: the request did not get a real answer."""


class NetworkError(TransientError):
    pass


class ServerError(TransientError):
    pass


class RateLimited(TransientError):
    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class OAuthError(HHError):
    """403 with an `oauth` error: the token cannot be used as it is."""


class TokenExpired(OAuthError):
    pass


class TokenInvalid(OAuthError):
    """Revoked, invalidated or otherwise dead: only a new link helps."""


class AccountNeedsRelink(HHError):
    """The account's tokens are gone for good; nothing more is asked of hh.ru until it is linked again."""


class InvalidGrant(HHError):
    """The token endpoint refused a code or a refresh token (`invalid_grant`)."""

    def __init__(self, description: str) -> None:
        super().__init__(f"hh.ru refused the grant: {description}", status=400)
        self.description = description


class TokenRequestError(HHError):
    """The token endpoint refused the request for another reason (client, parameters)."""

    def __init__(self, error: str, description: str, status: int | None) -> None:
        super().__init__(f"hh.ru refused the token request: {error} {description}".strip(), status=status)
        self.description = description or error


class CaptchaRequired(HHError):
    def __init__(self, message: str, *, captcha_url: str, fallback_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.captcha_url = captcha_url
        self.fallback_url = fallback_url


class NegotiationError(HHError):
    """A negotiation rule refused the request; `value` says which (`wrong_state`, `no_invitation`, ...)."""


class BadRequest(HHError):
    pass


class Forbidden(HHError):
    """403 that is not about the token: the method is not available to this user or application."""


class NotFound(HHError):
    pass


class UnsafeUrl(HHError):
    """A URL outside the configured hh.ru API host; never called."""


class UnexpectedRedirect(HHError):
    """hh.ru answered with a redirect (3xx). Never followed: following would carry the request, with the client
    secret or a token in it, to wherever the redirect points."""


class FileTooLarge(HHError):
    """A file from hh.ru is larger than the caller takes; the download stopped there."""


class ChatUnavailable(HHError):
    """hh.ru refused a Chats API method with 404 or 405: the negotiation keeps the legacy message methods."""


class ChatNotReady(HHError):
    """`425` or `chat_is_not_ready`: hh.ru is still creating the chat; try again later."""
