"""Models used only by these tests, to exercise the building blocks on a real table.

They live in an isolated app registry (invisible to the project's checks and migrations), are
registered with modeltranslation like the apps' models, and their tables are created inside the
test's transaction, so PostgreSQL removes them with it.
"""

import pytest
from django.db import connection, models
from django.test.utils import isolate_apps
from modeltranslation.translator import TranslationOptions, translator

from pole_artois.core.documents import Document
from pole_artois.core.images import (
    ValidatedImageField,
    alt_text_field,
    check_alt_text,
    decorative_field,
)
from pole_artois.core.richtext import RichTextField
from pole_artois.core.uploads import SafeUploadTo


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def content_models(db, media_root):
    with isolate_apps("pole_artois.core"):

        class Page(models.Model):
            title = models.CharField(max_length=100, default="Page")
            body = RichTextField("text", blank=True)
            image = ValidatedImageField("image", upload_to=SafeUploadTo("pages"), blank=True)
            image_alt = alt_text_field()
            image_decorative = decorative_field()

            class Meta:
                app_label = "core"

            def __str__(self):
                return self.title

            def clean(self):
                super().clean()
                check_alt_text(self, "image")

        class Attachment(Document):
            class Meta(Document.Meta):
                app_label = "core"

    class PageTranslation(TranslationOptions):
        fields = ("title", "body", "image_alt")
        required_languages = ("fr",)

    translator.register(Page, PageTranslation)
    with connection.schema_editor() as editor:
        editor.create_model(Page)
        editor.create_model(Attachment)
    yield Page, Attachment
    translator.unregister(Page)
