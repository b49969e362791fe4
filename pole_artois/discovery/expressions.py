"""Database expressions shared by the search: translated values."""

from modeltranslation.translator import NotRegistered, translator

from pole_artois.core.search import in_language


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
    return in_language(path, language, translated=is_translated(model, path))
