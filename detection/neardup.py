"""Near-duplicate texts: group normalised texts that differ by typos or small edits.

Exact fingerprints already unite copies that differ only in noise (serials,
emoji, random tokens). This module unites the fingerprints whose normalised
texts are still nearly equal (a typo, a dropped word). Candidates come from
blocking on word bands, never from all pairs; rapidfuzz confirms each pair.
Groups grow batch by batch (`extend_groups`), so an incremental sweep only
compares the texts that are new.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from rapidfuzz.distance import Indel

#: Minimum normalised similarity (0-1, rapidfuzz Indel) for two texts to be copies.
SIMILARITY = 0.88
#: Blocks with more distinct texts than this are generic phrasing, not copies.
MAX_BLOCK = 40
BANDS = 4


def _band_keys(core: str) -> list[tuple[int, str]]:
    words = core.split()
    if len(words) < 6:
        # Scripts without spaces (Chinese, Japanese): band by characters.
        if len(core) < 24:
            return []
        units: list[str] = list(core.replace(" ", ""))
        joiner = ""
    else:
        units = words
        joiner = " "
    size = max(1, len(units) // BANDS)
    keys = [(i, joiner.join(units[i * size : (i + 1) * size])) for i in range(BANDS)]
    # Anchors at both ends survive insertions or deletions in the middle.
    keys.append((BANDS, joiner.join(units[:size])))
    keys.append((BANDS + 1, joiner.join(units[-size:])))
    return keys


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


def band_hashes(core: str) -> list[int]:
    """The word bands of a normalised text, as signed 64-bit numbers (stored as such)."""
    return [
        int.from_bytes(hashlib.blake2b(f"{i}|{band}".encode(), digest_size=8).digest(), "big", signed=True)
        for i, band in _band_keys(core)
    ]


@dataclass
class NearDupState:
    """The part of the known groups that a batch of new texts can touch.

    `blocks` maps a band to the fingerprints already in it (at most MAX_BLOCK),
    `cores` gives their normalised texts and `groups` their groups. Empty for
    a first sweep.
    """

    blocks: dict[int, list[str]] = field(default_factory=dict)
    cores: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)


@dataclass
class NearDupUpdate:
    """What a batch of new texts changes: new band entries, their groups, merged groups."""

    bands: list[tuple[int, str]]
    groups: dict[str, str]  # new fingerprint -> group
    merged: dict[str, str]  # group that no longer exists -> the group it joined


def extend_groups(new: Mapping[str, str], state: NearDupState) -> NearDupUpdate:
    """Add new fingerprints (fp -> normalised text, in order of first use) to the groups.

    Each new text is compared (rapidfuzz) with the texts already in each of its
    bands, while a band holds fewer than MAX_BLOCK texts: a band shared by more
    is generic phrasing and compares no further. A group is named by its
    smallest fingerprint. Adding texts one batch at a time gives the same groups
    as adding them all at once, so a sweep can keep its groups between runs.
    `state` is updated in place.
    """
    uf = _UnionFind()

    def group(fp: str) -> str:
        return uf.find(state.groups.get(fp, fp))

    bands: list[tuple[int, str]] = []
    for fp, core in new.items():
        checked: set[str] = set()
        for band in band_hashes(core):
            block = state.blocks.setdefault(band, [])
            if len(block) >= MAX_BLOCK:
                continue
            for other in block:
                if other in checked:
                    continue
                checked.add(other)
                mine, theirs = group(fp), group(other)
                if mine != theirs and Indel.normalized_similarity(
                    core, state.cores[other], score_cutoff=SIMILARITY
                ):
                    uf.union(mine, theirs)
            block.append(fp)
            bands.append((band, fp))
        state.cores[fp] = core
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
