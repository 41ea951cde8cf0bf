"""Evidence lines: what a verdict rests on, in words an analyst can check.

Every line says what was counted and gives post ids or URLs to verify it by
hand. The sweep builds them from its measured features and points
(detection/strength.py); they live apart so the rules and the wording can be
read, and changed, one without the other.
"""

from __future__ import annotations

import calendar
import math
import re
from collections import defaultdict
from collections.abc import Iterator
from datetime import UTC, datetime

from detection import features as feat
from detection import measure as ms
from detection import strength as st
from detection.bursts import Burst, Channel
from detection.network import SAME_MINUTE, Amplified, Joined, Reposting
from detection.verdict import Evidence, plural
from storage.sweepdata import SweepData

EXAMPLES = 3
#: Evidence weights order the lines on a card and pick a digest's one line:
#: an account's own co-action lines (0.2) first, then the cluster's network
#: line, then its tells.
NETWORK_WEIGHT = 0.19

_SERIAL_NUMBER = re.compile(
    r"(?:#\s*(\d{1,5})\b|\((\d{1,5})\s*/\s*\d{1,5}\)|\bNo\.?\s*(\d{1,5})\b|第\s*(\d{1,5}))", re.I
)


def year(ts: int | None) -> str:
    if ts is None:
        return "at an unknown date"
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d")


def _pct(x: float) -> str:
    return f"{round(100 * x)}%"


#: The name detection/sweep.py still calls `plural` by (`ev.count`); this module calls
#: `plural` itself. Goes when sweep.py does the same.
count = plural


def _amplification_line(f: feat.ClusterFeatures, fan_club: bool = False) -> Evidence:
    """Who members' replies and reposts go to, and who engages with members
    (`fan_club`: why a closed loop lifted no hold)."""
    text = (
        f"{_pct(f.internal_engagement)} of members' {f.engagement_given} replies and reposts go to "
        f"other members; {_pct(f.engagement_from_outside)} of the "
        f"{f.engagement_received} they get comes from outside"
    )
    if f.closed_loop():
        text += (
            f"; of their {f.reposts_given} reposts {_pct(f.reposts_to_members)} go to members "
            f"and of the {f.reposts_received} they get {_pct(f.reposts_from_outside)} come "
            "from outside: the members they amplify are amplified by almost no one else"
        )
        if fan_club:
            text += (
                f"; but they act over a minute apart ({duration(math.ceil(f.median_lag))} "
                f"typically) and only {f.mutual_amplifiers} of the {f.members} both amplify and "
                "are amplified: a star's fans, the only ones in the store who repost it, close "
                "such a loop too, so the loop alone lifts no hold"
            )
    return Evidence(
        kind="amplification",
        text=text,
        weight=0.1,
        counts={
            "given": f.engagement_given,
            "to_members": round(f.internal_engagement, 3),
            "received": f.engagement_received,
            "from_outside": round(f.engagement_from_outside, 3),
            "reposts_given": f.reposts_given,
            "reposts_to_members": round(f.reposts_to_members, 3),
            "reposts_received": f.reposts_received,
            "reposts_from_outside": round(f.reposts_from_outside, 3),
        },
    )


def _talking_line(talking: feat.TalkingPoints, examples: list[str]) -> Evidence:
    """Members repeating each other's sentences in texts of their own (examples: the most repeated)."""
    return Evidence(
        kind="talking_points",
        text=(
            f"talking points: {talking.repeating} of members' {count(talking.posts, 'post')} "
            "under tags and links that come almost only in pushes repeat a sentence another "
            f"member posted in a different text; the most repeated sentence is in "
            f"{talking.accounts} members' posts (examples)"
        ),
        weight=0.1,
        counts={
            "posts": talking.posts,
            "repeating": talking.repeating,
            "accounts": talking.accounts,
        },
        examples=examples[:EXAMPLES],
    )


def _office_line(f: feat.ClusterFeatures, operator_zone: str) -> Evidence:
    office = f.office
    assert office is not None
    lo, hi = feat.OFFICE_HOURS
    where = office.label
    if office.prior:
        where += f", the configured operator zone {operator_zone}"
    return Evidence(
        kind="timing",
        text=(
            f"{_pct(office.share)} of the {plural(office.slots, 'half hour')} in which the cluster posted fall in a working week "
            f"({lo:02d}–{hi:02d} {office.week} at {where}) against {_pct(office.baseline)} for all accounts; "
            f"{office.working_hours} of its {plural(office.office_hours, 'hour')} at the office were on working days"
            + (
                f"; active in {f.active_hours} of 24 hours"
                if f.posts >= feat.ROUND_THE_CLOCK_POSTS
                else ""
            )
        ),
        weight=0.15,
        counts={
            "shift_share": round(office.share, 3),
            "baseline": round(office.baseline, 3),
            "utc_offset_minutes": office.offset * 30,
            "working_hours": office.working_hours,
            "office_hours": office.office_hours,
        },
    )


def cluster_evidence(
    f: feat.ClusterFeatures,
    strength: st.Strength,
    operator_zone: str,
    examples: list[str],
    talking: tuple[feat.TalkingPoints, list[str]] | None = None,
) -> list[Evidence]:
    """The cluster's lines: its co-action (with the first post of its largest pushes), tells,
    explanations. `talking`: its members' talking points, with the post ids of the
    most repeated one's posts."""
    corroboration = f.corroboration()
    if f.events:
        network = (
            f"{count(f.personas, 'persona')} acted together at {count(f.events, 'distinct moment')} "
            f"on {count(f.keys, 'key')} (texts, links, reposts, hashtags); "
            f"{_pct(f.exclusivity)} of the posts in those bursts are the cluster's own"
        )
        if strength.pushes:
            network += (
                f"; its members each copied {f.batch:.1f} different texts and links at a "
                "moment, on average, working through content rather than reacting to one thing"
            )
    else:
        # Every burst that tied the cluster is explained: say so, not "0 moments, 100% own".
        why = (
            "syndication explains them (below)"
            if f.looks_syndicated()
            else "each holds syndicated copies, one persona on two platforms, or reposts "
            "carrying their original's text"
        )
        network = (
            f"{count(f.personas, 'persona')} are tied by bursts that do not count as "
            f"co-action: {why}"
        )
    lines: list[Evidence] = [
        Evidence(
            kind="network",
            text=network,
            weight=NETWORK_WEIGHT,
            counts={
                "personas": f.personas,
                "moments": f.events,
                "keys": f.keys,
                "exclusivity": round(f.exclusivity, 3),
                "batch": round(f.batch, 2),
                "points": round(strength.points, 2),
            },
            examples=examples,
        )
    ]
    if "office_shift" in corroboration:
        lines.append(_office_line(f, operator_zone))
    if "creation_burst" in corroboration:
        lines.append(
            Evidence(
                kind="accounts",
                text=f"{f.created_in_bursts} of {f.members} members were created within days of each other",
                weight=0.1,
                counts={"created_in_bursts": f.created_in_bursts, "members": f.members},
            )
        )
    if "generated_handles" in corroboration:
        lines.append(
            Evidence(
                kind="accounts",
                text=f"{f.generated_handles} of {f.members} handles look generated (firstnamelastname1234)",
                weight=0.1,
                counts={"generated_handles": f.generated_handles},
            )
        )
    if "talking_points" in corroboration and talking is not None:
        lines.append(_talking_line(*talking))
    if "internal_amplification" in corroboration or "closed_loop" in corroboration:
        lines.append(_amplification_line(f, strength.fan_club))
    if f.sleepers >= 2 and not strength.innocence:
        lines.append(
            Evidence(
                kind="accounts",
                text=f"{f.sleepers} sleeper accounts (old, almost silent) joined the cluster's pushes",
                weight=0.05,
            )
        )
    if strength.innocence:
        reasons = []
        if f.looks_syndicated():
            reasons.append(
                f"in {_pct(f.syndication_share)} of its shared-text bursts each copy links to a "
                "different site, as news syndication feeds do"
            )
        if f.round_the_clock():
            reasons.append(
                f"it posts around the clock ({f.active_hours} of 24 hours active), as bots of a feed do"
            )
        # What the explanation did to the verdict, always said (a card that only
        # names it leaves the analyst to guess).
        effects = []
        if f.looks_syndicated():
            effects.append("the bursts it explains are not counted as co-action")
        before = strength.without_innocence()
        if before is not strength.level:
            effects.append(f"without it the cluster would be {before.value}")
        else:
            effects.append("it lowers the score, not the level")
        lines.append(
            Evidence(
                kind="timing",
                text="innocent explanation: " + "; ".join(reasons) + ": " + ", and ".join(effects),
                weight=-0.2,
            )
        )
    if strength.audience:
        lines.append(Evidence(kind="audience", text=_audience_line(f, strength), weight=-0.2))
    elif not corroboration and not strength.innocence:
        lines.append(
            Evidence(
                kind="timing",
                text=(
                    "no office hours at any UTC offset, creation burst, generated handles or internal "
                    "amplification found: the verdict rests on the co-action alone"
                ),
                weight=0.0,
            )
        )
    return lines


_CHANNEL_WORDS = {
    Channel.TEXT: ("posted", "texts", "posted within minutes"),
    Channel.URL: ("shared", "links", "shared within minutes"),
    Channel.REPOST: ("reposted or replied to", "posts", "did the same within minutes"),
    Channel.HASHTAG: ("used", "hashtag sets", "used in the same minutes"),
}


def account_evidence(
    a: int,
    own: list[Burst],
    data: SweepData,
    cluster_of: dict[int, int],
    c: int,
    burst_posts: ms.BurstPosts,
    serials_of: dict[int, list[int]],
) -> list[Evidence]:
    """Per-channel lines: how often the account acted with cluster-mates, with examples.

    `burst_posts` finds the bursts' posts; `serials_of` keeps the serial
    numbers found in each text burst (by burst id) for the next member.
    """
    posts = data.posts
    lines: list[Evidence] = []
    by_channel: dict[Channel, list[Burst]] = defaultdict(list)
    for burst in own:
        by_channel[burst.channel].append(burst)
    for channel in Channel:
        group = by_channel.get(channel)
        if not group:
            continue
        keys = {b.key for b in group}
        partners = {x for b in group for x in b.accounts if x != a and cluster_of.get(x) == c}
        mine = [i for b in group for i in burst_posts.of(b, a)]
        lags = [b.end - b.start for b in group]
        verb, noun, tail = _CHANNEL_WORDS[channel]
        text = (
            f"{verb} {plural(len(keys), noun[:-1], noun)} that {plural(len(partners), 'other account')} of this cluster "
            f"{tail} (widest burst {duration(max(lags))})"
        )
        counts: dict[str, object] = {
            "keys": len(keys),
            "partners": len(partners),
            "bursts": len(group),
        }
        if channel is Channel.TEXT:
            for b in group:
                if b.id not in serials_of:
                    serials_of[b.id] = _serials(posts.text[i] for i in burst_posts.positions(b))
            serials = [n for b in group for n in serials_of[b.id]]
            if serials:
                text += f"; serial numbers #{min(serials)}–#{max(serials)}"
                counts["serials"] = [min(serials), max(serials)]
        # A post on several keys of one channel (a tag and its tag set) is one example.
        examples = list(dict.fromkeys(posts.post_id[p] for p in mine))[:EXAMPLES]
        if channel is Channel.URL:
            examples = sorted(keys)[:EXAMPLES]
        if channel is Channel.HASHTAG:
            text += "; tags: " + ", ".join(sorted(keys)[:EXAMPLES])
        lines.append(
            Evidence(kind=str(channel), text=text, weight=0.2, counts=counts, examples=examples)
        )
    return lines


def joined_evidence(
    account: int,
    joined: Joined,
    data: SweepData,
    posts: int,
    audience: bool,
    reposts: Reposting | None = None,
) -> Evidence:
    """The line of an account outside the cluster's core that joined its pushes,
    with its posts in them as examples.

    `posts` are the account's posts in the store; `audience` is true when the
    cluster looks like an audience or a crowd.
    """
    index_of, author, post_id = data.posts.index_of, data.posts.account, data.posts.post_id
    examples = list(
        dict.fromkeys(
            post_id[i]
            for burst in joined.hits
            for pk in burst.posts
            if author[i := index_of[pk]] == account
        )
    )
    text = (
        f"joined {plural(joined.pushes, 'push', 'pushes')} of this cluster's and acted at no "
        "other moment: at each of them it copied a text or link beside two or more of the "
        f"cluster's members; {plural(posts, 'post')} in the store"
        if joined.rode
        else f"joined {plural(joined.pushes, 'push', 'pushes')} of this cluster's on texts, "
        f"links or tags the cluster owns; {plural(posts, 'post')} in the store"
    )
    if audience:
        text += "; the cluster looks like an audience or a crowd, so joining its pushes is no signal on its own"
    counts: dict[str, int] = {"pushes": joined.pushes, "posts": posts}
    if not audience and reposts is not None and reposts.on_targets is not None:
        counts["reposts_of_cluster_targets"] = reposts.on_targets
        on_targets = (
            f"{reposts.on_targets} of its reposts {'is' if reposts.on_targets == 1 else 'are'} "
            "of posts the cluster's members reposted"
        )
        if not reposts.audience:
            text += f"; it joined by reposting{_apart(reposts.nearest_member)}, and {on_targets}"
        else:
            text += (
                f"; it joined by reposting what the cluster pushed{_apart(reposts.nearest_member)}, "
                f"as the push's audience does, and {on_targets}: worth a look, not more on its own"
            )
    return Evidence(
        kind="accounts",
        text=text,
        weight=0.2,
        counts=counts,
        examples=examples[:EXAMPLES],
    )


def followed_evidence(reposts: Reposting, data: SweepData) -> Evidence:
    """The line of a member that reposted the cluster's pushes out of step with its
    core at most of its moments with it, with those reposts as examples."""
    post_id = data.posts.post_id
    return Evidence(
        kind="accounts",
        text=(
            "it only reposted (or replied) in this cluster's pushes: in the same minute as "
            f"another of its members at {reposts.in_step} of its "
            f"{plural(reposts.moments, 'moment')} with them, a minute or more off them at the "
            "others, as the pushes' audience does (a fan of the accounts they push): worth a "
            "look, not more on its own"
        ),
        weight=0.2,
        counts={"moments": reposts.moments, "moments_in_step": reposts.in_step},
        examples=[post_id[i] for i in reposts.followed[:EXAMPLES]],
    )


def feed_evidence(feeds: int, bursts: int, examples: list[str]) -> Evidence:
    """The line of a member whose co-action with the cluster is mostly syndication,
    with its copies as examples."""
    return Evidence(
        kind="accounts",
        text=(
            f"in {feeds} of its {plural(bursts, 'burst')} with this cluster each copy links its "
            "poster's own site, as news feeds syndicating one wire do: its own part is explained, "
            "worth a look, not more on its own"
        ),
        weight=0.2,
        counts={"syndicated_bursts": feeds, "bursts": bursts},
        examples=examples,
    )


def amplified_evidence(amplified: Amplified, bursts: int, examples: list[str]) -> Evidence:
    """The line of a member that is what its cluster amplifies (of its `bursts` with
    it), with its reposted posts as examples."""
    passive = len(amplified.reposted)
    return Evidence(
        kind="amplification",
        text=(
            f"in {passive} of its {plural(bursts, 'burst')} with this cluster members reposted "
            f"its post, and it acted itself at {plural(amplified.moments, 'moment')}; "
            f"{amplified.outside} of the {plural(amplified.received, 'repost')} it gets come "
            "from outside the cluster, as for a public account a network pushes: what the "
            "cluster amplifies, worth a look, not more on its own"
        ),
        weight=0.2,
        counts={
            "reposted_bursts": passive,
            "bursts": bursts,
            "moments_acted": amplified.moments,
            "reposts_from_outside": amplified.outside,
            "reposts_received": amplified.received,
        },
        examples=examples,
    )


def _apart(seconds: int | None) -> str:
    """' within a minute of a member's post', ' 4 min from a member's post', or '' when not known."""
    if seconds is None:
        return ""
    if seconds < SAME_MINUTE:
        return " within a minute of a member's post"
    if seconds < 3600:
        return f" {seconds // 60} min from a member's post"
    return f" {seconds // 3600} h from a member's post"


def _serials(texts: Iterator[str | None]) -> list[int]:
    found: list[int] = []
    for text in texts:
        if not text:
            continue
        for match in _SERIAL_NUMBER.finditer(text):
            number = next(g for g in match.groups() if g)
            found.append(int(number))
    return found


def duration(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} s"
    return f"{round(seconds / 60)} min"


def _clock(seconds: int) -> str:
    """HH:MM of a time of day given in seconds (after any midnight)."""
    return f"{seconds % 86400 // 3600:02d}:{seconds % 3600 // 60:02d}"


def _audience_line(f: feat.ClusterFeatures, strength: st.Strength) -> str:
    """Why an audience or a crowd is held below Likely (fans: below Suspicious)."""
    outsiders = (
        f", in bursts where {_pct(1 - f.exclusivity)} of the posts come from outside it"
        if f.exclusivity < st.AUDIENCE_EXCLUSIVITY
        else ""
    )
    how = (
        f", over minutes ({duration(round(f.median_lag))} typical lag)"
        if f.median_lag > st.CROWD_LAG
        else outsiders or ", within the minute and almost alone in its bursts"
    )
    small = f"{_pct(f.involvement)} of what its typical member posts{how}"
    if strength.fans:
        return (
            f"{_pct(f.repost_share)} of its co-action is reposting or replying to the same posts, and "
            f"that is only {small}, as fans of popular accounts do: an audience, no sign of "
            "coordination without a tell of an operation"
        )
    if strength.broadcast and f.weekly is not None:
        slot = f.weekly
        return (
            f"{slot.moments} of its {plural(f.events, 'moment')} fell on "
            f"{calendar.day_name[slot.weekday]}s between {_clock(slot.start)} and "
            f"{_clock(slot.start + feat.WEEKLY_SLOT)} UTC, in {slot.weeks} different weeks, as a crowd "
            "following a weekly show or match does: Suspicious at most without a sign of an operation"
        )
    if strength.devoted:
        return (
            f"{_pct(f.repost_share)} of its co-action is reposting or replying to the same posts"
            f"{outsiders or ', almost alone in those bursts'}, but that is only "
            f"{_pct(f.involvement)} of what its typical member posts, as devoted fans of an account "
            "do (amplifiers are run to amplify): Suspicious at most without a sign of an operation"
        )
    if (
        f.repost_share >= st.FANS_REPOST_SHARE
        and f.median_lag <= st.CROWD_LAG
        and f.involvement < st.AUDIENCE_INVOLVEMENT
    ):
        return (
            f"{_pct(f.repost_share)} of its co-action is reposting or replying to the same posts "
            f"within the minute, but that is only {_pct(f.involvement)} of what its typical member "
            f"posts{outsiders}: fans of popular accounts, or "
            "amplifiers that post other things too; Suspicious at most without a sign of an "
            "operation"
        )
    if f.repost_share >= st.AUDIENCE_REPOST_SHARE:
        return (
            f"{_pct(f.repost_share)} of its co-action is reposting or replying to the same posts, "
            f"over minutes ({duration(round(f.median_lag))} typical lag), in bursts where "
            f"{_pct(1 - f.exclusivity)} of the posts come from outside it, as fans of popular "
            "accounts do: Suspicious at most without a sign of an operation"
        )
    return (
        f"its co-action is only {small}, as a crowd following a match, a show or a topic does: "
        "Suspicious at most without a sign of an operation"
    )
