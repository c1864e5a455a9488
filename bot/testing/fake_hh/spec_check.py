"""The fake's answers held to hh.ru's spec: `FakeHH(validate=True)` records every JSON answer that breaks it,
`FakeHH(spec_minimal=True)` sends only what the spec requires.

A path the spec has is checked against its operation's schema for the status; a path the spec lacks must be one of
`spec_notes.NEWER_PATHS`; any other path, and a status neither the operation nor `spec_notes.UNLISTED_STATUSES` has,
is itself a violation. Only JSON answers of the API are looked at: not the `/_fake/` controls, nor hh.ru's site pages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import partial

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware

from .middleware import CONTROL_PREFIX, is_site_page
from .spec import Operation, Spec, hh_spec

_dumps = partial(json.dumps, ensure_ascii=False)


@dataclass(frozen=True)
class Violation:
    method: str
    path: str
    status: int
    message: str

    def __str__(self) -> str:
        return f"{self.method} {self.path} → {self.status}: {self.message}"


_MEMORY = 256  # answers remembered


@dataclass
class SpecGuard:
    validate: bool
    minimal: bool
    spec: Spec = field(default_factory=hh_spec)
    violations: list[Violation] = field(default_factory=list)
    _seen: dict[tuple[str, int, bytes], tuple[tuple[str, ...], bytes]] = field(default_factory=dict)

    def middleware(self) -> Middleware:
        """The outermost middleware of the fake's app: it sees every answer as it leaves."""

        @web.middleware
        async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
            response = await handler(request)
            if (
                not request.path.startswith(CONTROL_PREFIX)
                and not is_site_page(request.path)
                and isinstance(response, web.Response)
                and response.content_type == "application/json"
                and isinstance(response.body, bytes)
            ):
                self.answer(request.method, request.path, response)
            return response

        return middleware

    def answer(self, method: str, path: str, response: web.Response) -> None:
        """Checks a JSON answer (validate) and cuts it down to what the spec requires (minimal)."""
        status = response.status
        operation = self.spec.operation(method, path)
        if operation is None:
            problems: tuple[str, ...] = ("a path neither openapi.yml nor spec_notes.NEWER_PATHS has",)
        elif not self.spec.has_status(operation, status):
            problems = (f"{operation.key} does not answer {status} in openapi.yml",)
        else:
            assert isinstance(response.body, bytes)
            problems, response.body = self._verdict(operation, status, response.body)
        self.violations.extend(Violation(method, path, status, problem) for problem in problems)

    def _verdict(self, operation: Operation, status: int, raw: bytes) -> tuple[tuple[str, ...], bytes]:
        """What is wrong with the answer, and what is sent (remembered: a poll answers the same again and again)."""
        key = (operation.key, status, raw)
        if key not in self._seen:
            body = json.loads(raw)
            checked = self.spec.check(operation, status, body) if self.validate else []
            problems = tuple(f"{operation.key}: {problem}" for problem in checked)
            schema = self.spec.response_schema(operation, status)
            if self.minimal and schema is not None and self.spec.describes(operation):
                raw = _dumps(self.spec.prune(schema, body)).encode()
            if len(self._seen) >= _MEMORY:
                self._seen.clear()
            self._seen[key] = (problems, raw)
        return self._seen[key]
