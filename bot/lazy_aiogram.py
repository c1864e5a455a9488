"""Imports aiogram with its pydantic models built on first use instead of all at import.

aiogram's `types/__init__.py` calls `model_rebuild()` on every Telegram type (about 360) at import, which
builds all their validators: some 110 MB of memory, of which the bot needs a few dozen types (aiogram issue
#1513). Here aiogram's models are created with pydantic's `defer_build`, and the forward-reference namespace
that aiogram hands to `model_rebuild()` is kept on each model instead, so pydantic builds a model — exactly as
the eager import would have — the first time it is used.

This leans on two pydantic internals (`config_defaults` and `__pydantic_parent_namespace__`); if they are not
there, aiogram is imported the usual way. The whole test suite runs through this import.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from typing import Any

log = logging.getLogger(__name__)


def import_aiogram_lazily() -> None:
    if "aiogram" in sys.modules:
        return
    try:
        from pydantic import BaseModel
        from pydantic._internal._config import config_defaults
    except ImportError:
        log.debug("pydantic internals not found; importing aiogram eagerly")
        import aiogram
        return
    namespaces: list[dict[str, Any]] = []
    eager_rebuild = BaseModel.__dict__["model_rebuild"]

    def keep_namespace(cls: type[BaseModel], *args: Any, _types_namespace: dict[str, Any] | None = None,
                       **kwargs: Any) -> bool | None:
        if _types_namespace is None:
            return eager_rebuild.__func__(cls, *args, **kwargs)  # type: ignore[no-any-return]
        cls.__pydantic_parent_namespace__ = _types_namespace
        if not namespaces:
            namespaces.append(_types_namespace)
        return None

    config_defaults["defer_build"] = True
    BaseModel.model_rebuild = classmethod(keep_namespace)  # type: ignore[method-assign, assignment, arg-type]
    try:
        import aiogram  # noqa: F401
    finally:
        BaseModel.model_rebuild = eager_rebuild  # type: ignore[method-assign]
        config_defaults["defer_build"] = False
    if namespaces:
        for model in _subclasses(BaseModel):
            if model.__module__.startswith("aiogram") and not model.__pydantic_complete__ \
                    and model.__dict__.get("__pydantic_parent_namespace__") is None:
                model.__pydantic_parent_namespace__ = namespaces[0]


def _subclasses(base: type[Any]) -> Iterator[type[Any]]:
    for subclass in base.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)
