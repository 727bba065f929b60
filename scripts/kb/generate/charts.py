"""Static SVG charts drawn at build time: no script, no font or file fetched, the same bytes for the same data.

Hand-written rather than a plotting library: pygal writes a `<script>` and random ids into its SVG
(refused by the site's `script-src 'self'`, and different on every build), matplotlib's SVG backend is
deterministic only with `svg.hashsalt` and no date metadata, draws text as paths unless told otherwise, and
brings numpy and a 30 MB wheel for what is, here, rows of bars. A horizontal bar chart needs fifty lines.

Every label is XML-escaped; the chart has a `<title>` and a `<desc>` (its text alternative) and the page
shows the table of the same numbers beside it.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

WIDTH = 420
ROW = 38  # one bar and its label above it: readable when the SVG is scaled to a 390 px phone
TOP = 8
BAR = 14
LABEL_MAX = 52  # characters of a label before it is shortened (the table has it whole)
BAR_COLOUR = "#8c1d18"  # 8.9:1 on white
TEXT_COLOUR = "#1f1f1f"


def _number(value: float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:.1f}".replace(".", ",")


def _short(label: str) -> str:
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1].rstrip() + "…"


def bar_chart(chart_id: str, title: str, rows: list[tuple[str, float]], suffix: str = "") -> str:
    """A horizontal bar chart: one row per (label, value), the value written at the bar's end.
    `chart_id` must be a plain slug (ids of the title and description)."""
    if not rows:
        return ""
    biggest = max(value for _, value in rows) or 1
    height = TOP + ROW * len(rows) + 4
    desc = "; ".join(f"{label}: {_number(value)}{suffix}" for label, value in rows)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="kb-chart__svg" viewBox="0 0 {WIDTH} {height}" '
           f'role="img" aria-labelledby="{chart_id}-t {chart_id}-d" font-family="sans-serif" font-size="15">',
           f'<title id="{chart_id}-t">{escape(title)}</title>',
           f'<desc id="{chart_id}-d">{escape(desc)}</desc>']
    for i, (label, value) in enumerate(rows):
        y = TOP + i * ROW
        width = max(2.0, round((WIDTH - 70) * value / biggest, 1)) if value > 0 else 0.0
        out.append(f'<text x="0" y="{y + 13}" fill="{TEXT_COLOUR}">{escape(_short(label))}</text>')
        if width:  # an empty year is a label and a 0, no bar
            out.append(f'<rect x="0" y="{y + 18}" width="{width}" height="{BAR}" fill="{BAR_COLOUR}"/>')
        out.append(f'<text x="{width + 6}" y="{y + 30}" fill="{TEXT_COLOUR}">'
                   f'{escape(_number(value) + suffix)}</text>')
    out.append("</svg>")
    return "".join(out)


def figure(svg: str, caption: str) -> str:
    """The chart in a figure with its caption, as one raw HTML block (caption already escaped)."""
    if not svg:
        return ""
    return (f'<figure class="kb-chart" markdown="0">{svg}'
            f"<figcaption>{caption}</figcaption></figure>")
