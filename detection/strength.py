"""How strong a cluster's evidence of coordination is, and the level it earns.

The score rests on the co-action itself: how many distinct moments the
cluster acted together, how many personas took part, whether the copies were
(near-)identical texts, and how much of each burst the cluster had to itself.
Tells of an operation (office hours at whatever UTC offset fits, accounts
created in bursts, generated handles, members amplifying each other, sleepers
waking up) add points; innocent explanations (copies that each link their
own site, as syndication feeds do; posting evenly around the clock) take
points away. No tell is required: a network of hundreds of accounts reposting
the same posts within the same minute at hundreds of moments is Likely
coordinated on that evidence alone, whatever its working hours.

Points are on a log scale, so doubling the evidence adds a fixed amount, and a
store of 20,000 posts and one of 10 million are judged alike: counts of
moments and personas are what a cluster did, not shares of the store.

The constants were set on generated stores of 20,000 to 1,000,000 posts over 7
to 90 days from two independent generators, and checked on a public archive of
a state-backed operation; the README states what the levels mean in measured
terms.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from detection.features import ClusterFeatures
from detection.verdict import LIKELY_AT, SUSPICIOUS_AT, Level, level_for

#: Co-action at fewer distinct moments than this earns no points: three
#: moments is what ties two accounts in the network at all.
REPEAT_FROM = 3
#: Each doubling of the distinct moments adds a point, up to this many.
REPEAT_CAP = 6.0
#: Personas beyond the fewest a cluster may have (3); each doubling adds a point.
BREADTH_FROM = 3
BREADTH_CAP = 5.0
#: Near-identical texts posted by several accounts within minutes, at this many
#: distinct moments, are something organic sharing does not do (chain posts
#: and share-button texts spread over hours): these points on top.
COPY_MOMENTS = 3
COPY_POINTS = 2.0
#: Below this share of the posts in its bursts, a cluster rode along with a
#: crowd (fans reposting a popular account, users of a trending tag set): its
#: co-action points shrink in proportion.
EXCLUSIVE_SHARE = 0.6
#: Each corroborating tell (office hours, creation burst, generated handles,
#: internal amplification).
TELL_POINTS = 1.5
SLEEPER_POINTS = 0.5
#: Innocent explanations. Bursts that syndication explains are already left
#: out of the co-action counted; these points weigh what remains.
SYNDICATION_POINTS = -2.0
ROUND_THE_CLOCK_POINTS = -1.5
#: An audience: a group whose co-action is almost all reposts and replies of
#: the same posts, over minutes, in bursts it shares with outsiders, is what
#: fans of a popular account look like. Without a tell it is Suspicious at
#: most. Within the minute it is what amplifiers do when they push popular
#: posts, which others repost too: outsiders in their bursts are no excuse.
AUDIENCE_REPOST_SHARE = 0.9
AUDIENCE_EXCLUSIVITY = 0.95
#: A group whose co-action is less than this share of what its members post
#: (the median member) lives its own life around it, as a crowd following a
#: match or fans of a star do: Suspicious at most without a tell, and fans
#: (reposts) not even that. Operated accounts mostly do what they are run
#: for. A group mostly reposting the same posts (FANS_REPOST_SHARE) is held so
#: only when it reacts over minutes or shares its bursts with outsiders:
#: automated amplifiers repost within the minute, among themselves. A crowd
#: that mostly posts is held at any speed: a goal makes fans post within the
#: minute, under a tag only they use (a live event's crowd on an unseen seed:
#: 174 fans at 50 goals, 44% of their posting, 99% of the posts in their
#: bursts; Likely before). On generated stores of both generators crowds'
#: typical members put 26-50% of their posts in the co-action and operations'
#: 65-100% (low-volume members in a short span put 1 of 2 posts there, so half
#: is a crowd's, not the edge of it): the bar sits in the gap. The lowest of
#: 592 operations posting within the minute alone, on eight seed-and-mix
#: matrices, put 61% there; live-event crowds 41-63%. An operation padding
#: its pushes with more filler than that reads as a crowd without a tell.
AUDIENCE_INVOLVEMENT = 0.6
CROWD_LAG = 60
#: Reposting within the minute among themselves is what automated amplifiers
#: do, and what a star's most devoted fans do too. Amplifiers are run to
#: amplify: a reposting group whose typical member spends less than this share
#: of its posts on it, without a tell of an operation, is Suspicious at most.
#: On generated stores of both generators (four seeds, 20,000 to 200,000
#: posts) such groups of fans put 2-31% of their posts there (fans of a news
#: outlet reposting every story within the minute: 25-31%) and reposting
#: operations 40-100%: the bar sits in the gap.
AMPLIFIER_INVOLVEMENT = 1 / 3
#: A crowd whose co-action is mostly reposts and replies of the same posts, over
#: minutes, is an audience: fans, not even worth a look without a tell of an
#: operation. Within the minute (and so held only for the outsiders in its
#: bursts) it stays worth a look: amplifiers that post other things too look
#: like that (a retweet network in a week's store put 57-58% of its posts into
#: reposts within the minute, 6% of the posts in its bursts outsiders').
#: Mostly, not only: fans of a star also share its hashtags and links, and a
#: crowd reposting popular posts also chants with the match. On generated
#: stores of both generators (two seeds, 20,000 to 200,000 posts, every span)
#: crowds put 50-89% of their co-action into reposts with no operation member
#: among them; operations held as crowds were 92-100% reposts and fans already.
FANS_REPOST_SHARE = 0.5
#: Tells that ordinary communities show too: they do not lift the caps above.
COMMUNITY_TELLS = frozenset({"generated_handles", "internal_amplification"})

#: Groups tied only by single pushes (each pair of accounts acted together
#: once) at fewer than REPEAT_FROM distinct moments carry less weight than
#: repeated co-action. At more moments the group has shown it acts together
#: again and again (sparse riders of a campaign's tags take turns), and what
#: holds it below Likely is the lack of a tell of an operation instead.
SINGLE_PUSH_POINTS = -2.0

#: Levels in points, and the score scale: a logistic curve through
#: (SUSPICIOUS_POINTS, SUSPICIOUS_AT) and (LIKELY_POINTS, LIKELY_AT), the
#: level thresholds in detection.verdict.
LIKELY_POINTS = 3.0
SUSPICIOUS_POINTS = 1.5


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


#: The highest scores below Likely and below Suspicious.
BELOW_LIKELY = round(LIKELY_AT - 0.01, 3)
BELOW_SUSPICIOUS = round(SUSPICIOUS_AT - 0.01, 3)
_SLOPE = (_logit(LIKELY_AT) - _logit(SUSPICIOUS_AT)) / (LIKELY_POINTS - SUSPICIOUS_POINTS)
_MIDPOINT = LIKELY_POINTS - _logit(LIKELY_AT) / _SLOPE


def score_of(points: float) -> float:
    """The score in [0, 1] for `points` (monotonic; levels fall at their points)."""
    return round(1 / (1 + math.exp(-_SLOPE * (points - _MIDPOINT))), 3)


def _log2_points(count: float, start: float, cap: float) -> float:
    if count <= start:
        return 0.0
    return min(cap, math.log2(count / start))


@dataclass(frozen=True)
class Strength:
    """A cluster's points, by where they come from."""

    repeat: float
    breadth: float
    copies: float
    exclusivity: float  # factor in [0, 1] applied to the three above
    tells: float
    innocence: float  # zero or negative
    single_push: float  # zero or negative
    audience: bool = False  # reposts shared with outsiders, or a crowd, no tell: below Likely
    fans: bool = False  # a crowd whose co-action is mostly reposts: below Suspicious
    devoted: bool = False  # reposts within the minute, a small part of members' posting
    broadcast: bool = False  # co-action in one slot of the week, week after week
    pushes: bool = False  # copies of several different texts at each moment: no crowd
    fan_club: bool = False  # a slow closed loop whose members do not amplify each other

    @property
    def coaction(self) -> float:
        """Points from co-action alone."""
        return (self.repeat + self.breadth + self.copies) * self.exclusivity

    @property
    def points(self) -> float:
        """All points."""
        return self.coaction + self.tells + self.innocence + self.single_push

    @property
    def score(self) -> float:
        """The cluster's score in [0, 1]."""
        return self.cap(score_of(self.points))

    def cap(self, score: float) -> float:
        """`score`, held below Likely for an audience, below Suspicious for fans."""
        if self.fans:
            return min(score, BELOW_SUSPICIOUS)
        return min(score, BELOW_LIKELY) if self.audience else score

    def member_score(self, own_points: float, *, joined: bool) -> float:
        """A member's score: the cluster's points and its own part, capped as the cluster is.

        An account that only joined the pushes (`joined`) of an audience or a
        crowd is what its public does: worth a look only as part of the cluster.
        """
        score = self.cap(score_of(self.points + own_points))
        return min(score, BELOW_SUSPICIOUS) if joined and self.audience else score

    @property
    def level(self) -> Level:
        """The cluster's verdict level."""
        return level_for(self.score)

    def without_innocence(self) -> Level:
        """The level the cluster would get with no innocent explanation."""
        return level_for(score_of(self.points - self.innocence))


def cluster_strength(f: ClusterFeatures, *, single_pushes: bool = False) -> Strength:
    """The points of one cluster from its measured features."""
    innocence = 0.0
    if f.looks_syndicated():
        innocence += SYNDICATION_POINTS
    if f.round_the_clock():
        innocence += ROUND_THE_CLOCK_POINTS
    corroborated = f.corroboration()
    tells = TELL_POINTS * len(corroborated)
    if f.sleepers >= 2 and not innocence:
        tells += SLEEPER_POINTS
    # Sleepers add points but do not make an audience operated either: in a
    # thin store every low-volume fan looks like one.
    # What shows a crowd is operated: working hours, accounts created
    # together, members amplifying members whom no one outside amplifies (a
    # star's fans are not its only audience). Generated-looking handles and
    # members reposting each other add points but are no such sign for a
    # group that mostly does other things: platforms give ordinary users
    # default handles of that shape (firstnamelastname12345678), and a
    # community reposts its own popular members. Any tell lifts the cap on
    # reposts shared with outsiders. A closed loop of reposts minutes apart
    # (slower than CROWD_LAG) whose members do not amplify each other is a
    # fan club's: a star's keenest fans, and the ordinary accounts attached
    # to them by reposting it too, are all the audience of it a store may
    # hold, and the star does not repost them. Networks amplify their own
    # within the minute, or their members amplify one another (43-79% of the
    # members of the seven operations measured on generated stores of both
    # generators whose loop was slower; 9% in a fan club of 456).
    fan_club = f.median_lag > CROWD_LAG and not f.amplify_each_other()
    operated = [
        tell
        for tell in corroborated
        if tell not in COMMUNITY_TELLS and not (tell == "closed_loop" and fan_club)
    ]
    reposts = f.repost_share >= AUDIENCE_REPOST_SHARE
    pushes = f.pushes_batches() and not reposts
    # Most of the co-action is posting, not reposting: an amplifier's job.
    posting = f.repost_share < FANS_REPOST_SHARE
    shared = (
        not corroborated
        and reposts
        and f.exclusivity < AUDIENCE_EXCLUSIVITY
        and f.median_lag > CROWD_LAG
    )
    crowd = (
        not operated
        and f.involvement < AUDIENCE_INVOLVEMENT
        and (posting or f.median_lag > CROWD_LAG or f.exclusivity < AUDIENCE_EXCLUSIVITY)
        # Copying several different texts and links at each moment is working
        # through content, not reacting to one thing as a crowd does.
        and not pushes
    )
    devoted = not operated and reposts and f.involvement < AMPLIFIER_INVOLVEMENT
    # A crowd following a weekly show or match acts in one slot of the week,
    # week after week: operations push on many days and hours.
    broadcast = not operated and f.broadcast()
    # A group tied only by single pushes (no two members acted together at
    # MIN_REPEAT moments) is what a viral post's reposters are too: hundreds
    # of strangers once each. Without a tell of an operation (working hours,
    # accounts created together) it is no more than worth a look.
    one_push = single_pushes and not operated
    few_moments = f.events < REPEAT_FROM
    return Strength(
        repeat=_log2_points(f.events, REPEAT_FROM, REPEAT_CAP),
        breadth=_log2_points(f.personas, BREADTH_FROM, BREADTH_CAP),
        copies=COPY_POINTS if f.text_events >= COPY_MOMENTS else 0.0,
        exclusivity=min(1.0, f.exclusivity / EXCLUSIVE_SHARE),
        tells=tells,
        innocence=innocence,
        single_push=SINGLE_PUSH_POINTS if single_pushes and few_moments else 0.0,
        audience=shared or crowd or devoted or one_push or broadcast,
        fans=crowd and f.repost_share >= FANS_REPOST_SHARE and f.median_lag > CROWD_LAG,
        devoted=devoted,
        broadcast=broadcast,
        pushes=pushes,
        fan_club=fan_club and "closed_loop" in corroborated,
    )


#: A member's own part: points added to its cluster's for an account.
CORE_POINTS = 0.0  # acted with members at MIN_REPEAT or more moments
FEW_MOMENTS_POINTS = -0.5  # a core member with fewer own moments
ATTACHED_POINTS = -0.5  # joined two or more of the cluster's pushes
ATTACHED_ONCE_POINTS = -1.0  # joined one push (low-volume accounts)

#: Two accounts outside any cluster that acted together at this many distinct
#: moments are worth a look (Suspicious); fewer is common among busy accounts.
PAIR_SUSPICIOUS_MOMENTS = 6
