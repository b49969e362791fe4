"""A backup restored into a new database gives back exactly the same site."""

import datetime
import io
import json
import tarfile

import pytest
from django.contrib.auth.models import User
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import CommandError

from pole_artois.backoffice.backup import _empty_backed_up_tables, backed_up_models
from pole_artois.institution import services
from pole_artois.institution.models import Deliberation, Seance
from territoire.models import Member
from tests.helpers import form_data, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def snapshot():
    """Every backed-up record, keyed by natural keys, so that internal ids do not matter."""
    records = []
    for model in backed_up_models():
        data = serializers.serialize(
            "python",
            model._base_manager.order_by("pk"),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
        records.extend(json.dumps(record, sort_keys=True, default=str) for record in data)
    return sorted(records)


def test_backup_then_restore_into_an_empty_database_gives_back_the_same_site(
    director_client, media, tmp_path
):
    call_command("load_demo", stdout=io.StringIO())
    # Some history and an upload, so that both travel too.
    scot = Member.objects.get(slug="lens-lievin").scots.first() or Member.objects.first()
    url = f"/gestion/{scot._meta.app_label}/{scot._meta.model_name}/{scot.pk}/change/"
    director_client.post(url, form_data(director_client.get(url), description_fr="Édité."))
    (media / "territoire").mkdir()
    (media / "territoire" / "logo.png").write_bytes(b"\x89PNG fake image bytes")
    online_acts_with_their_corrections()
    before = snapshot()

    out = io.StringIO()
    call_command("backup", output_dir=str(tmp_path), stdout=out)
    [archive] = tmp_path.glob("pole-artois-*.tar.gz")
    assert str(archive) in out.getvalue()

    # A new database: migrated, nothing else; no uploads either.
    _empty_backed_up_tables("default")
    call_command("migrate", verbosity=0)
    (media / "territoire" / "logo.png").unlink()
    assert not User.objects.exists()

    call_command("restore", str(archive), stdout=io.StringIO())
    assert snapshot() == before
    assert (media / "territoire" / "logo.png").read_bytes() == b"\x89PNG fake image bytes"


def online_acts_with_their_corrections():
    """Rows the database refuses to change: a restore must still bring them back."""
    seance = Seance.objects.create(date=datetime.date(2016, 3, 25), status="published")
    seance.minutes = pdf("pv.pdf")
    seance.save()
    services.correct_minutes(seance, reason_fr="Nom mal orthographié.", document=pdf("pv2.pdf"))
    act = Deliberation.objects.create(
        number="2016-01", subject_fr="Budget", seance=seance, status="published", document=pdf()
    )
    services.correct_deliberation(act, reason_fr="Décompte des voix.", votes_for=40)
    services.withdraw_deliberation(act, reason_fr="Annulée.")


def test_restore_refuses_a_database_in_use(director, media, tmp_path):
    call_command("backup", output_dir=str(tmp_path), stdout=io.StringIO())
    [archive] = tmp_path.glob("*.tar.gz")
    with pytest.raises(CommandError, match="in use"):
        call_command("restore", str(archive))
    assert User.objects.filter(pk=director.pk).exists()


@pytest.mark.parametrize("entry", ["../../etc/evil", "/tmp/evil"])
def test_restore_refuses_an_archive_writing_outside_its_place(media, tmp_path, entry):
    archive = tmp_path / "bad.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo(entry)
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    with pytest.raises(CommandError, match="Unexpected entry"):
        call_command("restore", str(archive))


def test_restore_says_clearly_when_the_file_is_not_a_backup(tmp_path):
    not_a_backup = tmp_path / "photo.tar.gz"
    not_a_backup.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("restore", str(not_a_backup))


def test_the_archive_is_readable_by_its_owner_only(media, tmp_path):
    """It holds contact messages and log-in secrets."""
    call_command("backup", output_dir=str(tmp_path), stdout=io.StringIO())
    [archive] = tmp_path.glob("pole-artois-*.tar.gz")
    assert archive.stat().st_mode & 0o777 == 0o600


def test_a_backup_that_cannot_read_an_upload_fails_and_leaves_no_archive(media, tmp_path):
    (media / "actes").mkdir()
    (media / "actes" / "perdu.pdf").symlink_to(media / "nulle-part.pdf")
    with pytest.raises(CommandError, match=r"No backup written.*perdu\.pdf"):
        call_command("backup", output_dir=str(tmp_path), stdout=io.StringIO())
    assert list(tmp_path.glob("pole-artois-*")) == []


def rewrite_archive(archive, name, change):
    """A copy of the archive, called `name`, in which `change(entry name, bytes)` gives each
    entry's new bytes (None leaves the entry out)."""
    copy = archive.with_name(name)
    with tarfile.open(archive, "r:gz") as source, tarfile.open(copy, "w:gz") as target:
        for member in source.getmembers():
            data = change(member.name, source.extractfile(member).read())
            if data is not None:
                member.size = len(data)
                target.addfile(member, io.BytesIO(data))
    return copy


def test_restore_refuses_an_incomplete_or_damaged_archive_and_changes_nothing(media, tmp_path):
    (media / "logo.png").write_bytes(b"\x89PNG")
    call_command("backup", output_dir=str(tmp_path), stdout=io.StringIO())
    [archive] = tmp_path.glob("pole-artois-*.tar.gz")
    members = Member.objects.count()
    without_file = rewrite_archive(
        archive, "incomplete.tar.gz", lambda name, data: None if name.endswith("logo.png") else data
    )
    with pytest.raises(CommandError, match=r"incomplete.*logo\.png"):
        call_command("restore", str(without_file))
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("restore", str(truncated))
    assert Member.objects.count() == members


def test_restore_refuses_a_backup_from_another_version_of_the_site(media, tmp_path):
    call_command("backup", output_dir=str(tmp_path), stdout=io.StringIO())
    [archive] = tmp_path.glob("pole-artois-*.tar.gz")
    for name, change in [
        ("older", lambda migrations: migrations[:-1]),
        ("newer", lambda migrations: [*migrations, "territoire.9999_future"]),
    ]:

        def edit_manifest(entry, data, change=change):
            if not entry.endswith("manifest.json"):
                return data
            manifest = json.loads(data)
            return json.dumps({**manifest, "migrations": change(manifest["migrations"])}).encode()

        edited = rewrite_archive(archive, f"{name}.tar.gz", edit_manifest)
        with pytest.raises(CommandError, match=f"from an? {name} version"):
            call_command("restore", str(edited))
