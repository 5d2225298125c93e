"""OpenCC adapter: the one place that imports ``opencc``.

Two distributions install a module named ``opencc`` and overwrite each other: the official binding (``opencc``
on PyPI, a C++ extension, phrase-aware and fast) and ``opencc-python-reimplemented`` (pure Python, older
dictionaries, a slightly different API). Everything else in policytext converts through this module, which
detects which one is installed (:func:`engine_info`), builds converters for the configurations policytext
supports (:class:`OpenCCConfig`) and knows which characters make a conversion necessary
(:func:`trigger_chars`).

Why the trigger set is not simply "every character OpenCC changes": OpenCC's output is not always a fixed
point of OpenCC (``乾縣`` -> ``乾县`` -> ``干县``: the phrase that protects ``乾`` only exists in its
traditional spelling). A line is therefore converted only when it holds a character that OpenCC always changes
*and* never outputs. The conversion of such a line keeps its phrase context (``乾縣`` -> ``乾县``), and its
output never holds a trigger character again, so normalizing twice gives the same text as normalizing once.

For the official binding the sets come from ``data/opencc_trigger_chars.tsv``, built from the binding's own
dictionaries by ``python -m policytext.convert`` (it dumps the ``.ocd2`` files with the bundled
``opencc_dict``). For the reimplementation they are computed at first use from the text dictionaries it ships.
For an unknown engine they are derived by converting every CJK character one at a time.

Examples:
    >>> convert_text("關心關愛幹部")
    '关心关爱干部'
    >>> parse_config("tw2s")
    <OpenCCConfig.TW2S: 'tw2s'>
    >>> "縣" in trigger_chars("t2s"), "乾" in trigger_chars("t2s"), "县" in trigger_chars("t2s")
    (True, False, False)
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache, lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

__all__ = [
    "EngineInfo",
    "OpenCCConfig",
    "convert_text",
    "engine_info",
    "find_trigger",
    "needs_conversion",
    "parse_config",
    "trigger_chars",
    "trigger_pattern",
]

_DATA_FILE = "opencc_trigger_chars.tsv"
# Candidate characters for engines whose dictionaries we cannot read: the CJK ideograph blocks.
_CJK_BLOCKS = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00), (0x20000, 0x32400))


class OpenCCConfig(StrEnum):
    """The OpenCC conversions to simplified Chinese that policytext supports.

    ``t2s`` converts OpenCC-standard traditional text (mainland traditional forms, most web and print
    sources);
    ``tw2s`` and ``hk2s`` first map Taiwan or Hong Kong variant forms to the standard ones.
    """

    T2S = "t2s"
    TW2S = "tw2s"
    HK2S = "hk2s"


@dataclass(frozen=True, slots=True)
class EngineInfo:
    """Which OpenCC implementation is installed.

    Attributes:
        name: ``opencc`` (the official binding), ``opencc-python-reimplemented``, or ``unknown``.
        version: the distribution or library version, ``unknown`` when it cannot be found.
        official: whether it is the official binding (exact on OpenCC's own test cases).
    """

    name: str
    version: str
    official: bool


def parse_config(config: str | OpenCCConfig) -> OpenCCConfig:
    """Validate an OpenCC configuration name (``t2s``, ``tw2s``, ``hk2s``; a ``.json`` suffix is accepted).

    Raises:
        ValueError: the name is not one of the supported configurations.

    Examples:
        >>> parse_config("hk2s.json")
        <OpenCCConfig.HK2S: 'hk2s'>
        >>> parse_config("s2t")
        Traceback (most recent call last):
        ...
        ValueError: unknown OpenCC config 's2t': choose one of t2s, tw2s, hk2s
    """
    if isinstance(config, OpenCCConfig):
        return config
    name = str(config).strip().lower().removesuffix(".json")
    try:
        return OpenCCConfig(name)
    except ValueError:
        choices = ", ".join(c.value for c in OpenCCConfig)
        raise ValueError(f"unknown OpenCC config {config!r}: choose one of {choices}") from None


def _import_opencc() -> Any:
    try:
        import opencc
    except ImportError as exc:  # pragma: no cover - the dependency is declared
        raise ImportError(
            "policytext needs OpenCC to convert traditional Chinese: pip install opencc "
            "(or opencc-python-reimplemented)"
        ) from exc
    return opencc


def _dist_version(*names: str) -> str:
    for name in names:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return "unknown"


@lru_cache(maxsize=1)
def engine_info() -> EngineInfo:
    """Detect which OpenCC implementation provides the ``opencc`` module.

    Detection looks at the module itself, not at installed metadata: when both distributions were installed,
    the metadata of both is present but only the files of the last one remain.

    Examples:
        >>> engine_info().name in {"opencc", "opencc-python-reimplemented", "unknown"}
        True
    """
    opencc = _import_opencc()
    if hasattr(opencc, "opencc_clib") or hasattr(opencc, "CONFIGS"):
        version = getattr(opencc, "__version__", None) or _dist_version("opencc", "OpenCC")
        return EngineInfo("opencc", str(version), True)
    module_dir = Path(getattr(opencc, "__file__", "") or ".").parent
    if (module_dir / "dictionary").is_dir() and (module_dir / "config").is_dir():
        return EngineInfo("opencc-python-reimplemented", _dist_version("opencc-python-reimplemented"), False)
    return EngineInfo("unknown", str(getattr(opencc, "__version__", "unknown")), False)


_lock = threading.Lock()


@cache
def _converter(config: OpenCCConfig) -> Callable[[str], str]:
    opencc = _import_opencc()
    info = engine_info()
    # The official binding accepts "t2s.json" in every version (bare "t2s" only in recent ones); the
    # reimplementation appends ".json" itself and fails on "t2s.json". Try the engine's form first.
    names = [f"{config.value}.json", config.value] if info.official else [config.value, f"{config.value}.json"]
    errors: list[str] = []
    for name in names:
        try:
            with _lock:
                cc = opencc.OpenCC(name)
                cc.convert("測試")  # the reimplementation loads its dictionaries lazily: fail here, not later
        except Exception as exc:  # each implementation raises its own types for a missing config
            errors.append(f"{name}: {exc}")
            continue
        return cc.convert
    raise RuntimeError(
        f"{info.name} {info.version} cannot load the OpenCC config {config.value!r} ({'; '.join(errors)}); "
        "reinstall the opencc package"
    )


def convert_text(text: str, *, config: str | OpenCCConfig = OpenCCConfig.T2S) -> str:
    """Convert ``text`` with the installed OpenCC engine, unconditionally (no fast path).

    This is the raw adapter; :func:`policytext.normalize.to_simplified` is the normalization step built on it.

    Examples:
        >>> convert_text("乾隆年間的乾燥天氣")
        '乾隆年间的干燥天气'
        >>> convert_text("軟體", config="tw2s")
        '软体'
    """
    if not text:
        return text
    return _converter(parse_config(config))(text)


# --- which characters make a conversion necessary -----------------------------------------------------------


Entry = tuple[str, str]  # (key, first value)


def _changes_and_outputs(stages: list[list[Iterable[Entry]]]) -> tuple[set[str], set[str]]:
    """From the dictionaries of a conversion chain: characters changed when alone, characters the chain can
    output.

    A stage outputs the characters of its dictionary values and passes through every character that is not a
    single-character key it changes; what an early stage outputs and a later stage changes (``來`` from the
    compatibility-ideograph normalization, then ``来``) is not a final output.
    """
    changed: set[str] = set()
    outputs: set[str] = set()
    for stage in stages:
        stage_changed: set[str] = set()
        stage_values: set[str] = set()
        for entries in stage:
            for key, value in entries:
                stage_values.update(value)
                if len(key) == 1 and value != key:
                    stage_changed.add(key)
        outputs = (outputs - stage_changed) | stage_values
        changed |= stage_changed
    return changed, outputs


def _read_text_dict(path: Path) -> Iterator[Entry]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and parts[0]:
                yield parts[0], parts[1].split(" ")[0]


def _dict_files(node: dict[str, Any]) -> list[str]:
    if node.get("type") == "group":
        return [f for d in node.get("dicts", []) for f in _dict_files(d)]
    file = node.get("file")
    return [file] if isinstance(file, str) else []


def _stages_from_config(config_path: Path, dict_dir: Path) -> list[list[Iterable[Entry]]]:
    spec = json.loads(config_path.read_text(encoding="utf-8"))
    stage_nodes = [n["dict"] for n in spec.get("normalization", [])] + [
        n["dict"] for n in spec.get("conversion_chain", [])
    ]
    stages: list[list[Iterable[Entry]]] = []
    for node in stage_nodes:
        files = [dict_dir / Path(f).with_suffix(".txt").name for f in _dict_files(node)]
        stages.append([list(_read_text_dict(p)) for p in files if p.is_file()])
    return stages


def _triggers_from_reimplementation(config: OpenCCConfig) -> frozenset[str]:
    module_dir = Path(_import_opencc().__file__).parent
    stages = _stages_from_config(module_dir / "config" / f"{config.value}.json", module_dir / "dictionary")
    changed, outputs = _changes_and_outputs(stages)
    return frozenset(changed - outputs)


def _triggers_by_probing(config: OpenCCConfig) -> frozenset[str]:
    convert = _converter(config)
    cands = [chr(c) for lo, hi in _CJK_BLOCKS for c in range(lo, hi)]
    # one call; a newline between characters keeps phrases from forming
    converted = convert("\n".join(cands)).split("\n")
    if len(converted) != len(cands):  # pragma: no cover - an engine that rewrites newlines
        converted = [convert(c) for c in cands]
    changed = {c for c, v in zip(cands, converted, strict=True) if v != c}
    outputs = {ch for c, v in zip(cands, converted, strict=True) if v != c for ch in v}
    return frozenset(changed - outputs)


@lru_cache(maxsize=1)
def _shipped_triggers() -> tuple[str, dict[str, frozenset[str]]]:
    text = resources.files("policytext.data").joinpath(_DATA_FILE).read_text(encoding="utf-8")
    version = "unknown"
    table: dict[str, frozenset[str]] = {}
    for line in text.splitlines():
        if line.startswith("# opencc-version:"):
            version = line.split(":", 1)[1].strip()
        if not line or line.startswith("#"):
            continue
        name, chars = line.split("\t")
        table[name] = frozenset(chars)
    return version, table


@cache
def trigger_chars(config: str | OpenCCConfig = OpenCCConfig.T2S) -> frozenset[str]:
    """Characters whose presence in a line makes that line go through OpenCC.

    They are the characters the engine changes even outside any phrase and never produces. Text without any of
    them is left alone (it is either simplified already, or holds only characters such as ``乾``, ``著``,
    ``覆`` that are also correct simplified Chinese).

    Examples:
        >>> {"國", "們", "發"} <= trigger_chars("t2s")
        True
        >>> {"国", "著", "覆"} & trigger_chars("t2s")
        set()
    """
    cfg = parse_config(config)
    info = engine_info()
    if info.official:
        # Built from the dictionaries of one release; other releases change few characters, and a character
        # the table misses only means a line is left unconverted, never that a conversion is repeated.
        chars = _shipped_triggers()[1].get(cfg.value)
        if chars is not None:
            return chars
        return _triggers_by_probing(cfg)  # pragma: no cover - a config missing from the data file
    if info.name == "opencc-python-reimplemented":
        return _triggers_from_reimplementation(cfg)
    return _triggers_by_probing(cfg)  # pragma: no cover - no third engine is installed in CI


def _char_class(chars: Iterable[str]) -> str:
    """A regex character class for ``chars``: BMP characters listed, astral ones as one range.

    Python's regex engine tests a large BMP class with a bitmap, but falls back to a linear scan for listed
    astral characters, so those are folded into the range of the supplementary ideographic planes.
    """
    bmp = sorted(c for c in chars if ord(c) < 0x10000)
    has_astral = any(ord(c) >= 0x10000 for c in chars)
    body = "".join(re.escape(c) for c in bmp)
    if has_astral:
        body += "\U00020000-\U0003ffff"
    return f"[{body}]"


@cache
def trigger_pattern(config: str | OpenCCConfig = OpenCCConfig.T2S) -> re.Pattern[str]:
    """A compiled pattern for a *candidate* trigger: any :func:`trigger_chars` character of the BMP, or any
    supplementary-plane ideograph (confirm those against :func:`trigger_chars`; :func:`find_trigger` does).

    Examples:
        >>> bool(trigger_pattern().search("关心關愛"))
        True
    """
    return re.compile(_char_class(trigger_chars(config)))


def find_trigger(text: str, pos: int = 0, *, config: str | OpenCCConfig = OpenCCConfig.T2S) -> int:
    """Offset of the first trigger character of ``text`` at or after ``pos``, or -1.

    Examples:
        >>> find_trigger("关心關愛")
        2
        >>> find_trigger("关心关爱")
        -1
    """
    search = trigger_pattern(config).search
    chars = trigger_chars(config)
    while (m := search(text, pos)) is not None:
        if m.group() in chars:
            return m.start()
        pos = m.end()  # a supplementary-plane ideograph outside the set
    return -1


def needs_conversion(text: str, *, config: str | OpenCCConfig = OpenCCConfig.T2S) -> bool:
    """Whether ``text`` holds a character that makes OpenCC conversion necessary.

    Examples:
        >>> needs_conversion("关心关爱干部"), needs_conversion("關心關愛幹部")
        (False, True)
    """
    return find_trigger(text, config=config) >= 0


# --- building the data file (development only) --------------------------------------------------------------


def _official_dirs() -> tuple[Path, Path]:
    opencc = _import_opencc()
    root = Path(opencc.__file__).parent / "clib"
    return root / "share" / "opencc", root / "bin" / "opencc_dict"


def build_trigger_table() -> dict[str, str]:
    """Compute the trigger characters of every config from the official binding's ``.ocd2`` dictionaries.

    Dumps each dictionary to text with the ``opencc_dict`` tool bundled in the wheel. Development use only.
    """
    share, tool = _official_dirs()
    out: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for ocd2 in sorted(share.glob("*.ocd2")):
            subprocess.run(
                [
                    str(tool),
                    "-i",
                    str(ocd2),
                    "-o",
                    str(Path(tmp) / f"{ocd2.stem}.txt"),
                    "-f",
                    "ocd2",
                    "-t",
                    "text",
                ],
                check=True,
                capture_output=True,
            )
        for cfg in OpenCCConfig:
            stages = _stages_from_config(share / f"{cfg.value}.json", Path(tmp))
            changed, outputs = _changes_and_outputs(stages)
            out[cfg.value] = "".join(sorted(changed - outputs))
    return out


def main() -> None:
    """Rewrite ``policytext/data/opencc_trigger_chars.tsv`` (needs the official binding)."""
    info = engine_info()
    if not info.official:
        sys.exit("building the trigger table needs the official opencc binding")
    table = build_trigger_table()
    path = Path(__file__).resolve().parent / "data" / _DATA_FILE
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(
            "# Characters that make policytext run OpenCC on a line: changed by the conversion even outside\n"
            "# any phrase, and never produced by it (see policytext/convert.py).\n"
            f"# source: OpenCC {info.version} dictionaries (.ocd2 files of the opencc PyPI wheel,\n"
            "# dumped with its opencc_dict tool);\n"
            f"# built {date.today().isoformat()} by `python -m policytext.convert`.\n"
            f"# opencc-version: {info.version}\n"
            "# config\tcharacters\n"
        )
        for name, chars in table.items():
            fh.write(f"{name}\t{chars}\n")
    print(f"wrote {path}: " + ", ".join(f"{k} {len(v)}" for k, v in table.items()))


if __name__ == "__main__":
    main()
