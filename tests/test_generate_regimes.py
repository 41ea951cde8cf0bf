"""The generator's opt-in regimes (bench/generate.py): what each new kind of data looks like.

The default data set must not change (tests, benchmarks and the bundled demo
sample rely on it); each regime must show the shape the module docstring
promises, since the quality matrix reports recall per style on them.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from datetime import UTC, datetime

import orjson
import pytest
from generate import (
    MIXES,
    OPERATOR_ZONES,
    ORDINARY_LABEL,
    REGIME_STYLES,
    Regime,
    TruthRow,
    generate,
    main,
)

from detection.features import GENERATED_HANDLE, creation_burst_members

Records = list[dict]


def _ts(iso: str) -> int:
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp())


def _digest(records: Records, truth: list[TruthRow]) -> str:
    h = hashlib.sha256()
    for rec in records:
        h.update(orjson.dumps(rec) + b"\n")
    for t in truth:
        h.update(f"{t.platform},{t.author_handle},{t.label},{t.style},{t.group}\n".encode())
    return h.hexdigest()


def _by_account(truth: list[TruthRow]) -> dict[tuple[str, str], TruthRow]:
    return {(t.platform, t.author_handle): t for t in truth}


@pytest.fixture(scope="module")
def mixed() -> tuple[Records, list[TruthRow]]:
    """20,000 posts over 28 days with every regime style on top of the default operations."""
    records, truth = generate(20_000, 31, days=28, regime=MIXES["mixed"])
    return list(records), truth


@pytest.mark.parametrize(
    ("posts", "seed", "options", "digest"),
    [
        (4000, 7, {}, "680dd3fb26110f79fb529895ee619999cf4e9bb85728b017db2d09479a2d9b8a"),
        (
            10_000,
            5,
            {"days": 7, "coordinated_share": 0.06, "regime": Regime()},
            "0b8ee20f24e7f30baa26f13ab5f9403a47e36e1118dc947ed89926407cd1a51f",
        ),
    ],
)
def test_default_data_is_byte_identical_to_what_the_generator_always_made(
    posts: int, seed: int, options: dict, digest: str
) -> None:
    records, truth = generate(posts, seed, **options)
    assert _digest(list(records), truth) == digest


def test_every_mix_makes_exactly_the_posts_asked_for_in_time_order(
    mixed: tuple[Records, list[TruthRow]],
) -> None:
    records, truth = mixed
    assert len(records) == 20_000
    times = [r["posted_at"] for r in records]
    assert times == sorted(times)
    styles = Counter(t.style for t in truth if t.label == "coordinated")
    assert set(REGIME_STYLES) <= set(styles)
    assert all(styles[s] >= 16 for s in REGIME_STYLES)
    posted = {(r["platform"], r["author_handle"]) for r in records}
    assert posted == set(_by_account(truth))


def test_minute_timestamps_cut_every_post_to_the_minute_and_creation_to_the_day() -> None:
    records, _ = generate(10_000, 32, days=7, regime=MIXES["real_like"])
    records = list(records)
    assert all(r["posted_at"].endswith(":00Z") for r in records)
    assert all(r["author_created_at"].endswith("T00:00:00Z") for r in records)
    ids = {(r["platform"], r["post_id"]): r["posted_at"] for r in records}
    for r in records:  # what a post answers or reposts is still earlier (or the same minute)
        target = r["repost_of_post_id"] or r["reply_to_post_id"]
        if target:
            assert ids[(r["platform"], target)] <= r["posted_at"]


def test_real_like_mix_has_no_spamouflage_operations_or_sleepers() -> None:
    _, truth = generate(10_000, 33, days=7, regime=MIXES["real_like"])
    styles = {t.style for t in truth if t.label == "coordinated"}
    assert styles == {"corepost_network", "round_the_clock", "other_zone"}


def test_corepost_network_reposts_one_post_within_one_minute_at_many_moments() -> None:
    regime = Regime(styles=("corepost_network",), corepost_members=150, corepost_moments=40)
    records, truth = generate(20_000, 34, days=14, regime=regime)
    style = _by_account(truth)
    reposts: dict[str, list[str]] = defaultdict(list)
    for r in records:
        if (
            style[(r["platform"], r["author_handle"])].style == "corepost_network"
            and r["repost_of_post_id"]
        ):
            reposts[r["repost_of_post_id"]].append(r["posted_at"][:16])
    # Members also repost popular posts now and then on their own, at other times.
    moments = [Counter(minutes).most_common(1)[0][1] for minutes in reposts.values()]
    assert sum(n >= 10 for n in moments) >= 38
    members = [t for t in truth if t.style == "corepost_network"]
    assert len(members) == 150
    assert len({t.group for t in members}) == 1
    assert all(t.platform == "x" for t in members)


def test_operations_without_tells_look_like_anyone_by_handle_and_creation(
    mixed: tuple[Records, list[TruthRow]],
) -> None:
    records, truth = mixed
    created = {(r["platform"], r["author_handle"]): _ts(r["author_created_at"]) for r in records}

    def generated_share(styles: set[str]) -> float:
        handles = [t.author_handle for t in truth if t.style in styles]
        return sum(bool(GENERATED_HANDLE.match(h.lower())) for h in handles) / len(handles)

    untold = {"corepost_network", "round_the_clock", "other_zone", "shift_only"}
    ordinary = generated_share({ORDINARY_LABEL})
    assert generated_share(untold) < ordinary + 0.1
    assert generated_share({"copypaste", "link_ring"}) > ordinary + 0.3
    groups: dict[str, list[int]] = defaultdict(list)
    for t in truth:
        if t.style in untold:
            groups[t.group].append(created[(t.platform, t.author_handle)])
    assert len(groups) >= 10
    for group, times in groups.items():
        assert creation_burst_members(list(times)) < 0.3 * len(times), group


def _zone_share(times: list[int], zone: str) -> float:
    """Share of `times` on the zone's working days within its office shifts."""
    offset, workdays, shifts = OPERATOR_ZONES[zone]
    inside = 0
    for ts in times:
        local = datetime.fromtimestamp(ts + int(offset * 3600), UTC)
        hour = local.hour + local.minute / 60
        inside += local.weekday() in workdays and any(a <= hour < b for a, b in shifts)
    return inside / len(times)


def test_other_zone_operations_work_office_shifts_of_their_own_zone() -> None:
    regime = Regime(styles=("other_zone",), style_share=0.04)
    records, truth = generate(20_000, 37, days=28, regime=regime)
    style = _by_account(truth)
    times: dict[str, list[int]] = defaultdict(list)
    for r in records:
        row = style[(r["platform"], r["author_handle"])]
        if row.style == "other_zone":
            times[row.group].append(_ts(r["posted_at"]))
    assert len(times) >= 9
    zones_seen = Counter()
    for group, ts in times.items():
        shares = sorted((_zone_share(ts, z), z) for z in OPERATOR_ZONES)
        # Pushes that run past a shift's end, and overtime, fall outside.
        assert shares[-1][0] >= 0.7, group
        assert shares[-2][0] <= shares[-1][0] - 0.2, group
        zones_seen[shares[-1][1]] += 1
    assert set(zones_seen) == set(OPERATOR_ZONES)


def test_round_the_clock_operations_post_at_every_hour_and_every_weekday() -> None:
    regime = Regime(styles=("round_the_clock",), style_share=0.04)
    records, truth = generate(20_000, 38, days=28, regime=regime)
    style = _by_account(truth)
    times = [
        _ts(r["posted_at"])
        for r in records
        if style[(r["platform"], r["author_handle"])].style == "round_the_clock"
    ]
    hours = Counter(ts // 3600 % 24 for ts in times)
    weekdays = Counter(datetime.fromtimestamp(ts, UTC).weekday() for ts in times)
    assert len(hours) == 24
    assert len(weekdays) == 7
    assert max(hours.values()) < 3 * len(times) / 24


def test_sparse_riders_make_few_pushes_of_few_members(
    mixed: tuple[Records, list[TruthRow]],
) -> None:
    records, truth = mixed
    style = _by_account(truth)
    posts: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for r in records:
        row = style[(r["platform"], r["author_handle"])]
        if row.style == "sparse_rider" and r["hashtags"]:
            posts[row.group].append((_ts(r["posted_at"]), r["author_handle"]))
    assert len(posts) >= 4
    for group, items in posts.items():
        pushes: list[set[str]] = []
        last = None
        for ts, handle in sorted(items):
            if last is None or ts - last > 3600:
                pushes.append(set())
            pushes[-1].add(handle)
            last = ts
        assert 3 <= len(pushes) <= 6, group
        assert all(len(p) <= 8 for p in pushes), group


def test_bounded_engagement_answers_only_recent_posts_at_any_density() -> None:
    regime = Regime(engagement_hours=6.0)
    records, truth = generate(10_000, 35, days=90, regime=regime)
    style = _by_account(truth)
    when: dict[tuple[str, str], int] = {}
    delays = []
    for r in records:
        ts = _ts(r["posted_at"])
        when[(r["platform"], r["post_id"])] = ts
        target = r["repost_of_post_id"] or r["reply_to_post_id"]
        if target and style[(r["platform"], r["author_handle"])].label == ORDINARY_LABEL:
            delays.append(ts - when[(r["platform"], target)])
    assert len(delays) > 1000
    assert max(delays) <= 6 * 3600
    legacy, legacy_truth = generate(10_000, 35, days=90)
    old: dict[tuple[str, str], int] = {}
    slow = 0
    for r in legacy:
        ts = _ts(r["posted_at"])
        old[(r["platform"], r["post_id"])] = ts
        target = r["repost_of_post_id"] or r["reply_to_post_id"]
        slow += bool(target) and ts - old[(r["platform"], target)] > 6 * 3600
    assert slow > 1000  # the default pool reaches weeks back in a sparse store


def test_a_regime_names_what_is_wrong_with_it() -> None:
    with pytest.raises(ValueError, match="unknown regime style"):
        Regime(styles=("corepost",))
    with pytest.raises(ValueError, match="too small"):
        generate(1000, 1, regime=MIXES["mixed"])


def test_the_command_line_refuses_bad_options_in_one_line(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--posts", "20000", "--styles", "foo", "--out", str(tmp_path / "x.jsonl")])
    assert stop.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert "error: unknown regime style(s) ['foo']" in err[-1]
    assert "Traceback" not in "".join(err)


def test_the_command_line_writes_a_mix_with_overrides(tmp_path) -> None:
    out, truth = tmp_path / "posts.jsonl", tmp_path / "truth.csv"
    argv = ["--posts", "10000", "--days", "7", "--mix", "real_like", "--seed", "36"]
    assert (
        main([*argv, "--styles", "corepost_network", "--out", str(out), "--truth", str(truth)]) == 0
    )
    lines = out.read_bytes().splitlines()
    assert len(lines) == 10_000
    assert orjson.loads(lines[0])["posted_at"].endswith(":00Z")
    assert "corepost_network" in truth.read_text()
    assert "round_the_clock" not in truth.read_text()
