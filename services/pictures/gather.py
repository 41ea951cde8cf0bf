"""Gathering what the evidence pictures of a verdict show, for Slack and the command line alike.

`render_pictures(store, verdict)` draws up to three pictures: the cluster
graph (who acts with whom), the posting-hours heatmap (when they post, beside
everybody) and the push timeline (who posted one text or link when). Who is
in the picture:

- a verdict with a cluster: its members (the densest MAX_NODES when larger);
- an account or post outside any cluster: the account and the accounts that
  posted the same texts or links within 10 minutes of it;
- an article link outside any cluster: the accounts that shared it.

The data is read here through storage.pictures and the ties derived by
detection.ties; each picture module (graph, hours, push) draws from plain
data, run by a `PictureDrawer` (drawer.py). A picture that cannot be drawn
is logged with an error id and left out: it never stops the others, and
never the card they belong to.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections import Counter
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlmodel import Session

from detection.ties import (
    Push,
    biggest_push,
    co_action_degrees,
    densest,
    find_pushes,
    keys_of,
    tie_weights,
)
from detection.verdict import Level, Verdict
from services.pictures.canvas import Picture, shorten
from services.pictures.drawer import DrawJob, PictureDrawer
from services.pictures.graph import MAX_NODES, GraphData, GraphNode, graph_picture
from services.pictures.hours import HoursData, hours_picture
from services.pictures.push import PushData, PushPost, push_picture
from storage import pictures as data
from storage import queries
from storage.db import Store
from storage.pictures import PicturedAccount, PostKeys
from storage.review import cluster_member_ids

log = logging.getLogger(__name__)

PICTURE_NAMES = ("graph", "hours", "push")
#: Clusters larger than this are pictured through their highest-scored members only.
MAX_MEMBERS_READ = 1500
#: Accounts of an article link outside any cluster that are pictured (earliest sharers).
MAX_SHARERS = MAX_NODES
#: Posts of all accounts sampled for the heatmap's baseline.
BASELINE_SAMPLE = 5000


@dataclass
class Scene:
    """Who is in the pictures of one verdict, and what they posted."""

    verdict: Verdict
    subject: str  # "Cluster #3", "x:@name", "the sharers of https://..."
    slug: str  # for file names
    group: list[int]  # the pictured accounts (cluster members, the account, or sharers)
    checked: set[int]  # the accounts the verdict names
    accounts: dict[int, PicturedAccount]
    posts: list[PostKeys]  # of the group, and of co-actors outside a cluster
    pushes: list[Push]
    partners: list[int] = field(default_factory=list)  # co-actors outside a cluster
    cluster_id: int | None = None


def render_pictures(
    store: Store,
    verdict: Verdict,
    *,
    timezone: str = "UTC",
    operator_zone: str = "Asia/Shanghai",
    names: tuple[str, ...] = PICTURE_NAMES,
    drawer: PictureDrawer | None = None,
) -> list[Picture]:
    """The verdict's pictures that could be drawn, in the order of `names` (none when not in store).

    The data is read here; the drawing is done by `drawer` (default: in this
    thread). Never raises for a picture that fails: it is logged with an
    error id and left out.
    """
    if verdict.level is Level.NOT_IN_STORE:
        return []
    zones = _zones(operator_zone, timezone)
    try:
        with store.session() as session:
            scene = _scene(session, verdict)
            jobs: dict[str, DrawJob] = {}
            for name in names:
                job = _plan(session, scene, name, zones)
                if job is not None:
                    jobs[name] = job
    except Exception as exc:
        _failed("the data", verdict, exc)
        return []
    pictures = []
    for name, result in (drawer or PictureDrawer()).draw(jobs).items():
        if isinstance(result, Exception):
            _failed(f"the {name} picture", verdict, result)
        else:
            pictures.append(result)
    return pictures


def _failed(what: str, verdict: Verdict, exc: Exception) -> None:
    error_id = secrets.token_hex(4)
    log.error(
        "could not draw %s of %s (error id %s): %s",
        what,
        verdict.target,
        error_id,
        exc,
        exc_info=exc,
    )


def _zones(operator_zone: str, timezone: str) -> list[str]:
    """The heatmap's zones: the operators' first (their shifts are outlined), then the team's."""
    zones = []
    for zone in (operator_zone, timezone):
        try:
            ZoneInfo(zone)
        except (ValueError, KeyError, OSError):  # ZoneInfoNotFoundError is a KeyError
            log.warning("unknown time zone %r: left out of the heatmap", zone)
            continue
        if zone not in zones:
            zones.append(zone)
    return zones or ["UTC"]


def _plan(session: Session, scene: Scene, name: str, zones: list[str]) -> DrawJob | None:
    """Read what picture `name` needs now (inside the session); it is drawn later."""
    try:
        filename = f"cibwatch-{scene.slug}-{name}.png"
        if name == "graph":
            return graph_picture, (_graph_data(scene), filename)
        if name == "hours":
            return hours_picture, (_hours_data(session, scene, zones), filename)
        if name == "push":
            return push_picture, (_push_data(session, scene), filename)
    except Exception as exc:
        _failed(f"the {name} picture's data", scene.verdict, exc)
    return None


# ---------------------------------------------------------------------------
# Who is in the picture
# ---------------------------------------------------------------------------


def _checked_ids(session: Session, verdict: Verdict) -> set[int]:
    return {
        account.id
        for label in verdict.accounts
        for account in queries.accounts_by_label(session, label)
        if account.id is not None
    }


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")[:60] or "target"


def _actions(posts: list[PostKeys]) -> list[tuple[int, int, str]]:
    return [
        (post.account_id, post.ts, key)
        for post in posts
        for key in keys_of(post.text_fp, post.urls, post.target)
    ]


def _scene(session: Session, verdict: Verdict) -> Scene:
    checked = _checked_ids(session, verdict)
    cluster = verdict.cluster
    partners: list[int] = []
    if cluster is not None:
        group = cluster_member_ids(session, cluster.id)
        if len(group) > MAX_MEMBERS_READ:
            top = queries.cluster_members(session, cluster.id, limit=MAX_MEMBERS_READ)
            group = sorted({a.id for a, _ in top if a.id is not None} | (checked & set(group)))
        subject, slug = f"Cluster #{cluster.id}", f"cluster-{cluster.id}"
        posts = data.posts_of_accounts(session, group)
        pushes = find_pushes(_actions(posts))
    elif verdict.kind == "article" and not checked:
        sharers = data.posts_with_key(session, url=verdict.target)
        group = list(dict.fromkeys(a for a, _ in sharers))[:MAX_SHARERS]
        subject, slug = (
            f"the sharers of {shorten(verdict.target, 60)}",
            "link-" + _slug(verdict.target),
        )
        posts = data.posts_of_accounts(session, group)
        pushes = find_pushes(_actions(posts))
    else:
        group = sorted(checked)
        subject = ", ".join(verdict.accounts[:2]) or verdict.target
        slug = _slug(verdict.accounts[0] if verdict.accounts else verdict.target)
        own = data.posts_of_accounts(session, group)
        others = data.posts_sharing(
            session,
            [p.text_fp for p in own if p.text_fp],
            [u for p in own for u in p.urls],
            exclude=group,
        )
        posts = own + others
        pushes = [p for p in find_pushes(_actions(posts)) if checked.intersection(p.accounts)]
        degrees = co_action_degrees(pushes)
        outside = [a for a in degrees if a not in checked]
        partners = densest(outside, degrees, max(0, MAX_NODES - len(group)))
        keep = set(group) | set(partners)
        posts = [p for p in posts if p.account_id in keep]
    accounts = data.pictured_accounts(session, [*group, *partners])
    return Scene(
        verdict=verdict,
        subject=subject,
        slug=slug,
        group=group,
        checked=checked,
        accounts=accounts,
        posts=posts,
        pushes=pushes,
        partners=partners,
        cluster_id=cluster.id if cluster else None,
    )


# ---------------------------------------------------------------------------
# What each picture is given
# ---------------------------------------------------------------------------


def _graph_data(scene: Scene) -> GraphData:
    everyone = [*scene.group, *scene.partners]
    degrees = co_action_degrees(scene.pushes)
    shown = densest(everyone, degrees, MAX_NODES, keep=sorted(scene.checked))
    weights = tie_weights(scene.pushes, shown)
    nodes = [
        GraphNode(
            key=a,
            label=account.label,
            platform=account.platform,
            activity=account.post_count,
            checked=a in scene.checked,
            flag=account.flag,
        )
        for a in shown
        if (account := scene.accounts.get(a)) is not None
    ]
    cluster = scene.verdict.cluster
    if cluster is not None:
        subject, total, platforms = scene.subject, max(cluster.size, len(nodes)), cluster.platforms
    else:
        subject = f"{scene.subject} and its co-actors" if scene.partners else scene.subject
        total = len(everyone)
        platforms = dict(
            Counter(scene.accounts[a].platform for a in everyone if a in scene.accounts)
        )
    return GraphData(
        subject=subject,
        nodes=nodes,
        edges=[(a, b, w) for (a, b), w in weights.items()],
        accounts=total,
        platforms=platforms,
        checked_word="shared the link:" if scene.verdict.kind == "article" else "checked",
    )


def _hours_data(session: Session, scene: Scene, zones: list[str]) -> HoursData:
    members = set(scene.group)
    stamps = [p.ts for p in scene.posts if p.account_id in members]
    cluster = scene.verdict.cluster
    subject = scene.subject if cluster is None else f"cluster #{cluster.id}"
    shift_evidence = any(
        e.kind == "timing" and "shift_share" in e.counts for e in scene.verdict.evidence
    )
    return HoursData(
        subject=subject,
        accounts=len(members),
        timestamps=stamps,
        baseline=data.sample_post_times(session, BASELINE_SAMPLE),
        zones=zones,
        shift_zone=zones[0],
        shift_evidence=shift_evidence,
    )


def _push_key(session: Session, scene: Scene) -> str | None:
    """The text or link whose push the timeline shows."""
    verdict = scene.verdict
    if verdict.kind == "article" and "://" in verdict.target:
        return f"link:{verdict.target}"
    if verdict.kind == "post":
        platform, _, post_id = verdict.target.partition(" post ")
        post = data.post_keys(session, platform or None, post_id) if post_id else None
        if post is not None:
            keys = keys_of(post.text_fp, post.urls, post.target)
            if keys:
                return keys[0]
    push = biggest_push(scene.pushes, involving=scene.checked)
    return push.key if push else None


def _what(session: Session, key: str) -> str:
    kind, _, value = key.partition(":")
    if kind == "text":
        text = data.text_of_fingerprint(session, value) or ""
        return f"the text “{shorten(text, 70)}”" if text else "one copy-paste text"
    if kind == "link":
        return f"the link {value}"
    platform, _, post_id = value.partition(":")
    return f"reposts of and replies to {platform} post {post_id}"


def _push_data(session: Session, scene: Scene) -> PushData:
    key = _push_key(session, scene)
    if key is None:
        who = ", ".join(scene.verdict.accounts[:2]) or scene.verdict.target
        return PushData(
            what="",
            posts=[],
            start=0,
            end=0,
            accounts=0,
            empty_reason=(
                f"no push: {who} posted no text, link or repost together with another "
                "account within 10 minutes"
            ),
        )
    kind, _, value = key.partition(":")
    if kind == "text":
        history = data.posts_with_key(session, fingerprint=value)
    elif kind == "link":
        history = data.posts_with_key(session, url=value)
    else:
        history = sorted(
            ((p.account_id, p.ts) for p in scene.posts if p.target == value), key=lambda r: r[1]
        )
    pushes = find_pushes((a, ts, key) for a, ts in history)
    involving = scene.checked or set(scene.group)
    push = biggest_push(pushes, involving=involving)
    what = _what(session, key)
    if push is None:
        return PushData(
            what=what,
            posts=[],
            start=0,
            end=0,
            accounts=0,
            empty_reason=f"no push of {what}: no two accounts posted it within 10 minutes",
        )
    missing = {a for a, _ in history} - set(scene.accounts)
    accounts = {**scene.accounts, **data.pictured_accounts(session, missing)}
    members = set(scene.group) if scene.verdict.cluster is not None else set()
    posts = [
        PushPost(
            label=accounts[a].label,
            platform=accounts[a].platform,
            ts=ts,
            member=a in members,
            checked=a in scene.checked,
            flag=accounts[a].flag,
        )
        for a, ts in history
        if a in accounts
    ]
    return PushData(
        what=what,
        posts=posts,
        start=push.start,
        end=push.end,
        accounts=len(push.accounts),
        cluster_id=scene.cluster_id,
        pushes=len(pushes),
    )
