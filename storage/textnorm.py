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

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MENTION = re.compile(r"(?<!\w)@[\w.]+")
_SERIAL = re.compile(
    r"(?:#\s*\d+|\(\s*\d+\s*/\s*\d+\s*\)|\[\s*\d+\s*\]|\bno\.?\s*\d+|第\s*\d+\s*[条篇期号]?|\d+\s*/\s*\d+)",
    re.IGNORECASE,
)
# A token that mixes letters and digits ("xQ7kP2", "a1b2") is noise added to
# defeat exact matching, not content.
_MIXED_TOKEN = re.compile(r"\b(?=\w*\d)(?=\w*[^\W\d_])\w+\b")
_NOT_LETTER = re.compile(r"[^\w\s]|[\d_]")
_SPACE = re.compile(r"\s+")

#: Texts shorter than this after normalisation ("lol", "so true") are too
#: generic to say anything about coordination.
MIN_FINGERPRINT_CHARS = 16


def normalise(text: str | None) -> str:
    """The comparable core of a post text: lower-case letters and single spaces.

    URLs, mentions, serial numbers, digit-bearing tokens, emoji, punctuation
    and digits are removed; Unicode is NFKC-folded. Runs in O(len(text)).
    """
    if not text:
        return ""
    value = unicodedata.normalize("NFKC", text).casefold()
    value = _URL.sub(" ", value)
    value = _MENTION.sub(" ", value)
    value = _SERIAL.sub(" ", value)
    value = _MIXED_TOKEN.sub(" ", value)
    value = _NOT_LETTER.sub(" ", value)
    return _SPACE.sub(" ", value).strip()


def fingerprint_of_normalised(core: str) -> str | None:
    """A 16-hex-digit fingerprint of an already normalised text, or None if too short."""
    if len(core) < MIN_FINGERPRINT_CHARS:
        return None
    return hashlib.blake2b(core.encode("utf-8"), digest_size=8).hexdigest()


def fingerprint(text: str | None) -> str | None:
    """The fingerprint of `text`: equal for copies that differ only in noise."""
    return fingerprint_of_normalised(normalise(text))
