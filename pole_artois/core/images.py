"""Images: validated when uploaded, described for those who cannot see them, served resized.

- `ValidatedImageField` accepts only a real JPEG, PNG, WebP or GIF (decoded with Pillow), of at
  most `MAX_IMAGE_BYTES` and `MAX_IMAGE_PIXELS`, checked on the model so that the admin, imports
  and tests share the rules.
- `image_with_alt("logo")` is an abstract model adding `logo`, `logo_alt` and `logo_decorative`,
  and refusing an image without alt text unless it is marked decorative.
- `renditions()` makes (once, then from storage) WebP copies `RENDITION_WIDTHS` wide, without
  metadata, for the `{% picture %}` tag of the `content` tag library: pages never send the
  original.
"""

import hashlib
import logging
import math
import warnings
from dataclasses import dataclass
from io import BytesIO

from django import forms
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from modeltranslation.settings import DEFAULT_LANGUAGE
from modeltranslation.utils import build_localized_fieldname
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from pole_artois.core.uploads import SafeUploadTo

logger = logging.getLogger(__name__)

MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
# Pillow's format names; MPO is how it reads the JPEG files of many phones.
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF"}
ACCEPTED_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]
ACCEPTED_MIME_TYPES = "image/jpeg,image/png,image/webp,image/gif"
RENDITION_WIDTHS = (480, 960, 1600)
RENDITION_QUALITY = 80
# EXIF orientations that turn the picture by a quarter: its width and height swap.
_QUARTER_TURNS = {5, 6, 7, 8}

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
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
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


class ValidatedImageField(models.ImageField):
    """An image field that only stores a real, reasonably sized JPEG, PNG, WebP or GIF."""

    default_validators = [validate_image_extension, validate_image]

    def __init__(self, *args, upload_to=None, **kwargs):
        kwargs.setdefault("max_length", 255)
        super().__init__(*args, upload_to=upload_to or SafeUploadTo("images"), **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ImageUploadFormField, **kwargs})


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


def image_with_alt(name="image", *, verbose_name=None, upload_to="images", blank=True):
    """An abstract model with an image `<name>`, its `<name>_alt` text and `<name>_decorative`.

        class Chantier(Publishable, image_with_alt("image", upload_to="chantiers")): ...
        class Partner(image_with_alt("logo", verbose_name=_("logo"), upload_to="partenaires")): ...

    (Or, to choose where the fields sit in the admin form, declare them one by one:
    `logo = ValidatedImageField(...)`, `logo_alt = alt_text_field()`,
    `logo_decorative = decorative_field()`, and call `check_alt_text(self, "logo")` in `clean()`.)

    Its `clean()` requires the alt text unless the image is decorative. Register `<name>_alt` in
    the app's translation options to have it in French and English. Show it with
    `{% picture partner "logo" sizes="10rem" %}`.
    """

    def clean(self):
        super(abstract_model, self).clean()
        check_alt_text(self, name)

    attributes = {
        "__module__": __name__,
        name: ValidatedImageField(
            verbose_name or _("image"), upload_to=SafeUploadTo(upload_to), blank=blank
        ),
        f"{name}_alt": alt_text_field(),
        f"{name}_decorative": decorative_field(),
        "clean": clean,
        "Meta": type("Meta", (), {"abstract": True}),
    }
    abstract_model = type(f"ImageWithAlt_{name}", (models.Model,), attributes)
    return abstract_model


ImageWithAlt = image_with_alt("image")


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


def rendition_name(source_name, width):
    """Where the rendition of `source_name` at `width` pixels is stored."""
    return f"renditions/{source_name}.{width}.webp"


def renditions(fieldfile):
    """The WebP renditions of an image, narrowest first; made on first use, then cached.

    Widths are those of RENDITION_WIDTHS, never wider than the original (a small logo gets one
    rendition at its own width). An unreadable or missing original gives no rendition (logged).
    """
    if not fieldfile:
        return []
    storage = fieldfile.storage
    key = "rendition:" + hashlib.sha256(fieldfile.name.encode()).hexdigest()
    sizes = cache.get(key)
    if sizes is None:
        try:
            sizes = _make_renditions(fieldfile)
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
            logger.warning("No renditions for the image %s", fieldfile.name, exc_info=True)
            return []
        cache.set(key, sizes, timeout=None)
    return [Rendition(storage.url(name), width, height) for name, width, height in sizes]


def _make_renditions(fieldfile):
    storage = fieldfile.storage
    with storage.open(fieldfile.name, "rb") as source, Image.open(source) as image:
        source_width, source_height = image.size
        if image.getexif().get(ExifTags.Base.Orientation) in _QUARTER_TURNS:
            source_width, source_height = source_height, source_width
        widths = sorted({min(width, source_width) for width in RENDITION_WIDTHS})
        sizes = [
            (
                rendition_name(fieldfile.name, width),
                width,
                max(1, round(source_height * width / source_width)),
            )
            for width in widths
        ]
        missing = [size for size in sizes if not storage.exists(size[0])]
        if missing:
            _write_renditions(storage, image, missing, widths[-1] / source_width)
    return sizes


def _write_renditions(storage, image, sizes, largest_scale):
    # A JPEG can be decoded directly at a fraction of its size: much faster, much less memory.
    image.draft(
        "RGB", (math.ceil(image.width * largest_scale), math.ceil(image.height * largest_scale))
    )
    ImageOps.exif_transpose(image, in_place=True)
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    for name, width, height in sizes:
        output = BytesIO()
        # No exif= and no xmp=: the copy carries no camera, place or date metadata.
        image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0).save(
            output, "WEBP", quality=RENDITION_QUALITY, method=4
        )
        saved = storage.save(name, ContentFile(output.getvalue()))
        if saved != name:  # Another process wrote it meanwhile: keep one copy.
            storage.delete(saved)
