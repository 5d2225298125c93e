"""Tests for policytext.report: a self-contained, valid HTML report with highlights; rendered by Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import _shared
import pytest

from policytext.compare import Comparison, compare_regions, load_corpus
from policytext.model import StructuredDocument
from policytext.pipeline import analyze_text, document_records, make_tagger
from policytext.report import anchor, build_report, build_tables_page, write_report

SEEDS = _shared.SEEDS
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not present")

TEXT = """关于关心关爱基层干部的若干措施
△岳西县：落实关爱举措
每年设立100万元关心关爱干部帮扶基金，对患重大疾病的干部给予帮扶。
乡镇工作补贴由每人每月300元分别提高到一类乡镇450元、二类乡镇600元。
年龄<35岁 & 工龄>5年的写法应当转义，而不是当作标签。
△x县：强化健康保障
乡镇干部健康体检每年1次，体检经费每人每年不低于800元。
对在乡镇工作满十年的干部，每年组织为期5天的疗养休养。
"""

VOID = {"meta", "br", "link", "img", "hr", "input", "col", "area", "base", "source", "wbr", "embed", "track"}


class Checker(HTMLParser):
    """Checks that tags nest and close, and collects what the tests look at."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.urls: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.urls += [v or "" for k, v in attrs if k in ("src", "href", "xlink:href", "action", "data", "poster")]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self.urls += [v or "" for k, v in attrs if k in ("src", "href", "xlink:href")]

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else '-'}>")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> Checker:
    checker = Checker()
    checker.feed(page)
    checker.close()
    assert checker.errors == [], checker.errors[:5]
    assert checker.stack == [], checker.stack
    return checker


@pytest.fixture(scope="module")
def analysed() -> tuple[StructuredDocument, list[dict[str, Any]]]:
    doc = analyze_text(TEXT, source="yx.txt")
    records = list(document_records(doc, tagger=make_tagger(method="rules"), all_sentences=True))
    return doc, records


@pytest.fixture(scope="module")
def page(analysed: tuple[StructuredDocument, list[dict[str, Any]]]) -> str:
    doc, records = analysed
    return build_report([doc], records, title="测试 <报告>")


def test_report_is_valid_html(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    checker = parse(page)
    tags = [t for t, _ in checker.tags]
    assert tags[:1] == ["html"] and "body" in tags and "style" in tags
    assert [a.get("id") for t, a in checker.tags if t == "section"] == [
        "overview",
        "heatmap",
        "legend",
        "coverage",
        "provisions",
        "quantities",
        "similarity",
        "reuse",
        "documents",
    ]


def test_report_refers_to_nothing_outside_itself(page: str) -> None:
    checker = parse(page)
    assert checker.urls, "record links expected"
    # links inside the page, and the heatmap's colour raster embedded as a data: URI
    outside = [u for u in checker.urls if not u.startswith(("#", "data:image/png;base64,"))]
    assert outside == []
    assert "http" not in " ".join(checker.urls)
    assert not re.search(r"<(script|link|img|iframe|object)\b", page)
    assert re.findall(r"url\((?!#)", page) == [] and "@import" not in page  # url(#clip) inside the SVG only
    assert "<?xml" not in page and "<metadata>" not in page


def test_highlights_match_measures(analysed: tuple[StructuredDocument, list[dict[str, Any]]], page: str) -> None:
    doc, records = analysed
    measures = [r for r in records if r["is_measure"] and doc.text[r["start"] : r["end"]] == r["text"]]
    assert len(measures) >= 4
    checker = parse(page)
    marks = [a for t, a in checker.tags if t == "mark"]
    assert len(marks) == len(measures)
    assert [m["data-record"] for m in marks] == [r["id"] for r in measures]
    first = marks[0]
    assert first["class"] == "cat-life_care multi"  # two categories: the first one's colour
    assert "生活关怀" in (first["title"] or "") and "健康关爱" in (first["title"] or "")
    assert first["id"] == anchor(measures[0]["id"])


def test_quantities_are_marked_with_amount_and_type(page: str) -> None:
    checker = parse(page)
    titles = [a.get("title") or "" for t, a in checker.tags if t == "span" and "qty" in (a.get("class") or "")]
    assert "帮扶基金/关爱基金: 1000000 元/年" in titles
    assert "乡镇工作补贴/津贴: 450 元/人/月" in titles
    assert any(t.startswith("体检经费（每人）: 800 元/人/年") for t in titles)


def test_text_is_escaped(page: str) -> None:
    assert "年龄&lt;" in page and "&amp; 工龄&gt;" in page  # the amounts after them are wrapped in spans
    assert "年龄<" not in page and "工龄>" not in page
    assert "<title>测试 &lt;报告&gt;</title>" in page


def test_overview_counts_and_fixes() -> None:
    doc = analyze_text("**關心幹部**，每年組織幹部健康體檢一次。", source="tw.txt")
    records = list(document_records(doc, tagger=make_tagger(method="rules"), all_sentences=True))
    page = build_report([doc], records)
    overview = page[page.index('<section id="overview">') : page.index('<section id="heatmap">')]
    assert "traditional_to_simplified" in overview and "markdown_emphasis" in overview
    assert re.search(r"<th>measures</th><td class=\"num\">1</td>", overview)


def test_heatmap_is_inline_svg(page: str) -> None:
    section = page[page.index('<section id="heatmap">') : page.index('<section id="legend">')]
    assert section.count("<svg") == 1 and "</svg>" in section


def test_tables_link_to_sentences(page: str, analysed: tuple[StructuredDocument, list[dict[str, Any]]]) -> None:
    _, records = analysed
    fund = next(r for r in records if "帮扶基金" in r["text"])
    provisions = page[page.index('<section id="provisions">') : page.index('<section id="quantities">')]
    assert f'href="#{anchor(fund["id"])}"' in provisions


def test_report_from_records_only(analysed: tuple[StructuredDocument, list[dict[str, Any]]]) -> None:
    _, records = analysed
    page = build_report([], records)
    checker = parse(page)
    marks = [a for t, a in checker.tags if t == "mark"]
    assert len(marks) == sum(r["is_measure"] for r in records)
    assert "sentences only, no full text" in page
    assert any("qty" in (a.get("class") or "") for t, a in checker.tags if t == "span")


def test_tables_page_and_write(analysed: tuple[StructuredDocument, list[dict[str, Any]]], tmp_path: Path) -> None:
    doc, records = analysed
    comparison = compare_regions(records, by="document")
    page = build_tables_page(comparison, title="比较")
    parse(page)
    assert "<svg" in page and 'id="coverage"' in page and "<mark" not in page
    path = write_report(tmp_path / "out" / "r.html", [doc], records, comparison)
    assert path.read_text(encoding="utf-8").count("<mark ") == sum(r["is_measure"] for r in records)


# ---- Chromium ----------------------------------------------------------------------------------------------
def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no chromium, chromium-browser or google-chrome on PATH (Debian: apt-get install chromium)")


def headless(binary: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
    ]
    return subprocess.run([binary, *flags, *args], capture_output=True, text=True, timeout=120, check=False)


def render_in_chromium(path: Path, tmp: Path) -> tuple[str, Any]:
    """The DOM after loading (and running scripts, if any) and a screenshot of the top of the page."""
    import matplotlib.image

    binary = chromium()
    dom = headless(binary, tmp / "profile", "--dump-dom", path.resolve().as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    shot = tmp / "shot.png"
    done = headless(binary, tmp / "profile", "--window-size=1200,1600", f"--screenshot={shot}", path.resolve().as_uri())
    assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
    return dom.stdout, matplotlib.image.imread(shot)


def colours(image: Any) -> int:
    pixels = (image[..., :3] * 255).astype(int).reshape(-1, 3)[::7]
    return len({tuple(p) for p in pixels.tolist()})


@pytest.mark.slow
def test_chromium_renders_tables_highlights_and_heatmap(
    analysed: tuple[StructuredDocument, list[dict[str, Any]]], tmp_path: Path
) -> None:
    doc, records = analysed
    path = write_report(tmp_path / "report.html", [doc], records)
    dom, image = render_in_chromium(path, tmp_path)
    measures = sum(r["is_measure"] for r in records)
    assert dom.count("<mark ") == measures
    assert "<table" in dom and 'id="quantities"' in dom and "<svg" in dom
    assert colours(image) > 20  # not a blank page


@pytest.fixture(scope="module")
def seeds() -> tuple[list[StructuredDocument], list[dict[str, Any]], Comparison]:
    corpus = load_corpus(SEEDS, method="rules")
    return corpus.documents, corpus.records, compare_regions(corpus.records)


@needs_seeds
@pytest.mark.seeds
@pytest.mark.slow
def test_seeds_report_opens_in_chromium(seeds: tuple[Any, Any, Comparison], tmp_path: Path) -> None:
    documents, records, comparison = seeds
    path = write_report(tmp_path / "seeds.html", documents, records, comparison)
    parse(path.read_text(encoding="utf-8"))
    dom, image = render_in_chromium(path, tmp_path)
    measures = sum(r["is_measure"] for r in records)
    assert measures > 100 and dom.count("<mark ") == measures
    assert dom.count("<svg") == 1 and 'id="heatmap-figure"' in dom
    for region in comparison.coverage["region"]:
        assert region.replace("&", "&amp;") in dom
    assert colours(image) > 20


def test_cli_report(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from policytext.cli import app

    if not any((c.name or getattr(c.callback, "__name__", "")) == "report" for c in app.registered_commands):
        pytest.skip("`policytext report` is not registered in policytext.cli yet")
    corpus = Path(__file__).resolve().parents[1] / "corpora" / "documents"
    out = tmp_path / "report.html"
    result = CliRunner().invoke(
        app, ["report", str(corpus / "12_compilation_anon.txt"), "--method", "rules", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    parse(page)
    assert page.count("<mark ") > 20 and "x县 (12_compilation_anon #0)" in page
