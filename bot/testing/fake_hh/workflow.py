"""A vacancy's negotiation workflow: collections, employer states and the actions between them.

hh.ru says action ids, collections and states vary by employer and vacancy; a test can give a
vacancy its own workflow (`Workflow.with_action`, `Workflow.from_json`) to prove a client builds
its buttons from the `actions` list and never from a fixed set.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .words import Language, WorkflowWords, words


@dataclass(frozen=True)
class ArgumentSpec:
    id: str
    required: bool = False
    required_arguments: tuple[str, ...] = ()


@dataclass(frozen=True)
class TemplateSpec:
    id: str
    name: str
    quick: bool = False


@dataclass(frozen=True)
class ActionSpec:
    """One action. `collection` is the URL segment (`PUT /negotiations/{collection}/{nid}`) and
    where the negotiation goes; `resulting_state` None means the employer state stays."""

    id: str
    name: str
    collection: str
    resulting_state: str | None
    applicant_state: str | None = None
    arguments: tuple[ArgumentSpec, ...] = ()
    templates: tuple[TemplateSpec, ...] = ()
    enabled: bool = True
    hidden: bool = False
    invites: bool = False

    def argument(self, argument_id: str) -> ArgumentSpec | None:
        return next((a for a in self.arguments if a.id == argument_id), None)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ActionSpec:
        action_id = str(data["id"])
        collection = str(data.get("collection", action_id))
        resulting = data.get("resulting_state", collection)
        return cls(
            id=action_id,
            name=str(data.get("name", action_id)),
            collection=collection,
            resulting_state=None if resulting is None else str(resulting),
            applicant_state=data.get("applicant_state"),
            arguments=tuple(_argument_from_json(a) for a in data.get("arguments", ())),
            templates=tuple(
                TemplateSpec(str(t["id"]), str(t.get("name", t["id"])), bool(t.get("quick", False)))
                for t in data.get("templates", ())
            ),
            enabled=bool(data.get("enabled", True)),
            hidden=bool(data.get("hidden", False)),
            invites=bool(data.get("invites", False)),
        )


@dataclass(frozen=True)
class NamedItem:
    id: str
    name: str


@dataclass(frozen=True)
class Workflow:
    collections: tuple[NamedItem, ...]
    states: tuple[NamedItem, ...]
    state_collections: Mapping[str, str]
    actions: Mapping[str, tuple[ActionSpec, ...]]
    initial_state: str = "response"
    applicant_decline_state: str | None = None
    collection_order_types: tuple[NamedItem, ...] = field(default=(NamedItem("created_at", "по дате создания"),))

    def __post_init__(self) -> None:
        collection_ids = {c.id for c in self.collections}
        state_ids = {s.id for s in self.states}
        if self.initial_state not in state_ids:
            raise ValueError(f"initial state {self.initial_state!r} is not a state")
        for state_id, collection_id in self.state_collections.items():
            if state_id not in state_ids or collection_id not in collection_ids:
                raise ValueError(f"state {state_id!r} -> collection {collection_id!r} is unknown")
        for state_id in state_ids:
            if state_id not in self.state_collections:
                raise ValueError(f"state {state_id!r} belongs to no collection")
        for from_state, actions in self.actions.items():
            if from_state not in state_ids:
                raise ValueError(f"actions from unknown state {from_state!r}")
            for action in actions:
                if action.collection not in collection_ids:
                    raise ValueError(f"action {action.id!r} goes to unknown collection")
                if action.resulting_state is not None and action.resulting_state not in state_ids:
                    raise ValueError(f"action {action.id!r} leads to unknown state")

    def collection_of(self, state_id: str) -> str:
        return self.state_collections[state_id]

    def collection(self, collection_id: str) -> NamedItem | None:
        return next((c for c in self.collections if c.id == collection_id), None)

    def state_name(self, state_id: str) -> str:
        return next((s.name for s in self.states if s.id == state_id), state_id)

    def actions_from(self, state_id: str) -> tuple[ActionSpec, ...]:
        return self.actions.get(state_id, ())

    def has_url_segment(self, segment: str) -> bool:
        return any(a.collection == segment for acts in self.actions.values() for a in acts)

    def template_ids(self) -> set[str]:
        return {t.id for acts in self.actions.values() for a in acts for t in a.templates}

    def with_action(
        self,
        from_states: str | Iterable[str],
        action: ActionSpec | Mapping[str, Any],
        stage_name: str | None = None,
    ) -> Workflow:
        """A copy where `action` is offered from `from_states`; a collection/state the action
        leads to that does not exist yet is added, named `stage_name` (or the action's name)."""
        spec = action if isinstance(action, ActionSpec) else ActionSpec.from_json(action)
        states_from = (from_states,) if isinstance(from_states, str) else tuple(from_states)
        collections = self.collections
        states = self.states
        state_collections = dict(self.state_collections)
        name = stage_name or spec.name
        if all(c.id != spec.collection for c in collections):
            collections = (*collections, NamedItem(spec.collection, name))
        if spec.resulting_state is not None and all(s.id != spec.resulting_state for s in states):
            states = (*states, NamedItem(spec.resulting_state, name))
            state_collections[spec.resulting_state] = spec.collection
        actions = dict(self.actions)
        for state_id in states_from:
            kept = tuple(a for a in actions.get(state_id, ()) if a.id != spec.id)
            actions[state_id] = (*kept, spec)
        return replace(
            self,
            collections=collections,
            states=states,
            state_collections=state_collections,
            actions=actions,
        )

    @classmethod
    def from_json(cls, data: Mapping[str, Any], language: Language = "ru") -> Workflow:
        """Either a full definition (`collections`, `states`, `state_collections`, `actions`)
        or the default one; then `extra_actions: {from_state: [action, ...]}` on top."""
        if "collections" in data:
            workflow = cls(
                collections=tuple(NamedItem(c["id"], c["name"]) for c in data["collections"]),
                states=tuple(NamedItem(s["id"], s["name"]) for s in data["states"]),
                state_collections=dict(data["state_collections"]),
                actions={
                    state: tuple(ActionSpec.from_json(a) for a in acts)
                    for state, acts in data.get("actions", {}).items()
                },
                initial_state=data.get("initial_state", "response"),
                applicant_decline_state=data.get("applicant_decline_state"),
            )
        else:
            workflow = default_workflow(language)
        for from_state, actions in data.get("extra_actions", {}).items():
            for action in actions:
                workflow = workflow.with_action(from_state, action, action.get("stage_name"))
        return workflow


def _argument_from_json(data: Mapping[str, Any]) -> ArgumentSpec:
    needed = tuple(str(r["id"]) if isinstance(r, Mapping) else str(r) for r in data.get("required_arguments", ()))
    return ArgumentSpec(str(data["id"]), bool(data.get("required", False)), needed)


_MESSAGE = ArgumentSpec("message")
_SEND_SMS = ArgumentSpec("send_sms", required_arguments=("message",))
_ADDRESS = ArgumentSpec("address_id", required_arguments=("message",))


def _template(said: WorkflowWords, template_id: str) -> TemplateSpec:
    return TemplateSpec(template_id, said.templates[template_id])


def _invitation(said: WorkflowWords) -> ActionSpec:
    return ActionSpec(
        id="invitation",
        name=said.actions["invitation"],
        collection="interview",
        resulting_state="interview",
        applicant_state="invitation",
        arguments=(ArgumentSpec("message", required=True), _SEND_SMS, _ADDRESS),
        templates=(_template(said, "invite_after_response"),),
        invites=True,
    )


def _phone_interview(said: WorkflowWords) -> ActionSpec:
    return ActionSpec(
        id="phone_interview",
        name=said.actions["phone_interview"],
        collection="phone_interview",
        resulting_state="phone_interview",
        applicant_state="invitation",
        arguments=(_MESSAGE, _SEND_SMS),
        templates=(_template(said, "invite"),),
        invites=True,
    )


def _hold(said: WorkflowWords) -> ActionSpec:
    return ActionSpec(id="hold", name=said.actions["hold"], collection="consider", resulting_state="consider")


def _discard(said: WorkflowWords, template_id: str) -> ActionSpec:
    return ActionSpec(
        id="discard_by_employer",
        name=said.actions["discard_by_employer"],
        collection="discard_by_employer",
        resulting_state="discard_by_employer",
        applicant_state="discard",
        arguments=(_MESSAGE,),
        templates=(_template(said, template_id),),
    )


def _simple_move(said: WorkflowWords, action_id: str) -> ActionSpec:
    return ActionSpec(
        id=action_id,
        name=said.actions[action_id],
        collection=action_id,
        resulting_state=action_id,
        applicant_state="invitation",
        arguments=(_MESSAGE, _SEND_SMS),
        templates=(_template(said, action_id),),
    )


def default_workflow(language: Language = "ru") -> Workflow:
    """hh.ru's usual stages and actions, named in `language`."""
    said = words(language).workflow
    discard_after_response = _discard(said, "discard_after_response")
    discard_after_interview = _discard(said, "discard_after_interview")
    offer = _simple_move(said, "offer")
    hired = _simple_move(said, "hired")
    restore = ActionSpec(
        id="restore",
        name=said.actions["restore"],
        collection="response",
        resulting_state="response",
        hidden=True,
    )
    states = (
        *(NamedItem(stage_id, state_name) for stage_id, _, state_name in said.stages),
        NamedItem("discard_by_applicant", said.declined_by_applicant),
    )
    state_collections = {stage_id: stage_id for stage_id, _, _ in said.stages}
    state_collections["discard_by_applicant"] = "discard_by_employer"
    return Workflow(
        collections=tuple(NamedItem(stage_id, name) for stage_id, name, _ in said.stages),
        states=states,
        state_collections=state_collections,
        actions={
            "response": (_invitation(said), _phone_interview(said), _hold(said), discard_after_response),
            "consider": (_invitation(said), _phone_interview(said), discard_after_response),
            "phone_interview": (_invitation(said), discard_after_response),
            "interview": (offer, discard_after_interview),
            "offer": (hired, discard_after_interview),
            "discard_by_employer": (restore,),
            "discard_by_applicant": (restore,),
        },
        applicant_decline_state="discard_by_applicant",
        collection_order_types=(NamedItem("created_at", said.by_creation_date),),
    )
