"""Database expressions shared by the search: translated values and accent-free comparison."""

from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Cast, Coalesce, NullIf
from modeltranslation.translator import NotRegistered, translator

from pole_artois.core.text import fold

# SQLite has no unaccent(): each connection gets Python's fold() under this name (apps.py).
SQLITE_FOLD_FUNCTION = "POLE_FOLD"


class Fold(Func):
    """Lower case without accents, as `pole_artois.core.text.fold` does in Python."""

    output_field = TextField()
    function = "LOWER"

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, template="UNACCENT(LOWER(%(expressions)s))", **extra_context
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function=SQLITE_FOLD_FUNCTION, **extra_context)


def sqlite_fold(value):
    return None if value is None else fold(value)


def is_translated(model, path):
    """Whether `path` ("name", "member__name") ends on a modeltranslation field."""
    *relations, name = path.split("__")
    for relation in relations:
        model = model._meta.get_field(relation).related_model
    try:
        return name in translator.get_options_for_model(model).fields
    except NotRegistered:
        return False


def localized(model, path, language):
    """`path`'s text in `language`, falling back to French like the site does; never NULL."""
    if not is_translated(model, path):
        return Coalesce(Cast(path, TextField()), Value(""), output_field=TextField())
    french = F(f"{path}_fr")
    if language == "fr":
        return Coalesce(french, Value(""), output_field=TextField())
    own = NullIf(F(f"{path}_{language}"), Value(""))
    return Coalesce(own, french, Value(""), output_field=TextField())
