"""bench/quality_matrix.py: one scenario's numbers, the scoring behind them, the table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from generate import DECOY_STYLES, TruthRow
from quality_matrix import (
    Scenario,
    ScenarioQuality,
    main,
    run_scenario,
    score_verdicts,
    table,
)

LIKELY, SUSPICIOUS, NONE = "Likely coordinated", "Suspicious", "No coordination signal"


@pytest.fixture(scope="module")
def real_like(tmp_path_factory: pytest.TempPathFactory) -> ScenarioQuality:
    """10,000 posts over 7 days of the real_like mix, through ingest and a full sweep."""
    return run_scenario(Scenario(10_000, 7, "real_like", seed=41), tmp_path_factory.mktemp("m"))


def test_scoring_counts_likely_for_precision_and_suspicious_for_ordinary_accounts() -> None:
    truth = [
        TruthRow("x", "op_a", "coordinated", "corepost_network", "op1"),
        TruthRow("x", "op_b", "coordinated", "corepost_network", "op1"),
        TruthRow("x", "op_c", "coordinated", "other_zone", "op2"),
        TruthRow("x", "bot", "decoy", "news_bot", "newsbots1"),
        TruthRow("x", "share", "decoy", "share_button", "share1"),
        TruthRow("x", "ann", "authentic", "authentic", ""),
        TruthRow("Facebook", "@bob", "authentic", "authentic", ""),
        TruthRow("x", "cyd", "authentic", "authentic", ""),
        TruthRow("x", "dee", "authentic", "authentic", ""),
    ]
    verdicts = {
        ("x", "op_a"): LIKELY,
        ("x", "op_b"): SUSPICIOUS,
        ("x", "op_c"): LIKELY,
        ("x", "bot"): LIKELY,
        ("x", "share"): NONE,
        ("x", "ann"): SUSPICIOUS,
        ("facebook", "bob"): LIKELY,  # the store's key: platform lower-cased, no "@"
    }
    quality = score_verdicts(Scenario(10_000, 7), verdicts, truth, {"sweep": 2.5})
    assert quality.likely == 4
    assert quality.precision == pytest.approx(2 / 4)
    assert quality.recall == pytest.approx(2 / 3)
    assert quality.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert quality.recall_by_style == {"corepost_network": 0.5, "other_zone": 1.0}
    assert quality.coordinated_by_style == {"corepost_network": 2, "other_zone": 1}
    assert quality.decoys_likely == {"news_bot": 1.0, "share_button": 0.0}
    assert quality.decoys_likely_all == pytest.approx(0.5)
    assert quality.ordinary == 4
    assert quality.ordinary_suspicious == pytest.approx(2 / 4)
    assert quality.ordinary_likely == pytest.approx(1 / 4)
    assert quality.sweep_seconds == 2.5


def test_a_scenario_reports_every_style_and_decoy_kind_of_its_store(
    real_like: ScenarioQuality,
) -> None:
    q = real_like
    assert set(q.recall_by_style) == {"corepost_network", "round_the_clock", "other_zone"}
    assert set(q.decoys_likely) == set(DECOY_STYLES)
    assert q.coordinated == sum(q.coordinated_by_style.values()) > 100
    assert q.ordinary > 1000
    shares = [q.precision, q.recall, q.f1, q.decoys_likely_all, q.ordinary_suspicious]
    shares += [*q.recall_by_style.values(), *q.decoys_likely.values()]
    assert all(0.0 <= x <= 1.0 for x in shares)
    assert q.likely > 0
    assert q.ordinary_likely <= q.ordinary_suspicious
    assert q.sweep_seconds > 0 and q.ingest_seconds > 0
    data = q.to_dict()
    assert data["name"] == "10k-7d-real_like-s41"
    assert data["posts"] == 10_000 and data["mix"] == "real_like"
    json.dumps(data)


def test_the_table_has_a_row_per_scenario_and_dashes_for_styles_a_mix_lacks(
    real_like: ScenarioQuality,
) -> None:
    other = score_verdicts(
        Scenario(20_000, 28, "mixed", seed=3),
        {("x", "a"): LIKELY},
        [TruthRow("x", "a", "coordinated", "copypaste", "op1")],
    )
    lines = table([real_like, other])
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    assert header[:7] == ["posts", "days", "mix", "seed", "P", "R", "F1"]
    assert {"cp", "net", "24h", "zone", "ord>=S", "sweep s"} <= set(header)
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in lines[2:4]]
    assert rows[0][:4] == ["10,000", "7", "real_like", "41"]
    assert rows[0][header.index("cp")] == "-"
    assert rows[1][header.index("cp")] == "1.00"
    assert rows[1][header.index("net")] == "-"
    assert all(len(row) == len(header) for row in rows)


def test_a_mix_the_generator_does_not_know_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown mix"):
        Scenario(20_000, 7, "spamouflage_only")


def test_the_command_line_says_in_one_line_what_is_wrong(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--posts", "1000", "--days", "7", "--mix", "mixed", "--seeds", "1"])
    assert stop.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "1k-7d-mixed-s1: n_posts=1000 is too small for the regime's operations "
        "(use at least 10,000 posts)"
    ]


def test_a_saved_json_run_prints_the_same_table(
    real_like: ScenarioQuality, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ScenarioQuality.from_dict(real_like.to_dict()) == real_like
    saved = tmp_path / "run.json"
    saved.write_text(json.dumps([real_like.to_dict()]))
    assert main(["--from-json", str(saved)]) == 0
    assert capsys.readouterr().out.splitlines() == table([real_like])
    saved.write_text("[{}]")
    with pytest.raises(SystemExit) as stop:
        main(["--from-json", str(saved)])
    assert stop.value.code == 2
    assert capsys.readouterr().err.startswith(f"{saved}: not a saved --json run")
