"""Imports aiogram with its pydantic models built on first use instead of all at import.

aiogram's `types/__init__.py` calls `model_rebuild()` on every Telegram type (about 360) at import, which
builds all their validators: some 110 MB of memory, of which the bot needs a few dozen types (aiogram issue
#1513). Here aiogram's models are created with pydantic's `defer_build`, and the forward-reference namespace
that aiogram hands to `model_rebuild()` is kept on each model instead, so pydantic builds a model — exactly as
the eager import would have — the first time it is used.

This leans on two pydantic internals (`config_defaults` and `__pydantic_parent_namespace__`) and on how
aiogram rebuilds its models, so it is called only by the entry points (`python -m bot`, the bench, the tests'
conftest), before anything imports aiogram. If any step fails, or a model then does not build, the failure is
logged once and aiogram is imported the usual way. tests/test_lazy_aiogram.py checks every type the bot uses.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

log = logging.getLogger(__name__)


class LazyImportFailed(RuntimeError):
    """The lazy import ran but left aiogram's models unable to build."""


def import_aiogram_lazily() -> bool:
    """Imports aiogram; True if its models are built on first use, False if imported the usual way (or before)."""
    if "aiogram" in sys.modules:
        return False
    try:
        _import_with_deferred_models()
    except Exception:  # pydantic or aiogram changed under the trick: the usual import costs memory, nothing else
        log.warning("could not import aiogram with its models built on first use; importing it the usual way",
                    exc_info=True)
        _forget_aiogram()
        import aiogram  # noqa: F401
        return False
    return True


def _import_with_deferred_models() -> None:
    namespaces: list[dict[str, Any]] = []
    with _deferred_builds(namespaces):
        import aiogram  # noqa: F401
    if not namespaces:
        raise LazyImportFailed("aiogram handed no types namespace to model_rebuild()")
    from pydantic import BaseModel

    for model in _subclasses(BaseModel):
        if model.__module__.startswith("aiogram") and not model.__pydantic_complete__ \
                and model.__dict__.get("__pydantic_parent_namespace__") is None:
            model.__pydantic_parent_namespace__ = namespaces[0]
    from aiogram.types import InlineKeyboardMarkup

    # A model whose field is a forward reference: it builds only if pydantic reads the namespace kept above.
    InlineKeyboardMarkup.model_validate({"inline_keyboard": [[{"text": "a", "callback_data": "b"}]]})


@contextmanager
def _deferred_builds(namespaces: list[dict[str, Any]]) -> Iterator[None]:
    """Within: models are not built when created, and `model_rebuild(_types_namespace=…)` only keeps the namespace."""
    from pydantic import BaseModel
    from pydantic._internal._config import config_defaults

    eager_rebuild = BaseModel.__dict__["model_rebuild"]
    deferred = config_defaults["defer_build"]

    def keep_namespace(cls: type[BaseModel], *args: Any, _types_namespace: dict[str, Any] | None = None,
                       **kwargs: Any) -> bool | None:
        if _types_namespace is None:
            return eager_rebuild.__func__(cls, *args, **kwargs)  # type: ignore[no-any-return]
        cls.__pydantic_parent_namespace__ = _types_namespace
        if not namespaces:
            namespaces.append(_types_namespace)
        return None

    try:
        config_defaults["defer_build"] = True
        BaseModel.model_rebuild = classmethod(keep_namespace)  # type: ignore[method-assign, assignment, arg-type]
        yield
    finally:
        BaseModel.model_rebuild = eager_rebuild  # type: ignore[method-assign]
        config_defaults["defer_build"] = deferred


def _forget_aiogram() -> None:
    """Drops a half-done or unusable aiogram import, so the usual import starts from scratch."""
    for name in [name for name in sys.modules if name == "aiogram" or name.startswith("aiogram.")]:
        del sys.modules[name]


def _subclasses(base: type[Any]) -> Iterator[type[Any]]:
    for subclass in base.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)
