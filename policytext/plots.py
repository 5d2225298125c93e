"""Figures: the heatmap of regions by categories, as PNG or SVG, with Chinese labels drawn correctly.

matplotlib is imported inside the functions (``import policytext`` stays light) and used without pyplot:
a :class:`matplotlib.figure.Figure` with its own Agg canvas, so no global backend is chosen or changed.

Chinese labels need a font with CJK glyphs. :func:`find_cjk_font` tries, in this order, ``font=`` given by
the caller, the ``POLICYTEXT_CJK_FONT`` environment variable, the installed fonts matplotlib knows whose
names suggest Chinese coverage (Debian's ``fonts-noto-cjk``, ``fonts-wqy-microhei`` …), the Noto Sans CJK
SC font shipped inside the ``mplfonts`` wheel (read as a file; mplfonts' own code is never imported), and
then the other installed fonts. A font is accepted only when its character map holds every character to be
drawn (matplotlib's Last Resort font, which maps everything to a box, never is), so a figure never shows
empty boxes; without one, :class:`~policytext.errors.PolicytextError` says how to install one. SVG text is
written as paths, so the SVG needs no font to display.
"""

from __future__ import annotations

import importlib.util
import io
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policytext.errors import PolicytextError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from policytext.compare import Comparison

__all__ = ["FONT_ENV", "find_cjk_font", "heatmap", "heatmap_frame", "missing_glyphs"]

#: environment variable naming a font file to use for Chinese labels
FONT_ENV = "POLICYTEXT_CJK_FONT"
_SAMPLE = "关心关爱干部县市省区镇健康激励容错政治生活"
# family names of fonts with Chinese coverage, tried before the other installed fonts
_HINTS = (
    "noto sans cjk",
    "noto serif cjk",
    "source han",
    "wenquanyi",
    "wqy",
    "droid sans fallback",
    "ar pl",
    "sarasa",
    "simhei",
    "simsun",
    "microsoft yahei",
    "pingfang",
    "heiti",
    "songti",
    "hiragino sans gb",
    "noto sans sc",
    "noto sans tc",
    "unifont",
)
_MPLFONTS_FILE = "NotoSansCJKsc-Regular.otf"  # SIL Open Font License


@cache
def _cmap(path: str) -> frozenset[int]:
    """The code points a font file maps (first font of a collection)."""
    from fontTools.ttLib import TTFont

    try:
        with TTFont(path, fontNumber=0, lazy=True) as font:
            best = font.getBestCmap() or {}
    except Exception:  # unreadable or unsupported font files are simply not candidates
        return frozenset()
    return frozenset(best)


def missing_glyphs(text: str, font: str | os.PathLike[str]) -> set[str]:
    """The characters of ``text`` (spaces aside) that a font file has no glyph for.

    Examples:
        >>> font = find_cjk_font()
        >>> missing_glyphs("健康关爱 health", font)
        set()
    """
    cmap = _cmap(os.fspath(font))
    return {ch for ch in text if not ch.isspace() and ord(ch) not in cmap}


def _mplfonts_file() -> Path | None:
    spec = importlib.util.find_spec("mplfonts")  # locates the package without importing it
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        candidate = Path(location) / "fonts" / _MPLFONTS_FILE
        if candidate.is_file():
            return candidate
    return None


def _system_candidates() -> tuple[list[str], list[str]]:
    """Installed fonts known to matplotlib: those whose names suggest Chinese coverage, then the others."""
    from matplotlib import font_manager

    # Last Resort maps every code point to a placeholder box: full coverage on paper, empty boxes on screen
    entries = sorted(
        {(e.name, e.fname) for e in font_manager.fontManager.ttflist if "last resort" not in e.name.lower()}
    )
    hinted = [f for n, f in entries if any(h in n.lower() for h in _HINTS)]
    others = [f for _, f in entries if f not in hinted and "lastresort" not in Path(f).name.lower()]
    return hinted, others


def find_cjk_font(text: str = "", *, font: str | os.PathLike[str] | None = None) -> Path:
    """A font file with a glyph for every character of ``text`` (and of a sample of common Chinese).

    Args:
        text: the characters that will be drawn (labels, title).
        font: a font file to use; it must cover ``text``.

    Raises:
        PolicytextError: no installed font covers the text; the message says how to install one.

    Examples:
        >>> find_cjk_font("岳西县").suffix in {".otf", ".ttf", ".ttc"}
        True
    """
    needed = _SAMPLE + text
    if font is not None:
        missing = missing_glyphs(needed, font)
        if missing:
            raise PolicytextError(
                f"{os.fspath(font)}: the font has no glyph for {''.join(sorted(missing))[:20]!r}; "
                "choose a font with Chinese characters (e.g. Noto Sans CJK SC)"
            )
        return Path(font)
    return _find_font(needed)


@cache
def _find_font(needed: str) -> Path:
    chosen = os.environ.get(FONT_ENV)
    hinted, others = _system_candidates()
    bundled = _mplfonts_file()
    candidates = [chosen] if chosen else []
    candidates += hinted + ([str(bundled)] if bundled is not None else []) + others
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and not missing_glyphs(needed, candidate):
            return Path(candidate)
    raise PolicytextError(
        "no font with Chinese glyphs found for the figure labels; install one: "
        "`apt-get install fonts-noto-cjk` (Debian/Ubuntu), `pip install mplfonts`, or set "
        f"{FONT_ENV}=/path/to/a/CJK/font.otf"
    )


def heatmap_frame(data: Comparison | pd.DataFrame) -> pd.DataFrame:
    """The numbers a heatmap shows: rows = regions (units), columns = category labels, values = measures.

    A :class:`~policytext.compare.Comparison` gives its coverage counts with the taxonomy's Chinese labels;
    a DataFrame is taken as a coverage table: its first text column labels the rows, its numeric columns
    other than ``documents``, ``measures`` and ``article`` are the cells.
    """
    import pandas as pd

    from policytext.compare import Comparison

    if isinstance(data, Comparison):
        frame = data.coverage
        unit = "region" if data.by == "region" else ("article" if data.by == "article" else "document")
        if unit == "article":
            rows = [f"{d} #{a}" for d, a in zip(frame["document"], frame["article"], strict=True)]
        else:
            rows = frame[unit].astype(str).tolist()
        columns = data.label_columns
        labels = [data.short_label(c) for c in columns]
        if len(set(labels)) < len(labels):
            labels = [data.column_label(c) for c in columns]
        return pd.DataFrame(frame[columns].to_numpy(), index=rows, columns=labels)
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"heatmap takes a Comparison or a coverage DataFrame, not {type(data).__name__}")
    text_columns = [c for c in data.columns if not pd.api.types.is_numeric_dtype(data[c])]
    skip = {"documents", "measures", "article"}
    numeric = [c for c in data.columns if pd.api.types.is_numeric_dtype(data[c]) and c not in skip]
    rows = data[text_columns[0]].astype(str).tolist() if text_columns else [str(i) for i in data.index]
    return pd.DataFrame(data[numeric].to_numpy(), index=rows, columns=[str(c) for c in numeric])


def _texts(frame: pd.DataFrame, title: str | None) -> Iterable[str]:
    yield from (str(i) for i in frame.index)
    yield from (str(c) for c in frame.columns)
    if title:
        yield title


def heatmap(
    data: Comparison | pd.DataFrame,
    *,
    path: str | os.PathLike[str] | None = None,
    format: str | None = None,
    title: str | None = None,
    font: str | os.PathLike[str] | None = None,
    annotate: bool = True,
) -> bytes:
    """Draw regions (rows) by categories (columns), cells shaded by the number of measures, as PNG or SVG.

    Args:
        data: a :class:`~policytext.compare.Comparison` or its coverage table.
        path: write the image there too (atomically); the format follows its suffix unless ``format`` is set.
        format: ``png`` or ``svg`` (default: from ``path``, else ``png``).
        title: a title above the figure.
        font: a font file with Chinese glyphs (default: :func:`find_cjk_font`).
        annotate: write each count in its cell.

    Returns:
        The image: PNG bytes, or SVG text encoded as UTF-8.

    Raises:
        PolicytextError: no font covers the labels.
        ValueError: an unknown format.
    """
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    fmt = (format or (Path(path).suffix.lstrip(".").lower() if path is not None else "") or "png").lower()
    if fmt not in ("png", "svg"):
        raise ValueError(f"heatmap format must be png or svg, not {fmt!r}")
    frame = heatmap_frame(data)
    font_path = find_cjk_font("".join(_texts(frame, title)), font=font)
    prop = FontProperties(fname=str(font_path), size=9)
    small = FontProperties(fname=str(font_path), size=8)

    n_rows, n_cols = frame.shape
    longest_row = max((len(str(i)) for i in frame.index), default=4)
    width = min(4.0 + 0.11 * longest_row + 0.75 * max(n_cols, 1), 30.0)
    height = min(1.6 + 0.28 * max(n_rows, 1) + (0.3 if title else 0.0), 60.0)
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "policytext", "axes.unicode_minus": False}):
        figure = Figure(figsize=(width, height), dpi=100, layout="constrained")
        FigureCanvasAgg(figure)
        ax = figure.add_subplot()
        values = frame.to_numpy(dtype=float) if n_rows and n_cols else [[0.0]]
        peak = max(float(frame.to_numpy().max()) if n_rows and n_cols else 0.0, 1.0)
        image = ax.imshow(values, cmap="Blues", aspect="auto", vmin=0, vmax=peak, interpolation="nearest")
        ax.set_xticks(range(n_cols), [str(c) for c in frame.columns], fontproperties=prop, rotation=30, ha="right")
        ax.set_yticks(range(n_rows), [str(i) for i in frame.index], fontproperties=prop)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        if annotate and n_rows and n_cols:
            for i in range(n_rows):
                for j in range(n_cols):
                    v = values[i][j]
                    if v:
                        colour = "white" if v > peak * 0.6 else "#1f2d3d"
                        ax.text(j, i, f"{v:g}", ha="center", va="center", color=colour, fontproperties=small)
        bar = figure.colorbar(image, ax=ax, shrink=0.6 if n_rows > 6 else 0.9)
        bar.set_label("措施数 measures", fontproperties=prop)
        for label in bar.ax.get_yticklabels():
            label.set_fontproperties(small)
        if title:
            ax.set_title(title, fontproperties=FontProperties(fname=str(font_path), size=11))
        buffer = io.BytesIO()
        metadata: dict[str, Any] = {"Date": None} if fmt == "svg" else {"Software": None}
        figure.savefig(buffer, format=fmt, metadata=metadata)
    data_out = buffer.getvalue()
    if path is not None:
        from policytext.export import atomic_path

        with atomic_path(path) as tmp:
            tmp.write_bytes(data_out)
    return data_out
