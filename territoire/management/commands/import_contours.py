from django.core.management.base import BaseCommand, CommandError

from territoire.contours import import_contours
from territoire.decoupage import DecoupageError


class Command(BaseCommand):
    help = (
        "Import the contours (area, neighbours, map outline) and town halls of the Pôle's "
        "communes from a folder holding communes.json and metadata.json, such as "
        "fixtures/communes-contours-2026. Run after import_decoupage."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="Directory or URL holding communes.json.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )

    def handle(self, source, dry_run, **options):
        try:
            report = import_contours(source, dry_run=dry_run)
        except DecoupageError as error:
            raise CommandError(f"{error} Nothing was written.") from error
        prefix = "[dry run] " if dry_run else ""
        self.stdout.write(f"{prefix}{len(report.updated)} updated, {report.unchanged} unchanged.")
        for line in report.updated_lines():
            self.stdout.write(line)
