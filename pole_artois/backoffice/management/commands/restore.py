from django.core.management.base import BaseCommand, CommandError

from pole_artois.backoffice.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup` into a new database (created, then migrated); "
        "see README, “Sauvegarde et restauration”."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar.gz file written by `manage.py backup`.")

    def handle(self, archive, **options):
        try:
            summary = restore_backup(archive)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {summary.objects} records and {summary.files} files from {archive}."
            )
        )
