"""Cluster features: what, beyond co-action, makes a cluster look operated.

Each feature is a number an analyst can check by hand: the share of posts in
the operators' office shift, of members created in the same few days, of
generated-looking handles, of replies and reposts that stay inside, and how
round-the-clock the cluster posts (syndication bots post around the clock;
people working shifts do not).
"""

from __future__ import annotations

import math
import re
import statistics
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import repeat
from zoneinfo import ZoneInfo

from detection.bursts import poisson_tail
from storage.textnorm import MIN_FINGERPRINT_CHARS, fingerprint_length, normalise

#: Spamouflage's reported working pattern, in the operators' zone.
SHIFT_HOURS: tuple[tuple[int, int], ...] = ((9, 12), (14, 18))
WORKDAYS = frozenset(range(5))  # Monday..Friday
#: `firstnamelastname1234`: letters then 2-4 digits.
GENERATED_HANDLE = re.compile(r"^[a-z]{6,}\d{2,4}$")
CREATION_BURST_DAYS = 3
#: A cluster is a syndication network when in this share of its shared-text
#: bursts each copy links its poster's own site.
SYNDICATED_SHARE = 0.5
#: A crowd reacts to one thing at a time (a goal, a headline, a star's post):
#: at a moment, a member copies the one text or link the others copy too.
#: Members of an operation working through a list of content each copy several
#: different texts and links at every moment they act. Crowds on generated
#: stores of both generators copied 1.0-1.5 per moment on average; the groups
#: of a public archive of a state-backed operation that read as crowds by their
#: timing and involvement, 3.7-6.3.
BATCH_KEYS = 3.0
#: Internal amplification counts when at least this share of members both
#: amplify other members and are amplified by them.
MUTUAL_SHARE = 0.2
#: An audience of its own making: members spend this share or more of their
#: reposts on other members, and of the reposts members get, at most
#: CLOSED_LOOP_OUTSIDE come from outside the cluster, counted from
#: CLOSED_LOOP_COUNT reposts each way. Reposts only: a repost amplifies, a
#: reply converses, and friends replying to one another's posts all day
#: with no one else joining in are a closed loop of replies. A community's popular
#: members are reposted by outsiders too (fans' clusters holding their star,
#: on generated stores of both generators: 27-94% from outside); the members
#: a network amplifies are amplified by no one else (operations there: 0-12%,
#: 3% or less for nineteen in twenty).
CLOSED_LOOP_INSIDE = 0.3
CLOSED_LOOP_OUTSIDE = 0.1
CLOSED_LOOP_COUNT = 10
#: A member that in its bursts with a cluster was mostly the author others
#: reposted (it acted itself at fewer than MIN_REPEAT moments) is what the
#: cluster amplifies; when this share or more of the reposts it gets
#: (CLOSED_LOOP_COUNT or more) come from outside the cluster, it is a public
#: account a network pushes (an outlet, a star), not one of its own: on 63
#: generated stores of both generators such members of operations got 0-8%
#: of their reposts from outside, outlets and stars 38-68%.
AMPLIFIED_OUTSIDE = 0.2
#: Scripted talking points: members of a group that puts most of its posting
#: into its pushes (DEVOTED_INVOLVEMENT, the median member) repeat sentences
#: other members posted in different texts (the same claim with another
#: closing line, emoji or tag) in at least TALKING_POINTS_SHARE of their
#: posts on tags and links that come almost only in pushes. Copies of one whole text are copy-paste,
#: counted as such; a crowd writes its own sentences, or copies one chant
#: whole. On 48 generated stores of both generators (seeds 9112-10051) no
#: group outside an operation reached 5%; the second generator's sparse
#: hashtag riders, 64-88%.
TALKING_POINTS_SHARE = 0.5
#: A sentence long enough to carry a claim: as long as a fingerprinted text.
TALKING_POINT_CHARS = MIN_FINGERPRINT_CHARS
#: The share of their own posts a group's typical member puts into its
#: co-action from which the group lives for it (strength.AUDIENCE_INVOLVEMENT
#: says why the bar sits here).
DEVOTED_INVOLVEMENT = 0.6
_SENTENCE_END = re.compile(r"[.!?;\n\u3002\uff01\uff1f\uff1b]+")
CREATION_BURST_MIN = 4
YEAR = 365 * 86400


@dataclass
class ShiftClock:
    """Tells whether a moment falls in the operators' office shift, cached per hour."""

    zone: ZoneInfo
    _cache: dict[int, tuple[int, int]] = field(default_factory=dict)

    def local(self, ts: int) -> tuple[int, int]:
        """(weekday, hour) of `ts` in the zone."""
        bucket = ts // 3600
        hit = self._cache.get(bucket)
        if hit is None:
            try:
                moment = datetime.fromtimestamp(bucket * 3600, self.zone)
                hit = (moment.weekday(), moment.hour)
            except (OverflowError, OSError, ValueError):
                # A time the calendar cannot hold in this zone: outside any shift.
                hit = (-1, -1)
            self._cache[bucket] = hit
        return hit

    def in_shift(self, ts: int) -> bool:
        """True when `ts` is inside a shift on a working day."""
        weekday, hour = self.local(ts)
        return weekday in WORKDAYS and any(lo <= hour < hi for lo, hi in SHIFT_HOURS)


def in_shift(timestamps: Sequence[int], clock: ShiftClock) -> int:
    """How many of `timestamps` fall inside the office shift."""
    return sum(1 for ts in timestamps if clock.in_shift(ts))


def shift_share(timestamps: list[int], clock: ShiftClock) -> float:
    """Share of `timestamps` inside the office shift (0 for none)."""
    if not timestamps:
        return 0.0
    return in_shift(timestamps, clock) / len(timestamps)


#: Below this many posts, "active in N of 24 hours" says nothing.
ROUND_THE_CLOCK_POSTS = 48


def round_the_clock_hours(timestamps: list[int]) -> int:
    """How many of the 24 UTC hours carry at least half their uniform share of posts (0 below 48 posts)."""
    if len(timestamps) < ROUND_THE_CLOCK_POSTS:
        return 0
    hours = Counter((ts // 3600) % 24 for ts in timestamps)
    floor = len(timestamps) / 48
    return sum(1 for h in range(24) if hours.get(h, 0) >= floor)


#: The working week looked for in every UTC offset: 09:00-18:00 local on five
#: or six working days (45 of the week's 168 hours for five, 27% of a uniform
#: week). Spamouflage's reported shifts (09-12 and 14-18 China Standard Time)
#: lie inside it.
OFFICE_HOURS = (9, 18)
#: The rest days tried (Monday = 0): Saturday and Sunday, Friday and Saturday,
#: Friday alone (Iran's week), each named by its working days.
REST_DAYS: dict[tuple[int, ...], str] = {(5, 6): "Mon–Fri", (4, 5): "Sun–Thu", (4,): "Sat–Thu"}
#: Offsets tried, in half hours: UTC-12:00 to UTC+14:00, half-hour zones included.
OFFSETS = tuple(range(-24, 29))
HALF_HOURS_PER_WEEK = 7 * 48
#: A cluster "works office hours" when at least this share of its posts fall in
#: the working week at its best offset, and at least OFFICE_LIFT times the share
#: of all posts in the store at that offset. Ordinary people post evenings and
#: weekends: in generated stores all accounts together put 25-35% of their
#: posts in any offset's working week; operators working shifts put 80-100%.
OFFICE_SHARE = 0.5
OFFICE_LIFT = 1.8
#: And the share must be unlikely by chance: at a uniform week, the binomial
#: chance of that many of its half hours falling in the working week, times
#: the weeks tried (offsets x rest days), stays under this.
OFFICE_CHANCE = 0.001
#: A working week also rests: of the hours with posts inside 09-18 at that
#: offset, the share on working days must be unlikely for a cluster that posts
#: on any day (binomial chance at 5/7 or 6/7, times the rest days tried, under
#: this). Hours, not half hours, are counted once per day: fans posting about
#: an evening match fill the same few hours whatever the weekday, and at an
#: offset twelve hours away their evenings look like mornings at the office.
REST_CHANCE = 0.01
#: A cluster's week is counted in distinct half hours with posts, so a push of
#: forty accounts in one minute counts once. Posts on fewer days than this
#: cannot show a weekly pattern.
OFFICE_MIN_DAYS = 3
#: A working week is more than one day a week: the hours at the office fall on
#: at least this many different weekdays (a weekly show's viewers post on one).
OFFICE_MIN_WEEKDAYS = 3
#: A configured operator zone wins when its fit is this close to the best one.
PRIOR_SLACK = 0.05


#: 1970-01-01, day 0 of Unix time, was a Thursday (Monday = 0).
EPOCH_WEEKDAY = 3


def week_histogram(timestamps: Iterable[int]) -> list[int]:
    """Posts per half hour of the week in UTC (index 0 = Monday 00:00-00:30). O(n)."""
    hist = [0] * HALF_HOURS_PER_WEEK
    # 1970-01-01 was a Thursday: 3 days (144 half hours) after a Monday.
    for ts in timestamps:
        hist[(ts // 1800 + 144) % HALF_HOURS_PER_WEEK] += 1
    return hist


def _office_bins(offset: int, rest: tuple[int, ...]) -> list[int]:
    """The UTC half-hour bins that are working-week hours at `offset` half hours from UTC."""
    lo, hi = OFFICE_HOURS
    local = [d * 48 + h for d in range(7) if d not in rest for h in range(2 * lo, 2 * hi)]
    return [(b - offset) % HALF_HOURS_PER_WEEK for b in local]


_OFFICE_BINS = {
    (offset, rest): _office_bins(offset, rest) for offset in OFFSETS for rest in REST_DAYS
}
#: Weeks tried: every offset with every set of rest days.
WEEKS_TRIED = len(_OFFICE_BINS)


def binomial_tail(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p). O(n - k), in log space."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    log_p, log_q = math.log(p), math.log1p(-p)
    terms = [
        math.lgamma(n + 1)
        - math.lgamma(i + 1)
        - math.lgamma(n - i + 1)
        + i * log_p
        + (n - i) * log_q
        for i in range(k, n + 1)
    ]
    top = max(terms)
    return min(1.0, math.exp(top) * sum(math.exp(t - top) for t in terms))


@dataclass(frozen=True)
class OfficeFit:
    """How well a cluster's posts fit a working week at one UTC offset."""

    offset: int  # half hours east of UTC
    share: float  # of the cluster's posts, share in that offset's working week
    baseline: float  # the same share for all posts in the store
    slots: int  # distinct half hours with posts
    days: int  # distinct UTC days with posts
    prior: bool = False  # the offset is the configured operator zone's
    rest: tuple[int, ...] = (5, 6)  # rest days, Monday = 0
    office_hours: int = 0  # distinct local hours with posts inside 09-18, any day
    working_hours: int = 0  # of those, hours on working days
    weekdays: int = 0  # distinct days of the week of those working-day hours

    def fits(self) -> bool:
        """True when the cluster clearly keeps office hours at this offset."""
        if (
            self.days < OFFICE_MIN_DAYS
            or self.weekdays < OFFICE_MIN_WEEKDAYS
            or self.share < max(OFFICE_SHARE, OFFICE_LIFT * self.baseline)
        ):
            return False
        week_share = (7 - len(self.rest)) / 7
        inside = round(self.share * self.slots)
        # The configured operator zone is one week named in advance; any other
        # is the best of all the weeks tried, and pays for the choice.
        weeks, rests = (1, 1) if self.prior else (WEEKS_TRIED, len(REST_DAYS))
        return (
            binomial_tail(inside, self.slots, week_share * (OFFICE_HOURS[1] - OFFICE_HOURS[0]) / 24)
            * weeks
            <= OFFICE_CHANCE
            and binomial_tail(self.working_hours, self.office_hours, week_share) * rests
            <= REST_CHANCE
        )

    @property
    def label(self) -> str:
        """'UTC+8', 'UTC-3:30'."""
        sign = "+" if self.offset >= 0 else "-"
        hours, half = divmod(abs(self.offset), 2)
        return f"UTC{sign}{hours}" + (":30" if half else "")

    @property
    def week(self) -> str:
        """The working days: 'Mon–Fri', 'Sun–Thu', 'Sat–Thu'."""
        return REST_DAYS.get(self.rest, "Mon–Fri")


def office_fit(timestamps: Iterable[int], store: list[int], prior: int | None = None) -> OfficeFit:
    """The UTC offset and rest days at which a cluster's posting times best fit a working week.

    The cluster's week counts distinct half hours with posts; `store` is the
    week histogram of all posts, for the baseline; `prior` is the configured
    operator zone's offset, preferred when it fits about as well as the best.
    O(offsets x rest days x working-week bins + distinct half hours).
    """
    slots = {ts // 1800 * 1800 for ts in timestamps}
    cluster = week_histogram(slots)
    posts = len(slots)
    days = len({ts // 86400 for ts in slots})
    total = sum(store) or 1

    def share(hist: list[int], week: tuple[int, tuple[int, ...]], n: int) -> float:
        return sum(hist[b] for b in _OFFICE_BINS[week]) / n if n else 0.0

    def lift(week: tuple[int, tuple[int, ...]]) -> float:
        return share(cluster, week, posts) - share(store, week, total)

    # Ties go to the offset nearest UTC, then to a Saturday-Sunday weekend.
    best = max(_OFFICE_BINS, key=lambda w: (lift(w), -abs(w[0]), w[1] == (5, 6)))
    chosen = best
    if prior is not None:
        at_prior = max(
            ((prior, rest) for rest in REST_DAYS if (prior, rest) in _OFFICE_BINS),
            key=lift,
            default=None,
        )
        if at_prior is not None and lift(at_prior) >= lift(best) - PRIOR_SLACK:
            chosen = at_prior
    offset, rest = chosen
    lo, hi = OFFICE_HOURS
    # Local hours inside 09-18, each counted once: (local day, hour).
    office_hours = {
        (local // 24, local % 24)
        for local in {(ts + offset * 1800) // 3600 for ts in slots}
        if lo <= local % 24 < hi
    }
    weekday_of = [(day + EPOCH_WEEKDAY) % 7 for day, _ in office_hours]
    working = [d for d in weekday_of if d not in rest]
    return OfficeFit(
        offset,
        share(cluster, chosen, posts),
        share(store, chosen, total),
        posts,
        days,
        offset == prior,
        rest,
        len(office_hours),
        len(working),
        len(set(working)),
    )


def zone_offset(zone: ZoneInfo, at: int) -> int:
    """The zone's offset from UTC at `at`, in half hours."""
    try:
        delta = datetime.fromtimestamp(at, zone).utcoffset()
    except (OverflowError, OSError, ValueError):
        return 0
    return round(delta.total_seconds() / 1800) if delta else 0


WEEK = 7 * 86400
#: A weekly broadcast's crowd acts in one slot of the week (the show's hour,
#: the weekly match), week after week: at least this share of a cluster's
#: moments in one WEEKLY_SLOT-long stretch of the week, in WEEKLY_WEEKS or more
#: different weeks. Operations work on many days and hours of the week; the
#: chance that moments of a push schedule fall into one three-hour slot of the
#: 168 hours of a week, week after week, is negligible.
WEEKLY_SLOT = 3 * 3600
WEEKLY_SHARE = 0.9
WEEKLY_WEEKS = 3


@dataclass(frozen=True)
class WeeklySlot:
    """The stretch of the week (UTC) holding most of a cluster's moments."""

    start: int  # seconds after Monday 00:00 UTC
    moments: int  # moments in the slot
    share: float  # of all the cluster's moments
    weeks: int  # different weeks those moments fall in

    def is_broadcast(self) -> bool:
        """True when the moments keep to one slot of the week, week after week."""
        return self.share >= WEEKLY_SHARE and self.weeks >= WEEKLY_WEEKS

    @property
    def weekday(self) -> int:
        """Monday = 0."""
        return self.start // 86400


def weekly_slot(moments: Sequence[int]) -> WeeklySlot | None:
    """The WEEKLY_SLOT-long stretch of the week with the most of `moments` (UTC timestamps)."""
    if not moments:
        return None
    # Seconds after the epoch's Monday 00:00 UTC; the phases go around the
    # week twice so a slot may run from Sunday night into Monday.
    since_monday = [ts + EPOCH_WEEKDAY * 86400 for ts in moments]
    phases = sorted(t % WEEK for t in since_monday)
    circle = phases + [p + WEEK for p in phases]
    best_start, best_count, end = 0, 0, 0
    for i, start in enumerate(phases):
        while end < len(circle) and circle[end] < start + WEEKLY_SLOT:
            end += 1
        if end - i > best_count:
            best_start, best_count = start, end - i
    weeks = {
        (t - best_start) // WEEK for t in since_monday if (t - best_start) % WEEK < WEEKLY_SLOT
    }
    return WeeklySlot(best_start, best_count, best_count / len(moments), len(weeks))


#: Members created that close together must be this unlikely among accounts
#: created as the store's accounts were (Poisson tail) to count as a burst.
CREATION_CHANCE = 1e-3


def creation_days(created: Iterable[int | None]) -> array[int]:
    """The sorted creation days of accounts (those with a known creation time), as machine integers.

    Counted per day and laid out in order, not sorted as a list: a sweep
    takes every account's day, and a list of them would hold an int object
    and a reference per account (about 50 MB at 1,250,000 accounts) while
    the clusters are scored, when the sweep peaks.
    """
    per_day = Counter(ts // 86400 for ts in created if ts is not None)
    days: array[int] = array("q")
    for day in sorted(per_day):
        days.extend(repeat(day, per_day[day]))
    return days


#: `median_low` first counts values per bucket this wide (an hour of timestamps),
#: then sorts only the values of the bucket that holds the median.
MEDIAN_BUCKET = 3600


def median_low(values: Sequence[int]) -> int:
    """The low median of `values`, as `statistics.median_low` gives it, without sorting them all.

    `statistics.median_low` sorts a list of every value: for the timestamps
    of every post, an int object and a reference a post (400 MB at
    10,000,000 posts) while the clusters are scored, when the sweep peaks.
    Here values are counted per MEDIAN_BUCKET, and only the bucket holding
    the median is sorted. Two passes over `values`; raises
    statistics.StatisticsError when there are none, as the original does.
    """
    if not values:
        raise statistics.StatisticsError("no median for empty data")
    per_bucket = Counter(v // MEDIAN_BUCKET for v in values)
    rank = (len(values) - 1) // 2  # the low median's place in sorted order
    for bucket in sorted(per_bucket):
        if rank < per_bucket[bucket]:
            break
        rank -= per_bucket[bucket]
    return sorted(v for v in values if v // MEDIAN_BUCKET == bucket)[rank]


def creation_burst_members(created: list[int | None], store_days: Sequence[int] = ()) -> int:
    """Members created within CREATION_BURST_DAYS of at least CREATION_BURST_MIN - 1 others,
    more of them than chance gives when the cluster's accounts were created at
    any time over the store's accounts' creation span (`store_days`, sorted).

    In a cluster of thousands, a few others created within days of each member
    is what chance gives; a dozen accounts made in one afternoon is not. The
    span, not the store's own creation dates, is the yardstick: a store that
    holds one operation's archive has the operation's bursts as its dates.
    Without `store_days` only the minimum applies.
    """
    days = creation_days(created)
    window = 2 * CREATION_BURST_DAYS + 1
    span = max(window, store_days[-1] - store_days[0] + 1) if store_days else 0
    count = 0
    lo = 0
    hi = 0
    for day in days:
        while days[lo] < day - CREATION_BURST_DAYS:
            lo += 1
        while hi < len(days) and days[hi] <= day + CREATION_BURST_DAYS:
            hi += 1
        others = hi - lo - 1
        if others < CREATION_BURST_MIN - 1:
            continue
        if span and poisson_tail(others, (len(days) - 1) * window / span) >= CREATION_CHANCE:
            continue
        count += 1
    return count


def generated_handles(handles: list[str]) -> int:
    """How many handles look like `firstnamelastname1234`."""
    return sum(1 for h in handles if GENERATED_HANDLE.match(h.lower()))


def is_sleeper(
    created_ts: int | None, first_push_ts: int, posts: int, cluster_created: int | None
) -> bool:
    """An aged account with very few posts, much older than its cluster's typical member.

    Over a year old at its first push, at most 12 posts, and created half a
    year or more before the cluster's median member (so a network whose
    accounts were all made long ago and post little is not "all sleepers").
    """
    if created_ts is None or posts > 12 or first_push_ts - created_ts < YEAR:
        return False
    return cluster_created is None or cluster_created - created_ts >= YEAR // 2


def median_created(created: list[int | None]) -> int | None:
    """The median creation time of accounts whose creation time is known."""
    known = sorted(ts for ts in created if ts is not None)
    return known[len(known) // 2] if known else None


@dataclass
class ClusterFeatures:
    """Measured features of one cluster; shares are in [0, 1]."""

    members: int
    personas: int
    platforms: dict[str, int]
    events: int
    posts: int
    shift_share: float
    baseline_shift_share: float
    active_hours: int
    created_in_bursts: int
    generated_handles: int
    internal_engagement: float  # of members' replies/reposts, share aimed at members
    engagement_from_outside: float  # of replies/reposts members receive, share from outside
    engagement_given: int
    engagement_received: int
    #: The same four for reposts alone (the closed loop).
    reposts_to_members: float
    reposts_from_outside: float
    reposts_given: int
    reposts_received: int
    sleepers: int
    median_lag: float
    syndication_share: float  # of its copy-paste bursts, share where each copy links its own site
    repost_share: float  # of its bursts, share that are reposts of or replies to one post
    first_ts: int
    last_ts: int
    exclusivity: float = 1.0  # of the posts in its bursts, share by its own members
    involvement: float = 1.0  # median member's share of its own posts that are in those bursts
    mutual_amplifiers: int = 0  # members who both amplify and are amplified by other members
    keys: int = 0  # distinct keys it co-acted on
    text_events: int = 0  # distinct moments of shared (near-)copies of a text
    talking_points: float = 0.0  # of members' posts on tags and links that come almost only
    # in pushes, share repeating a sentence another member posted in a different text
    batch: float = 0.0  # different texts and links a member copied with it at one moment (mean)
    office: OfficeFit | None = None  # best working-week fit over UTC offsets
    weekly: WeeklySlot | None = None  # the slot of the week holding most of its moments

    def corroboration(self) -> list[str]:
        """Names of the features that point to an operated network, beyond co-action."""
        found = []
        if self.office is not None and self.office.fits():
            found.append("office_shift")
        if self.members >= 4 and self.created_in_bursts >= 0.3 * self.members:
            found.append("creation_burst")
        if self.members >= 4 and self.generated_handles >= 0.4 * self.members:
            found.append("generated_handles")
        if self.scripted():
            found.append("talking_points")
        if self.closed_loop():
            found.append("closed_loop")
        elif (
            self.engagement_given >= 5
            and self.internal_engagement >= 0.5
            # Members amplify each other, not an audience its favourite feed.
            and self.amplify_each_other()
        ):
            found.append("internal_amplification")
        # Sleepers are reported as evidence on each sleeper, but do not by
        # themselves show a cluster is operated: in a thin data set every
        # low-volume account looks like one.
        return found

    def scripted(self) -> bool:
        """True when members living for the group's pushes repeat one another's talking points."""
        return (
            self.members >= 4
            and self.involvement >= DEVOTED_INVOLVEMENT
            and self.talking_points >= TALKING_POINTS_SHARE
        )

    def amplify_each_other(self) -> bool:
        """True when members both amplify and are amplified by other members (MUTUAL_SHARE of them)."""
        return self.mutual_amplifiers >= max(2, MUTUAL_SHARE * self.members)

    def closed_loop(self) -> bool:
        """True when members amplify members that no one outside the cluster amplifies."""
        return (
            self.members >= 4
            and self.reposts_given >= CLOSED_LOOP_COUNT
            and self.reposts_received >= CLOSED_LOOP_COUNT
            and self.reposts_to_members >= CLOSED_LOOP_INSIDE
            and self.reposts_from_outside <= CLOSED_LOOP_OUTSIDE
        )

    def broadcast(self) -> bool:
        """True when the co-action keeps to one slot of the week, as a weekly show's crowd does."""
        return self.weekly is not None and self.weekly.is_broadcast()

    def pushes_batches(self) -> bool:
        """True when members copy several different texts and links at each moment, as a content push does."""
        return self.batch >= BATCH_KEYS

    def looks_syndicated(self) -> bool:
        """True when copies of a text mostly carry links to different sites, as news feeds do."""
        return self.syndication_share >= SYNDICATED_SHARE

    def round_the_clock(self) -> bool:
        """True for clusters that post evenly at all hours, as syndication bots do."""
        return self.posts >= ROUND_THE_CLOCK_POSTS and self.active_hours >= 21


@dataclass
class TalkingPoints:
    """Posts repeating a sentence another author posted in a different text."""

    posts: int  # posts read
    repeating: int  # of them, those repeating another author's sentence
    accounts: int  # authors of the most repeated sentence
    examples: list[int]  # positions of the posts carrying it: each author's first, then the rest


_NOT_WORDS = ("#", "@", "http://", "https://", "www.")


def own_words(text: str) -> str:
    """`text` without its hashtags, mentions and links: a claim is the same under any
    tag, and a link's path is no sentence of its poster's."""
    return " ".join(w for w in text.split() if not w.casefold().startswith(_NOT_WORDS))


def sentences(text: str) -> set[str]:
    """The normalised sentences of `text` long enough to carry a claim (give it a post's
    `own_words`: a link's path split at its dots reads as sentences)."""
    found = set()
    for part in _SENTENCE_END.split(text):
        core = normalise(part)
        if fingerprint_length(core) >= TALKING_POINT_CHARS:
            found.add(core)
    return found


def talking_points(posts: Iterable[tuple[int, int, str]]) -> TalkingPoints:
    """How many of `posts` ((position, author, text), each post once) repeat a sentence
    another author posted in a different text, and the most repeated sentence's
    authors and posts. A whole text copied is no talking point: it is a copy.
    O(total text length).
    """
    read = [
        (i, author, sentences(bare), normalise(bare))
        for i, author, text in posts
        for bare in (own_words(text),)
    ]
    said: dict[str, dict[int, set[str]]] = {}  # sentence -> author -> whole texts carrying it
    for _, author, found, whole in read:
        for sentence in found:
            said.setdefault(sentence, {}).setdefault(author, set()).add(whole)
    # Per sentence, the authors whose only text carrying it is one given text:
    # for them that text is a copy, not a different one.
    only: dict[str, Counter[str]] = {
        s: Counter(next(iter(texts)) for texts in by.values() if len(texts) == 1)
        for s, by in said.items()
    }

    def repeats(sentence: str, author: int, whole: str) -> bool:
        by = said[sentence]
        copies = only[sentence][whole] - (by[author] == {whole})
        return len(by) - 1 - copies > 0

    repeating = sum(
        1 for _, author, found, whole in read if any(repeats(s, author, whole) for s in found)
    )
    # The most repeated line, by its authors, among those in different texts.
    spread = {
        s: len(by) for s, by in said.items() if len(by) >= 2 and len(set().union(*by.values())) >= 2
    }
    top = max(spread, key=lambda s: (spread[s], s), default=None)
    if top is None:
        return TalkingPoints(len(read), repeating, 0, [])
    # Its posts, one per author first: examples that show several members saying it.
    carrying = [(i, author) for i, author, found, _ in read if top in found]
    first = dict(reversed([(author, i) for i, author in carrying]))
    examples = sorted(first.values()) + [i for i, author in carrying if first[author] != i]
    return TalkingPoints(len(read), repeating, spread[top], examples)


def syndicated(domains: list[str]) -> bool:
    """True when the link-bearing copies in one burst point to (nearly) all different sites."""
    return len(domains) >= 2 and len(set(domains)) >= 0.8 * len(domains)


def active_hours(timestamps: list[int]) -> int | None:
    """How many of the 24 hours of the day a group is active in; None when too few posts say nothing.

    The one definition that evidence lines, cards and pictures print: an
    hour is active when it carries at least half an even share of the posts
    (`round_the_clock_hours`), counted only from ROUND_THE_CLOCK_POSTS posts up.
    """
    if len(timestamps) < ROUND_THE_CLOCK_POSTS:
        return None
    return round_the_clock_hours(timestamps)
