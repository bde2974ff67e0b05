"""The sources table: Chinese numerals, full citations, and every cited key known."""

import pathlib
import re

import pytest

from wagewatch.rules import sources
from wagewatch.rules.sources import article_text, chinese_number, citation, rule_title


@pytest.mark.parametrize("n, text", [
    (1, "一"), (9, "九"), (10, "十"), (11, "十一"), (12, "十二"), (20, "二十"), (99, "九十九"),
    (100, "一百"), (101, "一百零一"), (105, "一百零五"), (110, "一百一十"), (119, "一百一十九"),
    (200, "二百"), (276, "二百七十六"), (999, "九百九十九")])
def test_chinese_number(n, text):
    assert chinese_number(n) == text


@pytest.mark.parametrize("n", [0, -1, 1000])
def test_chinese_number_out_of_range(n):
    with pytest.raises(ValueError):
        chinese_number(n)


def test_article_text_forms():
    assert article_text(276, 1) == "第二百七十六条之一"
    assert article_text(3, item=1) == "第三条第（一）项"
    assert article_text(12, paragraph=2) == "第十二条第二款"
    assert article_text(276, 1, paragraph=3) == "第二百七十六条之一第三款"


def test_full_citations_of_the_issue():
    assert citation(("S-45", 5)) == ("《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》"
                                     "（人力资源社会保障部令第45号）第五条")
    assert citation("S-45 art. 5") == citation(("S-45", 5))
    assert citation("S-JI art. 3 (1)") == ("《最高人民法院关于审理拒不支付劳动报酬刑事案件适用法律若干问题的解释》"
                                           "第三条第（一）项")
    assert citation("Criminal Law art. 276-1") == "《中华人民共和国刑法》第二百七十六条之一"
    assert citation("Criminal Law art. 276-1 para. 3") == "《中华人民共和国刑法》第二百七十六条之一第三款"
    assert citation("S-100") == ("《人力资源社会保障部 公安部关于加强涉嫌拒不支付劳动报酬犯罪案件查处衔接工作的通知》"
                                 "（人社部发〔2014〕100号）")


def test_joined_references_and_rule_ids():
    assert citation("S-JI art. 2; S-100").count("》") == 2
    assert "第二百七十六条之一" in citation("police_referral")
    assert rule_title("blacklist_s45").startswith("拖欠农民工工资失信联合惩戒对象")
    assert rule_title("unknown_rule") == "unknown_rule"


def test_unknown_source_raises():
    with pytest.raises(KeyError):
        citation("S-99 art. 1")


def test_every_rule_source_is_in_the_table():
    for rule in sources.RULES.values():
        for ref in rule.sources:
            assert "》" in citation(ref)


def test_every_source_cited_in_rules_is_in_the_table():
    root = pathlib.Path(sources.__file__).parent
    refs = set()
    for path in root.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        refs.update(re.findall(r'source="([^"]+)"', text))
        refs.update(re.findall(r'"((?:S-[A-Z0-9]+|Criminal Law|Civil Code)(?: art\.[^":\n{]*)?)"', text))
    assert refs
    for ref in refs:
        assert "》" in citation(ref), ref


def test_instrument_titles_come_from_the_table():
    from wagewatch.instruments import citations as instrument_citations
    assert "《" + sources.SOURCES["S-45"].title + "》" == instrument_citations.BLACKLIST_MEASURES
    assert instrument_citations.LABOUR_INSPECTION_RULES == "《关于实施〈劳动保障监察条例〉若干规定》"


def test_a_range_of_articles_is_not_an_article_with_a_suffix():
    assert citation("S-310 arts. 5-6").endswith("第五条至第六条")
    assert citation("S-310 art. 5") .endswith("第五条")


@pytest.mark.parametrize("ref", [
    "S-45 art. 5", "S-45 art. 7", "S-45 art. 12", "S-45 art. 13", "S-JI art. 2", "S-JI art. 3",
    "S-JI art. 4", "Criminal Law art. 276-1", "Criminal Law art. 276-1 para. 3", "S-423 art. 17",
    "S-423 art. 20", "S-423 art. 26", "S-724 art. 24", "S-724 art. 28", "S-724 art. 29",
    "S-724 art. 30", "S-724 art. 36", "S-724 art. 48", "S-724 art. 55", "S-724 art. 56",
    "S-310 art. 3", "S-310 art. 5", "S-310 art. 6", "S-310 art. 8", "S-310 art. 9", "S-310 art. 12",
])
def test_the_articles_the_rules_cite_have_their_wording(ref):
    (article,) = sources.wording(ref)
    assert article.label.startswith(citation(ref).split("第")[0])
    assert article.label.endswith("（要旨）" if article.summary else "（原文）")
    assert len(article.text) > 20


def test_wording_falls_back_from_item_to_article_and_splits_joined_references():
    assert [a.ref for a in sources.wording("S-310 art. 6 (2)")] == ["S-310 art. 6"]
    assert [a.ref for a in sources.wording("Criminal Law art. 276-1 para. 3")] == [
        "Criminal Law art. 276-1 para. 3"]
    assert [a.ref for a in sources.wording("S-JI art. 2; S-100")] == ["S-JI art. 2"]
    assert sources.wording("S-45") == () and sources.wording("S-99 art. 1") == ()


def test_quoted_wording_carries_the_statute_s_own_words():
    assert "在提起公诉前支付劳动者的劳动报酬" in sources.ARTICLES["Criminal Law art. 276-1 para. 3"].text
    assert "自行为终了之日起计算" in sources.ARTICLES["S-423 art. 20"].text
    assert "50%以上1倍以下" in sources.ARTICLES["S-423 art. 26"].text


def test_every_article_cited_anywhere_in_the_package_has_its_wording():
    """A reader who opens 条文 beside any citation the app shows finds the article's words."""
    root = pathlib.Path(sources.__file__).parent.parent
    quoted = re.compile(r'["\']((?:S-\w+|Criminal Law|Civil Code) arts?\. \d+(?:-\d+)?'
                        r'(?: para\. \d+)?(?: \(\d+\))?)["\']')
    refs = set()
    for path in [*root.rglob("*.py"), *root.rglob("*.html")]:
        refs.update(quoted.findall(path.read_text(encoding="utf-8")))
    assert len(refs) > 30
    missing = sorted(ref for ref in refs if not sources.wording(ref))
    assert missing == []


def test_articles_cited_gives_each_article_once_in_the_order_first_cited():
    cited = sources.articles_cited(["S-45 art. 5 (2)", "S-JI art. 3 (1)", "S-45 art. 5; S-423 art. 26",
                                    "not a reference", "S-JI art. 3"])
    assert [a.ref for a in cited] == ["S-45 art. 5", "S-JI art. 3", "S-423 art. 26"]
    assert sources.articles_cited([]) == ()


def test_each_article_has_its_own_html_anchor():
    anchors = [article.anchor for article in sources.ARTICLES.values()]
    assert len(set(anchors)) == len(anchors)
    assert all(re.fullmatch(r"wording-[A-Za-z0-9-]+", anchor) for anchor in anchors)
    assert sources.ARTICLES["Criminal Law art. 276-1 para. 3"].anchor == "wording-Criminal-Law-art-276-1-para-3"
