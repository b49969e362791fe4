"""Images: validated when uploaded, described for those who cannot see them, served resized.

- `ValidatedImageField` accepts only a real JPEG, PNG, WebP or GIF (decoded with Pillow), of at
  most `MAX_IMAGE_BYTES` and `MAX_IMAGE_PIXELS`, checked on the model so that the admin, imports
  and tests share the rules.
- An image goes with its alt text: a model declares `logo = ValidatedImageField(...)`,
  `logo_alt = alt_text_field()` and `logo_decorative = decorative_field()`, and calls
  `check_alt_text(self, "logo")` in `clean()`: an image needs alt text unless it is decorative.
- Saving a new image stores it without metadata (no camera, GPS position or date; orientation
  applied) and makes its WebP renditions, `RENDITION_WIDTHS` wide; `renditions()` only reads
  them, for the `{% picture %}` tag of the `content` tag library: a page view never decodes an
  image. `manage.py build_renditions` does the same for images stored before.
- A replaced or deleted image goes from the storage with its renditions (`core.uploads`).
"""

import hashlib
import json
import logging
import math
import warnings
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath

from django import forms
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist, SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from modeltranslation.settings import DEFAULT_LANGUAGE
from modeltranslation.utils import build_localized_fieldname
from PIL import Image, ImageOps

from pole_artois.core.uploads import DeletesReplacedFile, SafeUploadTo

logger = logging.getLogger(__name__)

MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
# Pillow's format names; MPO is how it reads the JPEG files of many phones.
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF"}
ACCEPTED_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]
ACCEPTED_MIME_TYPES = "image/jpeg,image/png,image/webp,image/gif"
RENDITION_WIDTHS = (480, 960, 1600)
RENDITION_QUALITY = 80
# What a stored original keeps of what came with it: how to show its colours and frames, nothing
# about who took it, where or when (EXIF, XMP and comments are dropped).
KEPT_INFO = ("icc_profile", "transparency", "dpi", "duration", "loop", "background")
ORIGINAL_QUALITY = 90
# What Pillow raises for a file it cannot decode (UnidentifiedImageError is an OSError).
UNREADABLE_IMAGE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, Image.DecompressionBombError)

validate_image_extension = FileExtensionValidator(
    ACCEPTED_EXTENSIONS,
    message=_(
        "Files ending in “.%(extension)s” are not accepted: upload a JPEG, PNG, WebP or GIF image."
    ),
)


def _file_object(value):
    """The readable file behind a form upload, a `File` or a model's `FieldFile`."""
    return value.file if isinstance(value, FieldFile) else value


def validate_image(value):
    """Refuse anything but a readable JPEG/PNG/WebP/GIF image within the size and pixel limits.

    The pixel count is read from the header before anything is decoded, so a small file claiming
    a huge picture (a "decompression bomb") is refused without using the memory it asks for.
    """
    if isinstance(value, FieldFile) and value._committed:
        return  # Already stored, hence validated when it was uploaded.
    source = _file_object(value)
    if getattr(source, "_image_validated", False):
        return  # The admin's form field has just checked this very upload.
    if value.size > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("This file weighs %(size)s; an image may weigh at most %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(value.size), "limit": filesizeformat(MAX_IMAGE_BYTES)},
        )
    not_an_image = ValidationError(
        _(
            "This file is not an image that can be read, or it is damaged. "
            "Upload a JPEG, PNG, WebP or GIF image."
        ),
        code="invalid_image",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            source.seek(0)
            with Image.open(source) as image:
                image_format, (width, height) = image.format, image.size
                if image_format not in ACCEPTED_FORMATS:
                    raise ValidationError(
                        _(
                            "Images in %(format)s format are not accepted: "
                            "use JPEG, PNG, WebP or GIF."
                        ),
                        code="invalid_format",
                        params={"format": image_format},
                    )
                if width * height > MAX_IMAGE_PIXELS:
                    raise _too_many_pixels(width, height)
                image.verify()
            # verify() leaves the image unusable: decoding needs a fresh one.
            source.seek(0)
            with Image.open(source) as image:
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels(None, None) from error
    except ValidationError:
        raise
    except UNREADABLE_IMAGE_ERRORS as error:
        raise not_an_image from error
    finally:
        source.seek(0)
    source._image_validated = True


def _too_many_pixels(width, height):
    limit = MAX_IMAGE_PIXELS // 1_000_000
    if width is None:
        return ValidationError(
            _("This image has too many pixels: at most %(limit)s million are accepted."),
            code="too_many_pixels",
            params={"limit": limit},
        )
    return ValidationError(
        _(
            "This image is %(width)s by %(height)s pixels: at most %(limit)s million pixels are "
            "accepted. Reduce it before uploading it."
        ),
        code="too_many_pixels",
        params={"width": width, "height": height, "limit": limit},
    )


class ImageUploadFormField(forms.FileField):
    """The form side of `ValidatedImageField`: the same checks, before the model's."""

    default_validators = [validate_image_extension]

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is not None:
            validate_image(upload)
        return upload

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ACCEPTED_MIME_TYPES
        return attrs


class ValidatedImageField(DeletesReplacedFile, models.ImageField):
    """An image field that only stores a real, reasonably sized JPEG, PNG, WebP or GIF.

    A new image is stored without its metadata, and its renditions are made in the same save:
    the editor who uploads waits for the image work, never a visitor.
    """

    default_validators = [validate_image_extension, validate_image]

    def __init__(self, *args, upload_to=None, **kwargs):
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, upload_to=upload_to or SafeUploadTo("images"), **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadFormField, **kwargs})

    def pre_save(self, model_instance, add):
        file = getattr(model_instance, self.attname)
        uploaded = bool(file) and not file._committed
        if uploaded:
            file.file = without_metadata(file.file)
        file = super().pre_save(model_instance, add)
        if uploaded:
            make_renditions(file)
        return file

    def delete_stored(self, storage, name):
        delete_renditions(storage, name)
        super().delete_stored(storage, name)


def check_alt_text(instance, name):
    """Raise if `instance.<name>` is set, not `<name>_decorative`, and `<name>_alt` is empty.

    With modeltranslation the admin edits `<name>_alt_fr` and `<name>_alt_en`: the French text is
    the one required (English falls back to it), and the error is attached to its field.
    """
    if not getattr(instance, name) or getattr(instance, f"{name}_decorative"):
        return
    alt_field = f"{name}_alt"
    localized = build_localized_fieldname(alt_field, DEFAULT_LANGUAGE)
    try:
        instance._meta.get_field(localized)
        alt_field = localized
    except FieldDoesNotExist:
        pass
    if not (getattr(instance, alt_field) or "").strip():
        raise ValidationError(
            {
                alt_field: ValidationError(
                    _("Describe the image for people who cannot see it, or mark it as decorative."),
                    code="alt_required",
                )
            }
        )


def alt_text_field():
    """The `<name>_alt` field that goes with an image (see `check_alt_text`)."""
    return models.CharField(
        _("alternative text"),
        max_length=250,
        blank=True,
        help_text=_(
            "What the image shows, for people who cannot see it (read by screen readers). "
            "Required unless the image is decorative."
        ),
    )


def decorative_field():
    """The `<name>_decorative` flag that goes with an image."""
    return models.BooleanField(
        _("decorative image"),
        default=False,
        help_text=_("Tick if the image adds nothing to the text: screen readers will skip it."),
    )


def without_metadata(source):
    """The image read from `source`, turned as its EXIF orientation says, with nothing else.

    Photos from phones carry the place they were taken (GPS), the camera and the date: none of
    it reaches the storage. The colour profile stays. An animation keeps its frames (animations
    carry no orientation).
    """
    source.seek(0)
    with Image.open(source) as image:
        image_format = "JPEG" if image.format == "MPO" else image.format
        animated = image_format != "JPEG" and getattr(image, "n_frames", 1) > 1
        kept = {key: image.info[key] for key in KEPT_INFO if key in image.info}
        clean = image if animated else ImageOps.exif_transpose(image)
        # Pillow writes some of what it read (a JPEG's or GIF's comment) unless told otherwise.
        clean.info = dict(kept)
        options = {"quality": ORIGINAL_QUALITY} if image_format in {"JPEG", "WEBP"} else {}
        output = BytesIO()
        clean.save(output, image_format, save_all=animated, **kept, **options)
    return ContentFile(output.getvalue())


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


def rendition_name(source_name, width):
    """Where the rendition of `source_name` at `width` pixels is stored."""
    return f"renditions/{source_name}.{width}.webp"


def _list_name(source_name):
    """Where the list of the renditions of `source_name` (names and sizes, in JSON) is stored."""
    return f"renditions/{source_name}.json"


def _cache_key(source_name):
    return "rendition:" + hashlib.sha256(source_name.encode()).hexdigest()


def renditions(fieldfile):
    """The WebP renditions of a stored image, narrowest first, as saving the image made them.

    Only reads their list (from the cache, else from the storage): no image is opened here. An
    image without renditions (stored before they were made on save, or whose making failed)
    gives none, and a warning: `manage.py build_renditions` makes them.
    """
    if not fieldfile:
        return []
    storage = fieldfile.storage
    key = _cache_key(fieldfile.name)
    sizes = cache.get(key)
    if sizes is None:
        try:
            with storage.open(_list_name(fieldfile.name), "rb") as listing:
                sizes = json.load(listing)
        except (OSError, ValueError, SuspiciousFileOperation):
            logger.warning(
                "No renditions for the image %s: run `manage.py build_renditions`.", fieldfile.name
            )
            return []
        cache.set(key, sizes, timeout=None)
    return [Rendition(storage.url(name), width, height) for name, width, height in sizes]


def make_renditions(fieldfile):
    """Write the renditions of a stored image, and their list.

    Widths are those of RENDITION_WIDTHS, never wider than the original (a small logo gets one
    rendition at its own width). The original is decoded at the smallest size the largest
    rendition allows: a JPEG straight from its file (`draft`), other formats once decoded,
    reduced by whole factors before the fine resizing.
    """
    storage = fieldfile.storage
    with storage.open(fieldfile.name, "rb") as source, Image.open(source) as image:
        source_width, source_height = image.size
        widths = sorted({min(width, source_width) for width in RENDITION_WIDTHS})
        sizes = [
            (
                rendition_name(fieldfile.name, width),
                width,
                max(1, round(source_height * width / source_width)),
            )
            for width in widths
        ]
        scale = widths[-1] / source_width
        image.draft("RGB", (math.ceil(source_width * scale), math.ceil(source_height * scale)))
        has_alpha = image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
        for name, width, height in sizes:
            output = BytesIO()
            # No exif= and no xmp=: the copy carries no camera, place or date metadata.
            image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0).save(
                output, "WEBP", quality=RENDITION_QUALITY, method=4
            )
            _replace(storage, name, output.getvalue())
    _replace(storage, _list_name(fieldfile.name), json.dumps(sizes).encode())
    cache.set(_cache_key(fieldfile.name), sizes, timeout=None)


def has_renditions(fieldfile):
    return fieldfile.storage.exists(_list_name(fieldfile.name))


def strip_stored(fieldfile):
    """Rewrite a stored image without its metadata, under the same name."""
    storage = fieldfile.storage
    with storage.open(fieldfile.name, "rb") as source:
        clean = without_metadata(source)
    _replace(storage, fieldfile.name, clean.read())


def delete_renditions(storage, source_name):
    """Delete every rendition of `source_name`: they are alone in its folder under renditions/."""
    folder = PurePosixPath(rendition_name(source_name, 0)).parent
    prefix = PurePosixPath(source_name).name + "."
    try:
        _folders, files = storage.listdir(str(folder))
    except (OSError, SuspiciousFileOperation):
        files = []
    for name in files:
        if name.startswith(prefix):
            storage.delete(str(folder / name))
    cache.delete(_cache_key(source_name))


def _replace(storage, name, content):
    storage.delete(name)
    saved = storage.save(name, ContentFile(content))
    if saved != name:  # Another process wrote it meanwhile: keep one copy.
        storage.delete(saved)
