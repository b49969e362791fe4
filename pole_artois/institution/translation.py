from modeltranslation.translator import TranslationOptions, register

from pole_artois.institution.models import (
    AccessibilityPlan,
    AccessibilityStatement,
    Article,
    Deliberation,
    DeliberationChange,
    Event,
    HistoryEvent,
    Mandate,
    MinutesCorrection,
    Page,
    PoleIdentity,
    Seance,
    StaffPosition,
)


@register(PoleIdentity)
class PoleIdentityTranslationOptions(TranslationOptions):
    fields = ("publication_director_title",)


@register(Mandate)
class MandateTranslationOptions(TranslationOptions):
    fields = ("note",)


@register(StaffPosition)
class StaffPositionTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = ("fr",)


@register(HistoryEvent)
class HistoryEventTranslationOptions(TranslationOptions):
    fields = ("title", "text")
    required_languages = ("fr",)


@register(Page)
class PageTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body")
    required_languages = ("fr",)


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body", "image_alt")
    required_languages = {"fr": ("title", "summary")}


@register(Seance)
class SeanceTranslationOptions(TranslationOptions):
    fields = ("agenda", "attendance", "cancellation_reason")


@register(Event)
class EventTranslationOptions(TranslationOptions):
    fields = ("title", "description", "attendance", "cancellation_reason")
    required_languages = {"fr": ("title",)}


@register(Deliberation)
class DeliberationTranslationOptions(TranslationOptions):
    fields = ("subject", "signatory_title")
    required_languages = {"fr": ("subject",)}


@register(DeliberationChange)
class DeliberationChangeTranslationOptions(TranslationOptions):
    fields = ("reason",)
    required_languages = ("fr",)


@register(MinutesCorrection)
class MinutesCorrectionTranslationOptions(TranslationOptions):
    fields = ("reason",)
    required_languages = ("fr",)


@register(AccessibilityStatement)
class AccessibilityStatementTranslationOptions(TranslationOptions):
    fields = (
        "non_compliances",
        "disproportionate_burden",
        "out_of_scope",
        "audited_pages",
        "test_environment",
    )


@register(AccessibilityPlan)
class AccessibilityPlanTranslationOptions(TranslationOptions):
    fields = ("title",)
    required_languages = ("fr",)
