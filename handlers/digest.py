"""`/cib digest`: subscribe a channel to scheduled digests, change, show, stop, or post one now.

/cib digest daily 09:00 [likely]      /cib digest weekly mon 09:00
/cib digest hourly [:15]              /cib digest off
/cib digest now                        /cib digest            (shows the setting)

Anyone may see a channel's setting. Setting, stopping and posting one now
are for reviewers (CIBWATCH_REVIEWERS, handlers.reviewers), the people who
own what the team is told: a digest speaks in the channel for the team, and
`now` runs a sweep, which at a million posts takes minutes and about 2 GB.
One sweep runs at a time per store (services.sweeps): a `now` while another
sweep runs is told so, and nothing is posted.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from slack_bolt import App

from detection.verdict import Level
from handlers.cards import ago, message_card, when
from handlers.errors import UsageError, UserError, report, respond_ephemeral
from handlers.reviewers import MANAGING_DIGESTS
from handlers.runtime import Runtime
from handlers.subcommands import CommandCall, Reply
from services.digests import DAY, SPAN, WEEKDAYS, DigestOutcome
from storage import digests as store_digests
from storage.db import now_ts
from storage.models import DigestSubscription

USAGE = "/cib digest daily|weekly|hourly [HH:MM] | off | now"
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$|^:(\d{2})$")
_LEVELS = {"likely": Level.LIKELY, "suspicious": Level.SUSPICIOUS}


@dataclass
class DigestRequest:
    """A parsed `/cib digest` call."""

    action: str  # show | off | now | set
    frequency: str = "daily"
    at_time: str = "09:00"
    weekday: str = "mon"
    min_level: Level = Level.SUSPICIOUS
    post_when_empty: bool = True


def parse_digest(args: str) -> DigestRequest:
    """Read the words after `/cib digest`; raises UsageError saying what works."""
    words = args.lower().split()
    if not words:
        return DigestRequest("show")
    head, rest = words[0], words[1:]
    if head in ("off", "now") and not rest:
        return DigestRequest(head)
    if head not in SPAN:
        raise UsageError(f"'{words[0][:20]}' is not a digest schedule.", f"Use `{USAGE}`.")
    request = DigestRequest("set", frequency=head, at_time="00:00" if head == "hourly" else "09:00")
    for word in rest:
        if word in WEEKDAYS and head == "weekly":
            request.weekday = word
        elif word in _LEVELS:
            request.min_level = _LEVELS[word]
        elif word == "quiet":
            request.post_when_empty = False
        elif match := _TIME.match(word):
            hour = int(match.group(1) or 0)
            minute = int(match.group(2) or match.group(3))
            if hour > 23 or minute > 59:
                raise UsageError(
                    f"{word} is not a time of day.", "Write it as HH:MM, e.g. `09:00`."
                )
            request.at_time = f"{hour:02d}:{minute:02d}"
        else:
            raise UsageError(
                f"I did not understand '{word[:20]}' in that schedule.",
                f"Use `{USAGE}`, optionally with a weekday for weekly, `likely` to list only likely "
                "coordinated accounts, `quiet` to skip periods with nothing new.",
            )
    return request


def describe(sub: DigestSubscription) -> str:
    """A subscription in words."""
    if sub.frequency == "hourly":
        when_text = f"every hour at :{sub.at_time[3:]}"
    elif sub.frequency == "weekly":
        when_text = f"every {sub.weekday.capitalize()} at {sub.at_time}"
    else:
        when_text = f"every day at {sub.at_time}"
    quiet = "" if sub.post_when_empty else ", silent when nothing is new"
    return f"{when_text} ({sub.timezone}), accounts at least {sub.min_verdict}{quiet}"


def run_digest(call: CommandCall) -> Reply:
    """The `/cib digest` sub-command."""
    request = parse_digest(call.args)
    if request.action == "show":
        return _show(call)
    access = call.runtime.access
    what = f"/cib digest {request.action}"
    known = access.known(call.user_id)
    if known is False:
        access.refuse(call.user_id, what, MANAGING_DIGESTS)
    act = {"off": _stop, "now": _post_now}.get(request.action, _set)
    if known:
        return act(call, request)

    def work() -> None:  # membership of a reviewer group needs Slack: after the ack
        access.require(call.client, call.user_id, what, MANAGING_DIGESTS)
        reply = act(call, request)
        call.respond(
            blocks=reply.blocks, text=reply.text, response_type="ephemeral", replace_original=False
        )
        if reply.then is not None:
            reply.then()

    checking = "Checking that you may change this channel's digest…"
    return Reply(message_card(checking), checking, then=work)


def _show(call: CommandCall) -> Reply:
    runtime, channel = call.runtime, call.channel_id
    with runtime.store.session() as session:
        sub = store_digests.get_subscription(session, channel)
    if sub is None:
        text = f"This channel has no digest. Subscribe with `{USAGE}`."
    else:
        text = f"Digest here: {describe(sub)}."
        nxt = runtime.scheduler.next_run(channel) if runtime.scheduler else None
        if nxt:
            text += f" Next one: {when(int(nxt.timestamp()))}."
    return Reply(message_card(text), text)


def _stop(call: CommandCall, request: DigestRequest) -> Reply:
    runtime, channel = call.runtime, call.channel_id
    with runtime.store.session() as session:
        removed = store_digests.delete_subscription(session, channel)
    if runtime.scheduler:
        runtime.scheduler.unschedule(channel)
    text = "Digest stopped for this channel." if removed else "This channel had no digest."
    return Reply(message_card(text), text)


def _post_now(call: CommandCall, request: DigestRequest) -> Reply:
    runtime, channel = call.runtime, call.channel_id
    scheduler = runtime.scheduler
    if scheduler is None:
        raise UsageError("Digests are not running in this bot.", "Ask an admin to check its logs.")
    with runtime.store.session() as session:
        sub = store_digests.get_subscription(session, channel)
    span = SPAN[sub.frequency] if sub else DAY
    level = Level(sub.min_verdict) if sub else Level.SUSPICIOUS
    end = now_ts()

    def work() -> None:
        outcome = scheduler.post_now(channel, end, span=span, min_level=level)
        problem = _problem_of(outcome)
        if problem is not None:
            report(problem, respond_ephemeral(call.respond))

    return Reply(
        message_card("Preparing a digest for this channel…"), "Preparing a digest…", then=work
    )


def _problem_of(outcome: DigestOutcome) -> UserError | None:
    """What to tell whoever asked for a digest now, when something went wrong."""
    if outcome.status == "busy":
        since = f" (started {ago(outcome.busy_since)})" if outcome.busy_since else ""
        return UserError(
            f"A sweep of the store is already running{since}, and a digest needs it done; "
            "nothing was posted.",
            "Try `/cib digest now` again when it ends (a sweep takes minutes on a large store).",
        )
    if outcome.status == "failed":
        return UserError(f"The digest could not be posted here ({outcome.error}).")
    if outcome.error:  # posted, but its full list could not be attached
        return UserError(f"The digest is posted, but {outcome.error}.")
    return None


def _set(call: CommandCall, request: DigestRequest) -> Reply:
    runtime, channel = call.runtime, call.channel_id
    sub = DigestSubscription(
        channel_id=channel,
        frequency=request.frequency,
        at_time=request.at_time,
        weekday=request.weekday,
        timezone=runtime.timezone,
        min_verdict=str(request.min_level),
        post_when_empty=request.post_when_empty,
        created_by=call.user_id,
        created_ts=int(time.time()),
    )
    with runtime.store.session() as session:
        store_digests.save_subscription(session, sub)
    nxt = runtime.scheduler.schedule(sub) if runtime.scheduler else None
    text = f"Digest set: {describe(sub)}."
    if nxt:
        text += f" First one: {when(int(nxt.timestamp()))}."
    return Reply(message_card(text), text)


def register(app: App, runtime: Runtime) -> None:
    """Register `/cib digest`."""
    runtime.subcommands.add(
        "digest",
        run_digest,
        usage=USAGE,
        summary="scheduled digests of newly active suspected accounts in this channel (set by reviewers)",
    )
