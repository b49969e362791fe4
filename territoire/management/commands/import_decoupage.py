from django.core.management.base import BaseCommand, CommandError

from territoire.decoupage import DecoupageError, import_decoupage


class Command(BaseCommand):
    help = (
        "Import the communes, populations and EPCI membership of the member agglomerations from "
        "the data of the npm package @etalab/decoupage-administratif (a directory or URL holding "
        "communes.json and epci.json)."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="Directory or URL holding communes.json and epci.json.")
        parser.add_argument(
            "--millesime",
            type=int,
            help="Year of the data; read from the source's metadata.json when absent.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )

    def handle(self, source, millesime, dry_run, **options):
        try:
            report = import_decoupage(source, millesime=millesime, dry_run=dry_run)
        except DecoupageError as error:
            raise CommandError(f"{error} Nothing was written.") from error
        prefix = "[dry run] " if dry_run else ""
        self.stdout.write(
            f"{prefix}{len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.removed)} removed, {report.unchanged} unchanged."
        )
        for name in report.created:
            self.stdout.write(f"  + {name}")
        for line in report.updated_lines():
            self.stdout.write(line)
        for name in report.removed:
            self.stdout.write(f"  - {name}")
        for name, (old, new) in report.renamed.items():
            self.stdout.write(f"  ~ {name}, official name: {old or '(none)'} → {new}")
