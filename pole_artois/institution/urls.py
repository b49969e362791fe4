from django.urls import path

from pole_artois.institution import views
from pole_artois.institution.feeds import NewsFeed
from pole_artois.institution.models import Event, Page, Seance

app_name = "institution"

urlpatterns = [
    path("le-pole/", views.PresentationView.as_view(), name="pole"),
    path("actualites/", views.ArticleListView.as_view(), name="news"),
    path("actualites/flux.atom", NewsFeed(), name="news-feed"),
    path("actualites/<int:pk>-<slug:slug>/", views.ArticleDetailView.as_view(), name="article"),
    path("actes/", views.DeliberationListView.as_view(), name="acts"),
    path("actes/<int:pk>/", views.DeliberationDetailView.as_view(), name="deliberation"),
    path(
        "actes/<int:pk>/texte.pdf",
        views.DeliberationDocumentView.as_view(),
        name="deliberation-document",
    ),
    path("actes/seances/", views.SeanceListView.as_view(), name="seances"),
    path("actes/seances/<int:pk>/", views.SeanceDetailView.as_view(), name="seance"),
    path(
        "actes/seances/<int:pk>/seance.ics",
        views.CalendarFileView.as_view(model=Seance),
        name="seance-calendar",
    ),
    path("agenda/", views.AgendaView.as_view(), name="agenda"),
    path("agenda/agenda.ics", views.AgendaFeedView.as_view(), name="agenda-feed"),
    path("agenda/<int:pk>-<slug:slug>/", views.EventDetailView.as_view(), name="event"),
    path(
        "agenda/<int:pk>/evenement.ics",
        views.CalendarFileView.as_view(model=Event),
        name="event-calendar",
    ),
    path("contact/", views.ContactView.as_view(), name="contact"),
    path("contact/merci/", views.ContactThanksView.as_view(), name="contact-thanks"),
    path(
        "mentions-legales/",
        views.LegalPageView.as_view(
            key=Page.Key.LEGAL_NOTICE, template_name="institution/legal_notice.html"
        ),
        name="legal-notice",
    ),
    path(
        "donnees-personnelles/",
        views.LegalPageView.as_view(
            key=Page.Key.PERSONAL_DATA, template_name="institution/personal_data.html"
        ),
        name="personal-data",
    ),
    path("accessibilite/", views.AccessibilityView.as_view(), name="accessibility"),
]
