import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

IGNORED = [".*", "node_modules", "staticfiles", "media"]


class Command(BaseCommand):
    help = (
        "Refresh the French message catalogues from the code and templates, then fail if any "
        "message is untranslated or fuzzy (every visible text must exist in French and English)."
    )

    def handle(self, **options):
        call_command(
            "makemessages",
            locale=["fr"],
            no_location=True,
            no_obsolete=True,
            no_wrap=True,
            ignore_patterns=IGNORED,
            verbosity=0,
        )
        problems = []
        for catalogue in sorted(Path(settings.BASE_DIR).glob("**/locale/fr/LC_MESSAGES/django.po")):
            if any(part.startswith(".") for part in catalogue.relative_to(settings.BASE_DIR).parts):
                continue
            for flag, label in (("--untranslated", "untranslated"), ("--only-fuzzy", "fuzzy")):
                found = subprocess.run(
                    ["msgattrib", flag, "--no-obsolete", "--no-wrap", str(catalogue)],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                entries = [line for line in found.splitlines() if line.startswith("msgid ")]
                entries = [entry for entry in entries if entry != 'msgid ""']
                if entries:
                    problems.append(f"{catalogue.relative_to(settings.BASE_DIR)} ({label}):")
                    problems.extend(f"  {entry}" for entry in entries)
        if problems:
            raise CommandError(
                "Translations are incomplete; fill them in and run `make messages`:\n"
                + "\n".join(problems)
            )
        self.stdout.write("Translations complete.")
