"""The Workflow Builder step "Check account or link with cibwatch" (a custom step).

Teams put it in their triage workflows. manifest.yml declares it under
`functions` (callback id `Callback.CHECK_STEP`); Slack sends a
`function_executed` event each time a workflow runs it, and Bolt's
`app.function` listener here acks at once, claims the execution (a
redelivered event is answered once) and hands the check to the worker pool.
The pool then ends the step with `complete(outputs)` or `fail(reason)`:
exactly one of the two, always, so a workflow never hangs on cibwatch.

Inputs (`StepInput`): the target to check, and optionally a channel. With a
channel, the verdict card is posted there like any other card (pictures in its
thread for a Likely cluster) and `card_link` is its permalink; without one,
nothing is posted and `card_link` is left out. The card is posted with the
app's own bot token, not the step's short-lived workflow token: Slack ties the
buttons of messages posted with that token to the step and disables them once
it completes, and a card's Flag and Evidence buttons must outlive the step.

Outputs (`StepOutput`): the verdict as a card's header names it (its level,
or "Not swept yet" before a sweep has scored the target), the score as
cards round it, the size of the account's cluster (0 outside any cluster),
and the card's link. Failures carry one plain line a workflow owner can act
on: what was wrong with the target, store unavailable, busy, or not in the
channel; anything else is logged with an error id the line quotes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from slack_bolt import App
from slack_bolt.context.complete import Complete
from slack_bolt.context.fail import Fail
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import OperationalError

from detection.verdict import Verdict
from handlers.checks import post_answer
from handlers.delivery import NOT_A_MEMBER
from handlers.errors import UserError, explain
from handlers.ids import Callback
from handlers.runtime import Runtime
from handlers.slack_text import find_targets
from services.checks import check_parsed
from storage.db import StoreError
from storage.links import Target, TargetError, parse_target

log = logging.getLogger(__name__)

#: Decimals of the score output: the card shows two.
SCORE_DECIMALS = 2
#: Longest failure reason sent to Slack; the workflow's activity log shows one line.
MAX_REASON = 500


class StepInput(StrEnum):
    """Names of the step's input parameters (manifest.yml `input_parameters`)."""

    TARGET = "target"
    CHANNEL = "channel"


class StepOutput(StrEnum):
    """Names of the step's output parameters (manifest.yml `output_parameters`)."""

    VERDICT = "verdict"
    SCORE = "score"
    CLUSTER_SIZE = "cluster_size"
    CARD_LINK = "card_link"


@dataclass(frozen=True)
class StepResult:
    """What one run of the step found: the verdict, and the card's permalink if one was posted."""

    verdict: Verdict
    card_link: str | None = None

    def outputs(self) -> dict[str, Any]:
        """The step's outputs, named and typed as manifest.yml declares them."""
        cluster_size = self.verdict.cluster.size if self.verdict.cluster is not None else 0
        outputs: dict[str, Any] = {
            StepOutput.VERDICT: self.verdict.headline,
            StepOutput.SCORE: round(self.verdict.score, SCORE_DECIMALS),
            StepOutput.CLUSTER_SIZE: cluster_size,
        }
        if self.card_link:
            outputs[StepOutput.CARD_LINK] = self.card_link
        return {str(name): value for name, value in outputs.items()}


def read_step_target(text: object) -> Target:
    """The one target in the step's `target` input; raises TargetError saying what works.

    The input is usually one handle or link, but workflows often pass a whole
    message's text: text naming exactly one account or link is read as that one.
    """
    raw = text if isinstance(text, str) else ""
    try:
        return parse_target(raw)
    except TargetError:
        found = find_targets(raw, limit=2)
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            raise TargetError(
                "The text names several accounts or links; this step checks one at a time."
            ) from None
        raise


def run_check_step(runtime: Runtime, bot_client: WebClient, inputs: dict[str, Any]) -> StepResult:
    """Check the step's target and, when a channel is given, post the card there.

    Runs on the worker pool. Raises TargetError for a target that cannot be
    read, SlackApiError when the card cannot be posted or linked.
    """
    target = read_step_target(inputs.get(StepInput.TARGET))
    verdict = check_parsed(runtime.store, target, resolver=runtime.resolver)
    channel = str(inputs.get(StepInput.CHANNEL) or "").strip()
    if not channel:
        return StepResult(verdict)
    card_ts = post_answer(runtime, bot_client, [verdict], channel=channel)
    if card_ts is None:  # only when a whisper took the card; the step has none
        return StepResult(verdict)
    link = bot_client.chat_getPermalink(channel=channel, message_ts=card_ts)
    return StepResult(verdict, card_link=str(link.get("permalink") or "") or None)


def failure_reason(error: BaseException, inputs: dict[str, Any] | None = None) -> str:
    """The one plain line a failed step shows its workflow's owner (unexpected errors are logged)."""
    channel = str((inputs or {}).get(StepInput.CHANNEL) or "")
    if isinstance(error, TargetError):
        reason = f"cibwatch cannot read the target: {error}"
    elif isinstance(error, StoreError | OperationalError):
        log.error("store unavailable for a workflow step: %s", error)
        reason = (
            "cibwatch cannot reach its store right now, so nothing was checked. "
            "Try again in a few minutes; if it persists, tell your cibwatch admin."
        )
    elif isinstance(error, UserError):  # BusyError among them
        reason = f"{error.message} {error.hint}".strip()
    elif isinstance(error, SlackApiError) and error.response.get("error") in NOT_A_MEMBER:
        reason = (
            f"cibwatch cannot post in channel {channel or '(none)'}: invite it with "
            "/invite @cibwatch, or leave the step's channel empty."
        )
    elif isinstance(error, SlackApiError) and error.response.get("error") == "ratelimited":
        reason = "Slack is rate-limiting cibwatch right now. Try again in a minute."
    else:
        error_id = explain(error).error_id  # logs it, with the id
        reason = (
            f"Something went wrong on cibwatch's side (error id {error_id}). "
            "Try again; if it keeps failing, tell your cibwatch admin and quote the id."
        )
    return reason[:MAX_REASON]


def fail_step(fail: Fail, error: BaseException, inputs: dict[str, Any] | None = None) -> None:
    """End the step with `error`'s reason; never raises (it runs where nobody could catch it)."""
    try:
        fail(failure_reason(error, inputs))
    except Exception:
        log.exception("could not tell Slack that a workflow step failed")


def register(app: App, runtime: Runtime) -> None:
    """Listen to runs of the step: ack, claim, then check on the pool."""
    # The app's own client (bot token): Bolt hands the listener a client on the
    # step's workflow token, which `complete` and `fail` use, as they must.
    bot_client = app.client

    def on_step(
        event: dict[str, Any], inputs: dict[str, Any], complete: Complete, fail: Fail
    ) -> None:
        execution_id = str(event.get("function_execution_id") or "")
        try:
            first = runtime.dedupe.first_delivery(f"fn:{execution_id}")
        except Exception as exc:  # the store is down: say so rather than leave the step hanging
            fail_step(fail, exc, inputs)
            return
        if not first:
            return

        def job() -> None:
            result = run_check_step(runtime, bot_client, inputs)
            complete(outputs=result.outputs())

        runtime.pool.submit(job, on_error=lambda exc: fail_step(fail, exc, inputs))

    app.function(str(Callback.CHECK_STEP))(on_step)
