"""What a sweep keeps between runs, so the next one only looks at new posts.

Five tables: each fingerprint's near-duplicate group (`textgroup`) and the
blocks it is stored in (`textband`, detection/neardup.py), the keys that burst with their bursts and owners
(`sweepkey`), distinct accounts per hashtag (`tagcount`), and one `sweepstate`
row saying up to which post all of that is true. Reads return plain values;
detection turns them into its own objects. Writes run in the caller's
transaction, together with the sweep's results, so a killed sweep leaves the
previous state and results as they were.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from storage.db import insert_rows
from storage.models import (
    Post,
    PostHashtag,
    PostUrl,
    SweepKey,
    SweepState,
    TagCount,
    TextBand,
    TextGroup,
)
from storage.pgcopy import copy_rows
from storage.sweepdata import FETCH_ROWS

#: Bump when the meaning of the stored state changes: the next sweep starts over.
#: 2: blocks of text segments instead of word bands; format characters and
#: look-alike letters folded before fingerprinting.
#: 4: Chinese and Japanese texts blocked and compared by characters as words.
#: 5: short Chinese and Japanese texts fingerprinted (their characters count double).
STATE_VERSION = 5
CHUNK = 900
WRITE_ROWS = 20_000

_post = Post.__table__  # type: ignore[attr-defined]
_url = PostUrl.__table__  # type: ignore[attr-defined]
_tag = PostHashtag.__table__  # type: ignore[attr-defined]
_group = TextGroup.__table__  # type: ignore[attr-defined]
_band = TextBand.__table__  # type: ignore[attr-defined]
_key = SweepKey.__table__  # type: ignore[attr-defined]
_count = TagCount.__table__  # type: ignore[attr-defined]
_state = SweepState.__table__  # type: ignore[attr-defined]


def key_hash(name: str) -> int:
    """A key's 64-bit number in `sweepkey` (keys can be longer than an index allows)."""
    return int.from_bytes(
        hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True
    )


def _chunks(items: Iterable[Any], size: int = CHUNK) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class StateRow:
    """The `sweepstate` row."""

    max_post_pk: int
    operator_zone: str
    common_tag_accounts: int
    posts: int
    posts_in_shift: int
    version: int


def newest_post(conn: Connection) -> int:
    """The newest post's store id (0 for an empty store)."""
    return conn.execute(select(func.max(_post.c.id))).scalar() or 0


def read_state(conn: Connection) -> StateRow | None:
    """The stored state's coverage, or None before the first sweep."""
    row = conn.execute(select(_state).where(_state.c.id == 1)).mappings().first()
    if row is None:
        return None
    return StateRow(**{k: row[k] for k in StateRow.__dataclass_fields__})


def claim_state(conn: Connection, previous: StateRow | None, new: StateRow) -> bool:
    """Move the state from `previous` to `new`; False when another sweep moved it first."""
    values = {k: getattr(new, k) for k in StateRow.__dataclass_fields__}
    if previous is None:
        try:
            with conn.begin_nested():  # a first sweep racing another first sweep
                conn.execute(insert(_state).values(id=1, **values))
        except IntegrityError:
            return False
        return True
    done = conn.execute(
        update(_state)
        .where(_state.c.id == 1, _state.c.max_post_pk == previous.max_post_pk)
        .where(
            _state.c.version == previous.version, _state.c.operator_zone == previous.operator_zone
        )
        .values(**values)
    )
    return done.rowcount == 1


def clear_state(conn: Connection) -> None:
    """Forget everything kept (before a sweep from scratch); the state row stays."""
    for table in (_group, _band, _key, _count):
        conn.execute(delete(table))


# --- near-duplicate groups -------------------------------------------------


def groups_of(conn: Connection, fps: Iterable[str]) -> dict[str, str]:
    """The stored group of each of `fps` that has one."""
    found: dict[str, str] = {}
    for batch in _chunks(fps):
        for fp, grp in conn.execute(
            select(_group.c.fp, _group.c.grp).where(_group.c.fp.in_(batch))
        ):
            found[fp] = grp
    return found


@dataclass
class Blocks:
    """Stored band members with their texts and groups (detection's NearDupState)."""

    blocks: dict[int, list[str]] = field(default_factory=dict)
    cores: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)


def blocks_of(conn: Connection, bands: Iterable[int], full: int) -> Blocks:
    """The fingerprints already in the blocks `bands`, with their normalised texts and groups.

    Blocks holding `full` fingerprints take no more and compare no more, so
    only their size is read.
    """
    out = Blocks()
    members: set[str] = set()
    wanted = sorted(set(bands))
    open_bands: list[int] = []
    for batch in _chunks(wanted):
        rows = conn.execute(
            select(_band.c.band, func.count()).where(_band.c.band.in_(batch)).group_by(_band.c.band)
        )
        for band, size in rows:
            if size >= full:
                out.blocks[band] = [""] * size  # full: never compared
            else:
                open_bands.append(band)
    for batch in _chunks(open_bands):
        for band, fp in conn.execute(
            select(_band.c.band, _band.c.fp).where(_band.c.band.in_(batch))
        ):
            out.blocks.setdefault(band, []).append(fp)
            members.add(fp)
    for batch in _chunks(sorted(members)):
        rows = conn.execute(
            select(_group.c.fp, _group.c.grp, _group.c.core).where(_group.c.fp.in_(batch))
        )
        for fp, grp, core in rows:
            out.groups[fp] = grp
            out.cores[fp] = core or ""
    return out


def group_members(conn: Connection, groups: Iterable[str]) -> dict[str, str]:
    """fingerprint -> group for every stored fingerprint of `groups`."""
    found: dict[str, str] = {}
    for batch in _chunks(sorted(set(groups))):
        for fp, grp in conn.execute(
            select(_group.c.fp, _group.c.grp).where(_group.c.grp.in_(batch))
        ):
            found[fp] = grp
    return found


def write_groups(
    conn: Connection,
    new: Iterable[tuple[str, str]],
    cores: Iterable[str],
    bands: Iterable[tuple[int, str]],
    merged: dict[str, str],
) -> None:
    """Store new fingerprints (`new`: (fingerprint, group), `cores`: text, in the order of
    `new`) and bands, and rename merged groups."""
    for old, into in merged.items():
        conn.execute(update(_group).where(_group.c.grp == old).values(grp=into))
    _insert(
        conn,
        _group,
        ("fp", "grp", "core"),
        ((fp, grp, core) for (fp, grp), core in zip(new, cores, strict=True)),
    )
    _insert(conn, _band, ("band", "fp"), bands)


def _insert(
    conn: Connection, table: Any, columns: tuple[str, ...], rows: Iterable[tuple[Any, ...]]
) -> None:
    """Insert `rows` (values in `columns` order): COPY on PostgreSQL, batched INSERTs on SQLite.

    A sweep from scratch at a million posts writes about three million state
    rows; COPY takes them in one stream instead of a statement per batch.
    """
    if conn.dialect.name == "postgresql":
        copy_rows(conn, table.name, columns, rows)
        return
    for batch in _chunks(rows, WRITE_ROWS):
        insert_rows(conn, table.name, columns, batch)


# --- hashtags ----------------------------------------------------------------


def count_tag_users(conn: Connection, tags: Iterable[str], upto_pk: int) -> dict[str, int]:
    """Distinct accounts that used each of `tags` in posts up to `upto_pk`."""
    counts: dict[str, int] = {}
    for batch in _chunks(sorted(set(tags))):
        rows = conn.execute(
            select(_tag.c.tag, func.count(func.distinct(_post.c.account_id)))
            .join(_post, _post.c.id == _tag.c.post_pk)
            .where(_tag.c.tag.in_(batch), _post.c.id <= upto_pk)
            .group_by(_tag.c.tag)
        )
        counts.update({tag: n for tag, n in rows})
    return counts


def stored_tag_users(conn: Connection, tags: Iterable[str]) -> dict[str, int]:
    """The counts the last sweep stored for `tags`."""
    counts: dict[str, int] = {}
    for batch in _chunks(sorted(set(tags))):
        rows = conn.execute(select(_count.c.tag, _count.c.accounts).where(_count.c.tag.in_(batch)))
        counts.update({tag: n for tag, n in rows})
    return counts


def tags_with_users_between(conn: Connection, low: int, high: int) -> dict[str, int]:
    """Stored tags whose account count is in (low, high]: they change sides when the limit moves."""
    rows = conn.execute(
        select(_count.c.tag, _count.c.accounts).where(
            _count.c.accounts > low, _count.c.accounts <= high
        )
    )
    return {tag: n for tag, n in rows}


def write_tag_users(conn: Connection, counts: dict[str, int]) -> None:
    """Replace the stored counts of these tags."""
    for batch in _chunks(sorted(counts)):
        conn.execute(delete(_count).where(_count.c.tag.in_(batch)))
    _insert(conn, _count, ("tag", "accounts"), counts.items())


# --- keys and their bursts ----------------------------------------------------


@dataclass
class StoredKey:
    """A `sweepkey` row, decoded. Bursts: (start, end, post ids, account ids)."""

    channel: str
    key: str
    key_posts: int
    key_burst_share: float
    bursts: list[tuple[int, int, list[int], list[int]]]
    owners: dict[int, int]


def read_keys(conn: Connection, skip: set[str]) -> list[StoredKey]:
    """Every stored key except those named ('channel|key') in `skip`."""
    out: list[StoredKey] = []
    rows = conn.execution_options(yield_per=FETCH_ROWS).execute(select(*_key_columns()))
    for row in rows:
        if f"{row[0]}|{row[1]}" not in skip:
            out.append(_stored_key(row))
    return out


def _stored_key(row: Sequence[Any]) -> StoredKey:
    channel, key, key_posts, share, bursts, owners = row
    return StoredKey(
        channel,
        key,
        key_posts,
        share,
        [(b[0], b[1], b[2], b[3]) for b in orjson.loads(bursts)],
        {int(a): n for a, n in orjson.loads(owners).items()},
    )


def _key_columns() -> tuple[Any, ...]:
    return (
        _key.c.channel,
        _key.c.key,
        _key.c.key_posts,
        _key.c.key_burst_share,
        _key.c.bursts,
        _key.c.owners,
    )


def keys_named(conn: Connection, names: Iterable[str]) -> list[StoredKey]:
    """The stored keys among `names` ('channel|key'); keys that never burst are not stored.

    Each look-up is a range of the primary key (channel, key hash), so asking
    for the keys of a few thousand posts reads only the keys that burst.
    """
    wanted: dict[str, dict[int, str]] = defaultdict(dict)
    for name in names:
        channel, _, key = name.partition("|")
        wanted[channel][key_hash(name)] = key
    out: list[StoredKey] = []
    for channel, by_hash in wanted.items():
        keys = set(by_hash.values())
        for batch in _chunks(sorted(by_hash)):
            rows = conn.execute(
                select(*_key_columns()).where(_key.c.channel == channel, _key.c.key_hash.in_(batch))
            )
            # Two keys may share a hash: only the one asked for counts.
            out.extend(_stored_key(row) for row in rows if row[1] in keys)
    return out


def keys_of_channel(conn: Connection, channel: str) -> list[StoredKey]:
    """Every stored key of one channel (a range of the primary key)."""
    rows = conn.execution_options(yield_per=FETCH_ROWS).execute(
        select(*_key_columns()).where(_key.c.channel == channel)
    )
    return [_stored_key(row) for row in rows]


def replace_keys(conn: Connection, drop: Iterable[str], keys: Iterable[StoredKey]) -> None:
    """Delete the keys named in `drop` ('channel|key') and store `keys`."""
    for batch in _chunks(sorted({key_hash(name) for name in drop})):
        conn.execute(delete(_key).where(_key.c.key_hash.in_(batch)))
    _insert(
        conn,
        _key,
        ("channel", "key_hash", "key", "key_posts", "key_burst_share", "bursts", "owners"),
        (
            (
                k.channel,
                key_hash(f"{k.channel}|{k.key}"),
                k.key,
                k.key_posts,
                k.key_burst_share,
                orjson.dumps([list(b) for b in k.bursts]).decode(),
                orjson.dumps({str(a): n for a, n in k.owners.items()}).decode(),
            )
            for k in keys
        ),
    )


@dataclass
class KeyPosts:
    """Posts (store id, time, account id) on each asked-for key, by channel name."""

    rows: dict[int, tuple[int, int]] = field(default_factory=dict)  # post id -> (ts, account id)
    keys: dict[str, dict[str, list[int]]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(list))
    )


def posts_on_keys(
    conn: Connection,
    upto_pk: int,
    *,
    text_fps: dict[str, str],
    urls: Iterable[str],
    targets: Iterable[str],
    tags: Iterable[str],
    tag_sets: Iterable[tuple[str, ...]],
) -> KeyPosts:
    """All posts up to `upto_pk` on the given keys.

    `text_fps` maps fingerprints to their group (the text key); `targets` are
    'rp platform:id' / 're platform:id' keys; tag sets are matched exactly.
    """
    out = KeyPosts()
    p = _post

    def add(channel: str, key: str, pk: int, ts: int, account: int) -> None:
        out.rows[pk] = (ts, account)
        out.keys[channel][key].append(pk)

    for batch in _chunks(sorted(text_fps)):
        q = select(p.c.text_fp, p.c.id, p.c.posted_ts, p.c.account_id).where(
            p.c.text_fp.in_(batch), p.c.id <= upto_pk
        )
        for fp, pk, ts, account in conn.execute(q):
            add("copy_paste", text_fps[fp], pk, ts, account)
    for channel, prefix, column, values in (
        ("co_link", "", _url.c.url, urls),
        ("hashtag", "#", _tag.c.tag, tags),
    ):
        for batch in _chunks(sorted(set(values))):
            q = (
                select(column, p.c.id, p.c.posted_ts, p.c.account_id)
                .join(p, p.c.id == column.table.c.post_pk)
                .where(column.in_(batch), p.c.id <= upto_pk)
            )
            for value, pk, ts, account in conn.execute(q):
                add(channel, prefix + value, pk, ts, account)
    wanted: dict[tuple[str, str], set[str]] = defaultdict(set)  # (kind, platform) -> raw ids
    for target in set(targets):
        kind, ref = target.split(" ", 1)
        platform, raw = ref.split(":", 1)
        wanted[(kind, platform)].add(raw)
    for (kind, platform), raws in wanted.items():
        column = p.c.repost_of_post_id if kind == "rp" else p.c.reply_to_post_id
        for batch in _chunks(sorted(raws)):
            # The platform is checked here: named in SQL, it makes SQLite walk
            # all of the platform's posts instead of using this column's index.
            q = select(column, p.c.platform, p.c.id, p.c.posted_ts, p.c.account_id).where(
                column.in_(batch), p.c.id <= upto_pk
            )
            for raw, own, pk, ts, account in conn.execute(q):
                if own == platform:
                    add("co_repost", f"{kind} {platform}:{raw}", pk, ts, account)
    _posts_with_tag_sets(conn, upto_pk, tag_sets, add)
    return out


def _posts_with_tag_sets(
    conn: Connection, upto_pk: int, tag_sets: Iterable[tuple[str, ...]], add: Any
) -> None:
    """Posts whose hashtags are exactly one of `tag_sets`: look up by each set's rarest tag."""
    sets = sorted(set(tag_sets))
    if not sets:
        return
    users = stored_tag_users(conn, {t for s in sets for t in s})
    by_tag: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for tag_set in sets:
        by_tag[min(tag_set, key=lambda t: (users.get(t, 0), t))].append(tag_set)
    candidates: dict[int, set[tuple[str, ...]]] = defaultdict(set)
    for batch in _chunks(sorted(by_tag)):
        rows = conn.execute(
            select(_tag.c.tag, _tag.c.post_pk).where(
                _tag.c.tag.in_(batch), _tag.c.post_pk <= upto_pk
            )
        )
        for tag, pk in rows:
            candidates[pk].update(by_tag[tag])
    tags_of: dict[int, set[str]] = defaultdict(set)
    for batch in _chunks(sorted(candidates)):
        for pk, tag in conn.execute(
            select(_tag.c.post_pk, _tag.c.tag).where(_tag.c.post_pk.in_(batch))
        ):
            tags_of[pk].add(tag)
    matched: dict[int, tuple[str, ...]] = {}
    for pk, wanted in candidates.items():
        own = tuple(sorted(tags_of[pk]))
        if own in wanted:
            matched[pk] = own
    for batch in _chunks(sorted(matched)):
        for pk, ts, account in conn.execute(
            select(_post.c.id, _post.c.posted_ts, _post.c.account_id).where(_post.c.id.in_(batch))
        ):
            add("hashtag", "set " + " ".join(matched[pk]), pk, ts, account)


def posts_on_key(conn: Connection, channel: str, key: str) -> list[tuple[int, int, int]]:
    """(post id, posted_ts, account id) of every post on one stored key, oldest first.

    The key is named as `sweepkey` names it: a text group, a canonical link,
    'rp platform:id' / 're platform:id', '#tag' or 'set tag tag...'.
    """
    upto = newest_post(conn)
    text_fps: dict[str, str] = {}
    urls: list[str] = []
    targets: list[str] = []
    tags: list[str] = []
    tag_sets: list[tuple[str, ...]] = []
    if channel == "copy_paste":
        text_fps = group_members(conn, [key])
    elif channel == "co_link":
        urls = [key]
    elif channel == "co_repost":
        targets = [key]
    elif key.startswith("#"):
        tags = [key[1:]]
    elif key.startswith("set "):
        tag_sets = [tuple(key[len("set ") :].split(" "))]
    found = posts_on_keys(
        conn, upto, text_fps=text_fps, urls=urls, targets=targets, tags=tags, tag_sets=tag_sets
    )
    pks = {pk for keys in found.keys.values() for pks in keys.values() for pk in pks}
    return sorted(((pk, *found.rows[pk]) for pk in pks), key=lambda row: (row[1], row[0]))
