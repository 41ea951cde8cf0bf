"""Text normalisation and fingerprints for copy-paste detection.

Copy-paste operations vary their texts just enough to dodge exact matching:
serial numbers ("#12", "(3/40)", "No. 7", "第5"), swapped emoji, appended
random tokens, added links and mentions, changed case and spacing. `normalise`
removes exactly those, so the copies of one text share a fingerprint, while
different sentences stay different.

It lives in storage because ingest indexes posts by fingerprint; detection
reads it from here.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_DIGIT = re.compile(r"\d")
_NOT_LETTERS = re.compile(r"[\W\d_]+")
# Scripts written without spaces: a digit inside such a "token" is a serial
# number ("第5条") in a sentence, not a token to drop.
_UNSPACED_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_SKIP_PREFIXES = ("http://", "https://", "www.", "@")

#: Texts shorter than this after normalisation ("lol", "so true") are too
#: generic to say anything about coordination.
MIN_FINGERPRINT_CHARS = 16


def normalise(text: str | None) -> str:
    """The comparable core of a post text: lower-case letters and single spaces.

    URLs, mentions, serial numbers, digit-bearing tokens, emoji, punctuation
    and digits are removed; Unicode is NFKC-folded and case-folded.
    Runs in O(len(text)), a few microseconds for a typical post.
    """
    if not text:
        return ""
    words: list[str] = []
    for token in unicodedata.normalize("NFKC", text).casefold().split():
        if token.isalpha():
            words.append(token)
            continue
        if token.startswith(_SKIP_PREFIXES):
            continue  # links and mentions
        if _DIGIT.search(token) and not _UNSPACED_SCRIPT.search(token):
            continue  # serial numbers, numbers and letter-digit noise tokens
        words.extend(_NOT_LETTERS.sub(" ", token).split())
    return " ".join(words)


def fingerprint_of_normalised(core: str) -> str | None:
    """A 16-hex-digit fingerprint of an already normalised text, or None if too short."""
    if len(core) < MIN_FINGERPRINT_CHARS:
        return None
    return hashlib.blake2b(core.encode("utf-8"), digest_size=8).hexdigest()


def fingerprint(text: str | None) -> str | None:
    """The fingerprint of `text`: equal for copies that differ only in noise."""
    return fingerprint_of_normalised(normalise(text))
