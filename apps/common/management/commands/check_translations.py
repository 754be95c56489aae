"""CI check: every message in the code has a Vietnamese translation that is
not fuzzy, and the committed .mo catalogue matches the .po file."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Fail when a Vietnamese translation is missing, fuzzy or not compiled."

    def handle(self, *args: Any, **options: Any) -> None:
        import polib  # type: ignore[import-untyped]

        call_command(
            "makemessages",
            locale=["vi"],
            no_obsolete=True,
            verbosity=0,
            ignore_patterns=[".venv", "tests", "bench", "staticfiles"],
        )
        locale_dir = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES"
        po = polib.pofile(str(locale_dir / "django.po"))
        problems = [f"untranslated: {e.msgid!r}" for e in po.untranslated_entries()]
        problems += [f"fuzzy: {e.msgid!r}" for e in po.fuzzy_entries()]
        mo = polib.mofile(str(locale_dir / "django.mo"))
        compiled = {(e.msgid, e.msgstr) for e in mo if not e.msgid_plural}
        expected = {(e.msgid, e.msgstr) for e in po.translated_entries() if not e.msgid_plural}
        if compiled != expected:
            problems.append("django.mo is out of date: run 'make messages' and commit it")
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(f"{len(po)} messages, all translated.")
