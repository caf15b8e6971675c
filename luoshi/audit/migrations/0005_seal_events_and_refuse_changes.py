"""Seal the events written before the chain existed (in order of id), then refuse changes to sealed events.

The trigger stops a raw UPDATE or DELETE of a sealed event from an
application connection; someone who owns the database can drop it, which
is why the chain (verify_audit) exists too. On SQLite the trigger refuses
UPDATE only: Django empties tables with DELETE there (test runs, flush),
and a deleted event shows in verify_audit as a missing link. On PostgreSQL
the test runner empties tables with TRUNCATE, which row triggers do not see.
An UPDATE of an unsealed row stays allowed: sealing a bulk load is one.
"""

from django.db import migrations

from luoshi.audit import chain

POSTGRESQL = """
CREATE FUNCTION audit_event_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' OR OLD.seq IS NOT NULL THEN
        RAISE EXCEPTION 'the event log is append-only (% of event %)', TG_OP, OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change();
"""
POSTGRESQL_UNDO = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event;
DROP FUNCTION IF EXISTS audit_event_refuse_change();
"""
SQLITE = """
CREATE TRIGGER audit_event_append_only BEFORE UPDATE ON audit_event WHEN OLD.seq IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
"""
SQLITE_UNDO = "DROP TRIGGER IF EXISTS audit_event_append_only;"


def seal(apps, schema_editor):
    chain.seal_unsealed(apps.get_model("audit", "Event"), apps.get_model("audit", "ChainHead"))


def guard(apps, schema_editor):
    sql = {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql, None)  # no parameters: the % in the function are literal


def unguard(apps, schema_editor):
    sql = {"postgresql": POSTGRESQL_UNDO, "sqlite": SQLITE_UNDO}.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql, None)  # no parameters: the % in the function are literal


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0004_chain"),
    ]

    operations = [
        migrations.RunPython(seal, migrations.RunPython.noop),
        migrations.RunPython(guard, unguard),
    ]
