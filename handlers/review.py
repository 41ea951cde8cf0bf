"""Reviewers' decisions from Slack's review form: one account, a message's author, a whole cluster.

Ways in, all ending in `services.flags.record_flags` / `record_cluster_flag`
(history only grows: a decision is never updated or deleted; `/cib flag` and
`/cib unflag` are typed decisions, in handlers.flag_commands):

- Flag / Benign / Watch on a verdict card or in the App Home queue, and the
  "Flag author with cibwatch" message shortcut, open the review form (a
  modal). Trigger ids expire 3 seconds after the click, so the modal is
  opened at once: straight with the form when nothing slow is needed and
  the clicker is known to be a reviewer, else as a light "loading" modal that
  `views.update` fills once the reviewer check and the look-ups are done.
- "Flag whole cluster" opens a form showing how many accounts it covers;
  the form carries the cluster's identity (id, the sweep that found it, a
  digest of its member ids), and any difference on submit records nothing,
  so a sweep in between cannot make one decision cover other accounts than
  the reviewer confirmed.
- On submit the decision is recorded, then the card it came from is updated
  in place (`chat.update`, or its response_url when the card was
  ephemeral), or the App Home is published again.

Only reviewers (handlers.reviewers) may flag; anyone else is told so,
ephemerally, and the attempt is logged. Each submission records under a key
made from its trigger id, the user, the target and the label: a replayed request (its signature stays valid for 5 minutes) is told
that nothing more was recorded. The form's `private_metadata`
carries a `ReviewRequest`: what the form is about and where to answer.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View
from slack_sdk.webhook import WebhookClient

from handlers.buttons import ButtonValues, read_button
from handlers.cards import MAX_BLOCKS, fallback_text, verdict_card
from handlers.errors import UserError, explain, report
from handlers.flag_views import (
    MAX_FORM_ACCOUNTS,
    cluster_form,
    decision_context,
    decision_notice,
    decision_summary,
    flag_form,
    review_loading_modal,
    review_notice_modal,
)
from handlers.home import publish_home
from handlers.ids import Action, Callback, Field
from handlers.reviewers import NotAReviewer
from handlers.runtime import Runtime
from handlers.slack_text import find_targets
from services.checks import check_target
from services.flags import (
    ClusterIdentity,
    FlagError,
    FlagResult,
    accounts_to_flag,
    cluster_identity,
    record_cluster_flag,
    record_flags,
    request_key,
)
from storage.links import parse_target

log = logging.getLogger(__name__)

#: The decision each review button proposes (the form lets the reviewer change it).
LABEL_OF_ACTION: dict[str, str] = {
    Action.FLAG: "coordinated",
    Action.BENIGN: "benign",
    Action.WATCH: "watch",
}
#: Slack's private_metadata limit.
MAX_METADATA = 3000

Whisper = Callable[[list[Any], str], object]


class Source:
    """Where a review started, so the answer goes back there."""

    CARD = "card"  # a verdict card message: updated in place
    HOME = "home"  # the App Home queue: published again
    MESSAGE = "message"  # the "Flag author" shortcut on any message: an ephemeral note


@dataclass
class ReviewRequest:
    """What a review form is about and where its decision is reported (its private_metadata)."""

    target: str  # what the card checked ("" for a shortcut on someone's message)
    accounts: list[str] = field(default_factory=list)  # platform:@handle the form offers
    label: str = "coordinated"  # the proposed decision
    cluster_id: int | None = None
    cluster_size: int | None = None  # set: a whole-cluster decision on this many accounts
    cluster_sweep: int | None = None  # the sweep that found that cluster...
    cluster_digest: str | None = None  # ...and a digest of its member ids
    source: str = Source.CARD
    channel: str | None = None
    message_ts: str | None = None  # the card to update
    response_url: str | None = None  # for cards only the user could see
    preselect: bool = True

    def to_metadata(self) -> str:
        """Compact JSON for `private_metadata` (at most 3,000 characters)."""
        accounts = self.accounts[:MAX_FORM_ACCOUNTS]
        data: dict[str, Any] = {
            "t": self.target,  # whole: the card is redrawn by checking it again
            "a": accounts,
            "l": self.label,
            "c": self.cluster_id,
            "n": self.cluster_size,
            "cs": self.cluster_sweep,
            "cd": self.cluster_digest,
            "s": self.source,
            "ch": self.channel,
            "ts": self.message_ts,
            "ru": self.response_url,
            "p": self.preselect,
        }
        text = orjson.dumps(data).decode()
        while len(text) > MAX_METADATA and accounts:  # very long handles: offer fewer
            accounts = data["a"] = accounts[:-1]
            text = orjson.dumps(data).decode()
        while len(text) > MAX_METADATA:  # escaping made the target longer than it looks
            data["t"] = data["t"][: len(data["t"]) - (len(text) - MAX_METADATA) - 1]
            text = orjson.dumps(data).decode()
        return text

    @classmethod
    def from_metadata(cls, text: str) -> ReviewRequest:
        """The request a form carries; raises UserError for a form cibwatch cannot read."""
        try:
            data = orjson.loads(text or "")
            return cls(
                target=str(data.get("t") or ""),
                accounts=[str(a) for a in data.get("a") or []],
                label=str(data.get("l") or "coordinated"),
                cluster_id=data.get("c"),
                cluster_size=data.get("n"),
                cluster_sweep=data.get("cs"),
                cluster_digest=data.get("cd"),
                source=str(data.get("s") or Source.CARD),
                channel=data.get("ch"),
                message_ts=data.get("ts"),
                response_url=data.get("ru"),
                preselect=bool(data.get("p", True)),
            )
        except (orjson.JSONDecodeError, AttributeError, TypeError):
            raise UserError("This form is too old to read; open it again from the card.") from None

    def confirmed_cluster(self) -> ClusterIdentity:
        """The cluster the reviewer confirmed on a whole-cluster form; UserError if it does not say."""
        if (
            not isinstance(self.cluster_id, int)
            or not isinstance(self.cluster_size, int)
            or not isinstance(self.cluster_digest, str)
            or not (self.cluster_sweep is None or isinstance(self.cluster_sweep, int))
        ):
            raise UserError(
                "Nothing was recorded: this form does not say which cluster it was opened for; "
                "open it again from the card."
            )
        return ClusterIdentity(
            self.cluster_id, self.cluster_sweep, self.cluster_digest, self.cluster_size
        )


@dataclass
class Decision:
    """What the reviewer filled in."""

    accounts: list[str]
    label: str
    reason: str
    evidence_url: str | None


# ---------------------------------------------------------------------------
# Reading payloads
# ---------------------------------------------------------------------------


def request_from_click(
    body: dict[str, Any], action: dict[str, Any], kept: ButtonValues | None = None
) -> ReviewRequest:
    """The review a button click asks for: its accounts, the proposed label, where to answer."""
    card = read_button(action.get("value"), kept)
    target = card.target
    label = LABEL_OF_ACTION.get(str(action.get("action_id")), "coordinated")
    container = body.get("container") or {}
    if container.get("type") == "view":
        return ReviewRequest(target, card.accounts, label, card.cluster_id, source=Source.HOME)
    message = body.get("message") or {}
    return ReviewRequest(
        target,
        card.accounts,
        label,
        card.cluster_id,
        source=Source.CARD,
        channel=container.get("channel_id") or (body.get("channel") or {}).get("id"),
        message_ts=container.get("message_ts") or message.get("ts"),
        response_url=body.get("response_url") if container.get("is_ephemeral") else None,
        # An article's card lists the top sharers: the reviewer picks, nothing is ticked.
        preselect=_kind(target) != "article",
    )


def _kind(target: str) -> str:
    try:
        return parse_target(target).kind
    except ValueError:
        return "unknown"


def read_decision(
    request: ReviewRequest, values: dict[str, Any]
) -> tuple[Decision | None, dict[str, str]]:
    """(the decision, {}) from a submitted form's state, or (None, errors by block id)."""

    def value_of(block: str) -> dict[str, Any]:
        return (values.get(block) or {}).get(block) or {}

    label = (value_of(Field.LABEL).get("selected_option") or {}).get("value") or request.label
    reason = (value_of(Field.REASON).get("value") or "").strip()
    url = (value_of(Field.EVIDENCE).get("value") or "").strip() or None
    errors: dict[str, str] = {}
    if label not in LABEL_OF_ACTION.values():
        errors[Field.LABEL] = "Choose coordinated, benign or watch."
    if url and not re.match(r"(?i)^https?://[^\s]+$", url):
        errors[Field.EVIDENCE] = "Use an http(s) link."
    accounts: list[str] = []
    if request.cluster_size is None:
        picked = value_of(Field.ACCOUNTS).get("selected_options") or []
        for option in picked:
            index = option.get("value", "")
            if index.isdigit() and int(index) < len(request.accounts):
                accounts.append(request.accounts[int(index)])
        if not accounts:
            errors[Field.ACCOUNTS] = "Tick at least one account."
    if errors:
        return None, errors
    return Decision(accounts, label, reason, url), {}


# ---------------------------------------------------------------------------
# Opening the form
# ---------------------------------------------------------------------------


def open_review(
    runtime: Runtime,
    client: WebClient,
    *,
    user: str,
    trigger_id: str,
    whisper: Whisper | None,
    build: Callable[[], View],
    quick: bool,
    title: str = "Flag",
) -> None:
    """Refuse non-reviewers, or open the form `build()` returns. Never raises (runs after ack).

    `quick` says `build()` needs no store or Web API: then a known reviewer
    gets the form in the first `views.open`; otherwise a light modal opens
    at once and `views.update` swaps the form in from the worker pool.
    """
    access = runtime.access
    try:
        if access.known(user) is False:
            access.refuse(user, "flag")
        if quick and access.known(user):
            client.views_open(trigger_id=trigger_id, view=build())
            return
        opened = client.views_open(trigger_id=trigger_id, view=review_loading_modal(title))
    except UserError as exc:  # not a reviewer, or nothing to flag on this card
        if whisper is not None:
            report(exc, whisper)
        else:  # the App Home has no response_url: say it in a modal
            _open_notice(client, trigger_id, exc)
        return
    except Exception as exc:
        report(exc, whisper)
        return
    view_id = opened["view"]["id"]

    def work() -> None:
        try:
            access.require(client, user, "flag")
            view = build()
        except UserError as exc:
            client.views_update(view_id=view_id, view=review_notice_modal(explain(exc).text))
            if isinstance(exc, NotAReviewer) and whisper is not None:
                report(exc, whisper)
            return
        client.views_update(view_id=view_id, view=view)

    def show_error(blocks: list[Any], text: str) -> object:
        return client.views_update(view_id=view_id, view=review_notice_modal(f":warning: {text}"))

    runtime.pool.submit(work, on_error=lambda exc: report(exc, show_error))


def _open_notice(client: WebClient, trigger_id: str, error: UserError) -> None:
    try:
        client.views_open(trigger_id=trigger_id, view=review_notice_modal(explain(error).text))
    except Exception:
        log.exception("could not show a refusal")


def account_form(request: ReviewRequest) -> View:
    """The form for the accounts a card or queue button names (no look-ups needed)."""
    if not request.accounts:
        raise UserError("This card names no account in the store, so there is nothing to flag.")
    return flag_form(
        target=request.target,
        accounts=request.accounts,
        preselect=request.preselect,
        label=request.label,
        metadata=request.to_metadata(),
    )


def whole_cluster_form(runtime: Runtime, request: ReviewRequest) -> View:
    """The whole-cluster form: the target's cluster as it is now, with its member count."""
    verdict = check_target(runtime.store, request.target, resolver=runtime.resolver)
    if verdict.cluster is None:
        raise UserError(f"{verdict.target} is in no cluster any more (a new sweep ran).")
    identity = cluster_identity(runtime.store, verdict.cluster.id)
    if identity is None:
        raise UserError(f"Cluster #{verdict.cluster.id} is gone (a new sweep ran); check again.")
    request.cluster_id, request.cluster_size = identity.cluster_id, identity.size
    request.cluster_sweep, request.cluster_digest = identity.sweep_id, identity.members_digest
    return cluster_form(
        target=request.target,
        cluster_id=identity.cluster_id,
        size=identity.size,
        sample=verdict.cluster.sample_members,
        label=request.label,
        metadata=request.to_metadata(),
    )


def author_form(runtime: Runtime, request: ReviewRequest, message_text: str) -> View:
    """The form for the accounts a message names: handles, profiles, and posts' authors."""
    if not request.accounts:
        targets = [t.raw for t in find_targets(message_text) if t.kind in ("account", "post")]
        if not targets:
            raise UserError(
                "That message has no account handle, profile link or post link to flag."
            )
        found, _missing = accounts_to_flag(runtime.store, targets)
        if not found:
            raise UserError("None of the accounts in that message are in the store.")
        request.accounts = found[:MAX_FORM_ACCOUNTS]
        request.target = targets[0] if len(targets) == 1 else ""
    return account_form(request)


# ---------------------------------------------------------------------------
# Recording a submitted form
# ---------------------------------------------------------------------------


def record_review(
    runtime: Runtime,
    client: WebClient,
    user: str,
    request: ReviewRequest,
    decision: Decision,
    key: str | None = None,
) -> FlagResult:
    """Check the reviewer again, record the decision, and show it where the review started.

    `key` identifies the submission: a replay of it records nothing more.
    """
    runtime.access.require(client, user, "flag")
    try:
        if request.cluster_size is not None:
            result = record_cluster_flag(
                runtime.store,
                request.confirmed_cluster(),
                decision.label,
                user,
                decision.reason,
                channel=request.channel,
                evidence_url=decision.evidence_url,
                request_key=key,
            )
        else:
            result = record_flags(
                runtime.store,
                decision.accounts,
                decision.label,
                user,
                decision.reason,
                channel=request.channel,
                evidence_url=decision.evidence_url,
                request_key=key,
            )
    except FlagError as exc:
        raise UserError(f"Nothing was recorded: {exc}.") from None
    log.info("%s recorded %s on %d account(s)", user, result.label, len(result.accounts))
    if request.source == Source.CARD and request.target:
        refresh_card(runtime, client, request, result, user, decision.reason)
    elif request.source == Source.HOME:
        publish_home(runtime, client, user)
    else:
        tell(client, request, user)(
            decision_notice(result, user, decision.reason), decision_summary(result)
        )
    return result


def refresh_card(
    runtime: Runtime,
    client: WebClient,
    request: ReviewRequest,
    result: FlagResult,
    user: str,
    reason: str,
) -> None:
    """Redraw the card the review came from, in place, with the decision on it."""
    verdict = check_target(runtime.store, request.target, resolver=runtime.resolver)
    blocks: list[Block] = verdict_card(verdict, kept=runtime.buttons)
    shows_it = verdict.kind != "article" and request.cluster_size is None and verdict.flags
    if not shows_it:  # the card's own flag lines would not show this decision
        blocks = blocks[: MAX_BLOCKS - 1] + [decision_context(result, user, reason)]
    text = fallback_text(verdict)
    if request.response_url:
        WebhookClient(request.response_url).send(replace_original=True, blocks=blocks, text=text)
    elif request.channel and request.message_ts:
        client.chat_update(channel=request.channel, ts=request.message_ts, blocks=blocks, text=text)


def tell(client: WebClient, request: ReviewRequest, user: str) -> Whisper:
    """A `reply` for report(): ephemeral to `user` in the review's channel, or a DM."""

    def reply(blocks: list[Any], text: str) -> object:
        if request.channel:
            return client.chat_postEphemeral(
                channel=request.channel, user=user, blocks=blocks, text=text
            )
        return client.chat_postMessage(channel=user, blocks=blocks, text=text)

    return reply


# ---------------------------------------------------------------------------
# Listeners
# ---------------------------------------------------------------------------


def register(app: App, runtime: Runtime) -> None:
    """Register the review form's submission."""

    def on_submit(ack: Ack, body: dict[str, Any], view: dict[str, Any], client: WebClient) -> None:
        user = (body.get("user") or {}).get("id", "")
        try:
            request = ReviewRequest.from_metadata(view.get("private_metadata") or "")
        except UserError as exc:
            ack(response_action="update", view=review_notice_modal(explain(exc).text))
            return
        decision, errors = read_decision(request, (view.get("state") or {}).get("values") or {})
        if decision is None:
            ack(response_action="errors", errors=errors)
            return
        ack()  # closes the form; the decision is recorded on the pool
        answer = _answer_for(runtime, client, request, user)
        key = _submission_key(body, view, user, decision)
        runtime.pool.submit(
            lambda: record_review(runtime, client, user, request, decision, key),
            on_error=lambda exc: report(exc, answer),
        )

    app.view(Callback.FLAG_MODAL)(on_submit)


def _submission_key(
    body: dict[str, Any], view: dict[str, Any], user: str, decision: Decision
) -> str:
    """The key of one form submission: a replay of it has the same one."""
    once = str(body.get("trigger_id") or f"{view.get('id')}:{view.get('hash')}")
    what = ",".join(decision.accounts) or str(view.get("private_metadata") or "")
    return request_key("form", once, user, what, decision.label)


def _answer_for(runtime: Runtime, client: WebClient, request: ReviewRequest, user: str) -> Whisper:
    if request.source == Source.HOME:

        def on_home(blocks: list[Any], text: str) -> object:
            publish_home(runtime, client, user, notice=blocks)
            return None

        return on_home
    return tell(client, request, user)
