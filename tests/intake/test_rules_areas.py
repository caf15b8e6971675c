"""Work areas from the keyword table."""

from __future__ import annotations

from luoshi.intake.areas import classify


def test_areas_by_keyword():
    assert classify("要不断优化营商环境,积极扩大有效投资。")[0] == "economy"
    assert classify("要加快推动科技与产业深度融合,增强产业链供应链韧性。")[0] == "innovation"
    assert classify("要联合开展碳达峰碳中和行动,抓好太湖治理。")[0] == "ecology"
    assert classify("要做好汛期值班和应急抢险准备。")[0] == "epidemic_emergency"
    assert classify("要深入开展安全生产专项整治,排查风险隐患。")[0] == "safety"


def test_keywords_are_returned_and_default_is_general():
    area, words = classify("要在教育、医疗、养老等领域形成更多成果。")
    assert area == "public_services"
    assert set(words) >= {"教育", "医疗", "养老"}
    assert classify("要提高站位,抓好落实。") == ("general", [])
