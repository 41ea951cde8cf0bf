"""Near-duplicate texts: group normalised texts that differ by typos or small edits.

Exact fingerprints already unite copies that differ only in noise (serials,
emoji, random tokens). This module unites the fingerprints whose normalised
texts are still nearly equal (a typo, a dropped word). Candidates come from
blocking on word bands, never from all pairs; rapidfuzz confirms each pair.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

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


def group_near_duplicates(cores: Mapping[str, str]) -> dict[str, str]:
    """Map each fingerprint to a group id shared by its near-duplicates.

    `cores` maps fingerprint -> normalised text. Fingerprints without a near
    duplicate map to themselves. Runs in O(n) blocking plus at most
    MAX_BLOCK^2 / 2 comparisons per block.
    """
    blocks: dict[tuple[int, str], list[str]] = defaultdict(list)
    for fp, core in cores.items():
        for key in _band_keys(core):
            block = blocks[key]
            if len(block) <= MAX_BLOCK:
                block.append(fp)
    uf = _UnionFind()
    checked: set[tuple[str, str]] = set()
    for block in blocks.values():
        if len(block) < 2 or len(block) > MAX_BLOCK:
            continue
        for i, a in enumerate(block):
            text_a = cores[a]
            for b in block[i + 1 :]:
                pair = (a, b) if a < b else (b, a)
                if pair in checked:
                    continue
                checked.add(pair)
                if uf.find(a) == uf.find(b):
                    continue
                if Indel.normalized_similarity(text_a, cores[b], score_cutoff=SIMILARITY):
                    uf.union(a, b)
    return {fp: uf.find(fp) for fp in cores}
