"""Sweeps that keep their work: the first sweep builds a state, later ones add new posts.

A burst belongs to one key (a text group, a link, a repost target, a hashtag
or tag set), so new posts can only change the bursts of the keys they use.
An incremental sweep therefore:

1. reads the posts that arrived since the stored state (storage/sweepstate.py);
2. puts their new texts into the stored near-duplicate groups, comparing each
   only with the texts in the blocks it looks up (a new text can join two
   groups into one: both old keys are redone under the joined name);
3. recounts accounts on the hashtags they use (a tag that became common stops
   being a key of its own, and one that fell below the limit becomes one);
4. re-reads every post of each touched key and finds that key's bursts again;
5. rebuilds the network and the scores from all keys' bursts (stored ones and
   the new) and one read of the post columns.

The result is the same as a sweep from scratch over the same posts (the tests
check that); only steps 1-4 depend on how much is new. `--force`, a first
sweep, a changed operator zone or a new state version start from scratch.
"""

from __future__ import annotations

import time
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlalchemy import Connection

from detection import features as feat
from detection.bursts import Burst, Channel
from detection.neardup import MAX_BLOCK, Bands, NearDupState, extend_groups, probe_keys
from detection.sweep import (
    DetectionConfig,
    KeyBursts,
    Owners,
    SweepResult,
    common_tag_limit,
    first_cores,
    group_texts,
    judge,
    key_bursts,
    keyed_posts,
    sweep_all,
    text_burst_posts,
)
from storage import sweepstate as st
from storage.sweepdata import (
    AccountColumns,
    PostColumns,
    SweepData,
    first_texts,
    load_accounts,
    load_posts,
    load_texts,
)

#: Told each stage of a sweep as it ends, with its seconds (the CLI's progress display).
StageHook = Callable[[str, float], None]


class _Stopwatch:
    """Seconds spent per stage, for logs, benchmarks and an optional `on_stage` hook."""

    def __init__(self, on_stage: StageHook | None = None) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()
        self._on_stage = on_stage

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        elapsed, self._last = now - self._last, now
        self.seconds[stage] = round(elapsed, 2)
        if self._on_stage is not None:
            self._on_stage(stage, elapsed)


@dataclass
class SweepPlan:
    """A finished sweep: its results and the state changes to store with them."""

    result: SweepResult
    accounts: AccountColumns
    previous: st.StateRow | None
    state: st.StateRow
    from_scratch: bool
    new_posts: int
    redone_keys: int
    #: (fingerprint, group) of each new fingerprint, in order (packed after a sweep from scratch).
    groups: Iterable[tuple[str, str]] = ()
    cores: Sequence[str] = ()  # the normalised text of each of `groups`, in its order
    bands: Bands = field(default_factory=Bands)
    merged: dict[str, str] = field(default_factory=dict)
    tag_users: dict[str, int] = field(default_factory=dict)
    drop_keys: set[str] = field(default_factory=set)
    keys: Iterable[st.StoredKey] = ()  # read once, as they are stored
    seconds: dict[str, float] = field(default_factory=dict)  # per stage


def plan_sweep(
    conn: Connection,
    config: DetectionConfig,
    *,
    force: bool = False,
    on_stage: StageHook | None = None,
) -> SweepPlan | None:
    """Sweep what is new since the stored state (or everything); None when nothing is new.

    `on_stage` is told each stage as it ends (name, seconds).
    """
    previous = st.read_state(conn)
    upto = st.newest_post(conn)
    fresh = (
        force
        or previous is None
        or previous.version != st.STATE_VERSION
        or previous.operator_zone != config.operator_zone
        or upto < previous.max_post_pk
    )
    if not fresh and previous is not None and upto == previous.max_post_pk:
        return None
    if fresh or previous is None:
        return _from_scratch(conn, config, previous, upto, _Stopwatch(on_stage))
    return _increment(conn, config, load_accounts(conn), previous, upto, _Stopwatch(on_stage))


def _from_scratch(
    conn: Connection,
    config: DetectionConfig,
    previous: st.StateRow | None,
    upto: int,
    watch: _Stopwatch,
) -> SweepPlan:
    # Texts are grouped before the accounts and posts are read, from one
    # stream of them: the comparison tables (the sweep's largest transient
    # memory) and the columns are never held together, and of the texts only
    # those scoring reads are read again.
    groups = group_texts(first_texts(conn, upto_pk=upto))
    watch.lap("near-duplicates")
    accounts = load_accounts(conn)
    data = load_posts(conn, accounts, after_pk=0, upto_pk=upto, with_tags=True, texts=())
    watch.lap("read posts")
    full = sweep_all(data, config, groups=groups, read_texts=lambda pks: load_texts(conn, pks))
    watch.lap("sweep")
    full.result.max_post_pk = upto
    posts = len(data.posts)
    # Not read again: the post columns go before the keys are copied for storing.
    del data
    state = st.StateRow(
        max_post_pk=upto,
        operator_zone=config.operator_zone,
        common_tag_accounts=full.tag_limit,
        posts=posts,
        posts_in_shift=full.posts_in_shift,
        version=st.STATE_VERSION,
    )
    return SweepPlan(
        result=full.result,
        accounts=accounts,
        previous=previous,
        state=state,
        from_scratch=True,
        new_posts=posts,
        redone_keys=full.key_count,
        groups=full.new_groups,
        cores=full.cores,
        bands=full.new_groups.bands,
        tag_users=full.tag_users,
        # Each key copied for storing as it is written, not all of them at once.
        keys=(_to_stored(kb, accounts) for kb in full.keys),
        seconds=watch.seconds,
    )


def _increment(
    conn: Connection,
    config: DetectionConfig,
    accounts: AccountColumns,
    previous: st.StateRow,
    upto: int,
    watch: _Stopwatch,
) -> SweepPlan:
    new = load_posts(conn, accounts, after_pk=previous.max_post_pk, upto_pk=upto, with_tags=True)
    watch.lap("read new posts")

    # 2. New texts into the stored groups.
    known = st.groups_of(conn, {fp for fp in new.posts.fp if fp is not None})
    cores = first_cores(new.posts, known)
    stored = st.blocks_of(
        conn, {key for core in cores.values() for key in probe_keys(core)}, MAX_BLOCK
    )
    update = extend_groups(cores, NearDupState(stored.blocks, stored.cores, stored.groups))
    groups = {fp: update.merged.get(g, g) for fp, g in known.items()} | update.groups
    watch.lap("near-duplicates")

    # 3. Hashtags: accounts per tag, and tags that changed sides of the limit.
    limit = common_tag_limit(len(accounts))
    new_tags = {tag for _, tag in new.tags}
    before = st.stored_tag_users(conn, new_tags)
    users = st.count_tag_users(conn, new_tags, upto)
    flipped = {
        t
        for t in new_tags
        if (before.get(t, 0) > previous.common_tag_accounts) != (users[t] > limit)
    }
    if limit != previous.common_tag_accounts:
        low, high = sorted((limit, previous.common_tag_accounts))
        moved = st.tags_with_users_between(conn, low, high)
        for tag, n in moved.items():
            if tag not in new_tags:
                flipped.add(tag)
                users[tag] = n

    # 4. Every post of each touched key, and the keys' bursts again.
    touched: dict[Channel, set[str]] = {
        c: set(keys) for c, keys in keyed_posts(new, groups, users, limit).items()
    }
    touched[Channel.HASHTAG] |= {"#" + t for t in flipped}
    fps = {
        fp: update.merged.get(g, g)
        for fp, g in st.group_members(conn, touched[Channel.TEXT] | set(update.merged)).items()
    }
    fps |= update.groups
    found = st.posts_on_keys(
        conn,
        upto,
        text_fps=fps,
        urls=touched[Channel.URL],
        targets=touched[Channel.REPOST],
        tags={
            k[1:]
            for k in touched[Channel.HASHTAG]
            if k.startswith("#") and users.get(k[1:], 0) <= limit
        },
        tag_sets=_tag_sets(new),
    )
    watch.lap("read touched keys")
    columns = PostColumns()
    for pk in sorted(found.rows):
        ts, account_id = found.rows[pk]
        columns.pk.append(pk)
        columns.ts.append(ts)
        columns.account.append(accounts.index_of[account_id])
    index_of = columns.index_of
    keyed = {
        Channel(channel): {key: [index_of[pk] for pk in pks] for key, pks in keys.items()}
        for channel, keys in found.keys.items()
    }
    redone = key_bursts(keyed, columns)
    drop = {f"{c}|{k}" for c, keys in touched.items() for k in keys}
    drop |= {f"{Channel.TEXT}|{g}" for g in update.merged}

    watch.lap("bursts of touched keys")

    # 5. The network from all keys' bursts, then the scores.
    kept = [_from_stored(k, accounts) for k in st.read_keys(conn, drop)]
    watch.lap("read stored keys")
    # Scoring reads every post of every candidate cluster (weak ones included,
    # often busy accounts) and all posts of their bursts: most of the store, so
    # one pass over the post columns is cheaper than looking them up.
    everything = load_posts(conn, accounts, upto_pk=upto, texts=text_burst_posts(kept + redone))
    watch.lap("read posts for scoring")
    clock = feat.ShiftClock(ZoneInfo(config.operator_zone))
    in_shift = previous.posts_in_shift + feat.in_shift(new.posts.ts, clock)
    total = previous.posts + len(new.posts)
    result = judge(kept + redone, everything, in_shift / total if total else 0.0, config)
    result.max_post_pk = upto
    watch.lap("network and score")
    state = st.StateRow(upto, config.operator_zone, limit, total, in_shift, st.STATE_VERSION)
    return SweepPlan(
        result=result,
        accounts=accounts,
        previous=previous,
        state=state,
        from_scratch=False,
        new_posts=len(new.posts),
        redone_keys=len(drop),
        groups=update.groups.items(),
        cores=[cores[fp] for fp in update.groups],
        bands=update.bands,
        merged=update.merged,
        tag_users={t: n for t, n in users.items() if t in new_tags},
        drop_keys=drop,
        keys=[_to_stored(kb, accounts) for kb in redone],
        seconds=watch.seconds,
    )


def _tag_sets(posts: SweepData) -> set[tuple[str, ...]]:
    """The hashtag sets (two tags or more) of `posts`: tags may hold spaces, so not parsed from keys."""
    tags_of: dict[int, set[str]] = {}
    for i, tag in posts.tags:
        tags_of.setdefault(i, set()).add(tag)
    return {tuple(sorted(tags)) for tags in tags_of.values() if len(tags) >= 2}


def _to_stored(kb: KeyBursts, accounts: AccountColumns) -> st.StoredKey:
    ids = accounts.ids
    return st.StoredKey(
        channel=str(kb.channel),
        key=kb.key,
        key_posts=kb.key_posts,
        key_burst_share=kb.key_burst_share,
        bursts=[(b.start, b.end, list(b.posts), [ids[a] for a in b.accounts]) for b in kb.bursts],
        owners={ids[a]: n for a, n in kb.owners.items()},
    )


def _from_stored(key: st.StoredKey, accounts: AccountColumns) -> KeyBursts:
    channel = Channel(key.channel)
    index = accounts.index_of
    bursts = [
        Burst(
            0,
            channel,
            key.key,
            start,
            end,
            array("q", posts),  # as key_bursts keeps them
            array("q", [index[a] for a in accs]),
            key.key_posts,
            key.key_burst_share,
        )
        for start, end, posts, accs in key.bursts
    ]
    owners = Owners({index[a]: n for a, n in key.owners.items()})
    return KeyBursts(channel, key.key, key.key_posts, key.key_burst_share, bursts, owners)
