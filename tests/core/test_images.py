import io
import tracemalloc
from pathlib import PurePosixPath

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.forms import modelform_factory
from django.template import Context, Template
from PIL import ExifTags, Image, ImageCms

from pole_artois.core.images import MAX_IMAGE_BYTES, renditions
from pole_artois.core.uploads import SafeUploadTo
from territoire.models import Member

from .files import image_bytes, png_claiming

pytestmark = pytest.mark.django_db

LogoForm = modelform_factory(Member, fields=["logo", "logo_alt_fr", "logo_decorative"])


@pytest.fixture
def member(media_root):
    return Member.objects.get(slug="lens-lievin")


def upload(member, name, content, **data):
    return LogoForm(
        data={"logo_alt_fr": "Logo de la communauté", **data},
        files={"logo": SimpleUploadedFile(name, content)},
        instance=member,
    )


def test_a_real_image_with_alt_text_is_stored_under_a_safe_name(member):
    form = upload(member, "Logo CALL (version finale).PNG", image_bytes(300, 120))
    assert form.is_valid(), form.errors
    form.save()
    member.refresh_from_db()
    assert member.logo.name.startswith("territoire/logos/")
    assert member.logo.name.endswith("/logo-call-version-finale.png")


def test_a_text_file_renamed_as_an_image_is_refused(member):
    form = upload(member, "photo.jpg", b"Ceci n'est pas une image.\n" * 40)
    assert not form.is_valid()
    assert "pas une image lisible" in form.errors["logo"][0]
    member.refresh_from_db()
    assert not member.logo


def test_an_image_with_an_unaccepted_extension_is_refused(member):
    form = upload(member, "logo.html", image_bytes(10, 10, "GIF"))
    assert not form.is_valid()
    assert "« .html »" in form.errors["logo"][0]


def test_a_format_outside_the_list_is_refused_even_under_an_accepted_name(member):
    form = upload(member, "logo.png", image_bytes(10, 10, "BMP"))
    assert not form.is_valid()
    assert "format BMP" in form.errors["logo"][0]


def test_a_huge_pixel_image_is_refused_without_decoding_it(member):
    # 30 000 by 30 000 pixels (900 megapixels, 2.7 GB once decoded) in a file of 100 bytes.
    bomb = png_claiming(30_000, 30_000)
    tracemalloc.start()
    try:
        form = upload(member, "bomb.png", bomb)
        valid = form.is_valid()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not valid
    assert "trop de pixels" in form.errors["logo"][0]
    assert peak < 20_000_000


def test_an_image_just_above_the_pixel_limit_is_refused_with_its_dimensions(member):
    form = upload(member, "grand.png", png_claiming(8_000, 5_001))
    assert not form.is_valid()
    assert "8000 \u00d7 5001 pixels" in form.errors["logo"][0]


def test_a_file_above_the_size_limit_is_refused(member):
    form = upload(member, "lourd.png", b"\x89PNG" + b"\0" * (MAX_IMAGE_BYTES + 1024 * 1024))
    assert not form.is_valid()
    assert "Ce fichier pèse 9,0\u00a0Mio" in form.errors["logo"][0]


def test_alt_text_is_required_unless_the_image_is_decorative(member):
    form = upload(member, "logo.png", image_bytes(300, 120), logo_alt_fr="  ")
    assert not form.is_valid()
    assert "Décrivez" in form.errors["logo_alt_fr"][0]

    form = upload(member, "logo.png", image_bytes(300, 120), logo_alt_fr="", logo_decorative="on")
    assert form.is_valid(), form.errors


def test_the_model_itself_refuses_a_bad_image_and_a_missing_alt_text(member):
    """Imports and scripts go through full_clean(), not through the admin's form."""
    member.logo = ContentFile(b"not an image", name="logo.png")
    member.logo_alt = "Logo"
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert "logo" in error.value.message_dict

    member.logo = ContentFile(image_bytes(50, 50), name="logo.png")
    member.logo_alt = ""
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert list(error.value.message_dict) == ["logo_alt_fr"]


def test_alt_text_in_french_is_required_when_it_is_translated(content_models):
    Page, _ = content_models
    PageForm = modelform_factory(Page, fields=["title_fr", "image", "image_alt_fr", "image_alt_en"])
    files = {"image": SimpleUploadedFile("vue.jpg", image_bytes(400, 300, "JPEG"))}
    form = PageForm(data={"title_fr": "Page", "image_alt_en": "A view"}, files=files)
    assert not form.is_valid()
    assert "image_alt_fr" in form.errors

    files = {"image": SimpleUploadedFile("vue.jpg", image_bytes(400, 300, "JPEG"))}
    form = PageForm(data={"title_fr": "Page", "image_alt_fr": "Une vue"}, files=files)
    assert form.is_valid(), form.errors


def exif_photo(width, height):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0132] = "2026:03:25 10:00:00"  # DateTime
    output = io.BytesIO()
    image = Image.effect_noise((width, height), 64).convert("RGB")
    image.save(output, "JPEG", quality=95, exif=exif)
    return output.getvalue()


def test_renditions_are_smaller_webp_copies_without_metadata(content_models):
    Page, _ = content_models
    original = exif_photo(2400, 1600)
    page = Page.objects.create(
        image=ContentFile(original, name="photo.jpg"), image_alt="Une vue du terril"
    )
    made = renditions(page.image)
    assert [(r.width, r.height) for r in made] == [(480, 320), (960, 640), (1600, 1067)]
    storage = page.image.storage
    for rendition in made:
        name = rendition.url.removeprefix("/media/")
        with storage.open(name) as file:
            data = file.read()
        assert len(data) < len(original)
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "WEBP"
            assert image.size == (rendition.width, rendition.height)
            assert not image.getexif()
        assert b"PhoneMaker" not in data


def test_a_small_image_is_never_enlarged(content_models):
    Page, _ = content_models
    page = Page.objects.create(
        image=ContentFile(image_bytes(300, 100), name="logo.png"), image_decorative=True
    )
    assert [(r.width, r.height) for r in renditions(page.image)] == [(300, 100)]


def test_renditions_are_made_once_then_read_from_storage(content_models):
    Page, _ = content_models
    page = Page.objects.create(
        image=ContentFile(image_bytes(1000, 500, "JPEG"), name="vue.jpg"), image_alt="Vue"
    )
    first = renditions(page.image)
    page.image.storage.delete(page.image.name)  # the original is no longer needed
    assert renditions(page.image) == first


def test_the_picture_tag_prints_a_responsive_image_with_dimensions_and_alt(content_models):
    Page, _ = content_models
    page = Page.objects.create(
        image=ContentFile(image_bytes(2000, 1000, "JPEG"), name="vue.jpg"),
        image_alt="Le terril <jumeau> & la plaine",
    )
    html = Template(
        '{% load content %}{% picture page "image" sizes="(min-width: 60rem) 40rem, 100vw" %}'
    ).render(Context({"page": page}))
    base = f"/media/renditions/{page.image.name}"
    assert html == (
        f'<img src="{base}.960.webp" srcset="{base}.480.webp 480w, {base}.960.webp 960w, '
        f'{base}.1600.webp 1600w" sizes="(min-width: 60rem) 40rem, 100vw" width="960" '
        'height="480" alt="Le terril &lt;jumeau&gt; &amp; la plaine" loading="lazy" '
        'decoding="async">\n'
    )


def test_a_decorative_image_has_an_empty_alt_and_a_fixed_width(content_models):
    Page, _ = content_models
    page = Page.objects.create(
        image=ContentFile(image_bytes(600, 200), name="frise.png"),
        image_alt="ignored",
        image_decorative=True,
    )
    html = Template('{% load content %}{% picture page "image" width=150 %}').render(
        Context({"page": page})
    )
    assert 'alt=""' in html
    assert 'width="150" height="50"' in html
    assert 'sizes="150px"' in html


def test_the_sharing_url_is_the_widest_rendition_within_the_width(content_models):
    Page, _ = content_models
    page = Page.objects.create(
        image=ContentFile(image_bytes(2000, 1000, "JPEG"), name="vue.jpg"), image_alt="Vue"
    )
    template = Template(
        "{% load content %}{% rendition_url page.image %}|{% rendition_url page.image 1000 %}"
    )
    base = f"/media/renditions/{page.image.name}"
    assert template.render(Context({"page": page})) == f"{base}.1600.webp|{base}.960.webp"


def test_no_image_or_an_unreadable_one_prints_nothing(content_models):
    Page, _ = content_models
    template = Template('{% load content %}{% picture page "image" %}')
    assert template.render(Context({"page": None})).strip() == ""
    assert template.render(Context({"page": Page(image_decorative=True)})).strip() == ""
    page = Page(image="pages/2026/missing.jpg", image_alt="Disparue")
    assert template.render(Context({"page": page})).strip() == ""


def test_the_member_page_shows_the_logo_as_a_rendition(client, member):
    form = upload(member, "logo.png", image_bytes(640, 320), logo_alt_fr="Logo de la CALL")
    assert form.is_valid(), form.errors
    form.save()
    html = client.get(member.get_absolute_url()).content.decode()
    assert f'src="/media/renditions/{member.logo.name}.640.webp"' in html
    assert 'width="160" height="80" alt="Logo de la CALL"' in html


def test_upload_names_are_slugified_and_keep_no_path():
    upload_to = SafeUploadTo("documents", extension="pdf")
    name = upload_to(None, "../../etc/Délibération n°3 (finale).exe")
    assert name.startswith("documents/")
    assert name.endswith("/deliberation-n3-finale.pdf")
    assert ".." not in name
    assert SafeUploadTo("images")(None, "..png").endswith("/file.png")


def test_the_same_name_uploaded_twice_gets_two_unguessable_folders():
    upload_to = SafeUploadTo("actes", extension="pdf")
    first, second = upload_to(None, "budget.pdf"), upload_to(None, "budget.pdf")
    assert first != second
    assert all(len(PurePosixPath(name).parent.name) == 16 for name in (first, second))


def gps_photo(width, height, orientation=1):
    """A JPEG as a phone writes it: camera, date, GPS position, orientation, an XMP packet."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Pocket 12"
    exif[ExifTags.Base.DateTime] = "2026:03:25 10:00:00"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (50.0, 25.0, 54.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (2.0, 49.0, 51.0)
    output = io.BytesIO()
    image = Image.new("RGB", (width, height), (200, 40, 40))
    image.save(
        output,
        "JPEG",
        exif=exif,
        xmp=b"<x:xmpmeta><GPSLatitude>50,25.9N</GPSLatitude></x:xmpmeta>",
        comment=b"Holiday at home",
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
    )
    return output.getvalue()


def stored_files(media_root):
    return sorted(str(path.relative_to(media_root)) for path in media_root.rglob("*.*"))


def test_a_photo_is_stored_without_its_position_camera_or_date_and_upright(content_models):
    Page, _ = content_models
    photo = gps_photo(400, 300, orientation=6)  # taken with the phone turned: shown 300 by 400
    assert b"PhoneMaker" in photo
    page = Page.objects.create(image=ContentFile(photo, name="holiday.jpg"), image_alt="Vue")
    with page.image.storage.open(page.image.name) as file:
        stored = file.read()
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert image.size == (300, 400)
        assert not image.getexif()
        assert "xmp" not in image.info
        assert "comment" not in image.info
        assert image.info["icc_profile"]  # the colours are still those of the photo
    for secret in (b"PhoneMaker", b"Pocket 12", b"2026:03:25", b"GPSLatitude", b"Holiday"):
        assert secret not in stored
    assert [(r.width, r.height) for r in renditions(page.image)] == [(300, 400)]


def test_a_page_view_reads_renditions_but_never_makes_them(content_models, media_root, monkeypatch):
    Page, _ = content_models
    page = Page.objects.create(
        image=ContentFile(image_bytes(2000, 1000, "JPEG"), name="vue.jpg"), image_alt="Vue"
    )
    made_on_save = [name for name in stored_files(media_root) if name.startswith("renditions/")]
    assert len(made_on_save) == 4  # three widths and their list

    opened = []
    monkeypatch.setattr(Image, "open", lambda *args, **kwargs: opened.append(args))
    template = Template('{% load content %}{% picture page "image" %}')
    assert "vue.jpg.960.webp" in template.render(Context({"page": page}))

    # An image stored before renditions were made on save: the view shows nothing rather than
    # decoding it, and leaves the storage as it was.
    legacy = Page.objects.create(image_alt="Ancienne")
    legacy.image.storage.save("pages/2026/0123456789abcdef/ancienne.jpg", ContentFile(b"x"))
    Page.objects.filter(pk=legacy.pk).update(image="pages/2026/0123456789abcdef/ancienne.jpg")
    legacy.refresh_from_db()
    before = stored_files(media_root)
    assert template.render(Context({"page": legacy})).strip() == ""
    assert stored_files(media_root) == before
    assert opened == []


def test_the_command_cleans_and_renders_images_stored_before(member):
    storage = member.logo.storage
    name = storage.save(
        "territoire/logos/2025/0123456789abcdef/logo.jpg", ContentFile(gps_photo(1200, 800))
    )
    Member.objects.filter(pk=member.pk).update(logo=name, logo_alt="Logo")
    member.refresh_from_db()
    assert renditions(member.logo) == []

    output = io.StringIO()
    call_command("build_renditions", stdout=output)
    assert "Renditions made for 1 image(s)" in output.getvalue()
    with storage.open(name) as file:
        assert b"PhoneMaker" not in file.read()
    assert [r.width for r in renditions(member.logo)] == [480, 960, 1200]

    output = io.StringIO()
    call_command("build_renditions", stdout=output)
    assert "Renditions made for 0 image(s)" in output.getvalue()


def test_a_replaced_or_deleted_image_leaves_the_storage_with_its_renditions(
    content_models, media_root, django_capture_on_commit_callbacks
):
    Page, _ = content_models
    with django_capture_on_commit_callbacks(execute=True):
        page = Page.objects.create(
            image=ContentFile(image_bytes(1000, 500, "JPEG"), name="avant.jpg"), image_alt="Vue"
        )
    old = stored_files(media_root)
    assert len(old) == 5  # the original, three renditions and their list

    with django_capture_on_commit_callbacks(execute=True):
        page.image = ContentFile(image_bytes(1000, 500, "JPEG"), name="apres.jpg")
        page.save()
    now = stored_files(media_root)
    assert len(now) == 5
    assert not set(old) & set(now)
    assert renditions(Page(image=old[0]).image) == []

    with django_capture_on_commit_callbacks(execute=True):
        page.image = None  # the admin's "Clear" box
        page.save()
    assert stored_files(media_root) == []

    with django_capture_on_commit_callbacks(execute=True):
        page.image = ContentFile(image_bytes(400, 200, "PNG"), name="logo.png")
        page.save()
    assert len(stored_files(media_root)) == 3
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert stored_files(media_root) == []


def test_an_edit_that_keeps_the_image_keeps_its_files(content_models, media_root):
    Page, _ = content_models
    page = Page.objects.create(
        image=ContentFile(image_bytes(600, 300, "PNG"), name="logo.png"), image_alt="Logo"
    )
    stored = stored_files(media_root)
    page.refresh_from_db()
    page.title = "Autre titre"
    page.save()
    assert stored_files(media_root) == stored
