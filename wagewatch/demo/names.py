"""Chinese names for demo data: people, companies, projects, addresses, banks and phones."""

from __future__ import annotations

import random
from itertools import accumulate

# The hundred commonest surnames with their approximate shares (per cent of the population).
_SURNAME_TABLE = (
    "王7.1 李7.0 张6.7 刘5.4 陈4.5 杨3.1 黄2.2 赵2.0 吴1.8 周1.7 徐1.3 孙1.2 马1.2 朱1.1 胡1.0 "
    "郭0.97 何0.94 林0.89 高0.88 罗0.86 郑0.8 梁0.7 谢0.6 宋0.55 唐0.54 许0.5 韩0.5 冯0.5 邓0.5 "
    "曹0.48 彭0.47 曾0.46 肖0.45 田0.44 董0.43 袁0.42 潘0.41 于0.4 蒋0.4 蔡0.39 余0.38 杜0.37 "
    "叶0.36 程0.35 苏0.34 魏0.33 吕0.32 丁0.31 任0.3 沈0.3 姚0.29 卢0.28 姜0.27 崔0.26 钟0.25 "
    "谭0.24 陆0.23 汪0.22 范0.22 金0.21 石0.21 廖0.2 贾0.2 夏0.19 韦0.18 付0.18 方0.17 白0.17 "
    "邹0.16 孟0.16 熊0.15 秦0.15 邱0.15 江0.14 尹0.14 薛0.13 闫0.13 段0.12 雷0.12 侯0.12 龙0.11 "
    "史0.11 陶0.1 黎0.1 贺0.1 顾0.1 毛0.1 郝0.1 龚0.09 邵0.09 万0.09 钱0.08 严0.08 覃0.08 武0.08 "
    "戴0.08 莫0.07 孔0.07 向0.07 汤0.07"
).split()
SURNAMES = tuple(item[0] for item in _SURNAME_TABLE)
_SURNAME_CUM = tuple(accumulate(float(item[1:]) for item in _SURNAME_TABLE))

MALE_GIVEN = ("伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆旭宁龙林国峰建文海东成"
              "兵春洪志永庆德祥生福贵山宝金才忠亮新中立江胜发荣学武晓振长")
FEMALE_GIVEN = "芳娜敏静丽艳娟霞秀英兰玲燕萍红梅琴云莉桂凤洁慧倩婷雪颖琳晶丹欣玉珍翠荣丽秋月巧"

# Company names: 字号 (trade name) + trade + legal form.
TRADE_NAME_CHARS = ("鸿泰恒远华宇金鼎宏达瑞丰盛世天成永固兴隆安顺众诚汇通嘉禾德信鑫源"
                    "润泽佳和伟业宏图东方新城中联正阳博晟锦程富康利民腾飞弘毅广厦万通恒基")
CONSTRUCTION_TRADES = (
    ("建设工程", "建设"), ("建筑安装工程", "建安"), ("建筑劳务", "劳务"), ("市政工程", "市政"),
    ("园林绿化工程", "园林"), ("装饰工程", "装饰"), ("钢结构工程", "钢构"), ("机电安装工程", "机电"),
    ("劳务分包", "劳务"), ("土石方工程", "土石方"), ("防水保温工程", "防水"), ("水电安装", "水电"),
)
OTHER_TRADES = (
    ("服装", "服装"), ("食品", "食品"), ("物流", "物流"), ("餐饮管理", "餐饮"), ("物业管理", "物业"),
    ("电子科技", "电子"), ("机械制造", "机械"), ("保安服务", "保安"), ("家政服务", "家政"),
    ("包装材料", "包装"), ("汽车零部件", "汽配"), ("木业", "木业"), ("商贸", "商贸"),
)
LEGAL_FORMS = ("有限公司", "有限公司", "有限公司", "有限责任公司", "股份有限公司")
DEVELOPER_TRADES = (("置业", "置业"), ("房地产开发", "地产"))
PUBLIC_OWNERS = (
    ("徐州经济技术开发区建设局", "11320301", "government"),
    ("徐州经济技术开发区教育文体局", "11320301", "government"),
    ("徐州经济技术开发区城市管理局", "11320301", "government"),
    ("徐州经开城市建设投资发展有限公司", "91320301", "soe"),
    ("徐州经开产业园区投资有限公司", "91320301", "soe"),
    ("徐州经开安居保障房建设有限公司", "91320301", "soe"),
)
ROADS = ("杨山路", "螺山路", "黄河路", "高新路", "荆马河路", "徐海路", "金山桥路", "鲲鹏路",
         "宝莲寺路", "东环路", "大庙路", "徐庄路", "苏山路", "桃山路", "兴业路", "创业路")
PLACE_NAMES = ("金山", "杨山", "螺山", "荆马河", "大黄山", "徐庄", "大庙", "鲲鹏", "桃园", "凤凰",
               "龙湖", "汉韵", "彭城", "云龙", "泉山", "潘安")
PROJECT_KINDS = (
    "安置房{n}期工程", "花园住宅小区{n}期", "标准厂房项目", "道路改造工程", "雨污分流改造工程",
    "学校新建工程", "社区卫生服务中心项目", "智能制造产业园{n}期", "物流园仓储项目",
    "老旧小区改造工程", "综合管廊工程", "商业综合体项目", "河道整治工程", "公租房项目",
)
CHINESE_ORDINALS = "一二三四五"
BANKS = ("中国建设银行徐州经济技术开发区支行", "中国工商银行徐州金山桥支行",
         "中国农业银行徐州经济技术开发区支行", "中国银行徐州杨山路支行", "江苏银行徐州分行营业部",
         "徐州农村商业银行金山桥支行", "交通银行徐州分行营业部")
SITE_LIAISON_POSTS = ("经开区建设局副局长", "经开区人社局副局长", "{t}办事处副主任", "{t}党工委委员",
                      "经开区住建局四级调研员", "{t}综合执法局局长")
MANAGER_TITLES = ("执行董事兼总经理", "董事长", "总经理", "执行董事", "经理")
PHONE_SECOND = "3456789"
PHONE_THIRD = {"3": "0123456789", "4": "579", "5": "012356789", "6": "6", "7": "3678",
               "8": "0123456789", "9": "189"}


def person_name(rng: random.Random, male: bool) -> str:
    """A surname by its frequency and a one- or two-character given name matching the sex."""
    surname = rng.choices(SURNAMES, cum_weights=_SURNAME_CUM)[0]
    pool = MALE_GIVEN if male else FEMALE_GIVEN
    given = rng.choice(pool) if rng.random() < 0.3 else rng.choice(pool) + rng.choice(pool)
    return surname + given


def phone(rng: random.Random) -> str:
    """A mobile number 1[3-9]x with a prefix carriers actually issue."""
    second = rng.choice(PHONE_SECOND)
    return f"1{second}{rng.choice(PHONE_THIRD[second])}{rng.randrange(10 ** 8):08d}"


def trade_name(rng: random.Random) -> str:
    """A two-character 字号 such as 鸿泰 or 金鼎."""
    first = rng.randrange(0, len(TRADE_NAME_CHARS), 2)
    second = rng.randrange(0, len(TRADE_NAME_CHARS))
    name = TRADE_NAME_CHARS[first] + TRADE_NAME_CHARS[second]
    return name if name[0] != name[1] else TRADE_NAME_CHARS[first:first + 2]


def company_name(rng: random.Random, construction: bool, developer: bool = False) -> tuple[str, str]:
    """A company's full name and short name, e.g. 徐州鸿泰建设工程有限公司 / 鸿泰建设."""
    brand = trade_name(rng)
    trades = DEVELOPER_TRADES if developer else (CONSTRUCTION_TRADES if construction else OTHER_TRADES)
    trade, short = rng.choice(trades)
    place = rng.choice(("徐州", "徐州", "徐州", "江苏", "徐州经济技术开发区"))
    return f"{place}{brand}{trade}{rng.choice(LEGAL_FORMS)}", f"{brand}{short}"


def address(rng: random.Random) -> str:
    """A street address in the development zone."""
    return f"徐州经济技术开发区{rng.choice(ROADS)}{rng.randint(1, 299)}号"


def project_name(rng: random.Random, township: str) -> str:
    """A project site name such as 金山桥街道杨山安置房二期工程."""
    kind = rng.choice(PROJECT_KINDS).format(n=rng.choice(CHINESE_ORDINALS))
    return f"{township}{rng.choice(PLACE_NAMES)}{kind}"


def bank_account(rng: random.Random) -> tuple[str, str]:
    """A bank branch and a 19-digit account number for a project's wage account."""
    return rng.choice(BANKS), f"3205{rng.randrange(10 ** 15):015d}"
