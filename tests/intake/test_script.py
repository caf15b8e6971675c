"""Script detection and the Simplified fold."""
from __future__ import annotations

from luoshi.intake import extract
from luoshi.intake.script import detect_script, to_simplified

from .iohelpers import REPORT_HANS, REPORT_HANT


def test_simplified() -> None:
    assert detect_script(REPORT_HANS) == "hans"


def test_traditional() -> None:
    assert detect_script(REPORT_HANT) == "hant"


def test_traditional_with_conversion_slips_is_still_hant() -> None:
    # a machine conversion that left 并/后/于 in Simplified form: mostly Traditional
    text = "市委書記林致遠主持會議并講話。會議聽取匯報后指出,要立足于長遠,統籌發展與安全,紮實推進各項工作。"
    assert detect_script(text) == "hant"


def test_mixed() -> None:
    text = "會議強調經濟發展。会议强调经济发展。"
    assert detect_script(text) == "mixed"


def test_no_script_specific_characters() -> None:
    assert detect_script("2024 Q1 report") == "hans"
    assert detect_script("") == "hans"


def test_fold_keeps_length_and_content() -> None:
    folded = to_simplified(REPORT_HANT)
    assert folded == REPORT_HANS
    assert len(folded) == len(REPORT_HANT)


def test_record_keeps_text_as_written() -> None:
    record = extract(REPORT_HANT.encode("utf-8"), "r.txt")
    assert record["source"]["script"] == "hant"
    assert "副市長周遠航主持會議並講話" in record["text"]
    assert "副市长周远航主持会议并讲话" in record["text_simplified"]
    assert len(record["text"]) == len(record["text_simplified"])
