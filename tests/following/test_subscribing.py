"""Asking to follow, confirming, the links that do not work, purging what was never confirmed,
and what the site says about the address."""

import datetime
import io
import time

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.utils import timezone

from pole_artois.following.models import CONFIRM_SALT, Follower, Subscription
from pole_artois.following.views import request_follow
from tests.factories import make_chantier, make_objective
from tests.following.conftest import run_worker, waiting_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def objective():
    return make_objective(make_chantier(slug="archipel-vert"), title_fr="Chaîne des parcs")


def confirmation_path(subscription):
    return f"/suivre/confirmer/{subscription.confirmation_token}/"


def test_every_followed_page_links_to_the_form_without_a_form_of_its_own(client, objective):
    pages = {
        objective.get_absolute_url(): f"/suivre/?objectif={objective.pk}",
        objective.chantier.get_absolute_url(): "/suivre/?chantier=archipel-vert",
        "/chantiers/suivi/": "/suivre/",
    }
    for page, link in pages.items():
        html = client.get(page).content.decode()
        assert f'href="{link}"' in html, page
        # Served from the page cache: no CSRF token, no form posting to /suivre/.
        assert "csrfmiddlewaretoken" not in html
    assert (
        "Follow this objective by e-mail"
        in client.get(f"/en{objective.get_absolute_url()}").content.decode()
    )


def test_the_form_asks_for_the_address_only_and_says_what_is_kept(client, objective):
    response = client.get(f"/suivre/?objectif={objective.pk}")
    html = response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert html.count("<input") == 2  # the CSRF token and the address
    assert 'type="email"' in html
    assert "conserve votre adresse électronique" in html
    english = client.get(f"/en/suivre/?objectif={objective.pk}").content.decode()
    assert "keeps your e-mail address" in english


def test_the_form_refuses_a_bad_address_and_keeps_it(client, objective):
    response = client.post(f"/suivre/?objectif={objective.pk}", {"email": "pas-une-adresse"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "pas-une-adresse" in html
    assert 'role="alert"' in html
    assert not Follower.objects.exists()


def test_unknown_or_unpublished_targets_are_not_found(client, objective):
    draft = make_objective(objective.chantier, status="draft")
    assert client.get(f"/suivre/?objectif={draft.pk}").status_code == 404
    assert client.get("/suivre/?objectif=abc").status_code == 404
    assert client.get("/suivre/?chantier=nulle-part").status_code == 404
    # Another query parameter is sent back to the address without it.
    assert client.get("/suivre/?utm_source=x")["Location"] == "/suivre/"


def test_nothing_is_followed_before_the_link_is_followed_and_opening_it_is_not_enough(
    client, objective
):
    client.post(f"/suivre/?objectif={objective.pk}", {"email": "camille@example.fr"})
    run_worker()
    [message] = mail.outbox
    subscription = Subscription.objects.get()
    assert subscription.confirmation_url() in message.body
    assert not Follower.objects.following().exists()
    assert client.get(confirmation_path(subscription)).status_code == 200
    assert not Follower.objects.following().exists()
    response = client.post(confirmation_path(subscription))
    assert "Vous suivez" in response.content.decode()
    assert Follower.objects.following().get().email == "camille@example.fr"


def test_an_english_request_gets_an_english_confirmation_and_digests(client, objective):
    client.post(f"/en/suivre/?objectif={objective.pk}", {"email": "sam@example.org"})
    run_worker()
    [message] = mail.outbox
    assert message.subject.startswith("Confirm that you want to follow")
    assert "/en/suivre/confirmer/" in message.body
    assert Follower.objects.get().language == "en"


def old_token(subscription, days):
    """A genuine link, signed `days` ago."""

    class Then(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time() - days * 24 * 3600))

    return Then(salt=CONFIRM_SALT).sign_object(subscription.pk, serializer=signing.JSONSerializer)


def test_an_expired_link_confirms_nothing_and_offers_to_ask_again(client, objective):
    subscription = request_follow("camille@example.fr", "fr", objective, None)
    response = client.post(f"/suivre/confirmer/{old_token(subscription, 4)}/")
    assert response.status_code == 410
    assert "a expiré" in response.content.decode()
    assert 'href="/suivre/"' in response.content.decode()
    assert not Subscription.objects.confirmed().exists()
    # Two days old, it still works.
    assert client.post(f"/suivre/confirmer/{old_token(subscription, 2)}/").status_code == 200
    assert Subscription.objects.confirmed().exists()


def test_a_forged_link_confirms_nothing(client, objective):
    subscription = request_follow("camille@example.fr", "fr", objective, None)
    token = subscription.confirmation_token
    forged = signing.dumps(subscription.pk, salt="another purpose")
    for bad in (token[:-2] + "xx", forged, "nimportequoi"):
        response = client.post(f"/suivre/confirmer/{bad}/")
        assert response.status_code == 400
        assert "pas valide" in response.content.decode()
    assert not Subscription.objects.confirmed().exists()


def test_asking_twice_makes_one_subscription_and_a_follower_gets_no_new_confirmation(
    client, objective
):
    for _ in range(2):
        response = client.post(f"/suivre/?objectif={objective.pk}", {"email": "camille@example.fr"})
        assert response.status_code == 302
    assert Subscription.objects.count() == 1
    assert waiting_tasks("send_confirmation").count() == 1
    run_worker()
    client.post(confirmation_path(Subscription.objects.get()))
    # Once following, asking again changes nothing and sends nothing; the page says the same.
    response = client.post(
        f"/suivre/?objectif={objective.pk}", {"email": "Camille@Example.fr"}, follow=True
    )
    assert "Vérifiez votre messagerie" in response.content.decode()
    run_worker()
    assert len(mail.outbox) == 1
    assert Subscription.objects.count() == 1
    # Following another page is another subscription, with its own confirmation.
    client.post(f"/suivre/?chantier={objective.chantier.slug}", {"email": "camille@example.fr"})
    run_worker()
    assert len(mail.outbox) == 2
    assert Follower.objects.count() == 1


def test_a_request_left_unconfirmed_is_purged_once_its_link_has_expired(objective):
    old = request_follow("ancien@example.fr", "fr", objective, None)
    request_follow("recent@example.fr", "fr", objective, None)
    followed = request_follow("fidele@example.fr", "fr", objective, None)
    followed.confirm("fr")
    four_days_ago = timezone.now() - datetime.timedelta(days=4)
    Subscription.objects.filter(pk__in=[old.pk, followed.pk]).update(requested_at=four_days_ago)
    output = io.StringIO()
    call_command("purge_followers", stdout=output)
    assert "1 unconfirmed subscription(s) and 1 address(es)" in output.getvalue()
    assert set(Follower.objects.values_list("email", flat=True)) == {
        "recent@example.fr",
        "fidele@example.fr",
    }


def test_the_personal_data_page_says_what_following_does_with_an_address(client):
    french = client.get("/donnees-personnelles/").content.decode()
    assert "Suivi par e-mail" in french
    assert "une demande non confirmée sous trois jours est supprimée" in french
    english = client.get("/en/donnees-personnelles/").content.decode()
    assert "a request not confirmed within three days is deleted" in english


def test_a_get_of_the_unsubscribe_link_only_asks(client, objective):
    subscription = request_follow("camille@example.fr", "fr", objective, None)
    subscription.confirm("fr")
    path = f"/suivre/desabonnement/{subscription.follower.unsubscribe_token}/"
    response = client.get(path)
    assert "camille@example.fr" in response.content.decode()
    assert '<form method="post">' in response.content.decode()
    assert Follower.objects.exists()
    client.post(path)
    assert not Follower.objects.exists()
    # The link again: nothing to stop, no error.
    assert "ne suit plus rien" in client.get(path).content.decode()
    assert client.post("/suivre/desabonnement/forge/").status_code == 200


def test_one_connection_cannot_subscribe_addresses_by_the_hundred(client, objective):
    for number in range(10):
        response = client.post("/suivre/", {"email": f"personne{number}@example.fr"})
        assert response.status_code == 302
    response = client.post("/suivre/", {"email": "encore@example.fr"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "encore@example.fr" in response.content.decode()
    assert not Follower.objects.filter(email="encore@example.fr").exists()


def test_a_request_in_another_language_does_not_change_a_followers_digests(objective):
    follow = request_follow("camille@example.fr", "fr", objective, None)
    follow.confirm("fr")
    request_follow("camille@example.fr", "en", None, objective.chantier)
    assert Follower.objects.get().language == "fr"
