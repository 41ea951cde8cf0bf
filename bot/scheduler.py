"""Scheduled digests: APScheduler 3 in the bot process, jobs persisted in the store.

Each subscribed channel has one job, id `digest:<channel>`, whose function
lives at a stable module path, `bot.scheduler:run_digest_job` (the job store
keeps that path for every saved subscription, so it must not move), and takes
only the channel id. Jobs are kept in the store's database
(SQLAlchemyJobStore), so schedules survive restarts; a digest missed while
the bot was down runs once on start (coalesce, generous misfire grace), not
once per missed period. With several replicas each has its own scheduler;
the database claim in `post_digest` is what guarantees one post per
(channel, period). What a digest lists is services.digests'.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from detection.sweep import DetectionConfig
from detection.verdict import Level
from handlers.digest_cards import MAX_ACCOUNTS, digest_blocks, digest_text
from services.digests import (
    DAY,
    SPAN,
    WEEKDAYS,
    DigestOutcome,
    digest_csv,
    digest_for,
    period_start_for,
)
from services.sweeps import SweepBusy, run_sweep, wait_for_sweep
from storage import digests as store_digests
from storage.db import Store, now_ts
from storage.models import DigestSubscription

log = logging.getLogger(__name__)

#: A job that could not run on time (bot down) still runs within this long.
MISFIRE_GRACE = 7 * 86400
#: A scheduled digest waits this long (seconds) for a sweep running elsewhere to end.
SCHEDULED_SWEEP_WAIT = 1800.0
#: `/cib digest now` waits this long for a running sweep when the bot does not sweep itself
#: (CIBWATCH_SWEEP_IN_BOT=0): long enough for an incremental sweep, short enough to be told.
NOW_SWEEP_WAIT = 120.0


@dataclass
class JobContext:
    """What digest jobs need; set when the scheduler starts (jobs take only ids)."""

    store: Store
    client: WebClient
    config: DetectionConfig
    sweep_in_bot: bool


_context: JobContext | None = None


def job_id(channel_id: str) -> str:
    """The scheduler job id of a channel's digest."""
    return f"digest:{channel_id}"


def trigger_for(sub: DigestSubscription) -> CronTrigger:
    """The cron trigger of a subscription, in its time zone."""
    hour, minute = (int(x) for x in sub.at_time.split(":"))
    zone = ZoneInfo(sub.timezone)
    if sub.frequency == "hourly":
        return CronTrigger(minute=minute, timezone=zone)
    if sub.frequency == "weekly":
        return CronTrigger(day_of_week=sub.weekday, hour=hour, minute=minute, timezone=zone)
    return CronTrigger(hour=hour, minute=minute, timezone=zone)


def last_due(sub: DigestSubscription, now: datetime) -> datetime:
    """The most recent scheduled time at or before `now` (the end of the period to post).

    Computed on the wall clock of the subscription's zone, so "daily 09:00"
    stays 09:00 across daylight-saving changes.
    """
    zone = ZoneInfo(sub.timezone)
    local = now.astimezone(zone)
    hour, minute = (int(x) for x in sub.at_time.split(":"))
    if sub.frequency == "hourly":
        candidate = local.replace(minute=minute, second=0, microsecond=0)
        if candidate > local:
            candidate -= timedelta(hours=1)
        return candidate
    day = local.date()
    for back in range(0, 8):
        date = day - timedelta(days=back)
        if sub.frequency == "weekly" and WEEKDAYS[date.weekday()] != sub.weekday:
            continue
        candidate = datetime(date.year, date.month, date.day, hour, minute, tzinfo=zone)
        if candidate <= local:
            return candidate
    raise ValueError(f"no scheduled time within a week before {now}")  # unreachable for valid input


def run_digest_job(channel_id: str) -> DigestOutcome | None:
    """The scheduled job: post the channel's digest for the period that just ended."""
    if _context is None:
        log.error("digest job for %s ran before the scheduler was started", channel_id)
        return None
    with _context.store.session() as session:
        sub = store_digests.get_subscription(session, channel_id)
    if sub is None:
        log.info("digest job for %s: no subscription any more", channel_id)
        return None
    end = last_due(sub, datetime.now(ZoneInfo(sub.timezone)))
    return post_digest(
        _context.store,
        _context.client,
        channel_id,
        int(end.timestamp()),
        default_span=SPAN[sub.frequency],
        min_level=Level(sub.min_verdict),
        post_when_empty=sub.post_when_empty,
        config=_context.config,
        sweep_in_bot=_context.sweep_in_bot,
    )


def post_digest(
    store: Store,
    client: WebClient,
    channel_id: str,
    end_ts: int,
    *,
    default_span: int = DAY,
    min_level: Level = Level.SUSPICIOUS,
    post_when_empty: bool = True,
    config: DetectionConfig | None = None,
    sweep_wait: float = SCHEDULED_SWEEP_WAIT,
    sweep_in_bot: bool = True,
) -> DigestOutcome:
    """Post the channel's digest for the period ending at `end_ts`, exactly once.

    The period is claimed in the store first (a replica that loses the claim
    stands down: "skipped"). The message is recorded as posted the moment
    Slack accepts it, so nothing after it (the full-list CSV upload) can make
    the period be posted again; whatever else goes wrong before that marks
    the run failed (in `finally`), so the period can be claimed again rather
    than stay claimed forever.

    With `sweep_in_bot` a sweep runs first when posts arrived since the last
    one; without it (a sweep worker sweeps) none is started, and the digest
    uses the latest finished sweep. Either way, when a sweep holds the store
    for longer than `sweep_wait` seconds the run fails as "busy". The digest
    speaks only up to the first post no finished sweep has seen
    (storage.digests.covered_end), says so, and the run records it.
    """
    start_ts = period_start_for(store, channel_id, end_ts, default_span)
    with store.session() as session:
        run = store_digests.claim_period(session, channel_id, start_ts, end_ts, now_ts())
        run_id = run.id if run else None
    if run_id is None:
        log.info("digest for %s ending %s already claimed; not posting again", channel_id, end_ts)
        return DigestOutcome("skipped")
    outcome = DigestOutcome("failed", error="interrupted")
    try:
        outcome = _post_claimed(
            store,
            client,
            run_id,
            channel_id,
            (start_ts, end_ts),
            min_level=min_level,
            post_when_empty=post_when_empty,
            config=config,
            sweep_wait=sweep_wait,
            sweep_in_bot=sweep_in_bot,
        )
    except SweepBusy as exc:
        outcome = DigestOutcome("busy", error="another sweep is running", busy_since=exc.since_ts)
        log.warning("digest for %s not posted: another sweep of the store is running", channel_id)
    except SlackApiError as exc:
        outcome = DigestOutcome("failed", error=str(exc.response.get("error")))
        log.warning("digest for %s failed: %s", channel_id, outcome.error)
    except Exception as exc:
        outcome = DigestOutcome("failed", error=f"{exc.__class__.__name__}: {exc}"[:400])
        raise
    finally:
        status = "failed" if outcome.status == "busy" else outcome.status
        with store.session() as session:
            store_digests.finish_run(
                session, run_id, status, outcome.accounts, outcome.message_ts, outcome.error
            )
    return outcome


def _post_claimed(
    store: Store,
    client: WebClient,
    run_id: int,
    channel_id: str,
    period: tuple[int, int],
    *,
    min_level: Level,
    post_when_empty: bool,
    config: DetectionConfig | None,
    sweep_wait: float,
    sweep_in_bot: bool,
) -> DigestOutcome:
    """Sweep (or wait for a sweep), build and post a claimed period's digest; marked posted at once."""
    if sweep_in_bot:  # the newest data: sweep first when posts arrived since the last sweep
        run_sweep(store, config, wait=sweep_wait)
    else:  # a sweep worker's running sweep would change the results: let it finish
        wait_for_sweep(store, sweep_wait)
    start_ts, end_ts = period
    with store.session() as session:
        covered = store_digests.covered_end(session, start_ts, end_ts)
        store_digests.record_coverage(session, run_id, covered)
    digest = digest_for(store, start_ts, covered, min_level)
    outcome = DigestOutcome("empty" if digest.empty else "posted", digest.account_count)
    if digest.empty and not post_when_empty:
        return outcome
    response = client.chat_postMessage(
        channel=channel_id,
        text=digest_text(digest, period_end_ts=end_ts),
        blocks=digest_blocks(digest, period_end_ts=end_ts),
    )
    outcome.message_ts = response.get("ts")
    with store.session() as session:
        store_digests.mark_posted(session, run_id, outcome.accounts, outcome.message_ts)
    if digest.account_count > MAX_ACCOUNTS:  # the message lists this many at most
        try:
            client.files_upload_v2(
                channel=channel_id,
                thread_ts=outcome.message_ts,
                content=digest_csv(digest),
                filename="cibwatch-digest.csv",
                title="Full digest",
            )
        except Exception as exc:  # the message stands: the period must not be posted again
            detail = exc.response.get("error") if isinstance(exc, SlackApiError) else exc
            outcome.error = f"the full list could not be attached: {detail}"[:400]
            log.warning("digest for %s posted without its CSV: %s", channel_id, outcome.error)
    return outcome


class DigestScheduler:
    """The bot's scheduler of digest jobs."""

    def __init__(
        self,
        store: Store,
        client: WebClient,
        config: DetectionConfig | None = None,
        *,
        sweep_in_bot: bool = True,
    ) -> None:
        self.store = store
        self.client = client
        self.config = config or DetectionConfig()
        self.sweep_in_bot = sweep_in_bot  # CIBWATCH_SWEEP_IN_BOT
        self.scheduler = BackgroundScheduler(
            jobstores={
                "default": SQLAlchemyJobStore(engine=store.engine, tablename="apscheduler_jobs")
            },
            job_defaults={
                "coalesce": True,
                "misfire_grace_time": MISFIRE_GRACE,
                "max_instances": 1,
            },
        )
        self.scheduler.add_listener(self._on_event, EVENT_JOB_ERROR | EVENT_JOB_MISSED)

    def start(self, *, paused: bool = False) -> None:
        """Start running jobs (or only load them, `paused`); re-creates each subscription's job."""
        global _context
        _context = JobContext(self.store, self.client, self.config, self.sweep_in_bot)
        self.scheduler.start(paused=paused)
        # Jobs already in the job store keep their next run time, so a digest
        # missed while the bot was down still runs (once); only missing ones are added.
        with self.store.session() as session:
            for sub in store_digests.all_subscriptions(session):
                if self.scheduler.get_job(job_id(sub.channel_id)) is None:
                    self.schedule(sub)

    def schedule(self, sub: DigestSubscription) -> datetime | None:
        """Create or replace a channel's job; returns its next run time."""
        job = self.scheduler.add_job(
            "bot.scheduler:run_digest_job",
            trigger=trigger_for(sub),
            args=[sub.channel_id],
            id=job_id(sub.channel_id),
            replace_existing=True,
        )
        return getattr(job, "next_run_time", None)

    def post_now(
        self, channel_id: str, end_ts: int, *, span: int, min_level: Level
    ) -> DigestOutcome:
        """Post a digest for the period ending now (`/cib digest now`), claimed like any other.

        When the bot sweeps itself, it does not wait for a sweep running
        elsewhere: the outcome is "busy" and whoever asked is told so. When a
        sweep worker sweeps, it waits up to NOW_SWEEP_WAIT for the running sweep.
        """
        return post_digest(
            self.store,
            self.client,
            channel_id,
            end_ts,
            default_span=span,
            min_level=min_level,
            config=self.config,
            sweep_wait=0.0 if self.sweep_in_bot else NOW_SWEEP_WAIT,
            sweep_in_bot=self.sweep_in_bot,
        )

    def unschedule(self, channel_id: str) -> None:
        """Remove a channel's job, if any."""
        if self.scheduler.get_job(job_id(channel_id)):
            self.scheduler.remove_job(job_id(channel_id))

    def next_run(self, channel_id: str) -> datetime | None:
        """When the channel's next digest is due."""
        job = self.scheduler.get_job(job_id(channel_id))
        # A job added before the scheduler started has no run time yet.
        return getattr(job, "next_run_time", None) if job else None

    def shutdown(self) -> None:
        """Stop the scheduler (waits for a running job)."""
        global _context
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        _context = None

    @staticmethod
    def _on_event(event: JobExecutionEvent) -> None:
        if event.code == EVENT_JOB_MISSED:
            log.warning(
                "digest job %s missed its run at %s", event.job_id, event.scheduled_run_time
            )
        else:
            log.error("digest job %s failed: %s", event.job_id, event.exception)
