"""No template, module or report spells a law's title by hand: titles come from rules.sources."""

import pathlib
import re

import pytest

from wagewatch.rules.sources import SOURCES

ROOT = pathlib.Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "wagewatch"
#: The table itself: titles, and the articles' wording (which may quote another law by name).
TABLE = {PACKAGE / "rules" / "sources.py", PACKAGE / "rules" / "article_texts.py"}

#: Titles in 《》 that are documents the office issues or forms, not laws: they may be spelled.
DOCUMENT_TITLES = {"责令限期支付（改正）指令书"}

#: 《...》 with literal text inside (a title built from a variable, 《{x}》, is not spelled by hand).
BRACKETED = re.compile(r"《([^》{}\n]+)》")

#: A law cited by a short name instead of its title: 条例第30条, 刑法第276条之一, 第45号令.
ABBREVIATED = re.compile(r"(?:条例|办法|刑法|解释)第[0-9一二三四五六七八九十百]+条|第\d+号令")

#: Sources whose titles are ordinary words elsewhere (the ID-number standard's title is 公民身份号码).
GENERIC_TITLES = {"GB 11643-1999", "GB 32100-2015"}


def _files():
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in {".py", ".html", ".txt", ".xml"} and path not in TABLE:
            yield path


def _hand_spelled(text: str) -> list[str]:
    found = [title for title in BRACKETED.findall(text) if title not in DOCUMENT_TITLES]
    found += ABBREVIATED.findall(text)
    for source in SOURCES.values():
        if source.key in GENERIC_TITLES:
            continue
        for words in (source.title, source.number):
            if words and len(words) >= 6 and words in text:
                found.append(words)
    return found


@pytest.mark.parametrize("path", list(_files()), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_file_spells_a_law_title_by_hand(path):
    assert _hand_spelled(path.read_text(encoding="utf-8")) == [], (
        "take the title from wagewatch.rules.sources (citation(), title_of(), the cite filter)")


def test_the_scan_finds_a_hand_spelled_title():
    assert _hand_spelled("依据《保障农民工工资支付条例》第三十条") != []
    assert _hand_spelled("依据劳动保障监察条例第二十条") != []
    assert _hand_spelled("人力资源社会保障部令第45号") != []
    assert _hand_spelled("施工总承包单位先行清偿（条例第30条）") != []
    assert _hand_spelled("请通过第45号令的程序办理") != []
    assert _hand_spelled("生成《责令限期支付（改正）指令书》；制作《{kind.title}》") == []


def test_docs_spell_only_titles_of_the_table():
    known = {source.title for source in SOURCES.values()} | DOCUMENT_TITLES
    known |= {source.title.replace("〈", "《").replace("〉", "》") for source in SOURCES.values()}
    for path in sorted((ROOT / "docs").glob("*.md")):
        for title in BRACKETED.findall(path.read_text(encoding="utf-8")):
            assert title in known or any(title in k for k in known), (path.name, title)


def test_the_rules_page_explains_every_rule_id_with_its_sources():
    from wagewatch.rules.sources import RULES, citation

    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in RULES.values():
        assert f"`{rule.rule_id}`" in page, rule.rule_id
        assert rule.title in page, rule.title
        for ref in rule.sources:
            assert citation(ref) in page.replace("\n  ", ""), ref


def test_the_rules_page_gives_every_source_its_full_title():
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for source in SOURCES.values():
        assert source.full_title in page or (
            f"《{source.title}》" in page and source.number in page), source.key
