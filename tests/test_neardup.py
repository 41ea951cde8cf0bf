"""Near-duplicate texts: copies with one to three edited words pair at every length,
unrelated texts and short generic phrases do not, and invisible characters or
look-alike letters change neither the fingerprint nor the grouping."""

from __future__ import annotations

import random

import pytest
from factories import text_cores
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from detection.neardup import (
    MAX_BLOCK,
    NearDupState,
    are_copies,
    block_keys,
    extend_groups,
    first_groups,
    group_near_duplicates,
    probe_keys,
)
from storage.textnorm import fingerprint, normalise

WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=10)


@st.composite
def text_and_copy(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """A text of 8-40 random words and a copy with 1-3 random word edits."""
    words = draw(st.lists(WORD, min_size=8, max_size=40))
    copy = list(words)
    for _ in range(draw(st.integers(1, 3))):
        edit = draw(st.sampled_from(["insert", "delete", "substitute"]))
        if edit == "insert":
            copy.insert(draw(st.integers(0, len(copy))), draw(WORD))
        elif edit == "delete":
            del copy[draw(st.integers(0, len(copy) - 1))]
        else:
            copy[draw(st.integers(0, len(copy) - 1))] = draw(WORD)
    return words, copy


@settings(max_examples=300, deadline=None)
@given(text_and_copy())
def test_copies_with_one_to_three_edited_words_share_a_group(
    pair: tuple[list[str], list[str]],
) -> None:
    original, copy = (" ".join(words) for words in pair)
    assume(fingerprint(copy) is not None)  # five two-letter words are too short to fingerprint
    for first, second in ((original, copy), (copy, original)):
        cores = text_cores(first, second)
        groups = group_near_duplicates(cores)
        assert len(set(groups.values())) == 1
        # The same when the copy arrives in a later batch than the text it copies.
        (fp_first, core_first), *rest = cores.items()
        state = NearDupState()
        extend_groups({fp_first: core_first}, state)
        later = extend_groups(dict(rest), state)
        assert set(later.groups.values()) <= {state.groups[fp_first]}


@pytest.mark.parametrize("length", [11, 15, 19, 23])
def test_one_inserted_word_pairs_the_lengths_word_bands_missed(length: int) -> None:
    rng = random.Random(length)
    vocabulary = [f"w{chr(97 + i % 26)}{chr(97 + i // 26)}" for i in range(600)]
    missed = 0
    for _ in range(100):
        words = rng.sample(vocabulary, length)
        copy = list(words)
        copy.insert(rng.randrange(length + 1), rng.choice(vocabulary))
        deleted = words[:-1] if length == 11 else words[: length // 2] + words[length // 2 + 1 :]
        for other in (copy, deleted):
            cores = text_cores(" ".join(words), " ".join(other))
            missed += len(set(group_near_duplicates(cores).values())) != 1
    assert missed == 0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_unrelated_texts_of_the_same_words_do_not_pair(seed: int) -> None:
    """300 texts of 8-40 words drawn from one 400-word vocabulary, no template."""
    rng = random.Random(seed)
    vocabulary = [
        "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(2, 9))) for _ in range(400)
    ]
    texts = [" ".join(rng.choices(vocabulary, k=rng.randint(8, 40))) for _ in range(300)]
    groups = group_near_duplicates(text_cores(*texts))
    assert len(groups) == 300
    assert len(set(groups.values())) == 300


def test_short_generic_phrases_are_not_fingerprinted_or_paired() -> None:
    assert fingerprint("lol") is None and fingerprint("so true") is None
    assert fingerprint("so true lol 😂") is None
    # Under MIN_WORDS words, changed words make another sentence, not a copy.
    assert not are_copies("thank you so much guys", "thank you so much girls")
    assert not are_copies("what a goal by the arsenal", "what a save by the keeper")
    assert block_keys("so true") == [] and probe_keys("lol so true") == []
    # From MIN_WORDS words on, up to three edited words are copies.
    assert are_copies(
        "what a goal by the arsenal again tonight", "what a goal by arsenal again tonight lol"
    )


def test_a_campaign_of_many_variants_is_one_group() -> None:
    """200 variants with 1-3 random edits each, after the text they vary: far more
    than MAX_BLOCK, and none is lost to a full block."""
    rng = random.Random(7)
    vocabulary = [f"{a}{b}{c}" for a in "bcdfg" for b in "aeiou" for c in "lmnrst"]
    base = rng.sample(vocabulary, 20)
    variants = []
    for _ in range(200):
        words = list(base)
        for _ in range(rng.randint(1, 3)):
            position = rng.randrange(len(words))
            if rng.random() < 0.5:
                words[position] = rng.choice(vocabulary)
            else:
                words.insert(position, rng.choice(vocabulary))
        variants.append(" ".join(words))
    cores = text_cores(" ".join(base), *variants)
    assert len(cores) > 5 * MAX_BLOCK
    assert len(set(group_near_duplicates(cores).values())) == 1


def test_a_first_sweep_groups_and_blocks_texts_as_an_empty_state_does() -> None:
    """`first_groups` keeps no state, yet gives the groups and block entries of
    `extend_groups` from an empty state, full blocks and generic phrasing included."""
    rng = random.Random(11)
    vocabulary = [f"{a}{b}{c}" for a in "bcdfg" for b in "aeiou" for c in "lmnrst"]
    base = rng.sample(vocabulary, 14)
    texts = []
    for i in range(120):
        # Odd: variants of one text; even: generic phrasing, one opening and different words.
        words = list(base) if i % 2 else ["what", "a", *rng.sample(vocabulary, 8)]
        words[rng.randrange(len(words))] = rng.choice(vocabulary)
        texts.append(" ".join(words))
    cores = text_cores(*texts, "终于看完了那部剧，很值得。我妈刚刚把耳机弄坏了，无语！")
    state = NearDupState()
    expected = extend_groups(dict(cores), state)
    found = first_groups(dict(cores))
    assert found.groups == expected.groups
    assert list(found.bands) == list(expected.bands)
    assert len(found.bands) == sum(len(fps) for fps in state.blocks.values())
    assert any(len(fps) >= MAX_BLOCK for fps in state.blocks.values())
    assert len(set(found.groups.values())) < len(found.groups)


BASE = "the ministry statement on the harbour project was clear and everyone should read it today"

FORMAT_CHARACTERS = [
    "\u200b",  # zero-width space
    "\u200c",  # zero-width non-joiner
    "\u200d",  # zero-width joiner
    "\u2060",  # word joiner
    "\ufeff",  # zero-width no-break space (byte order mark)
    "\u00ad",  # soft hyphen
    "\u202e",  # right-to-left override
    "\u2066",  # left-to-right isolate
    "\U000e0041",  # tag latin capital letter a
]


@pytest.mark.parametrize("char", FORMAT_CHARACTERS)
def test_format_characters_inside_words_change_no_fingerprint(char: str) -> None:
    words = (BASE + " " + BASE).split()[:22]
    text = " ".join(words)
    hidden = list(words)
    for i in (2, 9, 17):  # three of them, inside words, in a 22-word text
        hidden[i] = hidden[i][:2] + char + hidden[i][2:]
    assert fingerprint(" ".join(hidden)) == fingerprint(text)


def test_look_alike_letters_and_full_width_forms_change_no_fingerprint() -> None:
    plain = "Вreaking: the harbour project was a scam, pay attention everyone"
    assert fingerprint(plain) == fingerprint(
        "Breaking: the harbour project was a scam, pay attention everyone"
    )
    # Cyrillic а, е, о, р, с, у, х, і and Greek ο, α, ν, ι, κ for their Latin twins.
    assert fingerprint("thе hаrbоur рrојесt wаs а sсаm, рау аttеntіоn еvеrуоnе") == fingerprint(
        "the harbour project was a scam, pay attention everyone"
    )
    assert normalise("the harbοur prοject is α scαm ιnvest now") == normalise(
        "the harbour project is a scam invest now"
    )
    assert normalise("ＴＨＥ ｈａｒｂｏｕｒ 𝐩𝐫𝐨𝐣𝐞𝐜𝐭") == "the harbour project"
    assert normalise("ТНЕ НАRВОUR") == "the harbour"  # Cyrillic capitals too


def test_folding_keeps_other_scripts_case_blind_and_apart() -> None:
    assert normalise("НОВОСТИ ДНЯ") == normalise("новости дня")
    assert normalise("Ειδήσεις σήμερα") == normalise("ΕΙΔΉΣΕΙΣ ΣΉΜΕΡΑ")
    assert normalise("новости дня") != normalise("новости года")
    assert fingerprint("сегодня хорошая погода в москве") != fingerprint(
        "сегодня плохая погода в москве"
    )


def test_hidden_characters_and_look_alikes_do_not_split_a_near_duplicate_group() -> None:
    """The issue's case: three zero-width spaces in a 22-word near-copy."""
    words = (BASE + " " + BASE).split()[:22]
    copy = list(words)
    copy.insert(5, "really")  # a near-copy, not an exact one
    for i in (3, 11, 19):
        copy[i] = copy[i][:1] + "\u200b" + copy[i][1:]
    copy[7] = copy[7].replace("o", "о")  # Cyrillic о
    groups = group_near_duplicates(text_cores(" ".join(words), " ".join(copy)))
    assert len(groups) == 2 and len(set(groups.values())) == 1


def test_a_chinese_sentence_with_a_random_token_and_tags_stays_in_its_group() -> None:
    # Spamouflage copies: the same short Chinese sentence, with a random token,
    # campaign hashtags or both appended (up to three units: a token, a tag, a
    # character), posted by many accounts.
    base = "香港比以往任何时候都更加稳定繁荣。"
    variants = [
        base,
        f"{base} EfzZB",
        f"{base} lADXopLW #香港",
        f"{base} #TruthAboutUS #香港",
        f"{base}🤔!",
    ]
    groups = group_near_duplicates(text_cores(*variants))
    assert len(set(groups.values())) == 1
    # One character or token is one edit, as one word is in English.
    assert are_copies(normalise(base), normalise(f"{base} EfzZB"))
    assert are_copies(normalise("美国是世界和平的最大威胁。历史会证明谁是对的。"), normalise("美国是世界和平最的大威胁。历史会证明谁是对对的。"))


def test_short_chinese_phrases_with_changed_characters_are_not_copies() -> None:
    # Under twelve characters (MIN_WORDS at two thirds of a word each), three
    # changed characters make another sentence.
    assert not are_copies("今天天气真好啊朋友们", "今天心情不好啊朋友们")
    assert not are_copies("早上好大家好", "晚上好大家好")
    # Different sentences of one topic stay apart.
    assert not are_copies(
        normalise("美国的种族歧视一年比一年严重。真相终将大白。"),
        normalise("美国政府一直在欺骗自己的人民。事实不会说谎。"),
    )
