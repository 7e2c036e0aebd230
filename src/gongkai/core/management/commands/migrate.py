"""`gongkai migrate`: Django's migrate, with the page generation raised once at the end instead of
after each write (core/pagecache.py, decision 0068).

While migrations run, the tables are at an older schema than the models: on a fresh database the
generation's own table does not exist yet when the first data migration writes, and each of those
writes would try to raise it and log an ERROR with a traceback. So the writes of a migrate raise
nothing, and the generation is raised once when it ends — whatever it changed, and even when it
stopped half-way — so that no page cached before a migration is served after it.
"""
from __future__ import annotations

from django.core.management.commands.migrate import Command as DjangoMigrate

from gongkai.core import pagecache


class Command(DjangoMigrate):
    def handle(self, *args, **options):
        token = pagecache.quiet_writes.set(True)
        try:
            return super().handle(*args, **options)
        finally:
            pagecache.quiet_writes.reset(token)
            pagecache.bump_after_migrate(options["database"])
