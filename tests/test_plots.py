"""Tests for policytext.plots: the heatmap as PNG and SVG, with Chinese glyphs drawn from a CJK font."""

from __future__ import annotations

import io
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from policytext import plots
from policytext.compare import Comparison, compare_regions
from policytext.errors import PolicytextError
from policytext.plots import find_cjk_font, heatmap, heatmap_frame, missing_glyphs


def records() -> list[dict[str, object]]:
    rows = []
    for i, (region, cats) in enumerate(
        [
            ("金寨县", ["health", "life_care"]),
            ("金寨县", ["health"]),
            ("岳西县", ["error_tolerance"]),
            ("x县", ["political_incentive"]),
        ]
    ):
        anonymized = region == "x县"
        rows.append(
            {
                "id": f"d{i}#0.{i}",
                "doc_id": f"d{i}",
                "article": 0,
                "region": region,
                "region_level": "county",
                "region_key": f"x县@d{i}#0" if anonymized else region,
                "region_anonymized": anonymized,
                "text": "乡镇干部健康体检每年1次。",
                "categories": cats,
                "subcategories": [],
                "is_measure": True,
                "quantities": [],
            }
        )
    return rows


@pytest.fixture(scope="module")
def comparison() -> Comparison:
    return compare_regions(records())


def test_import_does_not_load_matplotlib() -> None:
    code = "import sys, policytext.plots, policytext.compare, policytext.report\n"
    code += "print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_heatmap_frame_uses_chinese_labels(comparison: Comparison) -> None:
    frame = heatmap_frame(comparison)
    assert list(frame.columns) == ["政治激励", "生活关怀", "健康关爱", "容错纠错"]
    assert list(frame.index) == ["金寨县", "岳西县", "x县 (d3 #0)"]
    assert frame.loc["金寨县", "健康关爱"] == 2
    same = heatmap_frame(comparison.coverage.reset_index(drop=True))
    assert same.to_numpy().tolist() == frame.to_numpy().tolist()


def test_the_font_found_has_every_glyph_drawn(comparison: Comparison) -> None:
    frame = heatmap_frame(comparison)
    text = "".join(map(str, frame.index)) + "".join(frame.columns) + "措施数"
    font = find_cjk_font(text)
    assert missing_glyphs(text, font) == set()


def test_a_latin_font_is_refused() -> None:
    import matplotlib

    dejavu = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    assert missing_glyphs("健康 ok", dejavu) == {"健", "康"}
    with pytest.raises(PolicytextError, match="no glyph for"):
        find_cjk_font("健康", font=dejavu)


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_heatmap_written_without_missing_glyph_warnings(comparison: Comparison, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"heatmap.{fmt}"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font(s)" for boxes
        data = heatmap(comparison, path=path, title="地区 × 类别")
    assert path.read_bytes() == data
    if fmt == "png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
    else:
        svg = data.decode("utf-8")
        assert "<svg" in svg and "<text" not in svg  # text drawn as paths: no font needed to view it
        assert svg.count("<path") > 20


def test_heatmap_is_deterministic(comparison: Comparison) -> None:
    assert heatmap(comparison, format="svg") == heatmap(comparison, format="svg")


def test_chinese_labels_render_as_distinct_glyphs() -> None:
    """Missing glyphs all render as the same box: two different labels must give two different images."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(fname=str(find_cjk_font("健康关爱容错纠错")), size=20)

    def render(text: str) -> np.ndarray:
        figure = Figure(figsize=(2, 0.6), dpi=50)
        canvas = FigureCanvasAgg(figure)
        figure.text(0.05, 0.2, text, fontproperties=prop)
        canvas.draw()
        return np.asarray(canvas.buffer_rgba())[..., 0].copy()

    a, b = render("健康关爱"), render("容错纠错")
    assert (a < 128).sum() > 50 and (b < 128).sum() > 50  # ink on the canvas
    assert (a != b).sum() > 50


def test_bundled_font_is_used_when_no_system_font(monkeypatch: pytest.MonkeyPatch) -> None:
    if plots._mplfonts_file() is None:
        pytest.skip("mplfonts is not installed")
    monkeypatch.setattr(plots, "_system_candidates", lambda: ([], []))
    monkeypatch.delenv(plots.FONT_ENV, raising=False)
    plots._find_font.cache_clear()
    try:
        assert find_cjk_font("岳西县").name == "NotoSansCJKsc-Regular.otf"
    finally:
        plots._find_font.cache_clear()


def test_no_font_at_all_says_how_to_install_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(plots, "_system_candidates", lambda: ([], []))
    monkeypatch.setattr(plots, "_mplfonts_file", lambda: None)
    monkeypatch.delenv(plots.FONT_ENV, raising=False)
    plots._find_font.cache_clear()
    try:
        with pytest.raises(PolicytextError, match=r"apt-get install fonts-noto-cjk.*pip install mplfonts"):
            find_cjk_font("岳西县")
    finally:
        plots._find_font.cache_clear()


def test_bad_format(comparison: Comparison) -> None:
    with pytest.raises(ValueError, match="png or svg"):
        heatmap(comparison, format="pdf")
    with pytest.raises(TypeError, match="Comparison or a coverage DataFrame"):
        heatmap_frame([1, 2])  # type: ignore[arg-type]


def test_png_decodes(comparison: Comparison) -> None:
    import matplotlib.image

    image = matplotlib.image.imread(io.BytesIO(heatmap(comparison, format="png")), format="png")
    assert image.shape[0] > 100 and image.shape[1] > 100
    assert len({tuple(px) for px in image.reshape(-1, image.shape[-1])[::97].tolist()}) > 10
