"""The one table of legal sources and rule ids, and full Chinese citations built from them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from wagewatch.rules.article_texts import ARTICLES, Article


@dataclass(frozen=True)
class Source:
    """A law or regulation: its full Chinese title and issuing document number."""

    key: str
    title: str              # full title, without 《》
    number: str = ""        # issuing document number, e.g. 人力资源社会保障部令第45号
    cite_number: bool = True  # whether the number follows the title in a citation

    @property
    def full_title(self) -> str:
        """《title》（number） as a reader sees it at the first mention."""
        if self.number and self.cite_number:
            return f"《{self.title}》（{self.number}）"
        return f"《{self.title}》"


#: Every source the rules cite, by internal key.
SOURCES: dict[str, Source] = {s.key: s for s in (
    Source("S-45", "拖欠农民工工资失信联合惩戒对象名单管理暂行办法", "人力资源社会保障部令第45号"),
    Source("S-17", "拖欠农民工工资“黑名单”管理暂行办法", "人社部规〔2017〕16号"),
    Source("S-JI", "最高人民法院关于审理拒不支付劳动报酬刑事案件适用法律若干问题的解释",
           "法释〔2013〕3号", cite_number=False),
    Source("Criminal Law", "中华人民共和国刑法"),
    Source("Civil Code", "中华人民共和国民法典"),
    Source("Labour Law", "中华人民共和国劳动法"),
    Source("Labour Contract Law", "中华人民共和国劳动合同法"),
    Source("Administrative Review Law", "中华人民共和国行政复议法"),
    Source("Administrative Litigation Law", "中华人民共和国行政诉讼法"),
    Source("S-724", "保障农民工工资支付条例", "国务院令第724号"),
    Source("S-423", "劳动保障监察条例", "国务院令第423号"),
    Source("S-25", "关于实施〈劳动保障监察条例〉若干规定", "劳动和社会保障部令第25号"),
    Source("S-310", "行政执法机关移送涉嫌犯罪案件的规定", "国务院令第310号"),
    Source("S-100", "人力资源社会保障部 公安部关于加强涉嫌拒不支付劳动报酬犯罪案件查处衔接工作的通知",
           "人社部发〔2014〕100号"),
    Source("S-29", "重大劳动保障违法行为社会公布办法", "人力资源社会保障部令第29号"),
    Source("GB 32100-2015", "法人和其他组织统一社会信用代码编码规则", "GB 32100—2015"),
    Source("GB 11643-1999", "公民身份号码", "GB 11643—1999"),
)}


def title_of(key: str) -> str:
    """《title》 of a source without its document number, for running text in documents."""
    return f"《{SOURCES[key].title}》"


@dataclass(frozen=True)
class Rule:
    """A rule the system evaluates: its Chinese title, short label and the sources it applies."""

    rule_id: str
    title: str
    short: str
    sources: tuple[str, ...]


#: Every rule id, with the words users read.
RULES: dict[str, Rule] = {r.rule_id: r for r in (
    Rule("blacklist_s45", "拖欠农民工工资失信联合惩戒对象（黑名单）候选", "黑名单候选",
         ("S-45 art. 5", "S-45 art. 7")),
    Rule("police_referral", "涉嫌拒不支付劳动报酬罪，移送公安机关候选", "移送公安候选",
         ("Criminal Law art. 276-1", "S-JI art. 3", "S-310 art. 3")),
    Rule("wage_account_missing", "未开设农民工工资专用账户", "工资专用账户", ("S-724 art. 55 (1)",)),
    Rule("wage_guarantee_missing", "未存储工资保证金", "工资保证金", ("S-724 art. 55 (2)",)),
    Rule("real_name_registration_missing", "未实行劳动用工实名制管理", "实名制", ("S-724 art. 55 (3)",)),
    Rule("notice_board_unchecked", "维权信息告示牌未检查", "告示牌", ("S-724 art. 56 (4)",)),
    Rule("payment_cycle_too_long", "人工费用拨付周期超过1个月", "拨付周期", ("S-724 art. 24",)),
    Rule("payment_cycle_unknown", "未登记人工费用拨付周期", "拨付周期", ("S-724 art. 24",)),
    Rule("labour_officer_missing", "未配备劳资专管员", "劳资专管员", ("S-724 art. 28",)),
)}

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """Chinese numeral for 1..999 as used in article numbers (十二, 二百七十六, 一百零五)."""
    if not 1 <= n <= 999:
        raise ValueError(f"article number out of range: {n}")
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += _DIGITS[hundreds] + "百"
        if rest and tens == 0:
            return out + "零" + _DIGITS[ones]
    if tens:
        out += ("" if tens == 1 and not hundreds else _DIGITS[tens]) + "十"
    if ones:
        out += _DIGITS[ones]
    return out


def article_text(article: int, suffix: int = 0, paragraph: int = 0, item: int = 0) -> str:
    """第N条[之M][第N款][第（N）项]: e.g. 第二百七十六条之一, 第三条第（一）项, 第十二条第二款."""
    out = f"第{chinese_number(article)}条"
    if suffix:
        out += "之" + chinese_number(suffix)
    if paragraph:
        out += f"第{chinese_number(paragraph)}款"
    if item:
        out += f"第（{chinese_number(item)}）项"
    return out


_REF = re.compile(r"^(?P<key>.+?)(?:\s+arts?\.\s*(?P<art>\d+)(?:-(?P<suf>\d+))?)?"
                  r"(?:\s+para\.\s*(?P<para>\d+))?(?:\s*\((?P<item>\d+)\))?$")


def citation(ref: str | tuple, article: int = 0, *, paragraph: int = 0, item: int = 0) -> str:
    """Full Chinese citation of an internal reference: ``"S-45 art. 5"``, ``("S-45", 5)``, a rule id,
    or several references joined by ``;``. Raises KeyError for an unknown source or rule."""
    if isinstance(ref, tuple):
        return citation(*ref)
    if ref in RULES:
        return "；".join(citation(s) for s in RULES[ref].sources)
    if ";" in ref:
        return "；".join(citation(part.strip()) for part in ref.split(";") if part.strip())
    if article:
        return SOURCES[ref].full_title + article_text(article, paragraph=paragraph, item=item)
    m = _REF.match(ref.strip())
    if not m or m["key"] not in SOURCES:
        raise KeyError(ref)
    text = SOURCES[m["key"]].full_title
    if m["art"] and _is_range(ref):
        return text + f"{article_text(int(m['art']))}至{article_text(int(m['suf']))}"
    if m["art"]:
        text += article_text(int(m["art"]), int(m["suf"] or 0), int(m["para"] or 0), int(m["item"] or 0))
    return text


def _is_range(ref: str) -> bool:
    """``arts. 5-6`` is a range of articles (第五条至第六条); ``art. 276-1`` is article 276-1."""
    return "arts." in ref and "-" in ref


def rule_title(rule_id: str) -> str:
    """Chinese title of a rule id; the id itself for an unknown rule."""
    rule = RULES.get(rule_id)
    return rule.title if rule else rule_id


def rule_short(rule_id: str) -> str:
    """Short Chinese label of a rule id (badges); the id itself for an unknown rule."""
    rule = RULES.get(rule_id)
    return rule.short if rule else rule_id


@lru_cache(maxsize=1024)
def citation_or_text(ref: str) -> str:
    """Full citation of ``ref``, or ``ref`` unchanged when it is not a known reference (display only).
    Kept per process: a page of flags cites the same few dozen references hundreds of times."""
    try:
        return citation(ref)
    except (KeyError, ValueError):
        return ref




@lru_cache(maxsize=1024)
def wording(ref: str) -> tuple[Article, ...]:
    """The wording of each reference in ``ref`` (``;``-joined allowed): the article's own entry
    (e.g. ``S-310 art. 6 (2)`` falls back to ``S-310 art. 6``); none for an unknown one. Kept
    per process, as citation_or_text."""
    found = []
    for part in (p.strip() for p in ref.split(";")):
        m = _REF.match(part)
        if not m or not m["art"]:
            continue
        if _is_range(part):
            found += [ARTICLES[key] for n in range(int(m["art"]), int(m["suf"]) + 1)
                      if (key := f"{m['key']} art. {n}") in ARTICLES]
            continue
        article_ref = f"{m['key']} art. {m['art']}" + (f"-{m['suf']}" if m["suf"] else "")
        for key in (part, f"{article_ref} para. {m['para']}" if m["para"] else "", article_ref):
            if key in ARTICLES:
                found.append(ARTICLES[key])
                break
    return tuple(found)


def articles_cited(refs: Iterable[str]) -> tuple[Article, ...]:
    """Each article whose wording one of ``refs`` cites, once, in the order first cited: a page of
    many flags (the police list) prints each article's words once rather than under every
    reason that cites it."""
    return tuple(dict.fromkeys(article for ref in refs for article in wording(ref)))

