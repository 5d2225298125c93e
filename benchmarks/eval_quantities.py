"""Held-out evaluation of quantity extraction: recall and precision on unseen sentences.

The sentences below were written for this benchmark, in the register of county work reports
and newsletters (关心关爱干部, 激励干部担当作为), *before* the extractor was implemented;
they are not used by the tests, and the gold amounts were fixed before the first run (see the
note after ``HELD_OUT`` for the gold policy).

Gold entries are ``"value unit [qualifier]"``: ``value`` is a number in base units, ``x`` for
a redacted value, ``a~b`` for a range; ``unit`` carries the rate basis (``元/人/月``). The gold
is what a careful reader takes the sentence to state, even where that needs context the
extractor does not look at (a rate basis in an earlier clause): such entries are honest
misses, not errors in the gold.

A found quantity matches a gold amount when value, upper bound, redaction and unit agree;
qualifiers are scored separately, among the matches.

Run::

    .venv/bin/python benchmarks/eval_quantities.py            # held-out set
    .venv/bin/python benchmarks/eval_quantities.py --seeds    # also list what the seeds give
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections import Counter
from pathlib import Path

from policytext.quantities import extract_quantities

# (sentence, gold amounts)
# Convention change (2026-11-21): a percentage takes no rate basis (a share is not a rate), so the three
# entries once written %/年 now read %. Convention change (same day): a count of people or things takes no rate
# basis (每年组织2期 -> 2 期; 每名…配备1名 -> 1 名), so three more entries were rewritten; nothing else was touched.
HELD_OUT: list[tuple[str, list[str]]] = [
    ("x县设立干部关爱基金，每年安排专项资金200万元，用于困难干部帮扶。", ["2000000 元/年"]),
    (
        "乡镇工作补贴按每人每月不低于500元的标准发放，偏远乡镇再上浮150元。",
        ["500 元/人/月 at_least", "150 元/人/月 increase"],
    ),
    ("全年共举办各类培训班26期，培训干部3400余人次。", ["26 期", "3400 人次 approx"]),
    (
        "为全县1200余名干部建立健康档案，体检费用标准由人均600元提高到人均1000元。",
        ["1200 名 approx", "600 元/人", "1000 元/人"],
    ),
    ("对在乡镇连续工作满15年的干部，在职级晋升时优先考虑。", ["15 年 at_least"]),
    ("选派35岁以下优秀年轻干部48名到信访、征拆等一线岗位锻炼。", ["35 岁 at_most", "48 名"]),
    ("每季度召开一次干部工作分析会，每半年开展一次谈心谈话全覆盖。", ["1 次/季度", "1 次/半年"]),
    ("2023年，全县共评选表彰“担当作为好干部”30名。", ["30 名"]),
    (
        "根据《关于进一步激励干部担当作为的若干措施》（x办发〔2022〕15号）要求，每年拿出不少于30%的职级晋升名额向乡镇倾斜。",
        ["30 % at_least"],
    ),
    (
        "县财政每年列支x万元，为驻村工作队员购买意外伤害保险，保额每人不低于50万元。",
        ["x 元/年", "500000 元/人 at_least"],
    ),
    (
        "乡镇干部带薪年休假落实率达到95%以上，较上年提高12个百分点。",
        ["95 % at_least", "12 百分点 increase"],
    ),
    ("近三年累计提拔重用一线干部216人，占提拔总数的三分之二。", ["3 年", "216 人", "66.6667 %"]),
    ("对考核优秀的村党组织书记，给予一次性奖励3000元至5000元。", ["3000~5000 元 range"]),
    ("建成乡镇干部周转房38套、职工食堂12个、澡堂9个，实现“五小”设施全覆盖。", ["38 套", "12 个", "9 个"]),
    ("每名新录用公务员配备1名导师，帮带期为1至2年。", ["1 名", "1~2 年 range"]),
    ("年内组织干部到浙江、江苏等地考察学习4批次136人。", ["4 批次", "136 人"]),
    ("全县干部职工年度体检参检率达98.6%，发现并督促治疗重大疾病x例。", ["98.6 %", "x 例"]),
    ("为45名受到不实举报的干部澄清正名，召开澄清会议17场。", ["45 名", "17 场"]),
    ("驻村第一书记每月生活补助提高到1200元，年终考核优秀的额外奖励2000元。", ["1200 元/月", "2000 元"]),
    (
        "将乡镇事业单位人员绩效工资水平上浮20%，对在艰苦边远地区工作的再增加10%。",
        ["20 % increase", "10 % increase"],
    ),
    ("干部教育培训实行学时管理，县级领导干部每年参加集中培训不少于110学时。", ["110 学时/年 at_least"]),
    ("x县委组织部先后3次召开专题会议研究年轻干部培养工作。", ["3 次"]),
    ("截至目前，已为x名因公负伤干部落实医疗补助x万余元。", ["x 名", "x 元 approx"]),
    (
        "全县公开遴选乡镇干部到县直机关工作，其中具有5年以上乡镇工作经历的占80%。",
        ["5 年 at_least", "80 %"],
    ),
    ("建立优秀年轻干部人才库，入库干部平均年龄36.5岁，较上届下降2.3岁。", ["36.5 岁", "2.3 岁"]),
    ("对受处分期满的12名干部进行回访，其中4人被重新提拔使用。", ["12 名", "4 人"]),
    ("夫妻两地分居的干部，每年可享受探亲假20天，往返路费按规定报销。", ["20 天/年"]),
    ("“一把手”要带头开展谈心谈话，每年与班子成员谈心不少于2次。", ["2 次/年 at_least"]),
    ("坚持“三个区分开来”，今年以来为8名干部容错免责，涉及问题线索11条。", ["8 名", "11 条"]),
    ("发放乡镇工作补贴共计1,860万元，惠及乡镇干部2.3万人。", ["18600000 元", "23000 人"]),
    ("县级财政安排干部人才专项经费1500万元，较2022年增长25%。", ["15000000 元", "25 % increase"]),
    (
        "村干部基本报酬由每月2000元提高至每月2600元，增幅30%。",
        ["2000 元/月", "2600 元/月", "30 % increase"],
    ),
    ("在全市率先推行干部“健康积分”制度，积分排名前10%的干部可优先安排疗养。", ["10 %"]),
    ("去年共有x名干部参加疗养，人均疗养费用x千元。", ["x 名", "x 元/人"]),
    ("实施“青蓝工程”，由一名班子成员结对帮带两名年轻干部，结对周期两年。", ["1 名", "2 名", "2 年"]),
    ("对连续两年年度考核被确定为不称职的，依规予以辞退。", ["2 年"]),
    ("2021年5月以来，累计发放未休假补贴86.4万元。", ["864000 元"]),
    ("为乡镇干部统一配发电动车x辆，交通补贴提高至每人每月300元。", ["x 辆", "300 元/人/月"]),
    ("市委组织部每年组织2期心理健康专题培训，每期5天，每期x人左右。", ["2 期", "5 天", "x 人 approx"]),
    ("全县共有x个乡镇、x个村（社区），在编乡镇干部1068名。", ["x 个", "x 个", "1068 名"]),
    (
        "县委书记带头走访慰问困难干部和老党员，今年两节期间共慰问327人，送去慰问金及物资折合41.5万元。",
        ["327 人", "415000 元"],
    ),
    (
        "严格执行《公务员奖励规定》，年度考核优秀等次比例一般不超过机关公务员总数的20%。",
        ["20 % at_most"],
    ),
    ("对获得嘉奖的公务员，给予一次性奖金1500元；记三等功的，给予3000元。", ["1500 元", "3000 元"]),
    ("各乡镇设立干部“暖心驿站”，配备图书x册、健身器材x台。", ["x 册", "x 台"]),
    (
        "全县4.2万余名党员干部参与“我为群众办实事”实践活动，办理实事1.6万件。",
        ["42000 名 approx", "16000 件"],
    ),
    ("推行“周一夜学”“月末讲堂”制度，每周学习时间不少于4小时。", ["4 小时/周 at_least"]),
    ("x县投资1.2亿元建设干部培训中心，占地面积50亩，可同时容纳500人培训。", ["120000000 元", "500 人"]),
    ("乡镇干部平均每月下村时间达20天以上，较以往增加5天。", ["20 天/月 at_least", "5 天/月 increase"]),
    ("科级领导干部任职试用期为一年，试用期满考核合格的正式任职。", ["1 年"]),
    (
        "从2024年起，乡镇工作补贴标准调整为每人每月不低于800元，并按年均5%的幅度递增。",
        ["800 元/人/月 at_least", "5 % increase"],
    ),
    ("中共x县委组织部 2023年11月20日", []),
    ("各地要坚持一把手抓、抓一把手，层层压实责任，一级抓一级。", []),
    ("围绕“十四五”规划目标，推动形成“一村一品”“一乡一业”发展格局。", []),
    ("开展“三抓三促”行动，落实“四下基层”制度，做到一线工作法常态化。", []),
    ("对年满55周岁的科级干部，可根据本人意愿退出领导岗位。", ["55 岁 at_least"]),
    ("每年按照不低于在职干部总数5%的比例评选优秀干部。", ["5 % at_least"]),
    ("村（社区）干部养老保险补贴每人每年x元，由县财政全额负担。", ["x 元/人/年"]),
    ("建立县级领导联系服务专家人才制度，每名县级领导联系2至3名专家人才。", ["2~3 名 range"]),
    (
        "举办年轻干部“擂台比武”活动6场次，参与干部870余人，评出优胜者x名。",
        ["6 场次", "870 人 approx", "x 名"],
    ),
    ("为全县*名干部办理了职工医疗互助保障，累计受益*人次，申领资金*万元。", ["x 名", "x 人次", "x 元"]),
    (
        "驻村干部每年在村工作时间不少于200天，每月在村住宿不少于20天。",
        ["200 天/年 at_least", "20 天/月 at_least"],
    ),
    ("乡镇机关公务员职级晋升比例较县直机关高出10个百分点，平均提前2年晋升。", ["10 百分点", "2 年"]),
    ("县委组织部每两年开展一次优秀年轻干部集中调研。", ["1 次/2年"]),
    (
        "近5年来，全县共有1800余名干部得到提拔或进一步使用，其中女干部占比约28%。",
        ["5 年", "1800 名 approx", "28 % approx"],
    ),
    ("各地先后出台关爱措施10余项，解决干部子女入学、配偶就业等问题x个。", ["10 项 approx", "x 个"]),
    ("制定印发《关于激励干部担当作为的十条措施》。", []),
    (
        "乡镇干部生日慰问标准为每人二百元，困难干部节日慰问标准提高到一千五百元。",
        ["200 元/人", "1500 元"],
    ),
    ("县级以上劳动模范待遇按照每月300元的标准发放，连续发放至退休。", ["300 元/月"]),
]
# Gold policy: every amount stated with a number (Arabic, Chinese or a redaction placeholder)
# and a unit, except dates, document numbers, ordinals, names of programmes and slogans; areas
# (亩) are not counted as cadre-care amounts. A fraction is gold as a percentage (三分之二 ->
# 66.6667 %). A period (每两年…一次) is gold as the count, with the period as its basis.

_GOLD_RE = re.compile(r"^(?P<v>x|[\d.]+)(?:~(?P<u>x|[\d.]+))?\s+(?P<unit>\S+)(?:\s+(?P<q>\S+))?$")


def _parse_gold(entry: str) -> tuple[float | None, float | None, str, str | None]:
    m = _GOLD_RE.match(entry)
    if m is None:
        raise ValueError(f"bad gold entry {entry!r}")
    value = None if m["v"] == "x" else float(m["v"])
    upper = None if m["u"] in (None, "x") else float(m["u"])
    return value, upper, m["unit"], m["q"]


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-4, abs_tol=1e-3)


def evaluate(verbose: bool = True) -> tuple[float, float, float]:
    """Return (recall, precision, qualifier agreement among matches) on the held-out set."""
    n_gold = n_found = n_match = n_qual = 0
    for sentence, gold_entries in HELD_OUT:
        gold = [_parse_gold(g) for g in gold_entries]
        found = extract_quantities(sentence)
        n_gold += len(gold)
        n_found += len(found)
        unmatched = list(range(len(gold)))
        extra = []
        for q in found:
            for i in unmatched:
                value, upper, unit, _ = gold[i]
                if _same(q.value, value) and _same(q.upper, upper) and q.unit == unit:
                    unmatched.remove(i)
                    n_match += 1
                    n_qual += q.qualifier == gold[i][3]
                    if verbose and q.qualifier != gold[i][3]:
                        print(f"  qualifier: {sentence[:30]}… {q.text!r}: {q.qualifier} != {gold[i][3]}")
                    break
            else:
                extra.append(q)
        if verbose and (unmatched or extra):
            print(f"- {sentence}")
            for i in unmatched:
                print(f"    missed {gold_entries[i]}")
            for q in extra:
                v = "x" if q.redacted else q.value
                print(f"    extra  {q.text!r} -> {v} {q.unit} {q.qualifier} upper={q.upper}")
    recall = n_match / n_gold if n_gold else 1.0
    precision = n_match / n_found if n_found else 1.0
    qual = n_qual / n_match if n_match else 1.0
    print(
        f"held-out: {len(HELD_OUT)} sentences, {n_gold} gold amounts, {n_found} found, {n_match} matched\n"
        f"recall {recall:.1%}  precision {precision:.1%}  qualifier agreement {qual:.1%}"
    )
    return recall, precision, qual


_PINYIN_RE = re.compile(r"\([a-zü]+\)")
_ASCII_PUNCT = str.maketrans({",": "，", ";": "；", ":": "：", "?": "？", "!": "！"})
_SPACE_NEAR_DIGIT_RE = re.compile(r"(?<=[\d%])[ \t]+(?=\S)|(?<=\S)[ \t]+(?=\d)")


def crude_normalize(text: str) -> str:
    """A stand-in for the project's normalizer, good enough for the seed files (t2s, pinyin, punctuation)."""
    import opencc

    text = _PINYIN_RE.sub("", text)
    text = opencc.OpenCC("t2s").convert(text)
    text = text.translate(_ASCII_PUNCT)
    return _SPACE_NEAR_DIGIT_RE.sub("", text)


def list_seeds(folder: Path) -> None:
    """Print every quantity found in the seed files, with its clause, for reading."""
    counts: Counter[str] = Counter()
    for path in sorted(folder.glob("*.txt")):
        text = crude_normalize(path.read_text(encoding="utf-8"))
        found = extract_quantities(text)
        print(f"\n=== {path.name}: {len(found)} quantities")
        for q in found:
            assert text[q.start : q.end] == q.text
            left = max(text.rfind("，", 0, q.start), text.rfind("。", 0, q.start), text.rfind("\n", 0, q.start))
            context = text[left + 1 : q.end + 6].replace("\n", " ")
            v = "x" if q.redacted else (f"{q.value:g}" if q.value is not None else None)
            up = f"~{q.upper:g}" if q.upper is not None else ""
            print(f"  {q.text:<14} {v}{up} {q.unit} {q.kind.value} {q.qualifier or ''}   | {context}")
            counts[q.kind.value] += 1
    print("\nby kind:", dict(counts))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", action="store_true", help="also list quantities found in ../shared/seeds")
    parser.add_argument("--quiet", action="store_true", help="print only the totals")
    args = parser.parse_args(argv)
    evaluate(verbose=not args.quiet)
    if args.seeds:
        folder = Path(__file__).resolve().parents[2] / "shared" / "seeds"
        if folder.is_dir():
            list_seeds(folder)
        else:
            print(f"no seed folder at {folder}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
