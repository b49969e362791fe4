from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pole_artois.backoffice.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Save the whole site (database and uploaded files) into one dated .tar.gz archive; "
        "see README, “Sauvegarde et restauration”."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir", default=".", help="Folder where the archive is written (default: here)."
        )

    def handle(self, output_dir, **options):
        directory = Path(output_dir)
        if not directory.is_dir():
            raise CommandError(f"The folder {directory} does not exist.")
        try:
            path, summary = create_backup(directory)
        except BackupError as error:
            raise CommandError(f"No backup written: {error}") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {path} ({summary.objects} records, {summary.files} files)."
            )
        )
