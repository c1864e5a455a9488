"""`FakeHH`: a strict fake of hh.ru (API + OAuth site) on 127.0.0.1, driven from Python."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import TracebackType
from typing import TYPE_CHECKING

from aiohttp import web
from aiohttp.typedefs import Middleware

from .actions import perform_action
from .api import add_api_routes
from .chats import ChatMessageView, add_system_entry, chat_message_id, sync
from .clock import FakeClock
from .context import BACKEND_KEY, Backend
from .controls import add_control_routes
from .handles import (
    ApplicantUser,
    EmployerUser,
    ManagerAccount,
    MessageView,
    Negotiation,
    NegotiationView,
    TokenInfo,
    Vacancy,
)
from .manager_account_controls import ManagerAccountControls, account_handle, account_user
from .messaging import add_message, read_messages
from .middleware import fake_hh_middleware
from .oauth import add_oauth_routes
from .records import ChatMessageIds, FileGate, FileSpec, KeyReuse, NegotiationRecord, Side, UserRecord
from .render import vacancy_counters
from .resume_files import resume_bytes
from .rules import available_action, ensure_usable, messaging_status
from .settings import LegacyOrder, Settings
from .site_pages import add_site_routes
from .state import UnknownObjectError, World
from .tokens import TokenRecord, TokenStore
from .traffic import Fault, OverRate, RequestRecord, Stats, Traffic
from .webhooks import (
    BLOCK_AFTER,
    RETRY_PAUSES,
    TIMEOUT,
    WEBHOOKS_KEY,
    DeliveryAttempt,
    DeliveryFaults,
    WebhookEventView,
    Webhooks,
    WebhookSubscriptionView,
)
from .words import Language
from .workflow import Workflow, default_workflow

if TYPE_CHECKING:
    from .spec_check import SpecGuard, Violation

UserRef = str | EmployerUser | ApplicantUser
NegotiationRef = str | Negotiation
VacancyRef = str | Vacancy


class FakeHH(ManagerAccountControls):
    def __init__(
        self,
        *,
        client_id: str = "test-client",
        client_secret: str = "test-secret",
        redirect_uri: str = "http://127.0.0.1:8080/oauth/callback",
        clock: Callable[[], float] | None = None,
        site_url: str = "https://hh.ru",
        token_ttl: int = 1_209_600,
        code_ttl: int = 600,
        message_max_length: int = 2000,
        in_a_row_limit: int = 5,
        rate_limit_per_second: float | None = None,
        webhook_timeout: float = TIMEOUT,
        webhook_retry_pauses: tuple[float, ...] = RETRY_PAUSES,
        webhook_block_after: int = BLOCK_AFTER,
        validate: bool = False,
        spec_minimal: bool = False,
        language: Language = "ru",
    ) -> None:
        """`validate`: every JSON answer is checked against hh.ru's spec (`openapi.yml`) and what breaks it is kept in
        `spec_violations`. `spec_minimal`: answers carry only what the spec requires, nothing it marks optional.
        `language`: what people read (action, stage and template names, templates, the site's pages), as hh.ru's
        Russian or English interface shows it."""
        self._settings = Settings(
            client_id=client_id,
            client_secret=client_secret,
            redirect_uri=redirect_uri,
            site_url=site_url,
            token_ttl=token_ttl,
            code_ttl=code_ttl,
            message_max_length=message_max_length,
            in_a_row_limit=in_a_row_limit,
            language=language,
        )
        self._clock = FakeClock(clock)
        self._world = World(self._clock, self._settings)
        self._tokens = TokenStore(self._clock, self._settings)
        self._traffic = Traffic(rate_limit_per_second=rate_limit_per_second)
        self._webhooks = Webhooks(self._world, self._clock, timeout=webhook_timeout, retry_pauses=webhook_retry_pauses,
                                  block_after=webhook_block_after)
        self._runner: web.AppRunner | None = None
        self._base_url: str | None = None
        self._spec_guard = _spec_guard(validate, spec_minimal)
        self.spec_minimal = spec_minimal
        """Whether answers carry only what hh.ru's spec requires (tests expect less of what the bot can show)."""

    # --- server ---------------------------------------------------------------------------

    def create_app(self) -> web.Application:
        middlewares: list[Middleware] = [fake_hh_middleware]
        if self._spec_guard is not None:
            middlewares.insert(0, self._spec_guard.middleware())
        app = web.Application(middlewares=middlewares)
        app[BACKEND_KEY] = Backend(self._settings, self._clock, self._world, self._tokens, self._traffic)
        app[WEBHOOKS_KEY] = self._webhooks
        add_oauth_routes(app)
        add_api_routes(app)
        add_control_routes(app, self)
        add_site_routes(app)
        return app

    async def start(self) -> str:
        if self._runner is not None:
            raise RuntimeError("the fake hh.ru is already running")
        runner = web.AppRunner(self.create_app(), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        self._runner = runner
        await self._webhooks.start()
        port = runner.addresses[0][1]
        self._base_url = f"http://127.0.0.1:{port}"
        return self._base_url

    async def close(self) -> None:
        for gate in self._world.file_gates:
            gate.release()
        await self._webhooks.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeHH:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def base_url(self) -> str:
        if self._base_url is None:
            raise RuntimeError("the fake hh.ru is not started")
        return self._base_url

    # --- settings that tests change -------------------------------------------------------

    @property
    def redirect_uri(self) -> str:
        return self._settings.redirect_uri

    @redirect_uri.setter
    def redirect_uri(self, value: str) -> None:
        self._settings.redirect_uri = value

    @property
    def language(self) -> Language:
        """What people read on this hh.ru: "ru" or "en"."""
        return self._settings.language

    @property
    def latency(self) -> float:
        return self._traffic.latency

    @latency.setter
    def latency(self, seconds: float) -> None:
        self._traffic.latency = seconds

    @property
    def over_rate(self) -> OverRate:
        """What a request past `rate_limit_per_second` gets: "429", or "captcha" for its account."""
        return self._traffic.over_rate

    @over_rate.setter
    def over_rate(self, answer: OverRate) -> None:
        self._traffic.over_rate = answer

    @property
    def chat_message_ids(self) -> ChatMessageIds:
        """"growing" numbers, or "shrinking" ones (and reads from a message leave it out), from now on."""
        return self._world.chat_book.message_ids

    @chat_message_ids.setter
    def chat_message_ids(self, kind: ChatMessageIds) -> None:
        self._world.chat_book.message_ids = kind

    @property
    def chat_key_reuse(self) -> KeyReuse:
        """What a chat post with a used idempotency key gets: "conflict" (409) or "bad_request" (400)."""
        return self._world.chat_book.key_reuse

    @chat_key_reuse.setter
    def chat_key_reuse(self, answer: KeyReuse) -> None:
        self._world.chat_book.key_reuse = answer

    @property
    def files_url(self) -> str | None:
        """Where the addresses of resume files point: None (the default), the API's own host, as openapi.yml's
        examples show; else this base, as `{files_url}/api_resume_converter/…` (hh.ru's own pages show hh.ru)."""
        return self._settings.files_url

    @files_url.setter
    def files_url(self, base: str | None) -> None:
        self._settings.files_url = base

    @property
    def legacy_order(self) -> LegacyOrder:
        """How the legacy messages pages list messages: "oldest_first" or "newest_first"."""
        return self._settings.legacy_order

    @legacy_order.setter
    def legacy_order(self, order: LegacyOrder) -> None:
        self._settings.legacy_order = order

    @property
    def rate_limit_per_second(self) -> float | None:
        return self._traffic.rate_limit_per_second

    @rate_limit_per_second.setter
    def rate_limit_per_second(self, limit: float | None) -> None:
        self._traffic.rate_limit_per_second = limit

    # --- time -----------------------------------------------------------------------------

    def now(self) -> float:
        return self._clock.now()

    def advance(self, seconds: float) -> None:
        self._clock.advance(seconds)
        self.time_moved()

    def time_moved(self) -> None:
        """The injected clock jumped: deliveries that came due meanwhile go now."""
        self._webhooks.wake()

    # --- people and data ------------------------------------------------------------------

    def add_employer_user(
        self,
        first_name: str = "Ольга",
        last_name: str = "Кадрова",
        company: str = "Рога и копыта",
        paid_api: bool = True,
        *,
        middle_name: str | None = None,
        employer: EmployerUser | str | None = None,
        extra_companies: Sequence[str] = (),
    ) -> EmployerUser:
        """A manager of a new employer, or of `employer` (an EmployerUser or employer id): the primary work
        account. Each of `extra_companies` adds a work account for a new employer of that name (see
        add_manager_account); the handle's `accounts` lists them all."""
        employer_id = employer.employer_id if isinstance(employer, EmployerUser) else employer
        user = self._world.create_employer_user(first_name, last_name, middle_name, company, paid_api, employer_id)
        self.add_manager_accounts(user.id, extra_companies)
        return self._employer_handle(user)

    def add_applicant_user(
        self,
        first_name: str = "Иван",
        last_name: str = "Петров",
        middle_name: str | None = None,
        age: int | None = 29,
        city: str = "Москва",
        resume_title: str = "Python-разработчик",
        salary: tuple[int, str] | None = (250_000, "RUR"),
        experience_months: int = 62,
    ) -> ApplicantUser:
        user = self._world.create_applicant_user(
            first_name, last_name, middle_name, age, city, resume_title, salary, experience_months
        )
        return ApplicantUser(user_id=user.id, resume_id=user.resume_id or "")

    def add_vacancy(
        self,
        employer_user: EmployerUser | ManagerAccount | str,
        name: str = "Python-разработчик",
        city: str = "Москва",
        workflow: Workflow | None = None,
    ) -> Vacancy:
        """A vacancy of the user's primary work account, or of work account `employer_user`."""
        if isinstance(employer_user, ManagerAccount):
            manager = account_user(self._world, employer_user)
        else:
            manager = self._world.user(_user_id(employer_user))
        vacancy = self._world.create_vacancy(manager, name, city,
                                             workflow or default_workflow(self._settings.language))
        return Vacancy(vacancy.id)

    def add_response(
        self,
        vacancy: VacancyRef,
        applicant: ApplicantUser | str,
        cover_letter: str | None = "Здравствуйте!",
    ) -> Negotiation:
        """The applicant responds; the cover letter (maybe null) is the first message."""
        resume_id = self._resume_id(applicant)
        record = self._world.create_response(
            self._world.vacancy(_vacancy_id(vacancy)), self._world.resume(resume_id), cover_letter
        )
        return Negotiation(record.id)

    def add_message(self, negotiation: NegotiationRef, author: Side, text: str) -> str:
        """A message written on the site (no API limits apply); returns its id."""
        if author not in ("applicant", "employer"):
            raise ValueError("author is 'applicant' or 'employer'")
        return add_message(self._world, self._negotiation(negotiation), author, text).id

    def employer_action(
        self,
        negotiation: NegotiationRef,
        action_id: str,
        message: str | None = None,
        *,
        send_sms: bool | None = None,
        address_id: str | None = None,
    ) -> None:
        """The employer presses an action on the site: the API's rules, raising FakeHHError."""
        record = self._negotiation(negotiation)
        ensure_usable(self._world, record)
        action = available_action(self._world, record, action_id=action_id)
        arguments: dict[str, str] = {}
        if message is not None:
            arguments["message"] = message
        if send_sms is not None:
            arguments["send_sms"] = "true" if send_sms else "false"
        if address_id is not None:
            arguments["address_id"] = address_id
        perform_action(self._world, record, action, arguments)

    def read_on_site(self, negotiation: NegotiationRef, side: Side) -> None:
        read_messages(self._world, self._negotiation(negotiation), side)

    def set_messaging_status(self, negotiation: NegotiationRef, status: str | None) -> None:
        self._negotiation(negotiation).messaging_override = status

    def archive_vacancy(self, vacancy: VacancyRef) -> None:
        self._world.vacancy(_vacancy_id(vacancy)).archived = True

    def hide_resume(self, applicant: ApplicantUser | str) -> None:
        self._world.resume(self._resume_id(applicant)).hidden = True

    def set_resume_file(self, applicant: ApplicantUser | str, *, size: int | None = None, not_pdf: bool = False,
                        chunked: bool = False) -> None:
        """How the resume's file is answered: a PDF of at least `size` bytes, a page of HTML instead (`not_pdf`), or
        without `Content-Length` (`chunked`)."""
        self._world.resume(self._resume_id(applicant)).file = FileSpec(size=size, not_pdf=not_pdf, chunked=chunked)

    def resume_file(self, applicant: ApplicantUser | str) -> bytes:
        """The bytes the resume's PDF is answered with."""
        record = self._world.resume(self._resume_id(applicant))
        return resume_bytes(record, record.file)

    def hold_resume_files(self) -> FileGate:
        """Holds the next request for a resume file until the gate is released (or the fake closes):
        `await gate.reached.wait()` tells the request is being held."""
        gate = FileGate()
        self._world.file_gates.append(gate)
        return gate

    def set_action_enabled(self, negotiation: NegotiationRef, action_id: str, enabled: bool) -> None:
        record = self._negotiation(negotiation)
        workflow = self._world.vacancy_of(record).workflow
        if all(a.id != action_id for acts in workflow.actions.values() for a in acts):
            raise UnknownObjectError(f"the vacancy's workflow has no action {action_id!r}")
        record.action_enabled_overrides[action_id] = enabled

    def add_address(self, employer_user: EmployerUser | str) -> str:
        return self._world.create_address(self._employer_id(employer_user))

    def limit_invitations(self, employer_user: EmployerUser | str, limit: int | None) -> None:
        """At most `limit` invitations per 24 hours (None: no limit) → `limit_exceeded`."""
        self._world.employer(self._employer_id(employer_user)).invitation_limit = limit

    def set_paid_services(self, employer_user: EmployerUser | str, paid: bool) -> None:
        self._world.employer(self._employer_id(employer_user)).paid_services = paid

    def set_paid_api(self, employer_user: EmployerUser | str, paid: bool) -> None:
        self._world.employer(self._employer_id(employer_user)).paid_api = paid

    def set_overall_limit(self, negotiation: NegotiationRef, limit: int | None) -> None:
        self._negotiation(negotiation).overall_limit = limit

    # --- tokens and access ----------------------------------------------------------------

    def issue_tokens(self, user: UserRef) -> TokenInfo:
        """A token pair as if `user` had just completed the OAuth flow."""
        return _token_info(self._tokens.issue(self._world.user(_user_id(user)).id))

    def expire_tokens(self, user: UserRef) -> None:
        self._tokens.expire_user(_user_id(user))

    def revoke_tokens(self, user: UserRef) -> None:
        """The user revokes the application's access: its tokens die, and hh.ru deletes its webhook subscription."""
        self._tokens.revoke_user(_user_id(user))
        self._webhooks.remove(_user_id(user), "deleted")

    def deactivate_tokens(self, user: UserRef) -> None:
        self._tokens.deactivate_user(_user_id(user))

    def tokens_of(self, user: UserRef) -> list[TokenInfo]:
        return [_token_info(t) for t in self._tokens.for_user(_user_id(user))]

    def consent(self, user: UserRef | None, allow: bool = True) -> None:
        """Who the browser at /oauth/authorize is logged in as (None: nobody), and their answer."""
        self._world.consent_user = None if user is None else self._world.user(_user_id(user)).id
        self._world.consent_allow = allow

    def preselect_sign_in(self, choice: Callable[[str | None], UserRef | None] | None) -> None:
        """Which account hh.ru's sign-in form pre-selects, by the `state` of the authorize request (as a browser
        already signed in to hh.ru shows it); None, or a choice of None: the first account."""
        if choice is None:
            self._world.sign_in_choice = None
            return

        def chosen(state: str | None) -> str | None:
            user = choice(state)
            return None if user is None else _user_id(user)

        self._world.sign_in_choice = chosen

    def deny_applicant_api(self, deny: bool = True) -> None:
        self._world.applicant_api_denied = deny

    def require_captcha(self, user: UserRef) -> None:
        self._world.captcha_users.add(_user_id(user))

    def solve_captcha(self, user: UserRef) -> None:
        self._world.captcha_users.discard(_user_id(user))

    def captcha_required(self, user: UserRef) -> bool:
        """Whether the user's calls answer `captcha_required` until they solve it."""
        return _user_id(user) in self._world.captcha_users

    def vacancy_counters(self, vacancy: VacancyRef) -> dict[str, int]:
        """The `counters` the active vacancies list shows for the vacancy now."""
        return vacancy_counters(self._world, self._world.vacancy(_vacancy_id(vacancy)))

    # --- webhooks -------------------------------------------------------------------------

    def webhook_subscriptions(self, user: UserRef | None = None) -> list[WebhookSubscriptionView]:
        return self._webhooks.view(None if user is None else _user_id(user))

    def deny_webhooks(self, user: UserRef, deny: bool = True) -> None:
        """The Webhook API answers 403 to this employer's manager (not available to them)."""
        denied = self._webhooks.denied_users
        denied.add(_user_id(user)) if deny else denied.discard(_user_id(user))

    def refuse_webhook_action(self, action_type: str, refuse: bool = True) -> None:
        """Subscribing to `action_type` answers 400 `bad_argument` naming it (a type hh.ru does not offer yet)."""
        refused = self._webhooks.refused_actions
        refused.add(action_type) if refuse else refused.discard(action_type)

    def drop_webhook_subscription(self, user: UserRef, reason: str = "deleted") -> None:
        """hh.ru deletes or ("blocked") blocks the user's subscription: it is no longer listed, nothing is sent."""
        if reason not in ("deleted", "blocked"):
            raise ValueError("reason is 'deleted' or 'blocked'")
        self._webhooks.remove(_user_id(user), reason)

    def add_webhook_subscription(self, user: UserRef, url: str, actions: Sequence[str]) -> WebhookSubscriptionView:
        """A subscription as if the user had POSTed it (for the benchmark's large worlds: no request per user)."""
        record = self._webhooks.subscribe(self._world.user(_user_id(user)), url, dict.fromkeys(actions, False))
        return WebhookSubscriptionView(record.id, record.user_id, record.url, tuple(record.actions))

    def webhook_faults(self, *, lose: int = 0, duplicate: int = 0, late: int = 0, late_by: float = 0.0,
                       lose_ratio: float = 0.0, duplicate_ratio: float = 0.0, seed: int = 0) -> None:
        """Lost, duplicated and late deliveries from now on (see DeliveryFaults); no arguments: none."""
        self._webhooks.set_faults(DeliveryFaults(lose, duplicate, late, late_by, lose_ratio, duplicate_ratio, seed))

    def webhook_events(self, user: UserRef | None = None) -> list[WebhookEventView]:
        return [event for event in self._webhooks.events if user is None or event.user_id == _user_id(user)]

    def webhook_attempts(self, user: UserRef | None = None) -> list[DeliveryAttempt]:
        return [attempt for attempt in self._webhooks.attempts if user is None or attempt.user_id == _user_id(user)]

    def removed_webhook_subscriptions(self) -> list[tuple[WebhookSubscriptionView, str]]:
        return list(self._webhooks.removed)

    @property
    def webhooks_idle(self) -> bool:
        """No delivery being sent or due now."""
        return self._webhooks.idle

    # --- chats (Chats API) -----------------------------------------------------------------

    def enable_chats(self, for_new_responses: bool = True, ready_after: float = 0.0) -> None:
        """New responses get a chat (their negotiations carry `chat_id`), answering 425 for `ready_after` s."""
        self._world.chat_book.for_new_responses = for_new_responses
        self._world.chat_book.ready_delay = ready_after

    def open_chat(self, negotiation: NegotiationRef, ready_after: float | None = None) -> str:
        """Gives a negotiation a chat (one the bot may have read the legacy way so far); returns the chat id."""
        chat = self._world.open_chat(self._negotiation(negotiation))
        if ready_after is not None:
            chat.ready_at = chat.created_at + ready_after
        return chat.id

    def chat_id_of(self, negotiation: NegotiationRef) -> str | None:
        chat = self._negotiation(negotiation).chat
        return None if chat is None else chat.id

    def refuse_chats(self, status: int | None, method: str | None = None) -> None:
        """Every Chats API method (or only `method`) answers `status` (404 or 405); None: they work again."""
        if status not in (None, 404, 405):
            raise ValueError("status is 404, 405 or None")
        self._world.chat_book.refusal_status = status
        self._world.chat_book.refusal_method = method.upper() if method else None

    def block_chat_writing(self, negotiation: NegotiationRef, reason: str | None) -> None:
        """`write_message_state` becomes `{allowed: false, reason}` (None: allowed again)."""
        self._world.open_chat(self._negotiation(negotiation)).write_block = reason

    def lose_chat_answers(self, count: int = 1, then_unavailable: int = 0) -> None:
        """The next `count` chat posts are done, but the connection drops before the answer (a timeout); after
        each, the next `then_unavailable` posts to that chat answer 503 (hh.ru still down)."""
        self._world.chat_book.lost_answers = count
        self._world.chat_book.unavailable_after_lost = then_unavailable

    def add_message_after_next_chat_read(self, negotiation: NegotiationRef, author: Side, text: str) -> None:
        """Right after the next read of the negotiation's chat is answered, `author` writes `text` (on the site)."""
        chat = self._world.open_chat(self._negotiation(negotiation))
        self._world.chat_book.after_next_read.setdefault(chat.id, []).append((author, text))

    def used_chat_keys(self, user: UserRef) -> set[str]:
        """The idempotency keys of the user's chat posts that hh.ru took."""
        return set(self._world.chat_book.used_keys.get(_user_id(user), set()))

    def add_chat_system_message(self, negotiation: NegotiationRef, kind: str = "PARTICIPANT_LEFT",
                                side: Side = "employer") -> str:
        return add_system_entry(self._world, self._negotiation(negotiation), kind, side)

    def chat_messages(self, negotiation: NegotiationRef) -> list[ChatMessageView]:
        record = self._negotiation(negotiation)
        chat = sync(self._world, record)
        if chat is None:
            return []
        return [ChatMessageView(entry.id, entry.type, entry.side, entry.message.text if entry.message else None,
                                entry.message.id if entry.message else None) for entry in chat.entries]

    def chat_message_id(self, negotiation: NegotiationRef, message_id: str) -> str | None:
        """The chat message id of the negotiation message `message_id` (a legacy id)."""
        record = self._negotiation(negotiation)
        message = next((m for m in record.messages if m.id == message_id), None)
        return None if message is None else chat_message_id(self._world, record, message)

    # --- faults ---------------------------------------------------------------------------

    def inject(self, fault: Fault) -> None:
        self._traffic.inject(fault)

    def clear_faults(self, user: UserRef | None = None) -> None:
        """Every pending fault, or only those injected for `user` (`Fault(user_id=...)`)."""
        self._traffic.clear_faults(None if user is None else _user_id(user))

    # --- observation ----------------------------------------------------------------------

    @property
    def requests(self) -> list[RequestRecord]:
        return list(self._traffic.records)

    def calls(
        self,
        user_id: str | None = None,
        method: str | None = None,
        path_prefix: str | None = None,
    ) -> list[RequestRecord]:
        return [
            r
            for r in self._traffic.records
            if (user_id is None or r.user_id == user_id)
            and (method is None or r.method == method.upper())
            and (path_prefix is None or r.path.startswith(path_prefix))
        ]

    def clear_requests(self) -> None:
        self._traffic.records.clear()

    @property
    def stats(self) -> Stats:
        return self._traffic.stats

    def negotiation(self, negotiation: NegotiationRef) -> NegotiationView:
        record = self._negotiation(negotiation)
        return NegotiationView(
            negotiation_id=record.id,
            state=record.applicant_state,
            employer_state=record.employer_state,
            collection=record.collection,
            has_updates_employer=record.has_updates_employer,
            has_updates_applicant=record.has_updates_applicant,
            hidden=record.hidden,
            messaging_status=messaging_status(self._world, record),
            updated_at=record.updated_at,
            messages=tuple(
                MessageView(m.id, m.author, m.text, m.state, m.viewed_by_employer, m.viewed_by_applicant)
                for m in record.messages
            ),
            vacancy_id=record.vacancy_id,
        )

    @property
    def spec_violations(self) -> list[Violation]:
        """The answers that broke hh.ru's spec so far (`validate=True`; else always empty)."""
        return [] if self._spec_guard is None else list(self._spec_guard.violations)

    def take_spec_violations(self) -> list[Violation]:
        """The answers that broke hh.ru's spec so far, forgotten: a test that breaks it on purpose takes them."""
        taken = self.spec_violations
        if self._spec_guard is not None:
            self._spec_guard.violations.clear()
        return taken

    # --- helpers --------------------------------------------------------------------------

    def _negotiation(self, negotiation: NegotiationRef) -> NegotiationRecord:
        key = negotiation.negotiation_id if isinstance(negotiation, Negotiation) else negotiation
        return self._world.negotiation(key)

    def _resume_id(self, applicant: ApplicantUser | str) -> str:
        """An ApplicantUser, a resume id or an applicant's user id."""
        if isinstance(applicant, ApplicantUser):
            return applicant.resume_id
        if applicant in self._world.resumes:
            return applicant
        resume_id = self._world.user(applicant).resume_id
        if resume_id is None:
            raise UnknownObjectError(f"user {applicant} has no resume")
        return resume_id

    def _employer_id(self, employer_user: EmployerUser | str) -> str:
        if isinstance(employer_user, EmployerUser):
            return employer_user.employer_id
        if employer_user in self._world.employers:
            return employer_user
        user = self._world.user(employer_user)
        if user.employer_id is None:
            raise UnknownObjectError(f"user {employer_user} is not an employer's manager")
        return user.employer_id

    def _employer_handle(self, user: UserRecord) -> EmployerUser:
        employer = self._world.employer(user.employer_id or "")
        accounts = tuple(account_handle(self._world, a) for a in self._world.accounts_of(user.id))
        primary = next(a.account_id for a in accounts if a.primary)
        return EmployerUser(user.id, employer.id, user.manager_id or "", employer.name, primary, accounts)


def _spec_guard(validate: bool, minimal: bool) -> SpecGuard | None:
    """Loaded only when asked for: the spec and its validator are test dependencies (pyproject's `test` extra)."""
    if not (validate or minimal):
        return None
    from .spec_check import SpecGuard

    return SpecGuard(validate=validate, minimal=minimal)


def _user_id(user: UserRef) -> str:
    return user if isinstance(user, str) else user.user_id


def _vacancy_id(vacancy: VacancyRef) -> str:
    return vacancy.vacancy_id if isinstance(vacancy, Vacancy) else vacancy


def _token_info(record: TokenRecord) -> TokenInfo:
    return TokenInfo(
        access_token=record.access_token,
        refresh_token=record.refresh_token,
        expires_at=record.expires_at,
        refreshed=record.status == "refreshed",
        invalidated=record.status == "invalidated",
        revoked=record.status == "revoked",
        deactivated=record.status == "deactivated",
    )
