"""Near-duplicate texts: group normalised texts that differ by a few words or typos.

Exact fingerprints already unite copies that differ only in noise (serials,
emoji, random tokens, invisible characters, look-alike letters). This module
unites the fingerprints whose normalised texts are still nearly the same: up
to `MAX_EDITS` inserted, deleted or substituted words, or typos.

Texts are compared by units: words, and each character of a script written
without spaces (Chinese, Japanese), so a random token appended to a Chinese
sentence is one edit, as it is in an English one.

Candidates come from blocking, never from all pairs. A text of n units is cut into `SEGMENTS` =
`MAX_EDITS` + 1 segments of n // `SEGMENTS` units at fixed positions, and
each segment is a block. Edits touch at most `MAX_EDITS` segments, so one
segment of any copy survives whole, shifted by at most `MAX_EDITS` units. A
new text therefore looks up every window of its own units that could be such
a surviving segment: for each length the other text can have (its own ± 3
units) and each shift the edits allow. That is 20-50 look-ups per text and 4
stored blocks, and it pairs copies with one to three edits at every length,
where blocks of whole word bands missed every copy of an 11-word text with
one inserted word. bench/neardup.py measures it.

rapidfuzz confirms each candidate pair (`copies_among`). Groups grow batch by
batch (`extend_groups`), so an incremental sweep only compares the texts that
are new.
"""

from __future__ import annotations

import functools
import re
import zlib
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter
from typing import NamedTuple

from rapidfuzz import process
from rapidfuzz.distance import Indel, Levenshtein

from storage.sweepdata import StringColumn

#: Inserted, deleted or substituted words that still make two texts copies.
MAX_EDITS = 3
#: Word edits pair two texts only when the longer has at least this many words:
#: three words changed in "thank you so much guys" leave a different sentence.
MIN_WORDS = 8
#: Characters of scripts written without spaces (Chinese, Japanese): each is one
#: unit of comparison, as a word is elsewhere, so an appended token or one
#: changed character is one edit in a Chinese sentence too.
_UNSPACED = "\u3040-\u30ff\u3400-\u9fff"
_UNITS = re.compile(f"[{_UNSPACED}]|[^\\s{_UNSPACED}]+")
#: Such a character counts this much of a word towards MIN_WORDS: a
#: 12-character Chinese sentence says about as much as an 8-word English one.
UNSPACED_WEIGHT = 2 / 3
#: Minimum normalised similarity (0-1, rapidfuzz Indel) for two texts to be
#: copies by their characters (typos, changed endings, long texts).
SIMILARITY = 0.88
#: Character similarity counts only when both texts have this many characters.
MIN_CHARS = 24
#: A block holding this many texts that are not copies of one another is
#: generic phrasing ("what a", "by the") and compares no further. Copies of a
#: text already in a block do not join it, so a campaign of hundreds of
#: variants keeps its blocks open. 10 keeps the candidates of templated
#: chatter at about 20 per text (bench/sweep.py data, 100,000 posts).
MAX_BLOCK = 10
SEGMENTS = MAX_EDITS + 1
#: Texts with fewer words are blocked by characters (or not at all): a shorter
#: text cannot be a MAX_EDITS-word copy of one with MIN_WORDS words.
_MIN_BLOCK_WORDS = MIN_WORDS - MAX_EDITS


_MASK = (1 << 64) - 1
_KEY = (1 << 63) - 1  # block numbers store as non-negative BIGINTs
_BASE = 0x9E3779B97F4A7C15  # odd: multiplying by it mod 2**64 loses nothing
_WORDS, _CHARS = 0, 1
#: Mixed into a window's hash: which segment it stands for, of which kind of text.
_TAGS = tuple(
    tuple(
        (kind * SEGMENTS + segment + 1) * 0xC2B2AE3D27D4EB4F & _KEY for segment in range(SEGMENTS)
    )
    for kind in (_WORDS, _CHARS)
)
#: Words are packed into characters below this code point: two bytes a
#: character in a str, where code points up to sys.maxunicode take four. Two
#: words sharing a character only let a pair through to the check by words.
_PACKED_CHARS = 0x10000


class _Prepared(NamedTuple):
    """A normalised text as comparisons and blocking read it."""

    #: One character per word (its CRC-32 folded into `_PACKED_CHARS`), so
    #: rapidfuzz counts word edits on a compact string. Two words can share a
    #: character, never one word two: a distance found here is at most the
    #: true one, and `_copies` checks the few that pass with the words.
    packed: str
    #: Its length in words, a character of an unspaced script counting UNSPACED_WEIGHT.
    size: float
    #: The blocks to look copies up in (`_windows`), empty for short texts.
    probes: list[int]
    #: The blocks the text is stored in (its segments), empty for short texts.
    blocks: list[int]


@functools.cache
def _powers(units: int) -> tuple[int, ...]:
    """_BASE ** k mod 2**64 for k up to `units`."""
    powers = [1]
    for _ in range(units):
        powers.append(powers[-1] * _BASE & _MASK)
    return tuple(powers)


@functools.cache
def _window_terms(
    units: int, least: int, kind: int
) -> tuple[tuple[tuple[int, int, int, int], ...], tuple[int, ...]]:
    """What the block key of each of `_windows(units, least)` reads, (end, start,
    -_BASE ** size mod 2**64, tag), and the positions among them of the text's own segments.

    Cached per length, so a text's 20-50 keys cost one expression each. Adding
    the negated power keeps the numbers non-negative, which Python computes faster.
    """
    powers, tags = _powers(units), _TAGS[kind]
    windows = _windows(units, least)
    terms = tuple(
        (start + size, start, -powers[size] & _MASK, tags[segment])
        for segment, start, size in windows
    )
    position = {window: j for j, window in enumerate(windows)}
    # A text's own segments are windows of it (no edits, no shift).
    return terms, tuple(position[segment] for segment in _segments(units))


def _prepare(core: str) -> _Prepared:
    """`core` for comparing and for blocking: by words, by characters for scripts
    without spaces (Chinese, Japanese), or not at all for short texts.

    A unit's block hashes come from prefix hashes: `prefix[k]` is a polynomial
    hash of the first k units, so the hash of any window is two
    multiplications away, and 63 bits of it (with the window's segment and the
    kind of text mixed in) store as a non-negative BIGINT.
    """
    units = _units(core)
    # CRC-32 is stable across runs and machines, unlike hash() of a str.
    word_ids = [zlib.crc32(unit.encode()) for unit in units]
    packed = "".join([chr(i % _PACKED_CHARS) for i in word_ids])
    size = _size(units)
    # Three edits add at most three words: a smaller text has no copy of MIN_WORDS.
    if size >= _MIN_BLOCK_WORDS:
        ids, kind, least = word_ids, _WORDS, _MIN_BLOCK_WORDS
    else:
        chars = core.replace(" ", "")
        if len(chars) < MIN_CHARS:
            return _Prepared(packed, size, [], [])
        ids, kind, least = [ord(c) for c in chars], _CHARS, MIN_CHARS
    prefix = [0]
    h = 0
    for unit in ids:
        h = (h * _BASE + unit + 1) & _MASK
        prefix.append(h)
    terms, own = _window_terms(len(ids), least, kind)
    probes = [
        (prefix[end] + prefix[start] * minus_power ^ tag) & _KEY
        for end, start, minus_power, tag in terms
    ]
    return _Prepared(packed, size, probes, [probes[j] for j in own])


def _units(core: str) -> list[str]:
    """The words of a normalised text, each character of an unspaced script one word."""
    return _UNITS.findall(core)


def _size(units: Sequence[str]) -> float:
    """The length of a text of `units` in words (`UNSPACED_WEIGHT` per unspaced character)."""
    unspaced = sum(1 for unit in units if len(unit) == 1 and "\u3040" <= unit <= "\u9fff")
    return len(units) - unspaced * (1 - UNSPACED_WEIGHT)


def _segments(n: int) -> list[tuple[int, int, int]]:
    """(segment, start, size) of the segments of a text of n units."""
    size = n // SEGMENTS
    return [(i, i * size, size) for i in range(SEGMENTS)]


@functools.cache
def _windows(m: int, least: int) -> tuple[tuple[int, int, int], ...]:
    """(segment, start, size) of every window of a text of m units that can be
    a whole segment of a text at most MAX_EDITS edits away (of `least` units or more).

    A segment that no edit touched is shifted by the insertions minus the
    deletions before it (`shift`), and the edits after it make up the rest of
    the length difference, so |shift| + |m - n - shift| <= MAX_EDITS.
    """
    found: set[tuple[int, int, int]] = set()
    for n in range(max(least, m - MAX_EDITS), m + MAX_EDITS + 1):
        for shift in range(-MAX_EDITS, MAX_EDITS + 1):
            if abs(shift) + abs(m - n - shift) > MAX_EDITS:
                continue
            for i, start, size in _segments(n):
                if start + shift >= 0 and start + shift + size <= m:
                    found.add((i, start + shift, size))
    return tuple(sorted(found))


def block_keys(core: str) -> list[int]:
    """The blocks a normalised text is stored in (empty for short texts)."""
    return _prepare(core).blocks


def probe_keys(core: str) -> list[int]:
    """The blocks a normalised text looks its copies up in (its own blocks included)."""
    return _prepare(core).probes


def copies_among(core: str, others: Sequence[str]) -> list[int]:
    """Positions in `others` of the normalised texts that are copies of `core`.

    Two texts are copies when they are at most MAX_EDITS units apart
    (words or unspaced characters, inserted, deleted or substituted) and the
    longer has MIN_WORDS words or more (an unspaced character counting
    UNSPACED_WEIGHT), or when both have MIN_CHARS characters or more and their characters
    are SIMILARITY alike.
    """
    texts = _Texts()
    for other in others:
        texts.add(other)
    prepared = _prepare(core)
    return sorted(texts.copies(core, prepared.packed, prepared.size, range(len(others))))


def are_copies(a: str, b: str) -> bool:
    """Whether two normalised texts are copies of one text (the rule of `copies_among`)."""
    return bool(copies_among(a, [b]))


class _Texts:
    """Normalised texts numbered in order of arrival, as `_copies` compares them.

    Parallel lists indexed by number, not an object per text: a comparison
    reads 20 candidates' texts, and list look-ups are the cheapest Python has.
    Sizes are an array of machine floats (8 bytes a text, where a float object takes 32).
    """

    def __init__(self) -> None:
        self.cores: list[str] = []
        self.packed: list[str] = []
        self.size: array[float] = array("d")
        #: The core when it has MIN_CHARS characters or more, else None, which
        #: rapidfuzz skips: the character rule never reads shorter texts.
        self.long: list[str | None] = []

    def add(self, core: str, prepared: _Prepared | None = None) -> int:
        """Number `core` (with its `_Prepared`, computed if not given)."""
        prepared = prepared or _prepare(core)
        self.cores.append(core)
        self.packed.append(prepared.packed)
        self.size.append(prepared.size)
        self.long.append(core if len(core) >= MIN_CHARS else None)
        return len(self.cores) - 1

    def copies(self, core: str, packed: str, size: float, candidates: Iterable[int]) -> set[int]:
        """The numbers among `candidates` of the texts that are copies of `core`
        (the rule of `copies_among`).

        One rapidfuzz call per rule compares all candidates: a Python-level
        loop over them would cost more than the comparisons themselves.
        """
        ids = list(candidates)
        found: set[int] = set()
        if not ids:
            return found
        # One C call fetches each column of the candidates (a 1-tuple when one).
        pick = itemgetter(*ids) if len(ids) > 1 else lambda column: (column[ids[0]],)
        others_packed: Sequence[str] = pick(self.packed)
        by_words = process.extract(
            packed, others_packed, scorer=Levenshtein.distance,
            score_cutoff=MAX_EDITS, limit=None,
        )  # fmt: skip
        if by_words:
            words: list[str] | None = None
            for _, _, i in by_words:
                if max(size, self.size[ids[i]]) < MIN_WORDS:
                    continue
                words = words or _units(core)
                other_words = _units(self.cores[ids[i]])
                if Levenshtein.distance(words, other_words, score_cutoff=MAX_EDITS) <= MAX_EDITS:
                    found.add(ids[i])
        if len(core) >= MIN_CHARS:
            by_chars = process.extract(
                core, pick(self.long), scorer=Indel.normalized_similarity,
                score_cutoff=SIMILARITY, limit=None,
            )  # fmt: skip
            found.update([ids[i] for _, _, i in by_chars])
        return found


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        root = item
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(item, item) != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


@dataclass
class NearDupState:
    """The part of the known groups that a batch of new texts can touch.

    `blocks` maps a block to the fingerprints already in it (at most
    MAX_BLOCK), `cores` gives their normalised texts and `groups` their
    groups. Empty for a first sweep.
    """

    blocks: dict[int, list[str]] = field(default_factory=dict)
    cores: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)


@dataclass
class Bands:
    """(block, fingerprint) entries stored in `textband`, in the order they were made.

    Two arrays of machine integers and the fingerprints the second numbers:
    12 bytes an entry, where a list of (int, str) tuples takes about 100, and a
    first sweep at a million posts makes a million entries. The fingerprints
    may be packed (`PackedFirstGroups.bands`).
    """

    blocks: array[int] = field(default_factory=lambda: array("q"))
    texts: array[int] = field(default_factory=lambda: array("l"))  # positions in `fps`
    fps: Sequence[str] = field(default_factory=list)

    def append(self, block: int, text: int) -> None:
        """Add the entry of block `block` and the fingerprint numbered `text`."""
        self.blocks.append(block)
        self.texts.append(text)

    def __iter__(self) -> Iterator[tuple[int, str]]:
        fps = self.fps
        for block, text in zip(self.blocks, self.texts, strict=True):
            yield block, fps[text]

    def __len__(self) -> int:
        return len(self.blocks)


@dataclass
class NearDupUpdate:
    """What a batch of new texts changes: new block entries, their groups, merged groups."""

    bands: Bands  # (block, fingerprint), stored in `textband`
    groups: dict[str, str]  # new fingerprint -> group
    merged: dict[str, str]  # group that no longer exists -> the group it joined


def extend_groups(new: Mapping[str, str], state: NearDupState) -> NearDupUpdate:
    """Add new fingerprints (fp -> normalised text, in order of first use) to the groups.

    Each new text is compared (`copies_among`) with the texts already in the
    blocks it looks up (`probe_keys`), while a block holds fewer than
    MAX_BLOCK texts: a block shared by more is generic phrasing and compares
    no further. It then joins its own blocks (`block_keys`), except those
    that hold one of its copies. A group is named by its smallest fingerprint. Adding texts one batch at a time gives the
    same groups as adding them all at once, so a sweep can keep its groups
    between runs. `state` is updated in place. About 20-50 block look-ups per
    text and a comparison per distinct text found in them (one rapidfuzz call).
    """
    return _extend(new, state, keep=True)


def first_groups(cores: dict[str, str]) -> NearDupUpdate:
    """The groups of a first sweep's texts (fp -> normalised text, in order of first use).

    What `extend_groups` gives from an empty state, without building the
    state a later batch would need: the blocks (stored as `bands`) and a
    second map of every fingerprint to its group would be the largest
    things a first sweep holds at its peak. `cores` is read, not copied.
    """
    update = _extend(cores, NearDupState(cores=cores), keep=False)
    # The cached window tables were made all along the grouping, between the
    # comparison tables now let go: kept, they would hold on to memory around
    # them, as the fingerprints would (`PackedFirstGroups`). They are made again on demand.
    for cached in (_powers, _window_terms, _windows):
        cached.cache_clear()
    return update


@dataclass
class PackedFirstGroups:
    """A first sweep's `NearDupUpdate` with no str object per fingerprint (`pack`), as it
    is kept until stored: the fingerprints in one buffer, groups and band entries by
    their positions in it.

    At 2,500,000 generated posts (1,228,788 fingerprints) a dict of each
    fingerprint's group with a str per fingerprint takes about 130 MB by
    object sizes through the whole sweep, this about 40 MB; the dict is made only while posts are
    keyed by their groups (`group_of`). Packing also lets go of the
    fingerprints as read: Python gives the memory of small objects back to
    the system only by whole arenas (1 MiB) in which nothing lives any more,
    and those fingerprints lie between the objects of the comparison
    (normalised texts, their packed words, block tuples), which die once the
    groups are known.
    """

    fps: StringColumn  # every fingerprint of the groups, in their order
    group: array[int]  # position in `fps` of each fingerprint's group
    band_blocks: array[int]
    band_fps: array[int]  # position in `fps` of each band entry's fingerprint

    def __iter__(self) -> Iterator[tuple[str, str]]:
        """(fingerprint, group) of every fingerprint, in order: the update's `groups.items()`."""
        fps = self.fps
        for fp, g in zip(fps, self.group, strict=True):
            yield fp, fps[g]

    def __len__(self) -> int:
        return len(self.fps)

    @property
    def bands(self) -> Bands:
        """The update's band entries, each fingerprint read from the buffer as it is iterated."""
        return Bands(blocks=self.band_blocks, texts=self.band_fps, fps=self.fps)

    def group_of(self) -> dict[str, str]:
        """The update's `groups` (fingerprint -> group), one str per fingerprint shared by
        its group's name: for keying posts by group, let go after."""
        fps = list(self.fps)
        return {fp: fps[g] for fp, g in zip(fps, self.group, strict=True)}


def pack(update: NearDupUpdate) -> PackedFirstGroups:
    """`update` of a first sweep (`first_groups`: no merged groups, and every fingerprint
    in its bands one of its groups) packed in buffers."""
    assert not update.merged, "a first sweep merges no known groups"
    position = {fp: i for i, fp in enumerate(update.groups)}
    bands = update.bands
    return PackedFirstGroups(
        fps=StringColumn(update.groups),
        group=array("l", [position[g] for g in update.groups.values()]),
        band_blocks=bands.blocks,
        band_fps=array("l", [position[bands.fps[text]] for text in bands.texts]),
    )


def _extend(new: Mapping[str, str], state: NearDupState, *, keep: bool) -> NearDupUpdate:
    """`extend_groups`, updating `state` only when `keep` (its cores always)."""
    uf = _UnionFind()
    cores = state.cores
    # Texts are numbered (`_Texts`) as they come, known ones first. Each block
    # maps to the numbers of the texts in it while it is open, to () once it
    # holds MAX_BLOCK. Tuples of numbers, not lists: the collector stops
    # tracking them, while 100,000 lists kept alive would make it sweep the
    # whole heap several times. Most blocks hold one text: its blocks share
    # one 1-tuple.
    texts = _Texts()
    fps: list[str] = []
    bands = Bands(fps=fps)
    number: dict[str, int] = {}
    open_blocks: dict[int, tuple[int, ...]] = {}
    for key, in_block in state.blocks.items():
        if len(in_block) >= MAX_BLOCK:
            open_blocks[key] = ()
            continue
        for fp in in_block:
            if fp not in number:
                number[fp] = texts.add(cores[fp])
                fps.append(fp)
        open_blocks[key] = tuple([number[fp] for fp in in_block])

    def group(fp: str) -> str:
        return uf.find(state.groups.get(fp, fp))

    for fp, core in new.items():
        cores[fp] = core
        prepared = _prepare(core)
        probes = prepared.probes
        if not probes:
            continue
        found = chain.from_iterable(filter(None, map(open_blocks.get, probes)))
        copies = texts.copies(core, prepared.packed, prepared.size, set(found))
        for other in copies:
            uf.union(group(fp), group(fps[other]))
        n = texts.add(core, prepared)
        fps.append(fp)
        alone = (n,)
        for key in prepared.blocks:
            members = open_blocks.get(key)
            if members is None:
                open_blocks[key] = alone
            elif not members or copies and not copies.isdisjoint(members):
                continue  # generic, or this text's copy stands for it here
            else:
                open_blocks[key] = members + (n,) if len(members) + 1 < MAX_BLOCK else ()
            bands.append(key, n)
    del open_blocks, texts  # not read again: let them go before the groups are built
    known_groups = set(state.groups.values())
    merged = {g: uf.find(g) for g in known_groups if uf.find(g) != g}
    groups = {fp: group(fp) for fp in new}
    if keep:
        for key, fp in bands:
            state.blocks.setdefault(key, []).append(fp)
        for fp, g in state.groups.items():
            state.groups[fp] = uf.find(g)
        state.groups.update(groups)
    return NearDupUpdate(bands=bands, groups=groups, merged=merged)


def group_near_duplicates(cores: Mapping[str, str]) -> dict[str, str]:
    """Map each fingerprint to a group id shared by its near-duplicates (one batch, no history)."""
    return extend_groups(cores, NearDupState()).groups
