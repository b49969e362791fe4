"""The director's week, end to end through /gestion/ in a real Chromium, in French: each step is
done as a person would, and checked, in the back office and on the public site, to have lost
nothing typed or chosen.

(Issue 12's "Must show": one test, its steps as functions, in the order of her week.)
"""

from datetime import date

import pytest
from PIL import Image
from playwright.sync_api import expect

from chantiers.models import Objective
from partenaires.models import Partner
from pole_artois.backoffice.roles import ADMINISTRATION, DIRECTION
from pole_artois.institution.models import Article, Deliberation, Seance
from tests.helpers import PASSWORD, pdf_bytes, staff_user

from .test_backoffice_editing import jpeg_bytes
from .test_backoffice_round_trip import collect_csp_violations, show_tab_of

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1366, "height": 900}
IMAGE_ALT = "La porte d'entrée du pôle, grande ouverte."


def log_in(page, site_url, username):
    page.goto(f"{site_url}/gestion/login/")
    page.get_by_label("Nom d\u2019utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tableau de bord")


def fill_in_english(page, field_id, text):
    """Each translated field has its own tabs: the English one is shown first, then filled."""
    show_tab_of(page, field_id)
    page.fill(f"#{field_id}", text)


def saved(page):
    expect(page.locator(".messagelist .success")).to_have_count(1)
    expect(page.locator(".errornote")).to_have_count(0)


def write_a_news_item_with_an_image(page, site_url):
    """Both languages and an image, its alt text forgotten first: nothing chosen is lost."""
    page.goto(f"{site_url}/gestion/institution/article/add/")
    page.fill("#id_title_fr", "Le pôle ouvre ses portes")
    page.fill("#id_summary_fr", "Visite des locaux samedi 12 décembre.")
    fill_in_english(page, "id_title_en", "The Pôle opens its doors")
    fill_in_english(page, "id_summary_en", "A visit of the offices on Saturday 12 December.")
    type_rich_text(page, "id_body_fr", "Rendez-vous à l'accueil à 10 heures.")
    show_tab_of(page, "id_body_en")
    type_rich_text(page, "id_body_en", "Meet us at the reception at 10 am.")
    image = {"name": "portes-ouvertes.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}
    page.set_input_files("#id_image", image)
    page.get_by_role("button", name="Enregistrer et continuer les modifications").click()

    expect(page.locator(".field-image_alt_fr .errorlist")).to_contain_text(
        "qui ne peuvent pas la voir"
    )
    expect(page.locator(".field-image")).to_contain_text(
        "Fichier choisi : portes-ouvertes.jpg (sera enregistré)"
    )
    expect(page.locator("#id_title_fr")).to_have_value("Le pôle ouvre ses portes")
    expect(page.locator("#id_summary_en")).to_have_value(
        "A visit of the offices on Saturday 12 December."
    )
    expect(editor_of(page, "id_body_fr")).to_have_text("Rendez-vous à l'accueil à 10 heures.")
    page.fill("#id_image_alt_fr", IMAGE_ALT)
    page.get_by_role("button", name="Enregistrer et continuer les modifications").click()
    saved(page)

    article = Article.objects.get(slug="le-pole-ouvre-ses-portes")
    assert article.title_en == "The Pôle opens its doors"
    assert "Meet us at the reception at 10 am." in article.body_en
    with Image.open(article.image) as stored:  # Stored without its metadata: re-encoded.
        assert (stored.format, stored.size) == ("JPEG", (64, 48))
    return article


def preview_then_publish(page, site_url, visitor, article):
    page.get_by_role("link", name="Voir sur le site").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Le pôle ouvre ses portes")
    expect(page.locator(".preview-banner")).to_contain_text("Brouillon — aperçu")
    expect(page.get_by_role("img", name=IMAGE_ALT)).to_be_visible()
    public_url = page.url
    assert visitor.goto(public_url).status == 404

    page.go_back()
    page.get_by_role("button", name="Enregistrer et publier").click()
    saved(page)
    assert visitor.goto(public_url).status == 200
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Le pôle ouvre ses portes")
    expect(visitor.locator(".preview-banner")).to_have_count(0)
    visitor.goto(public_url.replace(site_url, f"{site_url}/en", 1))
    expect(visitor.get_by_role("heading", level=1)).to_have_text("The Pôle opens its doors")
    expect(visitor.locator("article")).to_contain_text("Meet us at the reception at 10 am.")
    return public_url


def editor_of(page, field_id):
    """The rich text editor that fills the hidden field `field_id`."""
    return page.locator(f"#{field_id}").locator("xpath=..").locator("[contenteditable]")


def type_rich_text(page, field_id, text):
    editor = editor_of(page, field_id)
    editor.click()
    page.keyboard.type(text)


def add_a_progress_update(page, site_url, visitor, objective):
    """A dated update written inline on the objective's page, published with it."""
    page.goto(f"{site_url}/gestion/chantiers/objective/{objective.pk}/change/")
    group = page.locator("#updates-group")
    before = group.locator(".inline-related.has_original").count()
    group.locator(".add-row a").click()
    row = group.locator(".inline-related.dynamic-updates").last
    prefix = row.get_attribute("id")
    page.fill(f"#id_{prefix}-title_fr", "Le diagnostic est terminé")
    fill_in_english(page, f"id_{prefix}-title_en", "The survey is complete")
    page.select_option(f"#id_{prefix}-status", "published")
    page.get_by_role("button", name="Enregistrer et continuer les modifications").click()

    # The text forgotten: refused, with the row and what it holds still there.
    expect(page.locator(f"#{prefix} .field-body_fr .errorlist")).to_be_visible()
    expect(page.locator(f"#id_{prefix}-title_fr")).to_have_value("Le diagnostic est terminé")
    expect(page.locator(f"#id_{prefix}-title_en")).to_have_value("The survey is complete")
    expect(page.locator(f"#id_{prefix}-status")).to_have_value("published")
    type_rich_text(page, f"id_{prefix}-body_fr", "Les relevés des dix communes sont faits.")
    page.get_by_role("button", name="Enregistrer et continuer les modifications").click()
    saved(page)
    expect(group.locator(".inline-related.has_original")).to_have_count(before + 1)

    visitor.goto(f"{site_url}{objective.get_absolute_url()}")
    updates = visitor.locator("section[aria-labelledby=updates-title]")
    expect(updates).to_contain_text("Le diagnostic est terminé")
    expect(updates).to_contain_text("Les relevés des dix communes sont faits.")
    visitor.goto(f"{site_url}/en{objective.get_absolute_url()}")
    expect(visitor.locator("section[aria-labelledby=updates-title]")).to_contain_text(
        "The survey is complete"
    )


def pdf(name, text):
    return {"name": name, "mimeType": "application/pdf", "buffer": pdf_bytes(text)}


def record_a_seance_and_its_act(page, site_url, visitor):
    """A séance, then its délibération with the signed PDF, both published."""
    page.goto(f"{site_url}/gestion/institution/seance/add/")
    page.fill("#id_date", "24/11/2026")
    page.fill("#id_time", "18:30")
    page.fill("#id_place", "Salle du conseil")
    page.get_by_role("button", name="Enregistrer et publier").click()
    saved(page)
    seance = Seance.objects.get(date=date(2026, 11, 24))
    assert seance.is_published

    page.goto(f"{site_url}/gestion/institution/deliberation/add/")
    page.fill("#id_number", "2026-41")
    page.fill("#id_subject_fr", "Adhésion au réseau des pôles métropolitains")
    fill_in_english(page, "id_subject_en", "Membership of the network of metropolitan poles")
    page.select_option("#id_seance", label="Séance du 24 novembre 2026")
    page.fill("#id_votes_for", "38")
    page.fill("#id_votes_against", "0")
    page.fill("#id_abstentions", "2")
    page.set_input_files("#id_document", pdf("2026-41.pdf", "texte signe"))
    page.fill("#id_signatory_name", "La présidente")
    page.get_by_role("button", name="Enregistrer et publier").click()
    saved(page)
    act = Deliberation.objects.get(number="2026-41")
    assert act.is_online
    act_url = f"{site_url}{act.get_absolute_url()}"
    visitor.goto(act_url)
    expect(visitor.locator(".lead")).to_have_text("Adhésion au réseau des pôles métropolitains")
    facts = visitor.locator(".facts").first  # the act's; the paper copy's contact follows
    expect(facts).to_contain_text("pour : 38, contre : 0, abstentions : 2")
    visitor.goto(f"{site_url}{seance.get_absolute_url()}")
    expect(
        visitor.get_by_role("link", name="Adhésion au réseau des pôles métropolitains")
    ).to_be_visible()
    visitor.goto(f"{site_url}/en{act.get_absolute_url()}")
    expect(visitor.locator(".lead")).to_have_text("Membership of the network of metropolitan poles")
    return act, act_url


def correct_the_act(page, site_url, visitor, act, act_url):
    """Online, the act changes only through a correction: its reason, new values and PDF."""
    page.goto(f"{site_url}/gestion/institution/deliberation/{act.pk}/change/")
    expect(page.locator("#id_subject_fr")).to_have_count(0)  # Frozen: read-only.
    page.select_option("#id_changes-0-kind", "correction")
    page.fill("#id_changes-0-votes_for", "37")
    page.fill("#id_changes-0-abstentions", "3")
    page.set_input_files("#id_changes-0-document", pdf("2026-41-rectifie.pdf", "texte rectifie"))
    page.get_by_role("button", name="Enregistrer et continuer les modifications").click()

    # The reason forgotten: refused, with every value and the chosen PDF kept.
    expect(page.locator(".field-reason_fr .errorlist")).to_be_visible()
    expect(page.locator("#id_changes-0-votes_for")).to_have_value("37")
    expect(page.locator("#id_changes-0-abstentions")).to_have_value("3")
    expect(
        page.locator(".field-document", has=page.locator("#id_changes-0-document"))
    ).to_contain_text("Fichier choisi : 2026-41-rectifie.pdf (sera enregistré)")
    page.fill("#id_changes-0-reason_fr", "Erreur matérielle sur le décompte des voix.")
    page.get_by_role("button", name="Enregistrer et continuer les modifications").click()
    saved(page)

    visitor.goto(act_url)
    expect(visitor.locator(".notice")).to_contain_text(
        "Erreur matérielle sur le décompte des voix."
    )
    facts = visitor.locator(".facts").first  # the act's; the paper copy's contact follows
    expect(facts).to_contain_text("pour : 37, contre : 0, abstentions : 3")
    changes = visitor.locator("section[aria-labelledby=changes-title]")
    expect(changes).to_contain_text("Voix pour : 38")
    expect(changes).to_contain_text("Abstentions : 2")
    expect(
        changes.get_by_role("link", name="Le texte avant cette rectification (PDF)")
    ).to_be_visible()
    document = visitor.request.get(f"{site_url}{act.get_document_url()}")
    assert b"texte rectifie" in document.body()


def reorder_partners(page, site_url, visitor):
    """↓ on the first partner of a category: the partners' page lists the second one first."""
    first, second = Partner.objects.published()[:2]
    assert first.category == second.category
    section = visitor.locator(f"section[aria-labelledby=category-{first.category}] h3")
    visitor.goto(f"{site_url}/partenaires/")
    expect(section.first).to_have_text(first.name)

    page.goto(f"{site_url}/gestion/partenaires/partner/")
    page.get_by_role("button", name=f"Descendre « {first.name} »").click()
    expect(page).to_have_url(f"{site_url}/gestion/partenaires/partner/")
    rows = page.locator("#result_list tbody tr")
    expect(rows.nth(0)).to_contain_text(second.name)
    expect(rows.nth(1)).to_contain_text(first.name)

    visitor.goto(f"{site_url}/partenaires/")
    expect(section.nth(0)).to_have_text(second.name)
    expect(section.nth(1)).to_have_text(first.name)


def restore_an_earlier_version(page, site_url, visitor, article, public_url):
    """A later edit undone from the History: the version as published comes back online."""
    change_url = f"{site_url}/gestion/institution/article/{article.pk}/change/"
    page.goto(change_url)
    page.fill("#id_summary_fr", "Visite annulée.")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    saved(page)
    visitor.goto(public_url)
    expect(visitor.locator(".lead")).to_have_text("Visite annulée.")

    page.goto(change_url)
    page.get_by_role("link", name="Historique").click()
    versions = page.locator("#change-history tbody tr")
    expect(versions).to_have_count(3)  # Written, published, edited: newest first.
    expect(versions.nth(0)).to_contain_text("Résumé (français)")
    versions.nth(1).get_by_role("link").click()
    expect(page.locator("#id_summary_fr")).to_have_value("Visite des locaux samedi 12 décembre.")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    saved(page)

    visitor.goto(public_url)
    expect(visitor.locator(".lead")).to_have_text("Visite des locaux samedi 12 décembre.")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Le pôle ouvre ses portes")
    expect(visitor.get_by_role("img", name=IMAGE_ALT)).to_be_visible()


def the_officer_submits_a_draft(site_url, officer):
    officer.goto(f"{site_url}/gestion/institution/article/add/")
    officer.fill("#id_title_fr", "Collecte de jouets au siège")
    officer.fill("#id_summary_fr", "Déposez vos dons à l'accueil jusqu'au 18 décembre.")
    officer.get_by_label("Soumettre pour publication").check()
    officer.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(officer.locator(".messagelist")).to_contain_text("soumis pour publication")


def the_director_publishes_it(page, site_url, visitor):
    page.goto(f"{site_url}/gestion/")
    requests = page.locator("table", has_text="Soumis pour publication")
    expect(requests).to_contain_text("agent")
    requests.get_by_role("link", name="Collecte de jouets au siège").click()
    expect(page.locator("#id_summary_fr")).to_have_value(
        "Déposez vos dons à l'accueil jusqu'au 18 décembre."
    )
    page.get_by_role("button", name="Enregistrer et publier").click()
    saved(page)

    submitted = Article.objects.get(title_fr="Collecte de jouets au siège")
    visitor.goto(f"{site_url}{submitted.get_absolute_url()}")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Collecte de jouets au siège")
    expect(visitor.locator(".preview-banner")).to_have_count(0)
    page.goto(f"{site_url}/gestion/")
    expect(page.locator("table", has_text="Soumis pour publication")).to_have_count(0)


def test_the_directors_week(site_url, chromium, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    staff_user("directrice", DIRECTION)
    staff_user("agent", ADMINISTRATION)
    director = chromium.new_context(locale="fr-FR", viewport=DESKTOP)
    officer = chromium.new_context(locale="fr-FR", viewport=DESKTOP)
    anonymous = chromium.new_context(locale="fr-FR", viewport=DESKTOP)
    for context in (director, officer, anonymous):
        context.set_default_timeout(10_000)
    try:
        page = director.new_page()
        csp_violations = collect_csp_violations(page)
        visitor = anonymous.new_page()
        log_in(page, site_url, "directrice")
        article = write_a_news_item_with_an_image(page, site_url)
        public_url = preview_then_publish(page, site_url, visitor, article)
        add_a_progress_update(page, site_url, visitor, Objective.objects.published().first())
        correct_the_act(
            page, site_url, visitor, *record_a_seance_and_its_act(page, site_url, visitor)
        )
        reorder_partners(page, site_url, visitor)
        restore_an_earlier_version(page, site_url, visitor, article, public_url)

        colleague = officer.new_page()
        log_in(colleague, site_url, "agent")
        the_officer_submits_a_draft(site_url, colleague)
        the_director_publishes_it(page, site_url, visitor)
        assert csp_violations == []
    finally:
        for context in (director, officer, anonymous):
            context.close()
