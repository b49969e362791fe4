"""The director sees who follows what and what the next digest will say; the addresses are in
the admin, read-only, and deleting one deletes all it follows."""

import pytest

from pole_artois.backoffice.roles import ADMINISTRATION, DIRECTION
from pole_artois.following.models import Follower, Subscription
from pole_artois.following.views import request_follow
from tests.factories import make_chantier, make_objective, make_update
from tests.helpers import staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def objective():
    return make_objective(make_chantier(title_fr="Archipel vert"), title_fr="Chaîne des parcs")


def follow(email, objective=None, chantier=None):
    subscription = request_follow(email, "fr", objective, chantier)
    subscription.confirm("fr")
    return subscription


def test_the_dashboard_counts_followers_and_previews_the_next_digest(client, objective):
    make_update(objective, title_fr="Étude lancée")
    follow("a@example.fr", objective)
    follow("b@example.fr", objective)
    follow("c@example.fr", chantier=objective.chantier)
    request_follow("pas-encore@example.fr", "fr", objective, None)  # not confirmed: not counted
    make_update(objective, title_fr="Premier parc relié")
    client.force_login(staff_user("directrice", DIRECTION))
    html = client.get("/gestion/").content.decode()
    html = html[html.index('aria-labelledby="following"') :]
    assert "Suivi par e-mail" in html
    assert "1 demande attend sa confirmation." in html
    row = html[html.index("Chaîne des parcs</a></th>") :]
    row = row[: row.index("</tr>")]
    assert "<td>2</td>" in row
    assert "Premier parc relié" in row
    assert "Étude lancée" not in row  # told already (there before they followed)
    chantier_row = html[html.index("Archipel vert</a></th>") :]
    assert "<td>1</td>" in chantier_row[: chantier_row.index("</tr>")]
    assert "/gestion/following/follower/" in html


def test_the_officer_does_not_see_who_follows(client, objective):
    follow("a@example.fr", objective)
    client.force_login(staff_user("agent", ADMINISTRATION))
    assert "Suivi par e-mail" not in client.get("/gestion/").content.decode()
    assert client.get("/gestion/following/follower/").status_code == 403


def test_addresses_are_read_only_and_deleting_one_deletes_what_it_follows(client, objective):
    subscription = follow("camille@example.fr", objective)
    follow("camille@example.fr", chantier=objective.chantier)
    client.force_login(staff_user("directrice", DIRECTION))
    listing = client.get("/gestion/following/follower/?q=camille").content.decode()
    assert "camille@example.fr" in listing
    change = client.get(f"/gestion/following/follower/{subscription.follower_id}/change/")
    assert change.status_code == 200
    assert 'name="email"' not in change.content.decode()  # shown, not editable
    assert client.get("/gestion/following/follower/add/").status_code == 403
    response = client.post(
        f"/gestion/following/follower/{subscription.follower_id}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Follower.objects.exists()
    assert not Subscription.objects.exists()
