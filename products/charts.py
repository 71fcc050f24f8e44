"""Charts as inline SVG whose text stays text (searchable, extractable, sharp when printed).

Output is stable for the same figures: fixed hash salt, no date metadata, Agg backend.
"""

from __future__ import annotations

import io
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

_NAVY = "#1f3a5f"
_MID = "#7f9bbf"
_PALE = "#c9d5e6"
_RED = "#b3261e"

_STYLE = {
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#555555",
    "axes.titlesize": 9,
}


def _to_svg(fig, salt: str) -> str:
    buf = io.StringIO()
    # Fixed margins (set by each chart) rather than bbox_inches="tight", which draws the figure twice.
    with plt.rc_context({"svg.hashsalt": salt}):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    svg = buf.getvalue()
    # Inline in HTML: drop the XML prolog and doctype, keep the <svg> element.
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, count=1, flags=re.S)
    # WeasyPrint sizes by width/height in pt; let CSS scale the chart to the column instead.
    return re.sub(r'(<svg[^>]*?) width="[^"]*" height="[^"]*"', r"\1", svg, count=1)


def volumes_chart(labels: list[str], this_week: list[int], avg_4wk: list[float], baseline: list[float],
                  *, salt: str = "volumes") -> str:
    """Grouped horizontal bars: this week against the 4-week average and the longer baseline."""
    with plt.rc_context(_STYLE):
        n = len(labels)
        fig, ax = plt.subplots(figsize=(6.6, max(1.6, 0.28 * n + 0.8)))
        ys = range(n)
        h = 0.27
        ax.barh([y - h for y in ys], this_week, height=h, color=_NAVY, label="This week")
        ax.barh(list(ys), avg_4wk, height=h, color=_MID, label="4-week average")
        ax.barh([y + h for y in ys], baseline, height=h, color=_PALE, label="Baseline average")
        ax.set_yticks(list(ys), labels)
        ax.invert_yaxis()
        ax.set_xlabel("Records per week")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, frameon=False, fontsize=7)
        height = fig.get_figheight()
        # Room for the longest theme name at 8 pt (about 0.075 in a character) and the legend above.
        left = min(0.5, 0.1 + 0.075 * max((len(x) for x in labels), default=4) / 6.6)
        fig.subplots_adjust(left=left, right=0.97, bottom=0.55 / height, top=1 - 0.35 / height)
        ax.grid(axis="x", color="#dddddd", linewidth=0.5)
        ax.set_axisbelow(True)
        return _to_svg(fig, salt)


def trend_chart(weeks: list[str], counts: list[int], *, salt: str = "trend") -> str:
    """Weekly counts with the mean as a reference line."""
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(6.6, 2.2))
        xs = list(range(len(weeks)))
        ax.plot(xs, counts, color=_NAVY, marker="o", markersize=3, linewidth=1.5, label="Records with the theme")
        if counts:
            mean = sum(counts) / len(counts)
            ax.axhline(mean, color=_RED, linestyle="--", linewidth=0.8, label=f"Mean {mean:.1f} a week")
        step = max(1, len(weeks) // 13 + 1)
        ax.set_xticks(xs[::step], [w.split("-")[-1] for w in weeks[::step]])
        ax.set_ylabel("Records")
        ax.set_ylim(bottom=0)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.legend(loc="upper left", frameon=False, fontsize=7)
        ax.grid(axis="y", color="#dddddd", linewidth=0.5)
        fig.subplots_adjust(left=0.09, right=0.98, bottom=0.14, top=0.95)
        return _to_svg(fig, salt)
