"""The first screen of a comparison's report: what was compared, then what changes.

For a policy reader: the configurations in words, the baseline, the scale and what it means,
the replications, the seed and the years measured; then, for each configuration against the
baseline, what changes for victims, in reoffending (detected and proven), in the prison and
probation populations, and in costs by who pays and in total, each as the simulated number AND
its England-and-Wales equivalent (``value / scale``, for the metrics that scale), with its 95%
interval in words.

Every number carries machine-readable attributes so a test (or a reader's tool) can check it
against ``comparison.csv``: ``data-metric``, ``data-config``, ``data-stat`` (the column:
``mean``, ``diff_mean``, ``diff_low``, ``diff_high``), ``data-value`` (the raw value, as
``repr``) and ``data-where`` (``simulated``, shown with :func:`format.value` or
:func:`format.difference`; or ``england_and_wales``, shown with :func:`format.national` or
:func:`format.national_difference` at the ``data-scale`` of the enclosing ``section``, which
:func:`section` writes).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape
from typing import Any

import pandas as pd

from models.report import format as fmt

__all__ = ["SUMMARY", "config_words", "compared", "summary_table", "plain_words", "number_span",
           "setting", "section"]

SUMMARY: tuple[tuple[str, str], ...] = (  # (topic, metric), in the order a reader asks
    ("For victims", "offences_per_year"),
    ("For victims", "cost_victims_and_society_gbp_per_year"),
    ("Reoffending", "detected_reoffending_overall"),
    ("Reoffending", "reoffending_overall"),
    ("Prison and probation", "mean_prison_total"),
    ("Prison and probation", "mean_probation_total"),
    ("Who pays", "cost_central_gbp_per_year"),
    ("Who pays", "cost_local_gbp_per_year"),
    ("Who pays", "cost_public_gbp_per_year"),
)
"""The summary's rows. Central and local budgets add up to public spending; victims' and
society's costs are not public spending."""

SIMULATED, NATIONAL = "simulated", "england_and_wales"


def setting(manifest: Mapping[str, Any], key: str) -> Any:
    """A ``[scenario]`` setting of the base as the manifest records it (None if absent)."""
    scenario = manifest.get("scenario")
    inner = scenario.get("scenario") if isinstance(scenario, Mapping) else None
    return inner.get(key) if isinstance(inner, Mapping) else None


def config_words(name: str) -> str:
    """A configuration's name as words: ``devolved_integrated`` -> ``Devolved integrated``."""
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _config_html(name: str) -> str:
    return f'<span title="{escape(name, quote=True)}">{escape(config_words(name))}</span>'


def number_span(metric: str, config: str, stat: str, raw: object, where: str = SIMULATED,
                scale: float | None = None) -> str:
    """One number of the summary, its raw value and provenance in data attributes."""
    diff = stat != "mean"
    if where == NATIONAL:
        assert scale is not None
        text = (fmt.national_difference if diff else fmt.national)(metric, raw, scale)
    else:
        text = (fmt.difference if diff else fmt.value)(metric, raw)
    value = "" if fmt.missing(raw) else repr(float(raw))  # type: ignore[arg-type]
    return (f'<span class="v" data-metric="{escape(metric, quote=True)}" '
            f'data-config="{escape(config, quote=True)}" data-stat="{stat}" '
            f'data-value="{value}" data-where="{where}">{escape(text)}</span>')


def _one_in(scale: float) -> str:
    n = 1 / scale
    return f"1 in {n:,.0f}" if abs(n - round(n)) < 1e-6 * n else f"{100 * scale:g}%"


def _fidelity_words(fidelities: list[float]) -> str:
    """How much of its levers' effect a configuration delivers, from their fidelities."""
    f = sorted({float(x) for x in fidelities if not fmt.missing(x)})
    if not f:
        return ""
    if f == [1.0]:
        return ", each at its full effect"
    if len(f) == 1:
        return f", each at fidelity {f[0]:g} ({100 * f[0]:.0f}% of its effect)"
    return f", at fidelities from {f[0]:g} to {f[-1]:g} (see the levers)"


def compared(comparison: pd.DataFrame, base: str, manifest: Mapping[str, Any],
             descriptions: Mapping[str, str], scale: float | None,
             lever_counts: Mapping[str, int],
             lever_fidelity: Mapping[str, list[float]] | None = None) -> str:
    """What was compared, in words: the configurations (with how many levers differ and how
    much of their effect they deliver), the base, the scale, the replications, the seed and
    the years measured."""
    configs = list(dict.fromkeys(comparison["config"]))
    others = [c for c in configs if c != base]

    def described(c: str) -> str:
        what, words = descriptions.get(c), config_words(c)
        levers = lever_counts.get(c)
        fid = _fidelity_words(list((lever_fidelity or {}).get(c, [])))
        extra = (f" ({levers} lever{'s' if levers != 1 else ''} differ from the baseline{fid})"
                 if levers else "")
        if what and re.match(re.escape(words) + r"\b", what, re.IGNORECASE):  # names itself
            text = f'<span title="{escape(c, quote=True)}">{escape(what)}</span>'
        else:
            text = _config_html(c) + (f" — {escape(what)}" if what else "")
        return text + escape(extra)

    items = [f"<li><b>Baseline</b>: {described(base)}</li>"]
    items += [f"<li><b>Against it</b>: {described(c)}</li>" for c in others]
    if scale:
        items.append(
            f"<li><b>Scale {scale:g}</b>: the simulation follows {_one_in(scale)} of the people "
            "in England and Wales's criminal justice system. Counts, populations and costs are "
            f"shown as simulated and as England-and-Wales equivalents (divided by {scale:g}); "
            "rates need no scaling.</li>")
    n = manifest.get("replications", comparison["n"].max())
    items.append(f"<li><b>{int(n)} paired replications</b>: every configuration meets the same "
                 "people and the same random numbers, so the differences are the policies' "
                 "own. Intervals are 95% over replications (chance only, not the uncertainty "
                 "in the parameters).</li>")
    seed = manifest.get("root_seed", manifest.get("seed"))
    years, warm = setting(manifest, "measurement_years"), setting(manifest, "warmup_years")
    when = []
    if years is not None:
        when.append(f"<b>{years:g} years measured</b>"
                    + (f" after {warm:g} years of warm-up under each policy" if warm else ""))
        when.append("counts and costs are per year of that window, populations its mean")
    if seed is not None:
        when.append(f"root seed {escape(str(seed))}")
    if when:
        items.append("<li>" + "; ".join(when) + ".</li>")
    return '<ul class="compared">' + "".join(items) + "</ul>"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _row(comparison: pd.DataFrame) -> dict[tuple[str, str], pd.Series]:
    return {(str(r["metric"]), str(r["config"])): r for _, r in comparison.iterrows()}


def _interval(metric: str, config: str, r: pd.Series, where: str, scale: float | None) -> str:
    low = number_span(metric, config, "diff_low", r["diff_low"], where, scale)
    high = number_span(metric, config, "diff_high", r["diff_high"], where, scale)
    return f"{low} to {high}"


def summary_table(comparison: pd.DataFrame, base: str, scale: float | None) -> str:
    """The summary rows present in the table: per configuration the change simulated, its
    England-and-Wales equivalent and its 95% interval in words."""
    rows = _row(comparison)
    configs = [c for c in dict.fromkeys(comparison["config"]) if c != base]
    where = NATIONAL if scale else SIMULATED
    head1 = ('<tr><th rowspan="2">Outcome</th><th colspan="2">Baseline: '
             f"{_config_html(base)}</th>"
             + "".join(f'<th colspan="3" class="cfg">{_config_html(c)}: change</th>'
                       for c in configs) + "</tr>")
    eaw = "England &amp; Wales" if scale else "—"
    head2 = ("<tr><th>simulated</th>" f"<th>{eaw}</th>"
             + "".join(f'<th class="cfg">simulated</th><th>{eaw}</th>'
                       "<th>95% interval: what it says</th>" for _ in configs) + "</tr>")
    body, topic = [], None
    for t, m in SUMMARY:
        if (m, base) not in rows:
            continue
        if t != topic:
            body.append(f'<tr class="topic"><th colspan="{3 + 3 * len(configs)}">{escape(t)}'
                        "</th></tr>")
            topic = t
        b = rows[(m, base)]
        scaled = bool(scale) and fmt.scales(m)
        same = "a rate" if fmt.is_proportion(m) else "not scaled"
        unit = "" if fmt.unit(m) in fmt.label(m) else f'<small class="unit">{escape(fmt.unit(m))}</small>'
        cells = [f'<td title="{escape(m, quote=True)}">{escape(_capital(fmt.label(m)))}{unit}</td>',
                 f'<td class="num">{number_span(m, base, "mean", b["mean"])}</td>',
                 '<td class="num">' + (number_span(m, base, "mean", b["mean"], NATIONAL, scale)
                                       if scaled else f"<small>same ({same})</small>")
                 + "</td>"]
        for c in configs:
            r = rows.get((m, c))
            if r is None:
                cells.append('<td colspan="3">—</td>')
                continue
            more = "" if bool(r.get("enough", True)) else ' <span class="more">†</span>'
            cells += [
                f'<td class="num cfg">{number_span(m, c, "diff_mean", r["diff_mean"])}</td>',
                '<td class="num">' + (number_span(m, c, "diff_mean", r["diff_mean"], NATIONAL,
                                                  scale) if scaled else
                                      "<small>same</small>") + "</td>",
                f'<td class="words">{_interval(m, c, r, where if scaled else SIMULATED, scale)}'
                f": {escape(fmt.interval_words(m, r['diff_low'], r['diff_high']))}{more}</td>"]
        body.append("<tr>" + "".join(cells) + "</tr>")
    note = ("<p class=\"note\">Changes are the paired differences from the baseline (mean over "
            "replications). The interval is "
            + ("in England-and-Wales terms for the counts, populations and costs"
               if scale else "as simulated")
            + "; a rate's change is in percentage points (pp). † fewer replications than the "
            "precision asked for needs (see the full table).</p>")
    return ('<table class="summary">'
            f"<thead>{head1}{head2}</thead><tbody>{''.join(body)}</tbody></table>" + note)


def plain_words(comparison: pd.DataFrame, base: str, scale: float | None) -> list[str]:
    """Per configuration one sentence: the clear changes (England-and-Wales terms where they
    scale), then the outcomes with no clear change; and the counting note when it applies."""
    rows = _row(comparison)
    configs = [c for c in dict.fromkeys(comparison["config"]) if c != base]
    out = []
    for c in configs:
        clear, unclear = [], []
        for _, m in SUMMARY:
            r = rows.get((m, c))
            if r is None:
                continue
            words = fmt.interval_words(m, r["diff_low"], r["diff_high"])
            if words.startswith("a clear"):
                where = NATIONAL if scale and fmt.scales(m) else SIMULATED
                clear.append(f"{escape(fmt.label(m))} "
                             f"{number_span(m, c, 'diff_mean', r['diff_mean'], where, scale)}")
            else:
                unclear.append(escape(fmt.label(m)))
        terms = " (England-and-Wales equivalents)" if scale else ""
        text = (f"<b>{_config_html(c)}</b> against the baseline{terms}: "
                + ("clear changes in " + "; ".join(clear) if clear else "no clear change")
                + (("; no clear change in " + ", ".join(unclear)) if clear and unclear else "")
                + ".")
        note = fmt.counting_note(comparison, base, c)
        if note:  # said of the configuration already named: drop its snake_case name
            note = note.removeprefix(f"{c}: ")
            text += " " + escape(note[:1].upper() + note[1:])
        out.append(f'<p class="plain">{text}</p>')
    return out


def section(comparison: pd.DataFrame, base: str, scale: float | None) -> str:
    """The summary table and its plain words in a ``section`` (``id="summary"``) that records
    the scale its England-and-Wales numbers divide by (``data-scale``, empty without one)."""
    return (f'<section id="summary" data-scale="{repr(float(scale)) if scale else ""}">'
            + summary_table(comparison, base, scale) + "\n"
            + "\n".join(plain_words(comparison, base, scale)) + "</section>")
