"""Tests of the OpenCC adapter (policytext.convert).

They run with either implementation of the ``opencc`` module: CI runs this file in a second virtualenv that
has opencc-python-reimplemented instead of the official binding, so expectations that only the official
binding meets are keyed on :func:`engine_info`.
"""

from __future__ import annotations

import json
import re

import _shared
import pytest

from policytext.convert import (
    OpenCCConfig,
    convert_text,
    engine_info,
    find_trigger,
    needs_conversion,
    parse_config,
    trigger_chars,
)
from policytext.normalize import to_simplified

PEER = _shared.PEER_OPENCC
OFFICIAL = engine_info().official

# Exact-match rate on OpenCC's own test cases, per engine and config (measured, see the report): the official
# binding converts all of them; the reimplementation uses older dictionaries and a different segmentation.
EXPECTED_RATE = {
    "opencc": {"t2s": 1.0, "tw2s": 1.0, "hk2s": 1.0},
    "opencc-python-reimplemented": {"t2s": 28 / 55, "tw2s": 22 / 32, "hk2s": 12 / 21},
}


def test_engine_is_detected_with_a_version() -> None:
    info = engine_info()
    assert info.name in {"opencc", "opencc-python-reimplemented"}
    assert info.version and info.version != "unknown"
    assert info.official == (info.name == "opencc")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("t2s", OpenCCConfig.T2S),
        ("tw2s", OpenCCConfig.TW2S),
        ("hk2s", OpenCCConfig.HK2S),
        ("T2S", OpenCCConfig.T2S),
        ("t2s.json", OpenCCConfig.T2S),
        (OpenCCConfig.HK2S, OpenCCConfig.HK2S),
    ],
)
def test_parse_config_accepts_the_supported_configs(given: str, expected: OpenCCConfig) -> None:
    assert parse_config(given) is expected


@pytest.mark.parametrize("bad", ["s2t", "t2tw", "", "zh-hans", "tw2sp"])
def test_parse_config_names_the_valid_choices(bad: str) -> None:
    with pytest.raises(ValueError, match=r"choose one of t2s, tw2s, hk2s"):
        parse_config(bad)


def test_config_is_a_str_enum() -> None:
    assert [c.value for c in OpenCCConfig] == ["t2s", "tw2s", "hk2s"]
    assert OpenCCConfig.TW2S == "tw2s"


@pytest.mark.parametrize(
    ("config", "text", "expected"),
    [
        ("t2s", "關心關愛幹部", "关心关爱干部"),
        ("t2s", "黨校（行政學院）", "党校（行政学院）"),
        ("tw2s", "擔當作為", "担当作为"),
        ("hk2s", "激勵幹部", "激励干部"),
        ("t2s", "", ""),
        ("t2s", "关心关爱干部 APP 2021", "关心关爱干部 APP 2021"),
    ],
)
def test_convert_text_common_words(config: str, text: str, expected: str) -> None:
    assert convert_text(text, config=config) == expected


def test_convert_text_keeps_line_breaks_and_noncharacters() -> None:
    text = "關心\n\n關愛\ufdd0幹部\ufdd1\n"
    assert convert_text(text) == "关心\n\n关爱\ufdd0干部\ufdd1\n"


@pytest.mark.parametrize("config", list(OpenCCConfig))
def test_triggers_are_never_produced(config: OpenCCConfig) -> None:
    # the property that makes to_simplified idempotent: converting a line leaves no trigger in it
    chars = sorted(trigger_chars(config))
    assert len(chars) > 3000
    converted = convert_text("\n".join(chars), config=config)
    assert find_trigger(converted, config=config) == -1


@pytest.mark.parametrize("config", list(OpenCCConfig))
def test_triggers_change_when_alone(config: OpenCCConfig) -> None:
    chars = sorted(trigger_chars(config))
    converted = convert_text("\n".join(chars), config=config).split("\n")
    unchanged = [c for c, v in zip(chars, converted, strict=True) if c == v]
    assert unchanged == []


def test_simplified_text_holds_no_trigger() -> None:
    text = "关于进一步关心关爱基层干部的若干措施，乾隆年间著名的覆盖范围，x县人均x元。"
    assert not needs_conversion(text)
    assert needs_conversion("關於")
    assert find_trigger("关于關於") == 2


def test_astral_ideographs_are_confirmed_against_the_set() -> None:
    # 𠮷 (U+20BB7) is a supplementary-plane ideograph OpenCC leaves alone: the range in the pattern is only a
    # candidate, find_trigger confirms it
    assert "𠮷" not in trigger_chars()
    assert find_trigger("𠮷野家") == -1


# --- OpenCC's own test cases (peer data) --------------------------------------------------------------------


def _peer_cases() -> list[dict[str, object]]:
    path = PEER / "testcases.json"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    raw = path.read_text(encoding="utf-8")
    # JSON with trailing commas (RapidJSON's kParseTrailingCommasFlag)
    cases = json.loads(re.sub(r",(\s*[}\]])", r"\1", raw))["cases"]
    assert isinstance(cases, list)
    return cases


@pytest.mark.parametrize("config", ["t2s", "tw2s", "hk2s"])
def test_peer_testcases_exact_match_rate(config: str) -> None:
    cases = [c for c in _peer_cases() if config in c["expected"]]  # type: ignore[operator]
    assert cases
    hits = sum(convert_text(str(c["input"]), config=config) == c["expected"][config] for c in cases)  # type: ignore[index]
    rate = hits / len(cases)
    expected = EXPECTED_RATE.get(engine_info().name, {}).get(config)
    if expected is None:  # pragma: no cover - an engine we have not measured
        pytest.skip(f"no expectation for {engine_info().name}: {hits}/{len(cases)}")
    if config == "t2s" and OFFICIAL:
        assert rate == 1.0, f"{hits}/{len(cases)}"
    assert rate >= expected - 1e-9, f"{config}: {hits}/{len(cases)} below the measured {expected:.3f}"


@pytest.mark.parametrize("config", ["t2s", "tw2s", "hk2s"])
def test_peer_testcases_to_simplified_misses_only_deliberate_skips(config: str) -> None:
    # to_simplified leaves a line alone when it holds no character OpenCC always changes (乾, 著, 剋, 陞 … are
    # also output by OpenCC); apart from those lines it converts exactly like the engine
    cases = [c for c in _peer_cases() if config in c["expected"]]  # type: ignore[operator]
    for case in cases:
        text = str(case["input"])
        got = to_simplified(text, config=config)
        if got != convert_text(text, config=config):
            assert all(find_trigger(line, config=config) == -1 for line in text.split("\n")), text
            assert got == text
