"""E-mail through a real SMTP server (aiosmtpd on 127.0.0.1), not Django's in-memory outbox."""

from __future__ import annotations

import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command

from luoshi.lib.text import to_simplified
from luoshi.supervision import actions
from luoshi.supervision.models import Reminder

pytestmark = pytest.mark.django_db


class Collect:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "luoshi@office.example.gov.cn"
    try:
        yield handler
    finally:
        controller.stop()


def parsed(envelope):
    return email.message_from_bytes(envelope.original_content, policy=policy.default)


def test_send_reminders_delivers_one_chinese_digest_per_user_to_a_real_smtp_server(world, day, smtp):
    call_command("send_reminders", "--date", "2026-04-03")
    by_rcpt = {tuple(e.rcpt_tos): e for e in smtp.envelopes}
    assert set(by_rcpt) == {("city@example.gov.cn",), ("leader@example.gov.cn",), ("dept@example.gov.cn",),
                            ("office@example.gov.cn",)}
    message = parsed(by_rcpt[("city@example.gov.cn",)])
    assert message["To"] == "city@example.gov.cn"
    assert message["From"] == "luoshi@office.example.gov.cn"
    assert message["Subject"].strip() == "【落实】2026年4月3日催办提醒：共5项待办"
    body = message.get_content()
    assert "截至2026年4月3日，贵单位有以下事项需要办理：" in body
    assert "已逾期3天" in body and "退回意见" in body
    assert to_simplified(world.task_b.title) in body  # the reader's script

    # And the second run of the day sends nothing over the wire.
    call_command("send_reminders", "--date", "2026-04-03")
    assert len(smtp.envelopes) == 4


def test_a_manual_reminder_reaches_the_smtp_server_at_once(world, smtp):
    actions.remind(world.users["office"], world.task_b, note="请于本周内报送")
    assert sorted(e.rcpt_tos[0] for e in smtp.envelopes) == []  # no address yet: in-app only
    world.users["city"].email = "city@example.gov.cn"
    world.users["city"].save(update_fields=["email"])
    actions.remind(world.users["office"], world.task_b, organization=world.city, note="第二次催办")
    # The double-click guard is per unit and person within a minute; a second reminder a
    # minute later would go through, this one is a repeat and sends nothing.
    assert smtp.envelopes == []
    Reminder.objects.all().delete()
    actions.remind(world.users["office"], world.task_b, note="请于本周内报送")
    assert [e.rcpt_tos for e in smtp.envelopes] == [["city@example.gov.cn"]]
    message = parsed(smtp.envelopes[0])
    assert message["Subject"].strip().startswith("【落实】催办通知：")
    assert "办公室附言：请于本周内报送" in message.get_content()
