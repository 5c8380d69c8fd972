"""Reading a comparison's report.html (as written, or as a browser rendered it): the summary's
numbers with their data attributes, and the text a reader sees."""

from __future__ import annotations

import math
from html.parser import HTMLParser

import pandas as pd

from models.report import format as fmt

HIDDEN = {"details", "pre", "style", "title", "script", "head"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.spans: list[dict[str, str]] = []
        self.scale: str | None = None
        self.visible: list[str] = []
        self._span: dict[str, str] | None = None
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag in HIDDEN:
            self._hidden += 1
        if tag == "section" and a.get("id") == "summary":
            self.scale = a.get("data-scale", "")
        if tag == "span" and "data-metric" in a:
            self._span = {**a, "text": ""}

    def handle_endtag(self, tag):
        if tag in HIDDEN:
            self._hidden -= 1
        if tag == "span" and self._span is not None:
            self.spans.append(self._span)
            self._span = None

    def handle_data(self, data):
        if self._span is not None:
            self._span["text"] += data
        if not self._hidden:
            self.visible.append(data)


def read(page: str) -> _Page:
    p = _Page()
    p.feed(page)
    p.close()
    return p


def expected_text(span: dict[str, str], scale: float | None) -> str:
    """How the report must show a summary number, from its attributes alone."""
    metric, stat = span["data-metric"], span["data-stat"]
    raw = float(span["data-value"]) if span["data-value"] else math.nan
    diff = stat != "mean"
    if span["data-where"] == "england_and_wales":
        assert scale, "an England-and-Wales number needs the summary's data-scale"
        return (fmt.national_difference if diff else fmt.national)(metric, raw, scale)
    return (fmt.difference if diff else fmt.value)(metric, raw)


def check_summary(page: str, comparison: pd.DataFrame) -> list[dict[str, str]]:
    """Assert every summary number's data-value is the comparison table's value and its text
    that value formatted; return the spans checked."""
    p = read(page)
    assert p.scale is not None, "no summary section"
    scale = float(p.scale) if p.scale else None
    table = comparison.set_index(["metric", "config"])
    assert p.spans, "the summary shows no number"
    for s in p.spans:
        key = (s["data-metric"], s["data-config"])
        raw = table.loc[key, s["data-stat"]]
        if pd.isna(raw):
            assert s["data-value"] == "", s
        else:
            assert float(s["data-value"]) == float(raw) or math.isclose(
                float(s["data-value"]), float(raw), rel_tol=1e-12), (s, raw)
        assert s["text"] == expected_text(s, scale), s
    return p.spans
