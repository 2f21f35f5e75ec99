"""The shape every statistics figure shares: a table (the page's accessible table and an Excel
sheet) and the chart drawn from it, with the helpers that build them."""

from dataclasses import dataclass, field

from django.utils.translation import get_language
from django.utils.translation import gettext as _

# Figures with a bar per employer or institution chart this many; their table lists all.
CHART_MAX_BARS = 20

TEXT, COUNT, SHARE = "text", "count", "share"


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = COUNT


@dataclass
class Figure:
    """One figure: its table (the data itself: the page's accessible table and an Excel sheet)
    and the chart drawn from it (`chart`, passed to the browser with json_script)."""

    key: str
    title: str
    sheet_name: str
    summary: str  # one sentence with the totals, also the chart's accessible name
    note: str  # what counts
    columns: list[Column]
    rows: list[tuple]
    chart: dict = field(default_factory=dict)
    chart_note: str = ""

    @property
    def chart_id(self) -> str:
        return f"chart-{self.key}"

    @property
    def data_id(self) -> str:
        return f"chart-data-{self.key}"

    @property
    def chart_height(self) -> int:
        """Pixels: horizontal bars get room per label, other charts a fixed height."""
        if self.chart.get("horizontal"):
            bars = len(self.chart.get("labels", ())) * max(len(self.chart["datasets"]), 1)
            return max(200, 60 + 16 * bars + 12 * len(self.chart.get("labels", ())))
        return 320

    def display_rows(self) -> list[list[dict]]:
        """The rows as the page shows them: each cell's text, and whether it is a figure."""
        return [
            [
                {"text": display(value, column.kind), "number": column.kind != TEXT}
                for value, column in zip(row, self.columns, strict=True)
            ]
            for row in self.rows
        ]


def display(value, kind: str) -> str:
    if value is None:
        return "—"
    if kind == SHARE:
        return f"{value * 100:.1f}%"
    return str(value)


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def localized(zh: str, en: str) -> str:
    """A catalogue name stored in both languages (a series'), in the reader's language."""
    language = (get_language() or "").lower()
    return zh if language.startswith("zh") or not en else en


def bar_chart(labels, datasets, *, horizontal=True, stacked=False) -> dict:
    """`datasets`: (label, values, colour name) with colour names that statistics.js maps to
    the stylesheet's colours."""
    return {
        "type": "bar",
        "horizontal": horizontal,
        "stacked": stacked,
        "labels": [str(label) for label in labels],
        "datasets": [
            {"label": str(label), "data": list(values), "color": color}
            for label, values, color in datasets
        ],
    }


def limited(rows: list, what: str) -> tuple[list, str]:
    if len(rows) <= CHART_MAX_BARS:
        return rows, ""
    note = _(
        "The chart shows the first %(shown)s of %(total)s %(what)s; the table lists them all."
    ) % {"shown": CHART_MAX_BARS, "total": len(rows), "what": what}
    return rows[:CHART_MAX_BARS], note
