"""The push timeline: who posted one text or link when, and its whole life in the store."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from services.pictures.canvas import (
    CHECKED_COLOUR,
    FLAG_COLOURS,
    OUTSIDER_COLOUR,
    Picture,
    alt,
    day,
    draw_png,
    flag_legend,
    literal,
    platform_colour,
    plural,
    put_message,
    put_titles,
    shorten,
    when,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

#: Timeline rows (accounts) labelled by handle up to this many.
MAX_ROW_LABELS = 40


@dataclass(frozen=True)
class PushPost:
    """One post of the pushed text or link."""

    label: str  # platform:@handle
    platform: str
    ts: int
    member: bool  # of the pictured cluster
    checked: bool = False
    flag: str | None = None


@dataclass
class PushData:
    """What the timeline shows: who posted one text or link when, around its biggest push."""

    what: str  # 'the text "..."', 'the link https://...'
    posts: list[PushPost]  # every post of the text or link read from the store, oldest first
    start: int  # the push: its first post
    end: int  # and its last
    accounts: int  # accounts in the push
    cluster_id: int | None = None
    pushes: int = 1  # pushes of this text or link in the store
    empty_reason: str = ""  # when there is no push: why


def _unit(seconds: int) -> tuple[str, int]:
    if seconds <= 900:
        return "seconds", 1
    if seconds <= 3 * 3600:
        return "minutes", 60
    return "hours", 3600


def push_picture(data: PushData, filename: str = "push.png") -> Picture:
    """Who posted a text or link when: seconds from the push's first post, one row per account.

    Above, every post of it in the store over time, the push shaded, so a
    burst stands out against organic sharing.
    """
    if not data.posts or data.accounts < 2:
        reason = data.empty_reason or f"no push of {data.what}"
        title = "Push timeline: no push"

        def paint_empty(figure: Figure) -> None:
            put_titles(figure, title, "")
            put_message(figure.add_axes((0.05, 0.05, 0.9, 0.85)), reason)

        return Picture(
            "push", filename, title, draw_png(paint_empty), alt(f"Push timeline: {reason}.")
        )
    pad = max(60, (data.end - data.start) // 4)
    window = [p for p in data.posts if data.start - pad <= p.ts <= data.end + pad]
    in_push = [p for p in window if data.start <= p.ts <= data.end]
    push_accounts = list(dict.fromkeys(p.label for p in in_push))
    members = len({p.label for p in in_push if p.member})
    flagged = len({p.label for p in in_push if p.flag})
    seconds = data.end - data.start
    title = f"Push of {shorten(data.what, 80)}"
    cluster = f"cluster #{data.cluster_id}" if data.cluster_id is not None else ""
    in_cluster = f"; {members:,} of them in {cluster}" if cluster else ""
    subtitle = (
        f"{plural(len(push_accounts), 'account')} within {seconds:,} s from {when(data.start)}"
        f"{in_cluster}\n{plural(len(data.posts), 'post')} of it in the store "
        f"from {day(data.posts[0].ts)} to {day(data.posts[-1].ts)}, "
        f"{plural(data.pushes, 'push', 'pushes')}"
    )
    words = [
        f"Push timeline of {shorten(data.what, 200)}: {plural(len(push_accounts), 'account')} "
        f"posted it within {seconds:,} seconds from {when(data.start)}",
    ]
    if cluster:
        words.append(f"{members:,} of them in {cluster}")
    if flagged:
        words.append(f"{flagged:,} flagged by reviewers")
    checked = [p for p in in_push if p.checked]
    if checked:
        first = checked[0]
        lag = first.ts - data.start
        words.append(
            f"{first.label} posted it first"
            if lag == 0
            else f"{first.label} posted it {lag:,} s after the first"
        )
    words.append(
        f"{plural(len(data.posts), 'post')} of it in the store, {plural(data.pushes, 'push', 'pushes')}"
    )

    def paint(figure: Figure) -> None:
        from matplotlib.lines import Line2D

        put_titles(
            figure,
            shorten(title, 95),
            "\n".join(shorten(line, 150) for line in subtitle.split("\n")),
        )
        # The strip of the text's or link's whole life, when it has more than this push.
        if len(data.posts) > len(window) or data.pushes > 1:
            grid_spec = figure.add_gridspec(
                2, 1, height_ratios=(1, 4), left=0.2, right=0.9, top=0.83, bottom=0.08, hspace=0.35
            )
            _draw_history(figure.add_subplot(grid_spec[0]), data)
            axes = figure.add_subplot(grid_spec[1])
        else:
            axes = figure.add_axes((0.2, 0.08, 0.7, 0.76))
        unit, size = _unit(data.end + pad - (data.start - pad))
        rows: dict[str, int] = {}
        for post in window:
            rows.setdefault(post.label, len(rows))
        xs = [(p.ts - data.start) / size for p in window]
        ys = [rows[p.label] for p in window]
        axes.scatter(
            xs,
            ys,
            s=60 if len(rows) <= 100 else 25,
            c=[platform_colour(p.platform) if p.member else "white" for p in window],
            edgecolors=[
                FLAG_COLOURS.get(
                    p.flag or "", platform_colour(p.platform) if p.member else OUTSIDER_COLOUR
                )
                for p in window
            ],
            linewidths=[2.5 if p.flag else 1.2 for p in window],
            zorder=3,
        )
        stars = [(x, y) for x, y, p in zip(xs, ys, window, strict=True) if p.checked]
        if stars:
            axes.scatter(
                [x for x, _ in stars],
                [y for _, y in stars],
                s=260,
                marker="*",
                c=CHECKED_COLOUR,
                zorder=4,
            )
        axes.axvspan(0, seconds / size, color="#fdd0a2", alpha=0.35, zorder=0)
        axes.set_xlabel(f"{unit} from the push's first post ({when(data.start)})", fontsize=10)
        # First poster at the bottom: rows climb as the push grows, like "accounts so far".
        axes.set_ylim(-0.7, len(rows) - 0.3)
        if len(rows) <= MAX_ROW_LABELS:
            axes.set_yticks(
                list(rows.values()), [literal(shorten(label, 32)) for label in rows], fontsize=8
            )
        else:
            axes.set_yticks([])
            axes.set_ylabel(f"{len(rows):,} accounts, in order of first post", fontsize=10)
        axes.set_xlim(-pad / size, (seconds + pad) / size)
        axes.grid(axis="x", color="#eeeeee")
        cumulative = axes.twinx()
        seen: set[str] = set()
        so_far = []
        for post in window:
            seen.add(post.label)
            so_far.append(len(seen))
        cumulative.step(xs, so_far, where="post", color="#31a354", linewidth=1.5, alpha=0.7)
        # The posts above the line: a twin axes is drawn over its twin unless told otherwise.
        axes.set_zorder(cumulative.get_zorder() + 1)
        axes.patch.set_visible(False)
        cumulative.set_ylabel("accounts so far", color="#31a354", fontsize=10)
        cumulative.set_ylim(0.3, len(rows) + 0.7)  # the count k sits on row k - 1
        handles = []
        if cluster:
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="",
                    markersize=8,
                    markerfacecolor="#1f77b4",
                    markeredgecolor="#1f77b4",
                    label=f"member of {cluster} (colour: platform)",
                )
            )
        if any(not p.member for p in window):
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="",
                    markersize=8,
                    markerfacecolor="white",
                    markeredgecolor=OUTSIDER_COLOUR,
                    label="other account" if cluster else "account",
                )
            )
        handles += [
            Line2D(
                [],
                [],
                marker="*",
                linestyle="",
                markersize=13,
                color=CHECKED_COLOUR,
                label="checked account",
            ),
            Line2D([], [], color="#31a354", linewidth=2, label="accounts so far"),
        ]
        handles.extend(flag_legend({p.flag for p in window}, size=8, face="white", edge=2.5))
        axes.legend(handles=handles, loc="lower right", fontsize=9, framealpha=0.9)

    return Picture("push", filename, title, draw_png(paint), alt("; ".join(words) + "."))


#: Histogram buckets of the history strip: (seconds, name), the finest giving at most 80 bars.
BUCKETS = (
    (60, "minute"),
    (300, "5 minutes"),
    (900, "15 minutes"),
    (3600, "hour"),
    (6 * 3600, "6 hours"),
    (86400, "day"),
    (7 * 86400, "week"),
)


def _draw_history(axes: Axes, data: PushData) -> None:
    """Posts of the text or link over its whole life in the store, the push shaded."""
    first, last = data.posts[0].ts, data.posts[-1].ts
    span = max(last - first, 1)
    bucket, name = next(((b, n) for b, n in BUCKETS if span / b <= 80), BUCKETS[-1])
    if span > 2 * 86400:
        unit, size = "days", 86400
    elif span > 3 * 3600:
        unit, size = "hours", 3600
    else:
        unit, size = "minutes", 60
    counts = Counter((p.ts - first) // bucket for p in data.posts)
    keys = sorted(counts)
    bins = range(keys[-1] + 2)
    # One artist for all the bars (a bar chart would make one per bucket).
    axes.stairs(
        [counts.get(k, 0) for k in bins[:-1]],
        [k * bucket / size for k in bins],
        fill=True,
        color="#6b6ecf",
        zorder=2,
    )
    lo = (data.start - first) / size
    axes.axvspan(
        lo,
        max((data.end - first) / size, lo + bucket / size),
        color="#fd8d3c",
        alpha=0.35,
        zorder=1,
    )
    axes.set_xlim(0, max(span, bucket) / size * 1.02)
    scale = ""
    if max(counts.values()) > 20:
        # A log scale, so a few organic shares stay visible beside a push of hundreds.
        axes.set_yscale("symlog", linthresh=1)
        scale = " (log)"
    axes.set_ylabel(f"posts / {name}{scale}", fontsize=9)
    axes.set_xlabel(f"{unit} from its first post in the store ({when(first)})", fontsize=9)
    axes.set_title("every post of it in the store (the push shaded)", fontsize=10, loc="left")
