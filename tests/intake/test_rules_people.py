"""Participants, posts and roles (texts written for these tests; the people are fictional)."""

from __future__ import annotations

import opencc

from luoshi.intake.meetings import read_meetings

_T2S = opencc.OpenCC("t2s").convert


def _people(text: str) -> dict[str, dict]:
    meeting = read_meetings(text, _T2S(text), None)[0][0]
    return {p["name"]: p for p in meeting["people"]}


TRAD = (
    "昨天，省推進城鄉融合發展領導小組召開第二次全體會議。省委書記、省推進城鄉融合發展領導小組組長"
    "趙立平主持會議並講話，省長、領導小組副組長錢明遠就下一步工作作安排。會議以視頻形式召開。"
    "市委書記孫志剛在泰州分會場參加會議並作交流發言。市委副書記、代市長李文博在分會場參加。\n"
    "市領導周海、吳建國，市政府秘書長鄭凱在泰州分會場參加會議。"
)


def test_posts_before_name_split_at_dunhao_in_traditional():
    people = _people(TRAD)
    assert people["趙立平"]["posts"] == ["省委書記", "省推進城鄉融合發展領導小組組長"]
    assert people["李文博"]["posts"] == ["市委副書記", "代市長"]
    assert people["鄭凱"]["posts"] == ["市政府秘書長"]


def test_roles_from_the_verbs_after_the_name():
    people = _people(TRAD)
    assert set(people["趙立平"]["roles"]) == {"chair", "speaker"}
    assert people["錢明遠"]["roles"] == ["speaker"]
    assert set(people["孫志剛"]["roles"]) == {"attendee", "exchange"}
    assert people["孫志剛"]["venue"] == "泰州分會場"


def test_collective_label_is_shared_by_the_list():
    people = _people(TRAD)
    assert people["周海"]["posts"] == ["市領導"]
    assert people["吳建國"]["posts"] == ["市領導"]
    assert people["吳建國"]["roles"] == ["attendee"]


def test_groups_followed_by_a_comma_share_the_next_verb():
    text = ("9月3日，江蘇省省委常委、常務副省長方志遠，浙江省副省長程立新出席會議並講話。"
            "三省一市有關部門負責同志參加會議。")
    people = _people(text)
    assert people["方志遠"]["posts"] == ["江蘇省省委常委", "常務副省長"]
    assert set(people["方志遠"]["roles"]) == {"attendee", "speaker"}
    assert set(people["程立新"]["roles"]) == {"attendee", "speaker"}


def test_name_before_post_pattern_half_width():
    text = "5月8日,区长联席会议在杭州召开。我局韩立军局长、马晓燕副局长参加了会议。"
    people = _people(text)
    assert people["韩立军"]["posts"] == ["局长"]
    assert people["马晓燕"]["posts"] == ["副局长"]
    assert people["马晓燕"]["roles"] == ["attendee"]


def test_conveyed_speaker_and_entrusting_leader_are_not_participants():
    text = ("3月2日,市政府党组召开会议,传达学习省委书记欧阳明在全省工作会议上的讲话精神。"
            "受市长许国平委托,副市长蒋红主持会议。")
    people = _people(text)
    assert "欧阳明" not in people
    assert "许国平" not in people
    assert people["蒋红"]["roles"] == ["chair"]


def test_later_subject_mention_adds_speaker_but_not_for_a_pledge():
    text = ("4月1日,市委书记杜文华主持召开专题会议。市委副书记胡晓明在会上发言。"
            "杜文华强调,要抓好春耕生产。胡晓明在发言时表示,我市将全力以赴。")
    people = _people(text)
    assert set(people["杜文华"]["roles"]) == {"chair", "speaker"}
    assert "speaker" not in people["胡晓明"]["roles"]


def test_second_post_holder_after_he_does_not_inherit_the_first_post():
    people = _people("6月9日,市委书记罗志勇和市长邓丽出席会议。")
    assert people["罗志勇"]["posts"] == ["市委书记"]
    assert people["邓丽"]["posts"] == ["市长"]


def test_text_without_punctuation():
    people = _people("市委书记张振华主持召开市委常委会会议 市长林晓东出席会议并讲话")
    assert people["张振华"]["roles"] == ["chair"]
    assert set(people["林晓东"]["roles"]) == {"attendee", "speaker"}
