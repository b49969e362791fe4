"""Every public page type, as the browser tests visit it: add a page type here and it is checked
with axe-core and the HTML validator, in French and English, at a phone and a desktop width.

Each entry maps a name to a function giving the page's path in the active language, called on a
database holding the demo content (`load_demo`), inside `translation.override(language)`.
"""

import datetime

from django.urls import reverse
from django.utils import timezone, translation

from chantiers.models import Chantier, Objective
from partenaires.models import Partner
from pole_artois.institution.models import Article, Deliberation, Event, Seance
from territoire.models import Commune, Member

LENS = "62498"
BETHUNE = "62119"
PUBLISHED = "published"

# The phone is the narrowest the WCAG reflow criterion asks for: 320 CSS pixels.
DEVICES = {
    "phone": {"width": 320, "height": 640},
    "desktop": {"width": 1280, "height": 900},
}


def _not_found():
    # Not a reverse(): the point is an address no view knows, in the language's URL prefix.
    return reverse("portal:home") + "page-qui-n-existe-pas/"


def _first_published(model):
    instance = model.objects.published().first()
    assert instance, f"The demo content has no published {model._meta.verbose_name}."
    return instance.get_absolute_url()


def _sample_article():
    """The demo content has no news (the brochure tells none): one article, for its page's sake,
    and for the news cards of the home page and of the objective it is about."""
    article, _ = Article.objects.get_or_create(
        slug="article-de-test",
        defaults={"title_fr": "Article de test", "summary_fr": "Résumé.", "status": PUBLISHED},
    )
    article.objectives.add(Objective.objects.published().first())
    return article.get_absolute_url()


def _commune_concerned():
    """Béthune named by the sample article and by an objective through its agglomeration (the
    demo content names no commune); Lens's page, in another agglomeration, keeps the empty
    state."""
    _sample_article()
    bethune = Commune.objects.get(insee_code=BETHUNE)
    Article.objects.get(slug="article-de-test").communes.add(bethune)
    Objective.objects.published().first().agglomerations.add(bethune.member)
    return bethune


def _tracked_objective():
    """The demo content has no milestones nor indicators (the brochure gives none): a status, two
    milestones and an indicator with three values, for the objective page's sake."""
    from tests.chantiers.test_tracking import track

    # The last one: the first stays empty, for the empty states' sake.
    objective = Objective.objects.published().last()
    if not objective.indicators.exists():
        track(objective)
    return objective.get_absolute_url()


def _sample_seance():
    seance, _ = Seance.objects.get_or_create(
        date=datetime.date(2016, 3, 25), defaults={"status": PUBLISHED}
    )
    return seance


def _sample_deliberation():
    """An act with every legal mention (author, matter, vote, transmission, text and its
    fingerprint, PDF/A), for its page's sake; the paper copy's contact is the demo's."""
    from tests.helpers import pdf

    deliberation, _ = Deliberation.objects.get_or_create(
        number="2016-01",
        defaults={
            "subject_fr": "Délibération de test",
            "seance": _sample_seance(),
            "status": PUBLISHED,
            "document": pdf("2016-01.pdf", pdfa="2B"),
            "matter": "5.7",
            "members_in_office": 21,
            "voters": 20,
            "votes_for": 19,
            "votes_against": 0,
            "abstentions": 1,
            "signatory_first_name": "Prénom",
            "signatory_name": "Nom",
            "signatory_title_fr": "Président",
            "signatory_title_en": "President",
            "control_authority": "PREF062",
            "transmission_id": "062-000000000-20160326-2016_01-DE",
            "transmitted_on": datetime.date(2016, 3, 26),
        },
    )
    return deliberation.get_absolute_url()


def _sample_event():
    """The demo content has no dates (the brochure gives none): a forum to come, with its
    registration link, and for the agenda a séance to come with its agenda and a cancelled
    consultation (past séances: the sample séance above)."""
    soon = timezone.localdate() + datetime.timedelta(days=14)
    Seance.objects.get_or_create(
        date=soon,
        defaults={
            "time": datetime.time(18),
            "end_time": datetime.time(20),
            "place": "Salle de test",
            "agenda_fr": "<ol><li>Budget primitif</li><li>Questions diverses</li></ol>",
            "attendance_fr": "Séance publique, entrée libre.",
            "status": PUBLISHED,
        },
    )
    Event.objects.get_or_create(
        slug="consultation-de-test",
        defaults={
            "title_fr": "Consultation de test",
            "date": soon + datetime.timedelta(days=7),
            "end_date": soon + datetime.timedelta(days=21),
            "cancelled_on": timezone.localdate(),
            "cancellation_reason_fr": "Reportée à une date ultérieure.",
            "status": PUBLISHED,
        },
    )
    event, _ = Event.objects.get_or_create(
        slug="forum-de-test",
        defaults={
            "title_fr": "Forum de test",
            "description_fr": "<p>Un forum pour les habitants.</p>",
            "date": soon - datetime.timedelta(days=7),
            "time": datetime.time(9, 30),
            "end_time": datetime.time(12),
            "place": "Salle de test",
            "registration_url": "https://inscriptions.example.org/forum",
            "status": PUBLISHED,
        },
    )
    return event


def _agenda():
    _sample_event()
    _sample_seance()
    return reverse("institution:agenda")


def _follow_form():
    return reverse("following:follow") + f"?objectif={Objective.objects.published().first().pk}"


def _follow_subscription():
    """A request to follow, waiting for its confirmation (its links are pages of their own)."""
    from pole_artois.following.views import request_follow

    return request_follow(
        "partenaire@example.fr",
        translation.get_language(),
        Objective.objects.published().first(),
        None,
    )


PAGE_TYPES = {
    "home": lambda: reverse("portal:home"),
    "territory": lambda: reverse("territoire:index"),
    "member": lambda: Member.objects.get(slug="lens-lievin").get_absolute_url(),
    "member, the Département": lambda: Member.objects.get(slug="pas-de-calais").get_absolute_url(),
    "commune directory": lambda: reverse("territoire:communes"),
    "commune directory, filtered": lambda: (
        reverse("territoire:communes") + "?q=lens&member=lens-lievin&sort=-population"
    ),
    "commune directory, invalid filter": lambda: reverse("territoire:communes") + "?sort=nowhere",
    "commune": lambda: Commune.objects.get(insee_code=LENS).get_absolute_url(),
    "commune, with what concerns it": lambda: _commune_concerned().get_absolute_url(),
    "what concerns a commune": lambda: reverse(
        "discovery:commune-concerns", kwargs={"insee_code": _commune_concerned().insee_code}
    ),
    "chantiers": lambda: reverse("chantiers:index"),
    "chantier": lambda: _first_published(Chantier),
    "objective": lambda: _first_published(Objective),
    "objective, tracked": _tracked_objective,
    "tracking": lambda: reverse("chantiers:tracking"),
    "partners": lambda: reverse("partenaires:index"),
    "partner": lambda: _first_published(Partner),
    "the Pôle": lambda: reverse("institution:pole"),
    "news": lambda: reverse("institution:news"),
    "news article": _sample_article,
    "acts": lambda: reverse("institution:acts"),
    "délibération": _sample_deliberation,
    "séances": lambda: reverse("institution:seances"),
    "séance": lambda: _sample_seance().get_absolute_url(),
    "agenda": _agenda,
    "event": lambda: _sample_event().get_absolute_url(),
    "contact": lambda: reverse("institution:contact"),
    "contact, message sent": lambda: reverse("institution:contact-thanks"),
    "legal notice": lambda: reverse("institution:legal-notice"),
    "personal data": lambda: reverse("institution:personal-data"),
    "accessibility statement": lambda: reverse("institution:accessibility"),
    "site map": lambda: reverse("discovery:site-map"),
    "search": lambda: reverse("discovery:search"),
    "search results": lambda: reverse("discovery:search") + "?q=li%C3%A9vin",
    "search, invalid query": lambda: reverse("discovery:search") + "?q=%3F%3F",
    "open data": lambda: reverse("discovery:opendata"),
    "follow by e-mail": _follow_form,
    "follow by e-mail, request sent": lambda: reverse("following:requested"),
    "follow by e-mail, confirmation": lambda: reverse(
        "following:confirm", kwargs={"token": _follow_subscription().confirmation_token}
    ),
    "follow by e-mail, unsubscribe": lambda: reverse(
        "following:unsubscribe", kwargs={"token": _follow_subscription().follower.unsubscribe_token}
    ),
    "404": _not_found,
}

LANGUAGES = ("fr", "en")


def page_paths(language):
    """{page type: path} in the given language."""
    with translation.override(language):
        return {name: path() for name, path in PAGE_TYPES.items()}
