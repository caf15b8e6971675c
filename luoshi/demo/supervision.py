"""The office's supervision: manual reminders, the daily digest, the supervision bulletin.

The bulletin is drafted by luoshi.supervision.bulletin and issued and edited
through create_bulletin and save_bulletin with the story's time (at=). For
reminders and the digest the pieces that do not depend on the clock are
called (the manual reminder's message, the digest's items and messages) and
the rows are written with the story's times: remind() sends e-mail and acts
now, the digest's run writes as of today.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter

from django.utils import translation

from luoshi.accounts.models import User
from luoshi.demo import clock
from luoshi.demo import content as c
from luoshi.demo.clock import Story
from luoshi.demo.directory import UNIT_ROLES
from luoshi.supervision import bulletin as bulletins
from luoshi.supervision import digest as digests
from luoshi.supervision import mail
from luoshi.supervision.actions import create_bulletin, manual_message, save_bulletin
from luoshi.supervision.models import Digest, Reminder


class Supervision(Story):
    # -- reminders (催办) and the daily digest -------------------------------------

    def remind(self, spec: dict) -> None:
        """A manual reminder from the office, as luoshi.supervision.actions.remind writes it."""
        task, unit, when = self.tasks[spec["task"]], self.orgs[spec["unit"]], clock.at(spec["at"])
        if Reminder.objects.filter(task=task, organization=unit, kind=Reminder.Kind.MANUAL, created_at=when).exists():
            return
        recipients = list(User.objects.filter(is_active=True, role__in=UNIT_ROLES, organization=unit).order_by("pk"))
        if not recipients:
            return
        batch, note, rows = uuid.uuid4(), spec["note"], []
        for user in recipients:
            with mail.override(user):
                message = manual_message(task, note, mail.language_of(user))
            read = spec.get("read", {}).get(user.username)
            rows.append(Reminder(recipient=user, organization=unit, task=task, kind=Reminder.Kind.MANUAL,
                                 message=message, created_by=self.office_user, batch=batch,
                                 read_at=clock.at(read) if read else None))
        Reminder.objects.bulk_create(rows)
        Reminder.objects.filter(batch=batch).update(created_at=when)
        self.result.created["supervision.Reminder"] += len(rows)
        self.record(self.office_user, "task.reminded", task,
                    {"units": [str(unit)], "recipients": [u.username for u in recipients], "note": note},
                    task=task, at=when)

    def digest(self) -> None:
        """One morning's run of send_reminders: luoshi.supervision.digest's items and messages, rows as its _write."""
        day, sent = c.DIGEST_DATE, clock.at(c.DIGEST_SENT)
        if Digest.objects.filter(date=day).exists():
            return
        by_unit = digests.items_by_unit(day)
        users = User.objects.filter(is_active=True, role__in=UNIT_ROLES, organization_id__in=by_unit).order_by("pk")
        for n, user in enumerate(users):
            items = by_unit[user.organization_id]
            when = sent + dt.timedelta(seconds=n)
            with mail.override(user):
                messages = [item.message(day, mail.language_of(user)) for item in items]
            digest = Digest.objects.create(recipient=user, date=day, items=len(items))
            clock.backdate(digest, when)
            Reminder.objects.bulk_create([
                Reminder(recipient=user, organization_id=user.organization_id, task=item.task, round=item.round,
                         kind=item.kind, message=text, digest_date=day)
                for item, text in zip(items, messages, strict=True)
            ])
            Reminder.objects.filter(recipient=user, digest_date=day).update(created_at=when)
            self.result.created["supervision.Digest"] += 1
            self.result.created["supervision.Reminder"] += len(items)
            self.record(None, "reminder.digest_sent", digest, {
                "recipient": user.username, "organization": str(user.organization_id), "date": day.isoformat(),
                "items": len(items), "kinds": dict(Counter(item.kind for item in items)),
            }, at=when)

    # -- the supervision bulletin (督查通报) ------------------------------------------

    def bulletin(self) -> None:
        """The draft luoshi.supervision.bulletin writes for the date, saved as issue N+1, then edited once."""
        spec, plan, office = c.BULLETIN, self.the_plan, self.office_user
        if plan.bulletins.filter(as_of=spec["as_of"]).exists():
            return
        created, edited = clock.at(spec["created"]), clock.at(spec["edited"])
        language = mail.language_of(office)
        with translation.override(language):
            text = bulletins.draft(bulletins.summarize(plan, spec["as_of"]), language, bulletins.issuing_office(plan))
        # The services write the event at once (not through Story.record): a bulletin is on no task's timeline.
        bulletin = create_bulletin(office, plan, spec["as_of"], text, at=created)
        save_bulletin(office, bulletin, f"{text.rstrip()}\n{spec['addition']}", 1, at=edited)
        self.result.created["supervision.Bulletin"] += 1
        self.result.created["supervision.BulletinVersion"] += 2

