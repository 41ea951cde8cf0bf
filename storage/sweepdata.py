"""The narrow read interface a sweep uses: the whole store as flat columns.

Columns (parallel lists, and arrays of machine integers for the integer
columns) rather than objects keep a million posts within a few hundred
megabytes and let detection loop over them quickly.
"""

from __future__ import annotations

import zlib
from array import array
from bisect import bisect_left
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from sqlalchemy import Connection, select

from storage.models import Account, Post, PostHashtag, PostUrl

_post = Post.__table__  # type: ignore[attr-defined]
_url = PostUrl.__table__  # type: ignore[attr-defined]
_tag = PostHashtag.__table__  # type: ignore[attr-defined]

FETCH_ROWS = 20_000
#: Store ids per IN (...) list.
CHUNK = 900


def _int64s() -> array[int]:
    return array("q")


@dataclass
class AccountColumns:
    """Accounts, indexed by position, in store order; `index_of` maps the store id to that position.

    Store ids and post counts are arrays of machine integers (8 bytes an
    account, where a list of Python ints takes 36), handles are packed
    strings (`StringColumn`) and creation times machine integers
    (`OptionalIntColumn`); positions are found from the sorted store ids
    (`InStoreOrder`), not a dict. By RSS, 312,500 accounts (2,500,000
    generated posts) took 107 MB as lists and a dict (430 MB at 10,000,000
    posts, held through the whole sweep), and take 40 MB so. Only what
    detection reads is loaded: an author id and two timestamps more took
    about 45 MB at 312,500 accounts by object sizes.
    """

    ids: array[int] = field(default_factory=_int64s)
    platform: list[str] = field(default_factory=list)
    handle: StringColumn = field(default_factory=lambda: StringColumn())
    created_ts: OptionalIntColumn = field(default_factory=lambda: OptionalIntColumn())
    post_count: array[int] = field(default_factory=_int64s)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def index_of(self) -> Mapping[int, int]:
        """The position of each account by its store id (`ids` must be in store order)."""
        return InStoreOrder(self.ids)

    def add(
        self, account_id: int, platform: str, handle: str, created_ts: int | None, posts: int
    ) -> None:
        """Add an account at the end; store ids must come in increasing order."""
        if self.ids and account_id <= self.ids[-1]:
            raise ValueError(f"account {account_id} out of store order")
        self.ids.append(account_id)
        self.platform.append(platform)
        self.handle.append(handle)
        self.created_ts.append(created_ts)
        self.post_count.append(posts)

    def label(self, i: int) -> str:
        """'platform:@handle' of the account at position i."""
        return f"{self.platform[i]}:@{self.handle[i]}"


class _PackedStrings:
    """Strings packed in one buffer of UTF-8 bytes, with the offset where each ends.

    About 4 bytes of offset a string plus its bytes, where a list of str
    objects takes 8 bytes a string plus about 50 an object: by their object
    sizes, the post ids and fingerprints of 2,500,000 generated posts take
    about 350 MB as str objects. A string is rebuilt on each read.
    """

    def __init__(self) -> None:
        self._bytes = bytearray()
        # 4-byte offsets while the buffer is under 4 GiB (the post ids of 2,500,000
        # generated posts take 63 MB); 8-byte ones past that.
        self._ends: array[int] = array("I")

    def _add(self, value: str) -> None:
        self._bytes += value.encode("utf-8", "surrogatepass")
        try:
            self._ends.append(len(self._bytes))
        except OverflowError:
            self._ends = array("q", self._ends)
            self._ends.append(len(self._bytes))

    def __len__(self) -> int:
        return len(self._ends)

    def _bounds(self, i: int) -> tuple[int, int]:
        if i < 0:
            i += len(self._ends)
        if not 0 <= i < len(self._ends):
            raise IndexError(i)
        return (self._ends[i - 1] if i else 0), self._ends[i]

    def _decoded(self) -> Iterator[tuple[int, int, str]]:
        data, start = self._bytes, 0
        for end in self._ends:
            yield start, end, data[start:end].decode("utf-8", "surrogatepass")
            start = end

    def _str(self, start: int, end: int) -> str:
        return self._bytes[start:end].decode("utf-8", "surrogatepass")

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _PackedStrings):
            return self._ends == other._ends and self._bytes == other._bytes
        return isinstance(other, Sequence) and list(self) == list(other)  # type: ignore[call-overload]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"  # type: ignore[call-overload]


class StringColumn(_PackedStrings, Sequence[str]):
    """A column of strings (post ids) packed in one buffer (`_PackedStrings`)."""

    def __init__(self, values: Iterable[str] = ()) -> None:
        super().__init__()
        for value in values:
            self.append(value)

    def append(self, value: str) -> None:
        """Add `value` at the end."""
        self._add(value)

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return self._str(*self._bounds(i))

    def __iter__(self) -> Iterator[str]:
        for _, _, value in self._decoded():
            yield value


class OptionalStringColumn(_PackedStrings, Sequence[str | None]):
    """A column of strings or None (fingerprints, reply and repost targets) packed in one
    buffer (`_PackedStrings`); an empty string reads as None (none of these is ever empty)."""

    def __init__(self, values: Iterable[str | None] = ()) -> None:
        super().__init__()
        for value in values:
            self.append(value)

    def append(self, value: str | None) -> None:
        """Add `value` at the end."""
        self._add(value or "")

    @overload
    def __getitem__(self, i: int) -> str | None: ...
    @overload
    def __getitem__(self, i: slice) -> list[str | None]: ...
    def __getitem__(self, i: int | slice) -> str | None | list[str | None]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        start, end = self._bounds(i)
        return self._str(start, end) if end > start else None

    def __iter__(self) -> Iterator[str | None]:
        for start, end, value in self._decoded():
            yield value if end > start else None


#: `OptionalIntColumn`'s stand-in for None: no creation time is 292 billion years before 1970.
_NO_INT = -(2**63)


class OptionalIntColumn(Sequence[int | None]):
    """A column of integers or None (account creation times) as machine integers:
    8 bytes a value, where a list of Python ints takes 40 (an int object and its
    reference). None is kept as _NO_INT; ints read back as Python ints."""

    def __init__(self, values: Iterable[int | None] = ()) -> None:
        self._values: array[int] = array("q")
        for value in values:
            self.append(value)

    def append(self, value: int | None) -> None:
        """Add `value` at the end."""
        if value == _NO_INT:
            raise ValueError(f"{value} is this column's stand-in for None")
        self._values.append(_NO_INT if value is None else value)

    def __len__(self) -> int:
        return len(self._values)

    @overload
    def __getitem__(self, i: int) -> int | None: ...
    @overload
    def __getitem__(self, i: slice) -> list[int | None]: ...
    def __getitem__(self, i: int | slice) -> int | None | list[int | None]:
        if isinstance(i, slice):
            return [None if v == _NO_INT else v for v in self._values[i]]
        value = self._values[i]
        return None if value == _NO_INT else value

    def __iter__(self) -> Iterator[int | None]:
        for value in self._values:
            yield None if value == _NO_INT else value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"


class SparseTexts(Sequence[str | None]):
    """Post texts by position, most of them None: only the texts there are, by position.

    A sweep keeps only the texts of posts in text bursts, the only ones
    scoring reads: a list would take 8 bytes for every post (20 MB at
    2,500,000 posts) to hold a few of them.
    """

    def __init__(self, texts: Mapping[int, str] | None = None, length: int = 0) -> None:
        self._texts: dict[int, str] = dict(texts or {})
        self._len = length

    def append(self, value: str | None) -> None:
        """Add `value` at the end."""
        if value is not None:
            self._texts[self._len] = value
        self._len += 1

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, i: int) -> str | None: ...
    @overload
    def __getitem__(self, i: slice) -> list[str | None]: ...
    def __getitem__(self, i: int | slice) -> str | None | list[str | None]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._len))]
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError(i)
        return self._texts.get(i)

    def __iter__(self) -> Iterator[str | None]:
        get = self._texts.get
        return (get(i) for i in range(self._len))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"


#: Strings per compressed chunk of `CompressedStrings`: about 300 KB of
#: normalised text, which zlib packs about as well as the whole.
COMPRESSED_CHUNK = 4096


class CompressedStrings(Sequence[str]):
    """Strings that are only written back later, compressed (zlib, fastest level) in
    chunks of COMPRESSED_CHUNK strings, each chunk decompressed when read.

    For a first sweep's normalised texts, held from grouping until stored: at
    2,500,000 generated posts their 99 MB take about 35 MB, for about a second
    of compressing.
    """

    def __init__(self, values: Iterable[str] = ()) -> None:
        self._chunks: list[bytes] = []
        self._ends: list[array[int]] = []  # per chunk, where each of its strings ends
        self._len = 0
        data, ends = bytearray(), array("I")
        for value in values:
            data += value.encode("utf-8", "surrogatepass")
            ends.append(len(data))
            if len(ends) == COMPRESSED_CHUNK:
                self._seal(data, ends)
                data, ends = bytearray(), array("I")
        if ends:
            self._seal(data, ends)

    def _seal(self, data: bytearray, ends: array[int]) -> None:
        self._chunks.append(zlib.compress(data, 1))
        self._ends.append(ends)
        self._len += len(ends)

    def _chunk(self, c: int) -> list[str]:
        data, start = zlib.decompress(self._chunks[c]), 0
        values = []
        for end in self._ends[c]:
            values.append(data[start:end].decode("utf-8", "surrogatepass"))
            start = end
        return values

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._len))]
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError(i)
        return self._chunk(i // COMPRESSED_CHUNK)[i % COMPRESSED_CHUNK]

    def __iter__(self) -> Iterator[str]:
        for c in range(len(self._chunks)):
            yield from self._chunk(c)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"


class PostValues(Sequence[tuple[int, str]]):
    """(post position, value) rows, links or hashtags: an array of positions and a
    list of values, each distinct value one shared str.

    16 bytes a row, where a list of (int, str) tuples takes about 90 beside
    the strings: about a million rows at 2,500,000 generated posts.
    """

    def __init__(self, rows: Iterable[tuple[int, str]] = ()) -> None:
        self._positions: array[int] = array("q")
        self._values: list[str] = []
        for position, value in rows:
            self.append(position, value)

    def append(self, position: int, value: str) -> None:
        """Add the row (position, value)."""
        self._positions.append(position)
        self._values.append(value)

    def __len__(self) -> int:
        return len(self._values)

    @overload
    def __getitem__(self, i: int) -> tuple[int, str]: ...
    @overload
    def __getitem__(self, i: slice) -> list[tuple[int, str]]: ...
    def __getitem__(self, i: int | slice) -> tuple[int, str] | list[tuple[int, str]]:
        if isinstance(i, slice):
            return list(zip(self._positions[i], self._values[i], strict=True))
        return self._positions[i], self._values[i]

    def __iter__(self) -> Iterator[tuple[int, str]]:
        return zip(self._positions, self._values, strict=True)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def __repr__(self) -> str:
        return f"PostValues({list(self)!r})"


class InStoreOrder(Mapping[int, int]):
    """Position of each post by store id, for posts in store order: a binary
    search of the store ids (O(log n) a look-up), where a dict over a million
    posts would hold about 70 MB."""

    def __init__(self, pks: Sequence[int]) -> None:
        self._pks = pks

    def __getitem__(self, pk: int) -> int:
        i = bisect_left(self._pks, pk)
        if i == len(self._pks) or self._pks[i] != pk:
            raise KeyError(pk)
        return i

    def __iter__(self) -> Iterator[int]:
        return iter(self._pks)

    def __len__(self) -> int:
        return len(self._pks)


@dataclass
class PostColumns:
    """Posts, indexed by position, with account positions (not store ids).

    The integer columns are arrays of machine integers (8 bytes a post, where
    a list of Python ints takes 36); they read back as Python ints. The
    string columns but the texts are packed strings; the texts (mostly None in
    a sweep) are kept by position (`SparseTexts`).
    """

    pk: array[int] = field(default_factory=_int64s)
    post_id: StringColumn = field(default_factory=StringColumn)
    account: array[int] = field(default_factory=_int64s)
    ts: array[int] = field(default_factory=_int64s)
    fp: OptionalStringColumn = field(default_factory=OptionalStringColumn)
    text: SparseTexts = field(default_factory=SparseTexts)
    reply_to: OptionalStringColumn = field(default_factory=OptionalStringColumn)
    repost_of: OptionalStringColumn = field(default_factory=OptionalStringColumn)
    #: Positions by store id when the posts are not in store order (`load_account_posts`).
    by_pk: dict[int, int] | None = None

    def __len__(self) -> int:
        return len(self.pk)

    @property
    def index_of(self) -> Mapping[int, int]:
        """The position of each post by its store id."""
        return self.by_pk if self.by_pk is not None else InStoreOrder(self.pk)


@dataclass
class SweepData:
    """Everything a sweep reads: accounts, posts, and each post's URLs and hashtags."""

    accounts: AccountColumns
    posts: PostColumns
    urls: Sequence[tuple[int, str]]  # (post position, canonical url)
    tags: Sequence[tuple[int, str]]  # (post position, hashtag)
    max_post_pk: int


def load_accounts(conn: Connection) -> AccountColumns:
    """Every account, in store order."""
    acc = AccountColumns()
    a = Account.__table__  # type: ignore[attr-defined]
    rows = conn.execute(
        select(a.c.id, a.c.platform, a.c.handle, a.c.created_ts, a.c.post_count).order_by(a.c.id)
    )
    platforms: dict[str, str] = {}  # one str object per platform, not per account
    for account_id, platform, handle, created_ts, post_count in rows:
        acc.add(
            account_id, platforms.setdefault(platform, platform), handle, created_ts, post_count
        )
    return acc


def _post_columns():  # type: ignore[no-untyped-def]
    p = _post
    return (
        p.c.id,
        p.c.platform,
        p.c.post_id,
        p.c.account_id,
        p.c.posted_ts,
        p.c.text_fp,
        p.c.text,
        p.c.reply_to_post_id,
        p.c.repost_of_post_id,
    )


def _append(
    posts: PostColumns,
    account_of: Mapping[int, int],
    row: Sequence[Any],
    texts: Container[int] | None = None,
) -> None:
    pk, platform, post_id, account_id, ts, fp, text, reply, repost = row
    if texts is not None and pk not in texts:
        text = None
    if posts.by_pk is not None:
        posts.by_pk[pk] = len(posts.pk)
    posts.pk.append(pk)
    posts.post_id.append(f"{platform}:{post_id}")
    posts.account.append(account_of[account_id])
    posts.ts.append(ts)
    posts.fp.append(fp)
    posts.text.append(text)
    posts.reply_to.append(f"{platform}:{reply}" if reply else None)
    posts.repost_of.append(f"{platform}:{repost}" if repost else None)


def load_posts(
    conn: Connection,
    accounts: AccountColumns,
    *,
    after_pk: int = 0,
    upto_pk: int,
    with_tags: bool = False,
    texts: Container[int] | None = None,
) -> SweepData:
    """The posts in (after_pk, upto_pk] with their links (and hashtags if asked), in store order.

    With `texts`, only the posts with those store ids keep their text (texts
    are most of the columns' memory).
    """
    p = _post
    posts = PostColumns()
    urls = PostValues()
    tags = PostValues()
    account_of = accounts.index_of
    for row in conn.execution_options(yield_per=FETCH_ROWS).execute(
        select(*_post_columns()).where(p.c.id > after_pk, p.c.id <= upto_pk).order_by(p.c.id)
    ):
        _append(posts, account_of, tuple(row), texts)
    q_urls = select(_url.c.post_pk, _url.c.url).where(
        _url.c.post_pk > after_pk, _url.c.post_pk <= upto_pk
    )
    index_of = posts.index_of
    # Links and tags repeat (at a million posts, 82,210 distinct links in
    # 198,117 and 331 tags in 240,030): one str object for each distinct one.
    shared: dict[str, str] = {}
    for pk, url in conn.execution_options(yield_per=FETCH_ROWS).execute(q_urls):
        urls.append(index_of[pk], shared.setdefault(url, url))
    if with_tags:
        q_tags = select(_tag.c.post_pk, _tag.c.tag).where(
            _tag.c.post_pk > after_pk, _tag.c.post_pk <= upto_pk
        )
        for pk, tag in conn.execution_options(yield_per=FETCH_ROWS).execute(q_tags):
            tags.append(index_of[pk], shared.setdefault(tag, tag))
    return SweepData(accounts=accounts, posts=posts, urls=urls, tags=tags, max_post_pk=upto_pk)


def first_texts(conn: Connection, *, upto_pk: int) -> Iterator[tuple[str, str | None]]:
    """(fingerprint, text) of every post with a fingerprint up to `upto_pk`, in store order.

    Streamed: whoever needs one text per fingerprint (the near-duplicate
    grouping) keeps that and lets the rest go, instead of holding every
    post's text (most of the post columns' memory).
    """
    p = _post
    query = (
        select(p.c.text_fp, p.c.text)
        .where(p.c.text_fp.is_not(None), p.c.id <= upto_pk)
        .order_by(p.c.id)
    )
    for row in conn.execution_options(yield_per=FETCH_ROWS).execute(query):
        yield row[0], row[1]


def load_texts(conn: Connection, pks: Iterable[int]) -> dict[int, str]:
    """The texts of the posts with these store ids (posts without text are left out)."""
    p = _post
    ordered = sorted(set(pks))
    texts: dict[int, str] = {}
    for start in range(0, len(ordered), CHUNK):
        query = select(p.c.id, p.c.text).where(p.c.id.in_(ordered[start : start + CHUNK]))
        for pk, text in conn.execute(query):
            if text is not None:
                texts[pk] = text
    return texts


def load_account_posts(conn: Connection, account_ids: Iterable[int], limit: int) -> SweepData:
    """The newest `limit` posts of these accounts with their links, oldest first (no hashtags).

    What the evidence pictures key the way a sweep does: `accounts` holds only
    these accounts (their store ids, in order). One range of the
    (account, time) index per CHUNK accounts; links through the post-keyed
    index of PostUrl.
    """
    accounts = AccountColumns()
    for account_id in sorted(set(account_ids)):
        accounts.ids.append(account_id)
    p = _post
    rows: list[Sequence[Any]] = []
    for start in range(0, len(accounts.ids), CHUNK):
        query = (
            select(*_post_columns())
            .where(p.c.account_id.in_(list(accounts.ids[start : start + CHUNK])))
            .order_by(p.c.posted_ts.desc(), p.c.id.desc())
            .limit(limit)
        )
        rows.extend(tuple(row) for row in conn.execute(query))
    rows.sort(key=lambda row: (row[4], row[0]))
    posts = PostColumns(by_pk={})
    account_of = accounts.index_of
    for row in rows[-limit:]:
        _append(posts, account_of, (*row[:6], None, *row[7:]))  # texts are not needed
    urls: list[tuple[int, str]] = []
    for start in range(0, len(posts.pk), CHUNK):
        batch = list(posts.pk[start : start + CHUNK])
        for pk, url in conn.execute(
            select(_url.c.post_pk, _url.c.url).where(_url.c.post_pk.in_(batch))
        ):
            urls.append((posts.index_of[pk], url))
    urls.sort()
    return SweepData(
        accounts=accounts, posts=posts, urls=urls, tags=[], max_post_pk=max(posts.pk, default=0)
    )
