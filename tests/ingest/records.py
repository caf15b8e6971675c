"""Extraction records built by hand, in the "luoshi.extract/1" shape luoshi.intake returns.

The report is fictional (people, bodies and figures invented for the tests),
written in Traditional script so that matching against Simplified records is
exercised everywhere.
"""

from __future__ import annotations

import hashlib

REPORT = (
    "東川省推進河灣協同發展領導小組第三次全體會議召開\n"
    "本報訊 3月5日,東川省推進河灣協同發展領導小組第三次全體會議以視頻形式召開。"
    "省長、領導小組組長林思遠主持會議並講話。"
    "會議傳達學習了國家有關會議精神,審議通過了2026年重點工作安排。"
    "會議強調,要加快軌道交通互聯互通,年底前建成城際鐵路西段。"
    "要深化科技創新協同,一是共建聯合實驗室,二是開放共享大型儀器。"
    "會上,青港市表示,青港將加快建設城際鐵路青港段。"
    "<script>alert('x')</script>"
)


def span(text: str, part: str) -> list[int]:
    start = text.index(part)
    return [start, start + len(part)]


DIRECTIVE_1 = "要加快軌道交通互聯互通,年底前建成城際鐵路西段。"
DIRECTIVE_2 = "要深化科技創新協同,一是共建聯合實驗室,二是開放共享大型儀器。"
COMMITMENT = "青港將加快建設城際鐵路青港段。"


def record(text: str = REPORT, **overrides) -> dict:
    """A full record for REPORT; keyword arguments replace top-level keys."""
    rec = {
        "schema": "luoshi.extract/1",
        "source": {"path": "report.txt", "encoding": "utf-8", "script": "hant",
                   "sha256": hashlib.sha256(text.encode()).hexdigest(), "format": "txt"},
        "title": "東川省推進河灣協同發展領導小組第三次全體會議召開",
        "subtitle": "",
        "published": "2026-03-06",
        "boilerplate": [],
        "text": text,
        "text_simplified": text,
        "meetings": [{
            "body": "東川省推進河灣協同發展領導小組",
            "session": "第三次全體會議",
            "kind": "plenary",
            "date": {"text": "3月5日", "value": "2026-03-05"},
            "format": "video",
            "venues": [{"name": "青港分會場", "region": "青港市", "is_main": False}],
            "people": [{"name": "林思遠", "posts": ["省長", "領導小組組長"], "roles": ["chair", "speaker"],
                        "venue": None}],
            "agenda": [{"kind": "convey", "text": "傳達學習了國家有關會議精神"},
                       {"kind": "adopt", "text": "審議通過了2026年重點工作安排"}],
            "directives": [
                {"text": DIRECTIVE_1, "span": span(text, DIRECTIVE_1) if DIRECTIVE_1 in text else [0, 0],
                 "area": "infrastructure", "area_keywords": ["軌道"],
                 "deadline": {"text": "年底前", "value": "2026-12-31"}},
                {"text": DIRECTIVE_2, "span": span(text, DIRECTIVE_2) if DIRECTIVE_2 in text else [0, 0],
                 "area": "innovation", "area_keywords": ["科技創新"], "deadline": {"text": "", "value": None}},
            ],
            "commitments": [
                {"party": "青港", "text": COMMITMENT, "span": span(text, COMMITMENT) if COMMITMENT in text else [0, 0]},
            ],
        }],
        "warnings": [],
    }
    rec.update(overrides)
    return rec


TASKLIST = (
    "河灣區2026年重點工作任務分解\n"
    "1.推動地區生產總值增長6%左右。(區發改局牽頭,區統計局配合)\n"
    "2.新建城市公園三座。(區園林處牽頭,各街道配合)\n"
)


def tasklist_record() -> dict:
    d1 = "推動地區生產總值增長6%左右。"
    d2 = "新建城市公園三座。"
    return record(
        text=TASKLIST, title="河灣區2026年重點工作任務分解",
        meetings=[{
            "body": "", "session": "", "kind": "other", "date": {"text": "", "value": None}, "format": "unknown",
            "venues": [], "people": [], "agenda": [], "commitments": [],
            "directives": [
                {"text": d1, "span": span(TASKLIST, d1), "area": "economy", "area_keywords": [],
                 "deadline": {"text": "", "value": None}, "lead": ["區發改局"], "support": ["區統計局"]},
                {"text": d2, "span": span(TASKLIST, d2), "area": "public_services", "area_keywords": [],
                 "deadline": {"text": "", "value": None}, "lead": ["區園林處"], "support": ["各街道"]},
            ],
        }],
    )


# A report covering two sittings: each meeting has its own people, venues, directive and commitment.
TWO_MEETINGS = (
    "河灣協同發展兩次會議情況通報\n"
    "3月5日,東川省推進河灣協同發展領導小組第三次全體會議召開,青港設分會場。"
    "林思遠主持會議。會議強調,要加快軌道交通互聯互通。"
    "3月20日,東川省推進河灣協同發展領導小組辦公室召開專題會議,白沙設分會場。"
    "趙明達在白沙分會場參加會議。會議要求,要推進生態環境聯防聯治。"
    "會上,青港市表示,青港將完成水源地整治。"
)
FIRST_DIRECTIVE = "要加快軌道交通互聯互通。"
SECOND_DIRECTIVE = "要推進生態環境聯防聯治。"
SECOND_COMMITMENT = "青港將完成水源地整治。"


def two_meetings_record() -> dict:
    text = TWO_MEETINGS
    return record(
        text=text, title="河灣協同發展兩次會議情況通報",
        meetings=[
            {"body": "東川省推進河灣協同發展領導小組", "session": "第三次全體會議", "kind": "plenary",
             "date": {"text": "3月5日", "value": "2026-03-05"}, "format": "hybrid",
             "venues": [{"name": "主會場", "region": None, "is_main": True},
                        {"name": "青港分會場", "region": "青港市", "is_main": False}],
             "people": [{"name": "林思遠", "posts": [], "roles": ["chair"], "venue": "主會場"}],
             "agenda": [],
             "directives": [{"text": FIRST_DIRECTIVE, "span": span(text, FIRST_DIRECTIVE), "area": "infrastructure",
                             "area_keywords": [], "deadline": {"text": "", "value": None}}],
             "commitments": []},
            {"body": "東川省推進河灣協同發展領導小組辦公室", "session": "專題會議", "kind": "topic",
             "date": {"text": "3月20日", "value": "2026-03-20"}, "format": "video", "hybrid": True,
             "venues": [{"name": "白沙分會場", "region": None, "is_main": False}],
             "people": [{"name": "趙明達", "posts": [], "roles": ["attendee"], "venue": "白沙分會場"}],
             "agenda": [],
             "directives": [{"text": SECOND_DIRECTIVE, "span": span(text, SECOND_DIRECTIVE), "area": "ecology",
                             "area_keywords": [], "deadline": {"text": "", "value": None}}],
             "commitments": [{"party": "青港", "text": SECOND_COMMITMENT, "span": span(text, SECOND_COMMITMENT)}]},
        ],
    )
