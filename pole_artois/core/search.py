"""What a model stores for the site's search: columns PostgreSQL computes itself on every write.

A model declares `search = SearchColumns(title=..., texts=..., ...)`; that adds, per language of
the site, a full-text document `search_<language>` (a tsvector: the title and other names weighted
A, the texts B, codes C, stemmed in that language, accents ignored) and the title folded as
searches compare it, `search_title_<language>` (for "titles containing" and "did you mean"); its
Meta lists their GIN indexes, `indexes = search_indexes("<model>")`. Generated columns never go
stale: a bulk update(), an import or an edit in psql changes them too.

The database objects they use (the `french_unaccent` and `english_unaccent` configurations, the
IMMUTABLE `pole_fold()`, the `pg_trgm` extension) are created by the migrations of
`pole_artois.discovery`, on which the migrations adding these columns depend.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import F, Func, Value
from django.db.models.functions import Cast, Coalesce, NullIf

LANGUAGES = ("fr", "en")
CONFIGURATIONS = {"fr": "french_unaccent", "en": "english_unaccent"}
FOLD_FUNCTION = "pole_fold"


def in_language(path, language, *, translated=True):
    """`path`'s text in `language`: for a field modeltranslation translates, French when it has
    none, like the site; never NULL."""
    if not translated:
        return Coalesce(Cast(path, models.TextField()), Value(""), output_field=models.TextField())
    french = F(f"{path}_fr")
    if language == "fr":
        return Coalesce(french, Value(""), output_field=models.TextField())
    own = NullIf(F(f"{path}_{language}"), Value(""))
    return Coalesce(own, french, Value(""), output_field=models.TextField())


class Fold(Func):
    """Lower case without accents, as `pole_artois.core.text.fold` does in Python."""

    function = FOLD_FUNCTION
    output_field = models.TextField()


class SearchColumns:
    """The search columns of a model: see the module's docstring.

    `title` is shown and marked in results; `names` are other names, found like the title (a
    short name); `texts` are searched and give the excerpt; `codes` are searched only (numbers,
    codes, names in the official data); `translated` lists those of them modeltranslation
    translates (their `_fr`/`_en` columns are read).
    """

    def __init__(self, *, title, names=(), texts=(), codes=(), translated=()):
        self.title, self.names, self.texts, self.codes = title, names, texts, codes
        self.translated = frozenset(translated)

    def text(self, path, language):
        return in_language(path, language, translated=path in self.translated)

    def document(self, language):
        config = CONFIGURATIONS[language]
        parts = [((self.title, *self.names), "A"), (self.texts, "B"), (self.codes, "C")]
        vectors = [
            SearchVector(*(self.text(path, language) for path in paths), weight=w, config=config)
            for paths, w in parts
            if paths
        ]
        document = vectors[0]
        for vector in vectors[1:]:
            document = document + vector
        return document

    def contribute_to_class(self, cls, name):
        setattr(cls, name, self)
        for language in LANGUAGES:
            document, title = f"search_{language}", f"search_title_{language}"
            cls.add_to_class(
                document,
                models.GeneratedField(
                    expression=self.document(language),
                    output_field=SearchVectorField(),
                    db_persist=True,
                    serialize=False,
                ),
            )
            cls.add_to_class(
                title,
                models.GeneratedField(
                    expression=Fold(self.text(self.title, language)),
                    output_field=models.TextField(),
                    db_persist=True,
                    serialize=False,
                ),
            )


def search_indexes(model_name):
    """The GIN indexes of a model's search columns, for its Meta.indexes: full-text documents,
    and trigrams of the folded titles (LIKE '%…%' and similarity)."""
    indexes = []
    for language in LANGUAGES:
        document, title = f"search_{language}", f"search_title_{language}"
        indexes += [
            GinIndex(fields=[document], name=f"{model_name}_{document}"),
            GinIndex(OpClass(F(title), "gin_trgm_ops"), name=f"{model_name}_{title}"),
        ]
    return indexes
