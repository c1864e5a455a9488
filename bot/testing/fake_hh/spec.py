"""hh.ru's OpenAPI spec (`openapi.yml` beside this file) as the fake's contract.

`hh_spec()` loads it once. `Spec.operation` finds the operation of a method and a concrete path (path templates, a
literal segment before a parameter, the few aliases of `spec_notes`), `Spec.check` lists what is wrong with an answer
(what its schema's validator says, and the fields the schema does not have) and `Spec.prune` keeps only what the
schema requires: every object its `required` properties, through `$ref`, `allOf`, arrays and the `oneOf`/`anyOf`
branch that validates.

Schemas are read by JSON pointer into one document: hh.ru's spec, plus the newer paths of `spec_notes` under
`x-fake-newer`. Formats are not checked: hh.ru's own dates (`2025-05-14T12:00:05+0300`) are not RFC 3339.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource, Specification

from .spec_notes import (
    ALIASES,
    ALSO_ANSWERED,
    AMENDMENTS,
    ERROR_FIELDS,
    INVENTED_FIELDS,
    NEWER_PATHS,
    NEWER_SCHEMAS,
    UNLISTED_STATUSES,
    Amendment,
    NewerPath,
)

SPEC_FILE = Path(__file__).with_name("openapi.yml")
SPEC_SOURCE = "openapi.yml"
_BASE_URI = "urn:fake-hh:openapi"
_NEWER = "x-fake-newer"  # where spec_notes' schemas go in the document
_METHODS = ("get", "put", "post", "delete", "patch")
_JSON = "application/json"
_MESSAGE_MAX = 200


@dataclass(frozen=True)
class Operation:
    method: str  # upper case
    template: str  # the spec's path, e.g. /negotiations/{collection_name}/{nid}
    pointer: str  # of the operation object in the document ("" for a newer path without one)
    source: str  # openapi.yml, or where a newer path is described

    @property
    def key(self) -> str:
        return f"{self.method} {self.template}"


@dataclass(frozen=True)
class _Template:
    segments: tuple[str, ...]
    operation: Operation

    def rank(self, segments: Sequence[str]) -> tuple[int, ...] | None:
        """None when the path does not fit; else a literal segment ranks before a parameter."""
        if len(segments) != len(self.segments):
            return None
        rank = []
        for mine, given in zip(self.segments, segments, strict=True):
            if mine.startswith("{") and mine.endswith("}"):
                if not given:
                    return None
                rank.append(1)
            elif mine != given:
                return None
            else:
                rank.append(0)
        return tuple(rank)


def _escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


class Spec:
    def __init__(self, document: dict[str, Any]) -> None:
        document = dict(document)
        document[_NEWER] = dict(NEWER_SCHEMAS)
        self._document = document
        for amendment in AMENDMENTS:
            self._amend(amendment)
        resource: Resource[Any] = Specification.OPAQUE.create_resource(document)
        self._registry: Registry[Any] = Registry().with_resource(_BASE_URI, resource)
        self._templates: dict[str, list[_Template]] = {}
        self._validators: dict[str, Any] = {}
        self._nodes: dict[str, tuple[str, Mapping[str, Any]]] = {}
        self._type_sets: dict[str, frozenset[str] | None] = {}
        self._required_sets: dict[str, frozenset[str]] = {}
        for template, item in document["paths"].items():
            for method in _METHODS:
                if method in item:
                    pointer = f"/paths/{_escape(template)}/{method}"
                    self._add(Operation(method.upper(), template, pointer, SPEC_SOURCE))
        for newer in NEWER_PATHS:
            self._add(Operation(newer.method, newer.template, "", newer.source))

    def _amend(self, amendment: Amendment) -> None:
        if amendment.remove is not None:
            del self._document_at(amendment.pointer)[amendment.remove]
        elif amendment.append is not None:
            self._list_at(amendment.pointer).append(amendment.append)
        else:
            parent, _, key = amendment.pointer.rpartition("/")
            self._document_at(parent)[key.replace("~1", "/").replace("~0", "~")] = amendment.put

    def _add(self, operation: Operation) -> None:
        segments = tuple(operation.template.split("/"))
        self._templates.setdefault(operation.method, []).append(_Template(segments, operation))

    # --- operations ----------------------------------------------------------------------------------

    def operation(self, method: str, path: str) -> Operation | None:
        segments = path.split("/")
        ranked = [(rank, t.operation) for t in self._templates.get(method.upper(), [])
                  if (rank := t.rank(segments)) is not None]
        if not ranked:
            return None
        found = min(ranked, key=lambda pair: pair[0])[1]
        for alias in ALIASES:
            if alias.applies(found.key, segments):
                return self.operation(method, alias.target)
        return found

    def newer(self, operation: Operation) -> NewerPath | None:
        return next((n for n in NEWER_PATHS if n.method == operation.method and n.template == operation.template),
                    None)

    def describes(self, operation: Operation) -> bool:
        """Whether openapi.yml describes the operation's answers (itself, or as the older path of a newer one)."""
        newer = self.newer(operation)
        return newer is None or newer.like is not None

    def has_status(self, operation: Operation, status: int) -> bool:
        try:
            self.response_schema(operation, status)
        except KeyError:
            return False
        return True

    def response_schema(self, operation: Operation, status: int) -> str | None:
        """The pointer of the JSON schema of the answer `status`; None when the spec gives that status no JSON body.
        KeyError: neither the operation nor spec_notes.UNLISTED_STATUSES has the status."""
        newer = self.newer(operation)
        if newer is not None and newer.like is not None:
            method, template = newer.like.split(" ", 1)
            like = self.operation(method, template)
            assert like is not None and like.template == template, newer.like
            return self.response_schema(like, status)
        if newer is not None:
            if 200 <= status < 300:
                return None if newer.schema is None else f"/{_NEWER}/{_escape(newer.schema)}"
            return self._either(f"{status} of newer paths", [f"#/{_NEWER}/Error"], status)
        response = self._document_at(f"{operation.pointer}/responses").get(str(status))
        if response is None:
            if status not in UNLISTED_STATUSES:
                raise KeyError(status)
            return self._either(f"{status} unlisted", list(UNLISTED_STATUSES[status].schemas), status)
        pointer = f"{operation.pointer}/responses/{status}"
        if "$ref" in response:
            pointer = _local(response["$ref"])
            response = self._document_at(pointer)
        if _JSON not in response.get("content", {}) or "schema" not in response["content"][_JSON]:
            return None
        return self._either(f"{status} {operation.key}", [f"#{pointer}/content/{_escape(_JSON)}/schema"], status)

    def _either(self, name: str, references: list[str], status: int) -> str:
        """A schema the answer `status` fits if it fits one of `references` or of what every path may answer with
        that status (spec_notes.ALSO_ANSWERED)."""
        also = ALSO_ANSWERED.get(status)
        references = references + [r for r in (also.schemas if also else ()) if r not in references]
        if len(references) == 1:
            return _local(references[0])
        newer = self._document[_NEWER]
        if name not in newer:
            newer[name] = {"anyOf": [{"$ref": reference} for reference in references]}
        return f"/{_NEWER}/{_escape(name)}"

    # --- checking and pruning ------------------------------------------------------------------------

    def check(self, operation: Operation, status: int, body: Any) -> list[str]:
        """What is wrong with `body` as the answer `status` of `operation`: the validator's messages, then each field
        the schema does not have (and spec_notes does not list). KeyError: as `response_schema`; a status without
        a JSON body in the spec is a problem."""
        schema = self.response_schema(operation, status)
        if schema is None:
            return [f"{operation.key} answers {status} without a JSON body"]
        problems = [message for error in self._validator(schema).iter_errors(body) for message in _described(error)]
        invented: list[str] = []
        self._walk(schema, body, "", invented, prune=False)
        allowed = {**INVENTED_FIELDS.get(operation.key, {}), **(ERROR_FIELDS if status >= 400 else {})}
        problems.extend(f"{field}: not in the spec" for field in invented if field not in allowed)
        return problems

    def prune(self, schema: str, body: Any) -> Any:
        """`body` with only what the schema requires."""
        return self._walk(schema, body, "", None, prune=True)

    def _walk(self, pointer: str, value: Any, at: str, invented: list[str] | None, *, prune: bool) -> Any:
        if isinstance(value, dict):
            return self._walk_object(self._parts(pointer, value), value, at, invented, prune=prune)
        if isinstance(value, list):
            parts = self._parts(pointer, value)
            items = next((f"{p}/items" for p in parts if "items" in self._node(p)[1]), None)
            if items is None:
                return value
            return [self._walk(items, item, f"{at}[]", invented, prune=prune) for item in value]
        return value

    def _walk_object(self, parts: list[str], value: dict[str, Any], at: str, invented: list[str] | None, *,
                     prune: bool) -> dict[str, Any]:
        properties: dict[str, str] = {}
        required: set[str] = set()
        additional: str | None = None
        for part in parts:
            schema = self._node(part)[1]
            for name in schema.get("properties", {}):
                properties.setdefault(name, f"{part}/properties/{_escape(name)}")
            required.update(schema.get("required", []))
            if isinstance(schema.get("additionalProperties"), dict):
                additional = f"{part}/additionalProperties"
        result: dict[str, Any] = {}
        for name, item in value.items():
            field = f"{at}.{name}" if at else name
            if name in properties:
                if prune and name not in required:
                    continue
                result[name] = self._walk(properties[name], item, field, invented, prune=prune)
            elif additional is not None:
                result[name] = self._walk(additional, item, field, invented, prune=prune)
            elif not properties:  # an object the spec leaves free
                result[name] = item
            else:
                if invented is not None:
                    invented.append(field)
                if not prune:
                    result[name] = item
        return result

    def _parts(self, pointer: str, value: Any) -> list[str]:
        """The schemas that describe `value` together: the one at `pointer`, its `allOf`, and of its `oneOf`/`anyOf`
        the one its discriminator names, else the first that `value` fits; each followed through `$ref`."""
        pointer, schema = self._node(pointer)
        parts = [pointer]
        for index in range(len(schema.get("allOf", []))):
            parts.extend(self._parts(f"{pointer}/allOf/{index}", value))
        branches = [f"{pointer}/{keyword}/{index}" for keyword in ("oneOf", "anyOf")
                    for index in range(len(schema.get(keyword, [])))]
        if not branches:
            return parts
        named = _discriminated(schema, value)
        if named is not None:
            parts.extend(self._parts(named, value))
            return parts
        typed = [branch for branch in branches if _fits_type(self._types(branch), value)
                 and (not isinstance(value, dict) or self._required(branch) <= value.keys())]
        if len(typed) == 1:  # the usual `oneOf: [X, null]`, or one branch whose required fields are there
            fitting: str | None = typed[0]
        else:
            fitting = next((branch for branch in typed if self._validator(branch).is_valid(value)), None)
        if fitting is not None:
            parts.extend(self._parts(fitting, value))
        return parts

    def _required(self, pointer: str) -> frozenset[str]:
        """The properties a schema and its `allOf` require."""
        found = self._required_sets.get(pointer)
        if found is None:
            target, schema = self._node(pointer)
            found = frozenset(schema.get("required", [])).union(
                *(self._required(f"{target}/allOf/{i}") for i in range(len(schema.get("allOf", [])))))
            self._required_sets[pointer] = found
        return found

    def _types(self, pointer: str) -> frozenset[str] | None:
        """The JSON types a schema allows, as far as its `type`, `nullable` and `allOf` say; None: any."""
        found = self._type_sets.get(pointer)
        if pointer not in self._type_sets:
            target, schema = self._node(pointer)
            if "type" in schema:
                found = frozenset({schema["type"], "null"} if schema.get("nullable") else {schema["type"]})
            else:
                found = next((t for i in range(len(schema.get("allOf", [])))
                              if (t := self._types(f"{target}/allOf/{i}")) is not None), None)
                if found is not None and schema.get("nullable"):
                    found = found | {"null"}
            self._type_sets[pointer] = found
        return found

    # --- the document ----------------------------------------------------------------------------------

    def _node(self, pointer: str) -> tuple[str, Mapping[str, Any]]:
        """The schema at `pointer`, `$ref`s followed, and its own pointer."""
        found = self._nodes.get(pointer)
        if found is None:
            target, node = pointer, self._document_at(pointer)
            while "$ref" in node:
                target = _local(node["$ref"])
                node = self._document_at(target)
            found = self._nodes[pointer] = (target, node)
        return found

    def example(self, name: str) -> Any:
        """The value of one of the spec's examples (`components/examples`)."""
        return self._document_at(f"/components/examples/{_escape(name)}")["value"]

    def _document_at(self, pointer: str) -> dict[str, Any]:
        node = self._at(pointer)
        if not isinstance(node, dict):
            raise TypeError(f"no object at {pointer}")
        return node

    def _list_at(self, pointer: str) -> list[Any]:
        node = self._at(pointer)
        if not isinstance(node, list):
            raise TypeError(f"no list at {pointer}")
        return node

    def _at(self, pointer: str) -> Any:
        node: Any = self._document
        for segment in pointer.split("/")[1:]:
            segment = segment.replace("~1", "/").replace("~0", "~")
            node = node[int(segment)] if isinstance(node, list) else node[segment]
        return node

    def _validator(self, pointer: str) -> Any:
        validator = self._validators.get(pointer)
        if validator is None:
            reference = {"$ref": f"{_BASE_URI}#{quote(pointer)}"}
            validator = self._validators[pointer] = OAS30Validator(reference, registry=self._registry)
        return validator


def has_field(value: Any, field: str) -> bool:
    """Whether `value` has `field`, a path as `Spec.check` writes it (`items[].resume.id`: in any item)."""
    head, _, rest = field.partition(".")
    many = head.endswith("[]")
    name = head.removesuffix("[]")
    if not isinstance(value, dict) or name not in value:
        return False
    inner = value[name]
    if not many:
        return not rest or has_field(inner, rest)
    return isinstance(inner, list) and any(not rest or has_field(item, rest) for item in inner)


def _described(error: Any) -> list[str]:
    """A validator's error as lines a person can act on: a `oneOf`/`anyOf` that nothing fits is told by the errors of
    its closest branch (of those of the value's type, the one with the fewest)."""
    if not error.context:
        message = error.message if len(error.message) <= _MESSAGE_MAX else error.message[:_MESSAGE_MAX] + "…"
        return [f"{error.json_path}: {message}"]
    branches: dict[Any, list[Any]] = {}
    for inner in error.context:
        branches.setdefault(inner.relative_schema_path[0], []).append(inner)
    same_type = [errors for errors in branches.values() if not any(_of_another_type(inner) for inner in errors)]
    closest = min(same_type or list(branches.values()), key=len)
    return [line for inner in closest for line in _described(inner)]


def _of_another_type(error: Any) -> bool:
    return error.validator in ("type", "enum") and not error.relative_path


def _fits_type(types: frozenset[str] | None, value: Any) -> bool:
    if types is None:
        return True
    if value is None:
        return "null" in types
    if isinstance(value, bool):
        return "boolean" in types
    if isinstance(value, int):
        return bool(types & {"integer", "number"})
    kind = {dict: "object", list: "array", str: "string", float: "number"}.get(type(value))
    return kind in types


def _discriminated(schema: Mapping[str, Any], value: Any) -> str | None:
    """The pointer of the schema a discriminator names for `value`, as the validator picks it."""
    discriminator = schema.get("discriminator")
    if discriminator is None or not isinstance(value, dict):
        return None
    named = value.get(discriminator["propertyName"])
    if not isinstance(named, str) or not named:
        return None
    return _local(discriminator.get("mapping", {}).get(named) or f"#/components/schemas/{named}")


def _local(reference: str) -> str:
    if not reference.startswith("#/"):
        raise ValueError(f"only local references are expected in the spec: {reference}")
    return reference[1:]


@functools.cache
def hh_spec() -> Spec:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with SPEC_FILE.open(encoding="utf-8") as file:
        return Spec(yaml.load(file, Loader=loader))  # a safe loader, C or Python
