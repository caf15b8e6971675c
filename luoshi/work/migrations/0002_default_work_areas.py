"""Seed the default work-area taxonomy (DESIGN.md, "Work areas").

Idempotent (matched by slug), so a database that already holds some of the
areas, e.g. entered by hand before this migration existed, is not duplicated.
The reverse keeps the rows: tasks and directives may already point at them.
"""

from django.db import migrations

WORK_AREAS = [
    ("economy", "稳增长与营商环境", ["稳增长", "营商环境", "投资", "消费"]),
    ("innovation", "科技与产业创新", ["科技创新", "产业创新", "产业链", "供应链"]),
    ("infrastructure", "基础设施互联互通", ["轨道", "水运", "机场群", "数字"]),
    ("opening_up", "协同开放", ["自贸区", "开发区", "省际毗邻区"]),
    ("ecology", "生态环境共保联治", ["碳达峰", "碳中和", "长江大保护", "太湖治理"]),
    ("demonstration_zone", "示范区建设", ["生态绿色一体化发展示范区"]),
    ("public_services", "公共服务便利共享", ["教育", "医疗", "就业", "养老", "交通", "旅游"]),
    ("epidemic_emergency", "疫情联防联控与应急管理", ["疫情联防联控", "应急管理"]),
    ("safety", "安全生产", ["安全生产", "风险隐患"]),
    ("general", "学习贯彻与责任落实", ["学习贯彻", "责任落实"]),
]


def seed(apps, schema_editor):
    WorkArea = apps.get_model("work", "WorkArea")
    for order, (slug, name, keywords) in enumerate(WORK_AREAS, start=1):
        WorkArea.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "keywords": "·".join(keywords), "order": order * 10},
        )


class Migration(migrations.Migration):

    dependencies = [
        ("work", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
