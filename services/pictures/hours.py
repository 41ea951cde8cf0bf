"""The posting-hours heatmap: hour of day x day of week, beside everybody, in two zones."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from detection.features import SHIFT_HOURS, WORKDAYS, ShiftClock
from services.pictures.canvas import (
    LABEL_SIZE,
    LEGEND_SIZE,
    Picture,
    alt,
    draw_png,
    plural,
    put_text,
    put_titles,
    shorten,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass
class HoursData:
    """What the heatmap shows: the subject's posting times beside everybody's."""

    subject: str  # "cluster #3" or "x:@name"
    accounts: int
    timestamps: list[int]
    baseline: list[int]  # a sample of every account's posting times
    zones: list[str]  # one row of panels per zone
    shift_zone: str | None = None  # the suspected operators' zone: office shifts outlined there
    shift_evidence: str = ""  # the card's timing line in words, when the verdict has one
    store_posts: int = 0  # posts in the store (the baseline is all of them when as many)
    active_hours: int | None = None  # detection.features.active_hours of `timestamps`


def baseline_words(sample: int, store_posts: int) -> str:
    """ "all 6,000 posts in the store" or "a sample of 5,000 of the store's 1,000,000 posts"."""
    if sample >= store_posts:
        return f"all {plural(sample, 'post')} in the store"
    return f"a sample of {sample:,} of the store's {plural(store_posts, 'post')}"


def hour_grid(timestamps: Sequence[int], zone: str) -> list[list[int]]:
    """Posts per (weekday, hour) in `zone`: 7 rows (Mon..Sun) of 24 counts."""
    clock = ShiftClock(ZoneInfo(zone))
    grid = [[0] * 24 for _ in range(7)]
    # One time-zone conversion per hour with posts, not per post.
    for bucket, count in Counter(ts // 3600 for ts in timestamps).items():
        weekday, hour = clock.local(bucket * 3600)
        grid[weekday][hour] += count
    return grid


def shift_share(grid: list[list[int]]) -> float:
    """Share of an hour grid's posts in the office shifts (09–12, 14–18 on working days)."""
    total = sum(map(sum, grid))
    if not total:
        return 0.0
    inside = sum(grid[d][h] for d in WORKDAYS for lo, hi in SHIFT_HOURS for h in range(lo, hi))
    return inside / total


def _busiest(grid: list[list[int]]) -> tuple[int, int, int]:
    count, day, hour = max((grid[d][h], -d, -h) for d in range(7) for h in range(24))
    return -day, -hour, count


def _shift_words() -> str:
    return "/".join(f"{lo:02d}–{hi:02d}" for lo, hi in SHIFT_HOURS)


def hours_picture(data: HoursData, filename: str = "hours.png") -> Picture:
    """Hour of day x day of week, as shares of posts, beside the store's baseline, per zone.

    Every panel shares one colour scale (stated on its colour bar), so a
    cluster working a few hours shows darker than everybody's spread-out day.
    """
    zones = list(dict.fromkeys(data.zones)) or ["UTC"]
    n = len(data.timestamps)
    title = f"Posting hours of {data.subject}: {plural(n, 'post')} by {plural(data.accounts, 'account')}"
    active = (
        f"; active in {data.active_hours} of 24 hours (an hour with at least half an even share "
        "of the posts)"
        if data.active_hours is not None
        else ""
    )
    subtitle = (
        f"Share of posts per hour and weekday, beside "
        f"{baseline_words(len(data.baseline), data.store_posts)}{active}"
    )
    words = [
        f"Posting hours of {data.subject} ({plural(data.accounts, 'account')}, {plural(n, 'post')})"
    ]
    grids = {zone: hour_grid(data.timestamps, zone) for zone in zones}
    baseline_grids = {zone: hour_grid(data.baseline, zone) for zone in zones}
    if data.shift_zone in grids and n:
        mine = shift_share(grids[data.shift_zone])
        base = shift_share(baseline_grids[data.shift_zone])
        words.append(
            f"{round(100 * mine)}% of posts in office shifts {_shift_words()} {data.shift_zone} "
            f"Mon–Fri, against {round(100 * base)}% for all accounts"
            + (f" ({data.shift_evidence})" if data.shift_evidence else "")
        )
    if n:
        zone = zones[0]
        day, hour, count = _busiest(grids[zone])
        words.append(f"busiest hour {DAYS[day]} {hour:02d}:00 {zone} ({plural(count, 'post')})")
        if data.active_hours is not None:
            words.append(f"active in {data.active_hours} of 24 hours")
    else:
        words.append("no posts in the store")

    def shares(grid: list[list[int]]) -> list[list[float]]:
        total = sum(map(sum, grid))
        return [[100 * c / total if total else 0.0 for c in line] for line in grid]

    panels_of = [
        (data.subject, data.timestamps, grids),
        ("all accounts", data.baseline, baseline_grids),
    ]
    top = max(
        (
            v
            for _, _, grids_of in panels_of
            for g in grids_of.values()
            for line in shares(g)
            for v in line
        ),
        default=0.0,
    )

    def paint(figure: Figure) -> None:
        from matplotlib.colors import PowerNorm
        from matplotlib.patches import Rectangle

        put_titles(figure, title, subtitle)
        rows = len(zones)
        grid_spec = figure.add_gridspec(
            rows, 2, left=0.07, right=0.88, top=0.80, bottom=0.13, hspace=0.3, wspace=0.08
        )
        # One scale for every panel; the square root keeps the pale baseline readable.
        norm = PowerNorm(gamma=0.5, vmin=0, vmax=top or 1)
        panels = []
        image = None
        for column, (who, stamps, grids_of) in enumerate(panels_of):
            for row, zone in enumerate(zones):
                axes = figure.add_subplot(grid_spec[row, column])
                panels.append(axes)
                image = axes.imshow(
                    shares(grids_of[zone]),
                    aspect="auto",
                    cmap="YlOrRd",
                    interpolation="nearest",
                    norm=norm,
                )
                # Ticks only on the outer panels: ticks and their text are most of the drawing time.
                if column == 0:
                    axes.set_yticks(range(7), DAYS, fontsize=LABEL_SIZE)
                else:
                    axes.set_yticks([])
                last_row = row == len(zones) - 1
                if last_row:
                    hours = range(0, 24, 3)
                    axes.set_xticks(hours, [f"{h:02d}" for h in hours], fontsize=LABEL_SIZE)
                    axes.set_xlabel(f"hour of day ({zone})", fontsize=LABEL_SIZE)
                else:
                    axes.set_xticks([])
                heading = f"{who} · {zone}"
                if zone == data.shift_zone and stamps:
                    heading += f" · {round(100 * shift_share(grids_of[zone]))}% in shifts"
                axes.set_title(
                    shorten(heading, 46), fontsize=LABEL_SIZE + 1, loc="left", parse_math=False
                )
                if not stamps:
                    put_text(
                        axes,
                        11.5,
                        3,
                        "no posts",
                        ha="center",
                        va="center",
                        fontsize=LABEL_SIZE + 2,
                        color="#555555",
                    )
                if zone == data.shift_zone:
                    days = sorted(WORKDAYS)
                    for lo, hi in SHIFT_HOURS:
                        axes.add_patch(
                            Rectangle(
                                (lo - 0.5, days[0] - 0.5),
                                hi - lo,
                                len(days),
                                fill=False,
                                edgecolor=SHIFT_COLOUR,
                                linewidth=2,
                                linestyle="--",
                            )
                        )
        colourbar = figure.colorbar(image, ax=panels, fraction=0.04, pad=0.02)
        colourbar.set_label(
            "% of the panel's posts (one scale for all panels)", fontsize=LABEL_SIZE
        )
        colourbar.ax.tick_params(labelsize=LABEL_SIZE - 1)
        if data.shift_zone:
            from matplotlib.lines import Line2D

            figure.legend(
                handles=[
                    Line2D(
                        [],
                        [],
                        color=SHIFT_COLOUR,
                        linestyle="--",
                        linewidth=2,
                        label=f"office shifts {_shift_words()} Mon–Fri, "
                        f"{data.shift_zone} (Spamouflage's reported hours)",
                    )
                ],
                loc="lower left",
                bbox_to_anchor=(0.06, 0.0),
                frameon=False,
                fontsize=LEGEND_SIZE,
            )

    return Picture("hours", filename, title, draw_png(paint), alt("; ".join(words) + "."))


SHIFT_COLOUR = "#08519c"
