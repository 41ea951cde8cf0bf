"""Text normalisation and fingerprints for copy-paste detection.

Copy-paste operations vary their texts just enough to dodge exact matching:
serial numbers ("#12", "(3/40)", "No. 7", "第5"), swapped emoji, appended
random tokens, added links and mentions, changed case and spacing, invisible
format characters (zero-width spaces, joiners, bidi marks, soft hyphens) and
look-alike letters from other scripts ("раy" with a Cyrillic р and а).
`normalise` removes exactly those, so the copies of one text share a
fingerprint, while different sentences stay different.

Look-alike letters are folded with a small explicit table (`HOMOGLYPHS`), not
a library: the maintained homoglyph packages detect confusable strings or list
every possible reading of one, while a fingerprint needs one fixed reading, and
transliteration packages read Cyrillic "р" as "r" where a reader sees "p".

It lives in storage because ingest indexes posts by fingerprint; detection
reads it from here.
"""

from __future__ import annotations

import functools
import hashlib
import re
import sys
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
#: A character of a script written without spaces (Chinese, Japanese) says
#: about as much as a short word: it counts this many characters towards
#: MIN_FINGERPRINT_CHARS, so a Chinese slogan of eight characters or more is
#: fingerprinted ("中国的发展给全世界带来机遇", 13) and "我也是这么想的" (7) is
#: not. Counted as one, a 15-character Chinese sentence had no fingerprint.
DENSE_CHAR_WEIGHT = 2
_DENSE_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")

#: Cyrillic and Greek letters (lower case: folding runs after case folding) that
#: look like a Latin letter, in either case, and the Latin letter they pass for.
#: A letter is folded when its capital or its small form is the look-alike
#: (Cyrillic "т", because "Т" passes for "T"); folding runs after case folding,
#: so "ТНЕ" and "тне" both read "the". Whole words in those
#: scripts are folded too: the fold only has to be the same for every copy, and
#: no two letters of one script share a Latin letter (but Cyrillic н and һ), so
#: different words stay different. Full-width and mathematical letters ("ｐａｙ",
#: "𝐩𝐚𝐲") need no entry: NFKC folds them first.
HOMOGLYPHS: dict[str, str] = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ѕ": "s", "і": "i", "ј": "j", "к": "k", "м": "m",
    "н": "h", "һ": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x",
    "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l",
    # Greek ("ν" and "υ" pass for the small "v" and "u" more often than for "N" and "Y")
    "α": "a", "β": "b", "ε": "e", "ζ": "z", "η": "h", "ι": "i", "κ": "k", "μ": "m",
    "ν": "v", "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ϲ": "c", "ϳ": "j",
    # Latin letters outside ASCII that pass for ASCII ones
    "ı": "i", "ɑ": "a", "ɡ": "g", "ɩ": "i", "ʏ": "y",
}  # fmt: skip
_FOLD = str.maketrans(HOMOGLYPHS)
_LOOK_ALIKE = re.compile("[" + "".join(HOMOGLYPHS) + "]")


@functools.cache
def _format_characters() -> re.Pattern[str]:
    """Every Unicode format (`Cf`) character of this Python's Unicode database.

    Built on first use (about 0.1 s), not at import: a fixed list would miss
    the format characters of later Unicode versions.
    """
    ranges: list[list[int]] = []
    for cp in range(sys.maxunicode + 1):
        if unicodedata.category(chr(cp)) == "Cf":
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1][1] = cp
            else:
                ranges.append([cp, cp])
    return re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in ranges) + "]")


def fold(text: str) -> str:
    """`text` as fingerprinting reads it: no format characters, NFKC, case- and look-alike-folded.

    Format characters (zero-width space and joiners, bidi marks, soft hyphens,
    the other `Cf` characters) are removed, not turned into spaces: inserted
    inside a word, they must not split it. ASCII text only needs case folding.
    """
    if text.isascii():
        return text.casefold()
    text = unicodedata.normalize("NFKC", _format_characters().sub("", text)).casefold()
    # Searching first is cheaper than translating the many texts with nothing to fold.
    return text.translate(_FOLD) if _LOOK_ALIKE.search(text) else text


def normalise(text: str | None) -> str:
    """The comparable core of a post text: lower-case letters and single spaces.

    URLs, mentions, serial numbers, digit-bearing tokens, emoji, punctuation
    and digits are removed; format characters are dropped and look-alike
    letters folded (`fold`). Runs in O(len(text)), a few microseconds for a
    typical post.
    """
    if not text:
        return ""
    words: list[str] = []
    for token in fold(text).split():
        if token.isalpha():
            words.append(token)
            continue
        if token.startswith(_SKIP_PREFIXES):
            continue  # links and mentions
        if _DIGIT.search(token) and not _UNSPACED_SCRIPT.search(token):
            continue  # serial numbers, numbers and letter-digit noise tokens
        words.extend(_NOT_LETTERS.sub(" ", token).split())
    return " ".join(words)


def has_dense_script(text: str) -> bool:
    """True when `text` holds characters of a script written without spaces."""
    return not text.isascii() and _DENSE_SCRIPT.search(text) is not None


def fingerprint_length(core: str) -> int:
    """How long a normalised text counts as against MIN_FINGERPRINT_CHARS."""
    if core.isascii():
        return len(core)
    return len(core) + (DENSE_CHAR_WEIGHT - 1) * len(_DENSE_SCRIPT.findall(core))


def fingerprint_of_normalised(core: str) -> str | None:
    """A 16-hex-digit fingerprint of an already normalised text, or None if too short."""
    # Counting dense characters is needed only for short texts: ingest calls
    # this for every post.
    if len(core) < MIN_FINGERPRINT_CHARS and fingerprint_length(core) < MIN_FINGERPRINT_CHARS:
        return None
    return hashlib.blake2b(core.encode("utf-8"), digest_size=8).hexdigest()


def fingerprint(text: str | None) -> str | None:
    """The fingerprint of `text`: equal for copies that differ only in noise."""
    return fingerprint_of_normalised(normalise(text))
