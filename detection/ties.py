"""Co-action ties between accounts, as the evidence pictures show them.

A *push* is a run of posts carrying the same key (a text fingerprint, a
link, or the post they repost or reply to) whose consecutive posts are at
most `GAP` seconds apart, lasting at most `SPAN` seconds, by at least two
accounts. Two accounts are *tied* by every push they both took part in; the
weight of a tie is that number of co-actions.

The sweep's own network (detection.network) counts distinct moments and
keeps only repeated ties; these functions are simpler on purpose: they
re-derive, from the posts alone, a graph an analyst can read, in time linear
in the posts plus one bit operation per pair of pictured accounts.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

#: Seconds between consecutive posts of one push ("within 10 minutes").
GAP = 600
#: Longest push, in seconds: a link shared all day by many people is not one push.
SPAN = 3600


def keys_of(text_fp: str | None, urls: Iterable[str], target: str | None) -> list[str]:
    """The co-action keys of one post: 'text:<fp>', 'link:<url>', 'post:<platform:id>'."""
    keys = [f"text:{text_fp}"] if text_fp else []
    keys.extend(f"link:{url}" for url in urls)
    if target:
        keys.append(f"post:{target}")
    return keys


@dataclass
class Push:
    """One push on one key: its posts (account, ts) in time order, and its accounts."""

    key: str
    start: int
    end: int
    posts: list[tuple[int, int]] = field(default_factory=list)
    accounts: list[int] = field(default_factory=list)  # distinct, in order of first post

    @property
    def seconds(self) -> int:
        """From the first post to the last."""
        return self.end - self.start


def find_pushes(
    actions: Iterable[tuple[int, int, str]], gap: int = GAP, span: int = SPAN
) -> list[Push]:
    """Pushes among (account, ts, key) actions, oldest first. O(n log n) in the actions."""
    by_key: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for account, ts, key in actions:
        by_key[key].append((ts, account))
    pushes: list[Push] = []
    for key, posts in by_key.items():
        if len(posts) < 2:
            continue
        posts.sort()
        run: list[tuple[int, int]] = [posts[0]]
        for ts, account in posts[1:]:
            if ts - run[-1][0] <= gap and ts - run[0][0] <= span:
                run.append((ts, account))
                continue
            _close(key, run, pushes)
            run = [(ts, account)]
        _close(key, run, pushes)
    pushes.sort(key=lambda p: (p.start, p.key))
    return pushes


def _close(key: str, run: list[tuple[int, int]], pushes: list[Push]) -> None:
    accounts = list(dict.fromkeys(account for _, account in run))
    if len(accounts) < 2:
        return
    pushes.append(
        Push(key, run[0][0], run[-1][0], [(account, ts) for ts, account in run], accounts)
    )


def co_action_degrees(pushes: Iterable[Push]) -> Counter[int]:
    """Each account's weighted degree (the sum of its ties' weights), without forming pairs.

    An account in a push of k accounts gains k - 1; summed over its pushes
    that equals the sum of the weights of its ties. O(accounts in pushes).
    """
    degrees: Counter[int] = Counter()
    for push in pushes:
        for account in push.accounts:
            degrees[account] += len(push.accounts) - 1
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


def tie_weights(pushes: Iterable[Push], among: Collection[int]) -> dict[tuple[int, int], int]:
    """(a, b) with a < b -> how many pushes both took part in, for accounts in `among`.

    Each account's pushes become one bit set, so a pair costs one AND and one
    bit count: 300 accounts (44,850 pairs) take a few milliseconds.
    """
    wanted = set(among)
    bits: dict[int, list[int]] = defaultdict(list)
    for index, push in enumerate(pushes):
        inside = [a for a in push.accounts if a in wanted]
        if len(inside) < 2:
            continue
        for account in inside:
            bits[account].append(index)
    masks = {account: sum(1 << i for i in indexes) for account, indexes in bits.items()}
    order = sorted(masks)
    weights: dict[tuple[int, int], int] = {}
    for i, a in enumerate(order):
        mask_a = masks[a]
        for b in order[i + 1 :]:
            shared = (mask_a & masks[b]).bit_count()
            if shared:
                weights[(a, b)] = shared
    return weights


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
