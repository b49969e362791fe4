"""Backup and restore of the whole site: database and uploaded files in one .tar.gz archive.

The database goes in as Django's JSON with natural keys (portable: independent of the database
engine and of internal ids such as content types), the uploads as files. A restore goes into a
newly migrated database, never over one in use.
"""

import datetime
import io
import json
import os
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.core import serializers
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = 1
# Rebuilt by `migrate` (content types, permissions) or worthless after a restore (sessions,
# log-in attempts).
EXCLUDED_APPS = {"contenttypes", "sessions", "axes"}
EXCLUDED_MODELS = {"auth.permission"}


class BackupError(Exception):
    pass


@dataclass
class Summary:
    objects: int
    files: int


def backed_up_models():
    return [
        model
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.app_label not in EXCLUDED_APPS
        and model._meta.label_lower not in EXCLUDED_MODELS
    ]


def _media_files(directory=""):
    try:
        directories, files = default_storage.listdir(directory)
    except FileNotFoundError:
        return
    prefix = f"{directory}/" if directory else ""
    for name in sorted(files):
        yield prefix + name
    for name in sorted(directories):
        yield from _media_files(prefix + name)


def _applied_migrations(using):
    recorder = MigrationRecorder(connections[using])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def create_backup(directory, using=DEFAULT_DB_ALIAS):
    """Write pole-artois-<date>.tar.gz into `directory`; returns its path and a summary.

    The archive holds personal data (contact messages) and log-in secrets: only its owner may
    read it. It gets its name only once complete, so a failed backup never looks like a good one.
    """
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    root = f"pole-artois-{stamp}"
    path = Path(directory) / f"{root}.tar.gz"
    partial = path.with_name(f"{path.name}.partial")
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / "database.json"
        with dump.open("w", encoding="utf-8") as stream:
            objects, migrations = _dump_database(stream, using)
        files = list(_media_files())
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "migrations": migrations,
            "objects": objects,
            "files": files,
        }
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with (
                os.fdopen(descriptor, "wb") as output,
                tarfile.open(fileobj=output, mode="w:gz") as archive,
            ):
                _add_bytes(
                    archive, f"{root}/manifest.json", json.dumps(manifest, indent=1).encode()
                )
                archive.add(dump, arcname=f"{root}/database.json")
                for name in files:
                    _add_upload(archive, f"{root}/media/{name}", name)
            partial.replace(path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return path, Summary(objects=objects, files=len(files))


def _add_upload(archive, member_name, name):
    """One uploaded file, streamed from the storage; a file that cannot be read fails the backup."""
    try:
        with default_storage.open(name, "rb") as handle:
            info = tarfile.TarInfo(member_name)
            info.size = default_storage.size(name)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, handle)
    except OSError as error:
        raise BackupError(f"Cannot read the uploaded file {name}: {error}") from None


class ExactJSONEncoder(DjangoJSONEncoder):
    """Django's JSON, but times keep their microseconds (Django's own rounds to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _dump_database(stream, using):
    """What `dumpdata --natural-foreign --natural-primary` writes, times kept exact; returns the
    number of records and the applied migrations.

    One snapshot for every table: an edit made meanwhile in the admin cannot leave the backup
    with a row pointing to one it does not hold (which would fail its restore).
    """
    connection = connections[using]
    # Only a transaction's first statement may set its isolation (not so inside another one).
    snapshot = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        return _serialize(stream, using), _applied_migrations(using)


def _serialize(stream, using):
    by_app = {}
    for model in backed_up_models():
        by_app.setdefault(apps.get_app_config(model._meta.app_label), []).append(model)
    ordered = serializers.sort_dependencies(by_app.items(), allow_cycles=True)
    count = 0

    def records():
        nonlocal count
        for model in ordered:
            for obj in model._base_manager.using(using).order_by(model._meta.pk.name).iterator():
                count += 1
                yield obj

    serializers.serialize(
        "json",
        records(),
        stream=stream,
        use_natural_foreign_keys=True,
        use_natural_primary_keys=True,
        cls=ExactJSONEncoder,
    )
    return count


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(data))


def _members(archive):
    """The archive's files by path below its top folder; refuses anything but plain files."""
    found = {}
    for member in archive.getmembers():
        name = PurePosixPath(member.name)
        if member.isdir():
            continue
        if not member.isfile() or name.is_absolute() or ".." in name.parts or len(name.parts) < 2:
            raise BackupError(f"Unexpected entry in the archive: {member.name}")
        found[str(PurePosixPath(*name.parts[1:]))] = member
    if "manifest.json" not in found or "database.json" not in found:
        raise BackupError("This file is not a backup of this site (manifest or database missing).")
    return found


def _check_target(manifest, using):
    known = set(_applied_migrations(using))
    if not known:
        raise BackupError("The database is not set up: run `manage.py migrate` first.")
    newer = sorted(set(manifest["migrations"]) - known)
    if newer:
        raise BackupError(
            "This backup comes from a newer version of the site (migrations "
            f"{', '.join(newer[:5])}…): install that version, run migrate, then restore."
        )
    older = sorted(known - set(manifest["migrations"]))
    if older:
        raise BackupError(
            "This backup comes from an older version of the site (it lacks migrations "
            f"{', '.join(older[:5])}…): its records have the shape of their time. Restore it "
            "with the version it was made with, then upgrade the site (migrate) as usual."
        )
    User = apps.get_model("auth", "User")
    if User.objects.using(using).exists():
        raise BackupError(
            "This database is in use (it has user accounts). Restore into a new, empty "
            "database: create it, run `manage.py migrate`, then restore."
        )


def _empty_backed_up_tables(using):
    """Rows that migrations created (e.g. the member collectivities) give way to the backup's."""
    connection = connections[using]
    tables = set()
    for model in backed_up_models():
        tables.add(model._meta.db_table)
        for field in model._meta.local_many_to_many:
            if field.remote_field.through._meta.auto_created:
                tables.add(field.remote_field.through._meta.db_table)
    statements = connection.ops.sql_flush(
        no_style(), sorted(tables), reset_sequences=False, allow_cascade=True
    )
    # TRUNCATE refuses to run while foreign-key checks of this transaction are pending.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    connection.ops.execute_sql_flush(statements)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def restore_backup(path, using=DEFAULT_DB_ALIAS):
    try:
        with tarfile.open(path, "r:gz") as archive:
            return _restore(archive, using)
    except (OSError, EOFError, tarfile.TarError) as error:
        raise BackupError(f"Cannot read {path}: {error}") from None


def _restore(archive, using):
    """Everything is checked before anything is written; then the files, then the database.

    A restore goes into a new site: files written before a failed load are harmless, whereas a
    database restored without its files would not be.
    """
    members = _members(archive)
    manifest = _manifest(archive, members)
    _check_target(manifest, using)
    media = {
        name.removeprefix("media/"): member
        for name, member in members.items()
        if name.startswith("media/")
    }
    if missing := sorted(set(manifest["files"]) - set(media)):
        raise BackupError(
            f"This backup is incomplete: {len(missing)} of its files are missing "
            f"(first: {missing[0]}). Nothing was restored."
        )
    data = archive.extractfile(members["database.json"]).read()
    if _record_count(data) != manifest["objects"]:
        raise BackupError("This backup's database is incomplete. Nothing was restored.")
    for target, member in media.items():
        try:
            if default_storage.exists(target):
                default_storage.delete(target)
            default_storage.save(target, File(archive.extractfile(member)))
        except OSError as error:
            raise BackupError(
                f"Cannot write {target} into the uploads folder ({error}); the database was "
                "not restored."
            ) from None
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / "database.json"
        dump.write_bytes(data)
        with transaction.atomic(using=using):
            _empty_backed_up_tables(using)
            call_command("loaddata", str(dump), database=using, verbosity=0)
    return Summary(objects=manifest["objects"], files=len(media))


def _manifest(archive, members):
    try:
        manifest = json.load(archive.extractfile(members["manifest.json"]))
    except ValueError:
        manifest = None
    expected = {"format": int, "migrations": list, "objects": int, "files": list}
    if not isinstance(manifest, dict) or not all(
        isinstance(manifest.get(key), kind) for key, kind in expected.items()
    ):
        raise BackupError("This file is not a backup of this site (its manifest is unreadable).")
    if manifest["format"] != FORMAT:
        raise BackupError("Unknown backup format.")
    return manifest


def _record_count(data):
    try:
        records = json.loads(data)
    except ValueError:
        return None
    return len(records) if isinstance(records, list) else None
