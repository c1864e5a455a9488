"""hh.ru error answers as exceptions, turned into hh-shaped bodies by the middleware."""

from __future__ import annotations

from typing import Any


class FakeHHError(Exception):
    """An API error: HTTP status plus hh.ru's `errors` list."""

    def __init__(
        self,
        status: int,
        error_type: str,
        value: str | None = None,
        description: str | None = None,
        *,
        error_fields: dict[str, Any] | None = None,
        body_fields: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.status = status
        self.error_type = error_type
        self.value = value
        self.description = description or _default_description(status)
        self.error_fields = error_fields or {}
        self.body_fields = body_fields or {}
        self.headers = headers or {}
        super().__init__(f"{status} {error_type}/{value}: {self.description}")

    def body(self, request_id: str) -> dict[str, Any]:
        error: dict[str, Any] = {"type": self.error_type}
        if self.value is not None:
            error["value"] = self.value
        error.update(self.error_fields)
        body: dict[str, Any] = {
            "request_id": request_id,
            "errors": [error],
            "description": self.description,
        }
        body.update(self.body_fields)
        return body


def bad_argument(name: str, description: str | None = None) -> FakeHHError:
    return FakeHHError(400, "bad_argument", name, description or f"Bad argument: {name}")


def negotiations_error(value: str, status: int = 403) -> FakeHHError:
    return FakeHHError(status, "negotiations", value, value.replace("_", " ").capitalize())


def not_found(description: str = "Not Found") -> FakeHHError:
    return FakeHHError(404, "not_found", None, description)


def forbidden(value: str | None = None, description: str = "Forbidden") -> FakeHHError:
    return FakeHHError(403, "forbidden", value, description)


def oauth_error(value: str, oauth_code: str | None = None) -> FakeHHError:
    extra = {"oauth_error": oauth_code} if oauth_code else None
    return FakeHHError(403, "oauth", value, "Forbidden", body_fields=extra)


class OAuthTokenError(Exception):
    """An error of the token endpoint: `{"error": ..., "error_description": ...}` with 400."""

    def __init__(self, error: str, description: str) -> None:
        self.error = error
        self.error_description = description
        super().__init__(f"{error}: {description}")

    def body(self) -> dict[str, str]:
        return {"error": self.error, "error_description": self.error_description}


def _default_description(status: int) -> str:
    return {
        400: "Bad Request",
        403: "Forbidden",
        404: "Not Found",
        405: "Method Not Allowed",
        429: "Too Many Requests",
        500: "Internal Server Error",
        502: "Bad Gateway",
        503: "Service Unavailable",
    }.get(status, "Error")
