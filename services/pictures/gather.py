"""Gathering what the evidence pictures of a verdict show, for Slack and the command line alike.

`render_pictures(store, verdict)` draws up to three pictures: the cluster
graph (who acts with whom), the posting-hours heatmap (when they post, beside
everybody) and the push timeline (who posted on one key when). Who is in
the picture:

- a verdict with a cluster: its members (the densest MAX_NODES when larger);
- an account or post outside any cluster: the account and the accounts it
  took part in bursts with;
- an article link outside any cluster: the accounts that shared it.

Ties and pushes are the last sweep's own bursts, as stored
(storage/sweepstate.py, detection/ties.py): the graph draws exactly the
co-actions the evidence lines count (near-copies and hashtag sets
included), and the timeline shows the push the card names (the burst of the
first example post of its evidence lines; for an article link, the largest
burst the card lists). Before the first sweep there are no ties or pushes to
draw, and the pictures say so.

The data is read here; each picture module (graph, hours, push) draws from
plain data, run by a `PictureDrawer` (drawer.py). A picture that cannot be
drawn is logged with an error id and left out: it never stops the others,
and never the card they belong to.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import Connection
from sqlmodel import Session

from detection.bursts import Channel
from detection.check import link_bursts
from detection.features import OFFICE_HOURS, active_hours
from detection.sweep import keyed_posts
from detection.ties import (
    Push,
    biggest_push,
    co_action_degrees,
    densest,
    pushes_of,
    shared_by,
    ties,
)
from detection.verdict import Level, Verdict
from services.pictures.canvas import Picture, shorten
from services.pictures.drawer import DrawJob, PictureDrawer
from services.pictures.graph import MAX_NODES, GraphData, GraphNode, graph_picture
from services.pictures.hours import HoursData, hours_picture
from services.pictures.push import PushData, PushPost, push_picture
from storage import pictures as data
from storage import queries, sweepdata, sweepstate
from storage.db import Store
from storage.links import Target
from storage.pictures import PicturedAccount
from storage.review import cluster_member_ids
from storage.sweepdata import SweepData

log = logging.getLogger(__name__)

PICTURE_NAMES = ("graph", "hours", "push")
#: Clusters larger than this are pictured through their highest-scored members only.
MAX_MEMBERS_READ = 1500
#: Accounts of an article link outside any cluster that are pictured (earliest sharers).
MAX_SHARERS = MAX_NODES
#: Posts of all accounts sampled for the heatmap's baseline.
BASELINE_SAMPLE = 5000
#: At most this many posts of the pictured accounts are read (the newest).
MAX_POSTS = 100_000


@dataclass
class Scene:
    """Who is in the pictures of one verdict, what they posted when, and their pushes."""

    verdict: Verdict
    subject: str  # "Cluster #3", "x:@name", "the sharers of https://..."
    slug: str  # for file names
    group: list[int]  # the pictured accounts (cluster members, the account, or sharers)
    named: set[int]  # the accounts the verdict names (ringed on the graph)
    checked: set[int]  # the accounts the user checked (starred on the timeline); none for a link
    accounts: dict[int, PicturedAccount]
    posts: SweepData  # the group's posts, keyed as a sweep keys them
    pushes: list[Push]  # the stored bursts pictured
    swept: bool  # False before the first sweep: no bursts to draw
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
            scene = scene_of(session, verdict)
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
            return graph_picture, (graph_data(scene), filename)
        if name == "hours":
            return hours_picture, (hours_data(session, scene, zones), filename)
        if name == "push":
            return push_picture, (_push_data(session, scene), filename)
    except Exception as exc:
        _failed(f"the {name} picture's data", scene.verdict, exc)
    return None


# ---------------------------------------------------------------------------
# Who is in the picture, and their bursts
# ---------------------------------------------------------------------------


def _ids_of(session: Session, labels: list[str]) -> set[int]:
    return {
        account.id
        for label in labels
        for account in queries.accounts_by_label(session, label)
        if account.id is not None
    }


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")[:60] or "target"


def stored_pushes(conn: Connection, posts: SweepData, *, shared: int) -> list[Push]:
    """The last sweep's bursts on the keys of `posts` used by at least `shared` of their accounts.

    The keys are formed by the sweep's own `keyed_posts` (near-duplicate
    groups from the stored text groups), and looked up by name; hashtag keys
    (the posts' hashtags are not indexed by post) are read as the whole
    hashtag channel, which holds only the tags and tag sets that burst.
    """
    fingerprints = {fp for fp in posts.posts.fp if fp is not None}
    known = sweepstate.groups_of(conn, fingerprints)
    # A text the last sweep did not see has no group: its own key, which never burst.
    groups = {fp: known.get(fp, fp) for fp in fingerprints}
    keyed = keyed_posts(posts, groups, {}, 0)
    names = {
        f"{channel}|{key}"
        for channel, keys in keyed.items()
        for key, positions in keys.items()
        if len({posts.posts.account[p] for p in positions}) >= shared
    }
    stored = sweepstate.keys_named(conn, names)
    stored += sweepstate.keys_of_channel(conn, str(Channel.HASHTAG))
    return pushes_of(stored)


def scene_of(session: Session, verdict: Verdict) -> Scene:
    """Who and what the pictures of `verdict` show (read inside `session`)."""
    conn = session.connection()
    named = _ids_of(session, verdict.accounts)
    # A link's sharers are named, but nobody checked them one by one.
    checked = set() if verdict.kind == "article" else set(named)
    swept = sweepstate.read_state(conn) is not None
    cluster = verdict.cluster
    partners: list[int] = []
    if cluster is not None:
        group = cluster_member_ids(session, cluster.id)
        if len(group) > MAX_MEMBERS_READ:
            top = queries.cluster_members(session, cluster.id, limit=MAX_MEMBERS_READ)
            group = sorted({a.id for a, _ in top if a.id is not None} | (named & set(group)))
        subject, slug = f"Cluster #{cluster.id}", f"cluster-{cluster.id}"
        posts = sweepdata.load_account_posts(conn, group, MAX_POSTS)
        # The bursts a member's evidence lines count: shared with members of its own cluster.
        pushes = shared_by(stored_pushes(conn, posts, shared=2), group)
    elif verdict.kind == "article" and not named:
        sharers = data.sharers_of(session, verdict.target)
        group = list(dict.fromkeys(a for a, _ in sharers))[:MAX_SHARERS]
        subject, slug = (
            f"the sharers of {shorten(verdict.target, 60)}",
            "link-" + _slug(verdict.target),
        )
        posts = sweepdata.load_account_posts(conn, group, MAX_POSTS)
        pushes = shared_by(stored_pushes(conn, posts, shared=2), group)
    else:
        group = sorted(named)
        subject = ", ".join(verdict.accounts[:2]) or verdict.target
        slug = _slug(verdict.accounts[0] if verdict.accounts else verdict.target)
        posts = sweepdata.load_account_posts(conn, group, MAX_POSTS)
        pushes = shared_by(stored_pushes(conn, posts, shared=1), group, at_least=1)
        pushes = [p for p in pushes if len(p.accounts) >= 2]
        degrees = co_action_degrees(pushes)
        outside = [a for a in degrees if a not in named]
        partners = densest(outside, degrees, max(0, MAX_NODES - len(group)))
    accounts = data.pictured_accounts(session, [*group, *partners])
    return Scene(
        verdict=verdict,
        subject=subject,
        slug=slug,
        group=group,
        named=named,
        checked=checked,
        accounts=accounts,
        posts=posts,
        pushes=pushes,
        swept=swept,
        partners=partners,
        cluster_id=cluster.id if cluster else None,
    )


# ---------------------------------------------------------------------------
# What each picture is given
# ---------------------------------------------------------------------------


def graph_data(scene: Scene) -> GraphData:
    """The graph of a scene: its densest accounts and the ties their pushes make."""
    everyone = [*scene.group, *scene.partners]
    degrees = co_action_degrees(scene.pushes, everyone)
    shown = densest(everyone, degrees, MAX_NODES, keep=sorted(scene.named))
    nodes = [
        GraphNode(
            key=a,
            label=account.label,
            platform=account.platform,
            activity=account.post_count,
            checked=a in scene.named,
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
        edges=ties(scene.pushes, shown),
        accounts=total,
        platforms=platforms,
        checked_word="shared the link:" if scene.verdict.kind == "article" else "checked",
        swept=scene.swept,
    )


def hours_data(session: Session, scene: Scene, zones: list[str]) -> HoursData:
    """The heatmap of a scene: its group's posting times beside everybody's, in `zones`."""
    members = set(scene.group)
    columns = scene.posts
    stamps = [
        ts
        for ts, a in zip(columns.posts.ts, columns.posts.account, strict=True)
        if columns.accounts.ids[a] in members
    ]
    cluster = scene.verdict.cluster
    subject = scene.subject if cluster is None else f"cluster #{cluster.id}"
    shift_evidence = next(
        (
            card_timing_words(e.counts)
            for e in scene.verdict.evidence
            if e.kind == "timing" and "shift_share" in e.counts
        ),
        "",
    )
    baseline = data.sample_post_times(session, BASELINE_SAMPLE)
    return HoursData(
        subject=subject,
        accounts=len(members),
        timestamps=stamps,
        baseline=baseline.times,
        zones=zones,
        shift_zone=zones[0],
        shift_evidence=shift_evidence,
        store_posts=baseline.store_posts,
        active_hours=active_hours(stamps),
    )


def card_timing_words(counts: Mapping[str, object]) -> str:
    """The card's timing line in a few words, from its counts: its own measure, not the heatmap's.

    The card counts distinct half hours in a 09–18 working week at the UTC
    offset that fits the cluster best; the heatmap outlines the operators'
    reported shifts in their zone. Both are shown, each named, so their
    figures never read as one that disagrees with itself.
    """

    def number(key: str) -> float:
        value = counts.get(key)
        return float(value) if isinstance(value, int | float) else 0.0

    lo, hi = OFFICE_HOURS
    minutes = int(number("utc_offset_minutes"))
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    offset = f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")
    share, baseline = number("shift_share"), number("baseline")
    return (
        f"the card's timing line counts half hours in a {lo:02d}–{hi:02d} Mon–Fri working week "
        f"at {offset}: {round(100 * share)}% against {round(100 * baseline)}% for all accounts"
    )


# ---------------------------------------------------------------------------
# The push the card names
# ---------------------------------------------------------------------------


def _example_pks(session: Session, examples: list[str]) -> list[int]:
    """Store ids of the example posts ('platform:post_id') of an evidence line, in order."""
    found = []
    for example in examples:
        platform, colon, post_id = example.partition(":")
        if not colon or "://" in example:
            continue
        post = queries.post_by_id(session, platform, post_id)
        if post is not None and post.id is not None:
            found.append(post.id)
    return found


def named_push(session: Session, scene: Scene) -> Push | None:
    """The push the verdict's card names, among the scene's pushes.

    A post: the largest push with that post in it. Otherwise the evidence
    lines in card order: the first example (a post, or a link on a co-link
    line) that is part of a pushed key picks the largest push holding it.
    Failing that, the largest push of a checked account (of anyone pictured).
    """
    verdict = scene.verdict
    if verdict.kind == "post":
        platform, _, post_id = verdict.target.partition(" post ")
        target = Target("post", platform or None, None, post_id, None, verdict.target)
        post = queries.post_by_target(session, target)
        holding = [p for p in scene.pushes if post is not None and post.id in p.posts]
        if holding:
            return biggest_push(holding)
    for line in verdict.evidence:
        if line.kind == str(Channel.URL):
            for url in line.examples:
                holding = [p for p in scene.pushes if p.channel == line.kind and p.key == url]
                if holding:
                    return biggest_push(holding, involving=scene.named)
            continue
        for pk in _example_pks(session, line.examples):
            holding = [p for p in scene.pushes if pk in p.posts]
            if holding:
                return biggest_push(holding)
    return biggest_push(scene.pushes, involving=scene.named)


def _what(session: Session, push: Push) -> str:
    """The key of a push, in words."""
    if push.channel == str(Channel.TEXT):
        text = data.post_text(session, push.posts[0]) or ""
        return f"the text “{shorten(text, 70)}”" if text else "one copy-paste text"
    if push.channel == str(Channel.URL):
        return f"the link {push.key}"
    if push.channel == str(Channel.REPOST):
        kind, _, ref = push.key.partition(" ")
        platform, _, post_id = ref.partition(":")
        verb = "reposts of" if kind == "rp" else "replies to"
        return f"{verb} {platform} post {post_id}"
    if push.key.startswith("set "):
        return "the hashtags " + " ".join("#" + t for t in push.key[4:].split(" ")) + " together"
    return f"the hashtag {push.key}"


def _no_push(reason: str) -> PushData:
    return PushData(what="", posts=[], start=0, end=0, accounts=0, empty_reason=reason)


def _push_data(session: Session, scene: Scene) -> PushData:
    verdict = scene.verdict
    who = ", ".join(verdict.accounts[:2]) or verdict.target
    if verdict.kind == "article" and "://" in verdict.target:
        return _link_push(session, scene)
    if not scene.swept:
        return _no_push("not swept yet: pushes are the bursts a sweep finds (run cibwatch sweep)")
    push = named_push(session, scene)
    if push is None:
        return _no_push(
            f"no push: the last sweep found no burst of {who} with another account "
            "(the same text, link, repost, reply or hashtags within minutes)",
        )
    conn = session.connection()
    history = [(a, ts) for _, ts, a in sweepstate.posts_on_key(conn, push.channel, push.key)]
    times = data.post_times(session, push.posts)
    # The push's own posts, even when the key's other posts could not be read again.
    seen = set(history)
    history += [row for row in times if row not in seen]
    history.sort(key=lambda row: row[1])
    stored = sweepstate.keys_named(conn, [push.name])
    pushes = sum(len(k.bursts) for k in stored) or 1
    return _timeline(session, scene, _what(session, push), history, push, pushes)


def _link_push(session: Session, scene: Scene) -> PushData:
    """The largest burst of an article link, as its card lists it."""
    url = scene.verdict.target
    shared = queries.posts_with_url(session, url)
    posts = [p for p, _ in shared]
    bursts = link_bursts(url, posts)
    what = f"the link {url}"
    if not bursts:
        return PushData(
            what=what,
            posts=[],
            start=0,
            end=0,
            accounts=0,
            empty_reason=f"no push of {what}: no burst of accounts sharing it within minutes",
        )
    top = bursts[0]
    push = Push(
        str(Channel.URL),
        url,
        top.start,
        top.end,
        tuple(posts[i].id or 0 for i in top.posts),
        tuple(posts[i].account_id for i in top.accounts),
    )
    history = [(p.account_id, p.posted_ts) for p in posts]
    return _timeline(session, scene, what, history, push, len(bursts))


def _timeline(
    session: Session,
    scene: Scene,
    what: str,
    history: list[tuple[int, int]],
    push: Push,
    pushes: int,
) -> PushData:
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
        pushes=pushes,
        channel=push.channel,
    )
