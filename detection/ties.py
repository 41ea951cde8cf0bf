"""Co-action ties between accounts, from the sweep's own bursts, as the evidence pictures show them.

A *push* is one of the bursts the last sweep found and stored
(storage/sweepstate.py): at least two accounts on one key (a near-duplicate
text, a link, a post reposted or replied to, a hashtag or a hashtag set),
surprisingly close in time. Two accounts are *tied* by every push they both
took part in: the same co-actions a verdict's evidence lines count (a
member's "posted 4 texts that 7 other accounts of this cluster posted within
minutes" names 7 ties of the copy-paste channel). A tie's weight is that
number of pushes, kept per channel.

Pure functions over plain data; the cost of each is stated.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from storage.sweepstate import StoredKey


@dataclass(frozen=True)
class Push:
    """One burst as stored: its channel and key, its span, posts (store ids) and accounts (store ids)."""

    channel: str  # copy_paste | co_link | co_repost | hashtag (detection.bursts.Channel)
    key: str
    start: int
    end: int
    posts: tuple[int, ...]
    accounts: tuple[int, ...]  # distinct, in order of first post

    @property
    def seconds(self) -> int:
        """From the first post to the last."""
        return self.end - self.start

    @property
    def name(self) -> str:
        """'channel|key', as the sweep names keys."""
        return f"{self.channel}|{self.key}"


class Tie(NamedTuple):
    """Two accounts (a < b) and how many pushes they shared, per channel.

    A named tuple: tens of thousands of them go to a drawing process, and
    tuples cross a process boundary several times faster than dataclasses.
    """

    a: int
    b: int
    counts: dict[str, int]

    @property
    def weight(self) -> int:
        """Pushes shared, over all channels."""
        return sum(self.counts.values())


def pushes_of(keys: Iterable[StoredKey]) -> list[Push]:
    """Every burst of these stored keys, oldest first. O(bursts log bursts)."""
    pushes = [
        Push(key.channel, key.key, start, end, tuple(posts), tuple(accounts))
        for key in keys
        for start, end, posts, accounts in key.bursts
    ]
    # Stored keys come back in any order: one order for every read.
    return sorted(dict.fromkeys(pushes), key=lambda p: (p.start, p.channel, p.key, p.end))


def shared_by(pushes: Iterable[Push], group: Collection[int], at_least: int = 2) -> list[Push]:
    """The pushes with at least `at_least` accounts of `group` in them.

    With a cluster's members and 2, these are the bursts its members' evidence
    lines count ("shared with members of its own cluster").
    """
    wanted = set(group)
    return [p for p in pushes if sum(1 for a in p.accounts if a in wanted) >= at_least]


def ties(pushes: Iterable[Push], among: Collection[int]) -> list[Tie]:
    """The ties between accounts of `among`: pairs that shared a push, with counts per channel.

    Each account's pushes of a channel become one bit set, so a pair costs
    one AND and one bit count per channel: 300 accounts all tied on texts and
    links (89,700 pair-channels) take about 0.2 s. Ties come sorted by (a, b).
    """
    wanted = set(among)
    bits: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for index, push in enumerate(pushes):
        inside = [a for a in push.accounts if a in wanted]
        if len(inside) < 2:
            continue
        for account in inside:
            bits[push.channel][account] |= 1 << index
    accounts = sorted({a for masks in bits.values() for a in masks})
    found: dict[tuple[int, int], Tie] = {}
    for channel in sorted(bits):
        masks = bits[channel]
        order = [a for a in accounts if a in masks]
        for i, a in enumerate(order):
            mask_a = masks[a]
            for b in order[i + 1 :]:
                shared = (mask_a & masks[b]).bit_count()
                if shared:
                    found.setdefault((a, b), Tie(a, b, {})).counts[channel] = shared
    return [found[pair] for pair in sorted(found)]


def co_action_degrees(pushes: Iterable[Push], among: Collection[int] | None = None) -> Counter[int]:
    """Each account's weighted degree (the sum of its ties' weights), without forming pairs.

    An account in a push with k accounts (of `among`, when given) gains k - 1;
    summed over its pushes that equals the sum of its ties' weights.
    O(accounts in pushes).
    """
    wanted = None if among is None else set(among)
    degrees: Counter[int] = Counter()
    for push in pushes:
        inside = push.accounts if wanted is None else [a for a in push.accounts if a in wanted]
        for account in inside:
            degrees[account] += len(inside) - 1
    return degrees


def densest(
    accounts: Iterable[int], degrees: Counter[int], limit: int, keep: Iterable[int] = ()
) -> list[int]:
    """The `limit` accounts with the highest co-action degree (ties by id), `keep` always in."""
    pool = set(accounts)
    ranked = sorted(pool, key=lambda a: (-degrees.get(a, 0), a))
    kept = [a for a in dict.fromkeys(keep) if a in pool][:limit]
    chosen = set(kept)
    for account in ranked:
        if len(chosen) >= limit:
            break
        chosen.add(account)
    return sorted(chosen, key=lambda a: (-degrees.get(a, 0), a))


def biggest_push(pushes: Iterable[Push], involving: Collection[int] = ()) -> Push | None:
    """The push with the most accounts, among those with one of `involving` if any has one.

    Ties go to the faster push, then the earlier one.
    """
    candidates = list(pushes)
    wanted = set(involving)
    if wanted:
        theirs = [p for p in candidates if wanted.intersection(p.accounts)]
        candidates = theirs or candidates
    if not candidates:
        return None
    return min(candidates, key=lambda p: (-len(p.accounts), p.seconds, p.start, p.key))
