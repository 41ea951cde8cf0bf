"""Near-duplicate texts: group normalised texts that differ by a few words or typos.

Exact fingerprints already unite copies that differ only in noise (serials,
emoji, random tokens, invisible characters, look-alike letters). This module
unites the fingerprints whose normalised texts are still nearly the same: up
to `MAX_EDITS` inserted, deleted or substituted words, or typos.

Candidates come from blocking, never from all pairs. A text of n units (words,
or characters for scripts written without spaces) is cut into `SEGMENTS` =
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
import sys
import zlib
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, TypeVar

from rapidfuzz import process
from rapidfuzz.distance import Indel, Levenshtein

#: Inserted, deleted or substituted words that still make two texts copies.
MAX_EDITS = 3
#: Word edits pair two texts only when the longer has at least this many words:
#: three words changed in "thank you so much guys" leave a different sentence.
MIN_WORDS = 8
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
_Id = TypeVar("_Id", bound=Hashable)


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
_CODE_POINTS = sys.maxunicode + 1


class _Text(NamedTuple):
    """A normalised text as comparisons read it."""

    core: str
    #: One character per word (its CRC-32 folded into the code points), so
    #: rapidfuzz counts word edits on a compact string. Two words can share a
    #: character, never one word two: a distance found here is at most the
    #: true one, and `_copies` checks the few that pass with the words.
    packed: str


@dataclass(frozen=True)
class _Blocking:
    """A text as blocking sees it: prefix hashes of its units (words, or characters).

    `prefix[k]` is a polynomial hash of the first k units, so the hash of any
    window is two multiplications away and 20-50 windows per text stay cheap.
    """

    kind: int  # _WORDS or _CHARS, part of each block key
    prefix: list[int]
    least: int  # the fewest units a text of this kind is blocked with

    @property
    def units(self) -> int:
        return len(self.prefix) - 1

    def keys(self, windows: Iterable[tuple[int, int, int]]) -> list[int]:
        """The blocks of the units [start, start + size) as segment `segment`, for each
        (segment, start, size): 63 bits, so they store as non-negative BIGINTs."""
        prefix, power, tags = self.prefix, _powers(self.units), _TAGS[self.kind]
        return [
            (prefix[start + size] - prefix[start] * power[size] ^ tags[segment]) & _KEY
            for segment, start, size in windows
        ]

    def probes(self) -> list[int]:
        """The blocks to look copies up in (`_windows`)."""
        return self.keys(_windows(self.units, self.least))

    def blocks(self) -> list[int]:
        """The blocks the text is stored in (its segments)."""
        return self.keys(_segments(self.units))


@functools.cache
def _powers(units: int) -> tuple[int, ...]:
    """_BASE ** k mod 2**64 for k up to `units`."""
    powers = [1]
    for _ in range(units):
        powers.append(powers[-1] * _BASE & _MASK)
    return tuple(powers)


def _prepare(core: str) -> tuple[_Text, _Blocking | None]:
    """`core` for comparing and for blocking: by words, by characters for scripts
    without spaces (Chinese, Japanese), or not at all for short texts."""
    # CRC-32 is stable across runs and machines, unlike hash() of a str.
    word_ids = [zlib.crc32(word.encode()) for word in core.split()]
    text = _Text(core, "".join([chr(i % _CODE_POINTS) for i in word_ids]))
    if len(word_ids) >= _MIN_BLOCK_WORDS:
        ids, kind, least = word_ids, _WORDS, _MIN_BLOCK_WORDS
    else:
        chars = core.replace(" ", "")
        if len(chars) < MIN_CHARS:
            return text, None
        ids, kind, least = [ord(c) for c in chars], _CHARS, MIN_CHARS
    prefix = [0]
    h = 0
    for unit in ids:
        h = (h * _BASE + unit + 1) & _MASK
        prefix.append(h)
    return text, _Blocking(kind, prefix, least)


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
    blocking = _prepare(core)[1]
    return blocking.blocks() if blocking else []


def probe_keys(core: str) -> list[int]:
    """The blocks a normalised text looks its copies up in (its own blocks included)."""
    blocking = _prepare(core)[1]
    return blocking.probes() if blocking else []


def copies_among(core: str, others: Sequence[str]) -> list[int]:
    """Positions in `others` of the normalised texts that are copies of `core`.

    Two texts are copies when they are at most MAX_EDITS words apart
    (inserted, deleted or substituted) and the longer has MIN_WORDS words or
    more, or when both have MIN_CHARS characters or more and their characters
    are SIMILARITY alike.
    """
    found = _copies(_prepare(core)[0], {i: _prepare(other)[0] for i, other in enumerate(others)})
    return sorted(set(found))


def are_copies(a: str, b: str) -> bool:
    """Whether two normalised texts are copies of one text (the rule of `copies_among`)."""
    return bool(copies_among(a, [b]))


def _copies(text: _Text, candidates: Mapping[_Id, _Text]) -> list[_Id]:
    """The keys of `candidates` that are copies of `text` (the rule of `copies_among`;
    a key can come twice).

    One rapidfuzz call per rule compares all candidates: a Python-level loop
    over them would cost more than the comparisons themselves.
    """
    found: list[_Id] = []
    if not candidates:
        return found
    ids = list(candidates)
    others = list(candidates.values())
    by_words = process.extract(
        text.packed, [other.packed for other in others], scorer=Levenshtein.distance,
        score_cutoff=MAX_EDITS, limit=None,
    )  # fmt: skip
    if by_words:
        words = text.core.split()
        for _, _, i in by_words:
            other_words = others[i].core.split()
            if max(len(words), len(other_words)) >= MIN_WORDS and (
                Levenshtein.distance(words, other_words, score_cutoff=MAX_EDITS) <= MAX_EDITS
            ):
                found.append(ids[i])
    if len(text.core) >= MIN_CHARS:
        by_chars = process.extract(
            text.core, [other.core for other in others], scorer=Indel.normalized_similarity,
            score_cutoff=SIMILARITY, limit=None,
        )  # fmt: skip
        found.extend(ids[i] for other, _, i in by_chars if len(other) >= MIN_CHARS)
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
class NearDupUpdate:
    """What a batch of new texts changes: new block entries, their groups, merged groups."""

    bands: list[tuple[int, str]]  # (block, fingerprint), stored in `textband`
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
    uf = _UnionFind()
    blocks, cores = state.blocks, state.cores
    # The open blocks' texts, ready to compare; a full block maps to {}.
    open_blocks: dict[int, dict[str, _Text]] = {
        key: {fp: _prepare(cores[fp])[0] for fp in fps} if len(fps) < MAX_BLOCK else {}
        for key, fps in blocks.items()
    }

    def group(fp: str) -> str:
        return uf.find(state.groups.get(fp, fp))

    bands: list[tuple[int, str]] = []
    for fp, core in new.items():
        cores[fp] = core
        text, blocking = _prepare(core)
        if blocking is None:
            continue
        candidates: dict[str, _Text] = {}
        for found in map(open_blocks.get, blocking.probes()):
            if found:
                candidates.update(found)
        copies = _copies(text, candidates)
        for other in copies:
            uf.union(group(fp), group(other))
        for key in blocking.blocks():
            fps = blocks.get(key)
            if fps is None:
                blocks[key], open_blocks[key] = [fp], {fp: text}
            elif len(fps) >= MAX_BLOCK or copies and not open_blocks[key].keys().isdisjoint(copies):
                continue  # generic, or this text's copy stands for it here
            else:
                fps.append(fp)
                open_blocks[key][fp] = text
                if len(fps) == MAX_BLOCK:
                    open_blocks[key] = {}
            bands.append((key, fp))
    known = set(state.groups.values())
    merged = {g: uf.find(g) for g in known if uf.find(g) != g}
    groups = {fp: group(fp) for fp in new}
    for fp, g in state.groups.items():
        state.groups[fp] = uf.find(g)
    state.groups.update(groups)
    return NearDupUpdate(bands=bands, groups=groups, merged=merged)


def group_near_duplicates(cores: Mapping[str, str]) -> dict[str, str]:
    """Map each fingerprint to a group id shared by its near-duplicates (one batch, no history)."""
    return extend_groups(cores, NearDupState()).groups
