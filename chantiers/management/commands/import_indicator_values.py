"""Import measured values of an indicator from a CSV file (see chantiers/imports.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chantiers import imports
from chantiers.models import Indicator


class Command(BaseCommand):
    help = "Import the measured values of an indicator from a CSV file (date, value, member)."

    def add_arguments(self, parser):
        parser.add_argument("indicator", type=int, help="Number of the indicator.")
        parser.add_argument("file", type=Path, help="CSV file, UTF-8.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check the file and tell what would change."
        )

    def handle(self, *args, indicator, file, dry_run, **options):
        try:
            target = Indicator.objects.get(pk=indicator)
        except Indicator.DoesNotExist:
            raise CommandError(f"No indicator has the number {indicator}.") from None
        try:
            text = file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from None
        report = imports.import_values(target, text, dry_run=dry_run)
        if report.errors:
            raise CommandError("Nothing imported:\n" + "\n".join(report.errors))
        verb = "Would create" if dry_run else "Created"
        self.stdout.write(
            f"{target}: {verb} {report.created}, "
            f"{'would replace' if dry_run else 'replaced'} {report.replaced}, "
            f"unchanged {report.unchanged}."
        )
