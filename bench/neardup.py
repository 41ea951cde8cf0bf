"""Near-duplicate recall benchmark: do copies with one to three edited words pair?

    python bench/neardup.py                      # 100 pairs per length and edit count
    python bench/neardup.py --pairs 300 --seed 5

For every text length from 8 to 40 words and 1, 2 and 3 edits, it draws
random texts from a vocabulary of 3,000 made-up words (Zipf-weighted, so
common words repeat as in real posts, and no template), makes a copy with that
many random word insertions, deletions or substitutions, and groups the two
texts alone (`detection.neardup.group_near_duplicates`, after the store's
normalisation and fingerprint): a pair is found when both land in one group.
It also groups unrelated texts of the same lengths in pairs, which must not
pair, and copies with one edit and three zero-width spaces inside words. It
prints pair recall per edit count over all lengths, the worst length, the
lengths where recall is below 100%, and the time spent grouping.

It only uses functions that every version of the grouping has, so the same
script measures an older checkout (PYTHONPATH=that checkout).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from detection.neardup import group_near_duplicates  # noqa: E402
from storage.textnorm import fingerprint_of_normalised, normalise  # noqa: E402

LENGTHS = range(8, 41)
EDITS = (1, 2, 3)
VOCABULARY = 3_000


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    words: set[str] = set()
    while len(words) < VOCABULARY:
        words.add("".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(2, 9))))
    ordered = sorted(words)
    rng.shuffle(ordered)
    return ordered, [1 / (rank + 1) for rank in range(len(ordered))]


def _edit(words: list[str], edits: int, rng: random.Random, draw: object) -> list[str]:
    copy = list(words)
    for _ in range(edits):
        kind = rng.choice(("insert", "delete", "substitute"))
        if kind == "insert":
            copy.insert(rng.randint(0, len(copy)), draw())  # type: ignore[operator]
        elif kind == "delete":
            del copy[rng.randrange(len(copy))]
        else:
            position = rng.randrange(len(copy))
            while (word := draw()) == copy[position]:  # type: ignore[operator]
                pass
            copy[position] = word
    return copy


def _paired(a: str, b: str) -> bool | None:
    cores = {}
    for text in (a, b):
        core = normalise(text)
        fp = fingerprint_of_normalised(core)
        if fp is None:
            return None
        cores[fp] = core
    if len(cores) == 1:
        return True
    return len(set(group_near_duplicates(cores).values())) == 1


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pairs", type=int, default=100, help="pairs per length and edit count")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    vocabulary, weights = _vocabulary(rng)

    def draw() -> str:
        return rng.choices(vocabulary, weights)[0]

    found: dict[int, dict[int, list[bool]]] = defaultdict(lambda: defaultdict(list))
    hidden: list[bool] = []
    false_pairs = unrelated = 0
    seconds = 0.0
    for length in LENGTHS:
        for edits in EDITS:
            for _ in range(args.pairs):
                words = [draw() for _ in range(length)]
                copy = _edit(words, edits, rng, draw)
                start = time.perf_counter()
                paired = _paired(" ".join(words), " ".join(copy))
                seconds += time.perf_counter() - start
                if paired is not None:
                    found[edits][length].append(paired)
        for _ in range(args.pairs):
            words = [draw() for _ in range(length)]
            copy = _edit(words, 1, rng, draw)
            for _ in range(3):
                i = rng.randrange(len(copy))
                copy[i] = copy[i][:1] + "\u200b" + copy[i][1:]
            hidden.append(bool(_paired(" ".join(words), " ".join(copy))))
        for _ in range(args.pairs):
            a = " ".join(draw() for _ in range(length))
            b = " ".join(draw() for _ in range(length + rng.randint(-3, 3)))
            unrelated += 1
            false_pairs += bool(_paired(a, b))

    print(f"pairs per length and edit count: {args.pairs}; seed {args.seed}")
    print()
    print("| edits | pair recall, 8-40 words | worst length | lengths under 100% |")
    print("|---:|---:|---|---|")
    for edits in EDITS:
        by_length = found[edits]
        total = [hit for hits in by_length.values() for hit in hits]
        recall = {n: sum(hits) / len(hits) for n, hits in by_length.items() if hits}
        worst = min(recall, key=lambda n: (recall[n], n))
        under = [n for n in sorted(recall) if recall[n] < 1]
        print(
            f"| {edits} | {sum(total) / len(total):.1%} | {worst} words: {recall[worst]:.0%} "
            f"| {', '.join(map(str, under)) or 'none'} |"
        )
    print()
    print(
        f"copies with 1 edit and 3 zero-width spaces inside words: {sum(hidden)} of "
        f"{len(hidden)} paired"
    )
    print(f"unrelated pairs grouped: {false_pairs} of {unrelated}")
    print(
        f"grouping time: {seconds:.2f} s for {sum(len(h) for e in found.values() for h in e.values())} pairs"
    )


if __name__ == "__main__":
    main()
