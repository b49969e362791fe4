"""Where an objective stands: status, milestones, indicators with their values and charts."""

import datetime
import io
import json
from decimal import Decimal
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation

from chantiers import charts, imports
from chantiers.models import (
    Indicator,
    IndicatorValue,
    Milestone,
    MilestoneState,
    ObjectiveStatus,
    StatusChange,
)
from pole_artois.core.publication import PublicationStatus
from territoire.models import Member
from tests.factories import make_chantier, make_objective

pytestmark = pytest.mark.django_db

D = datetime.date


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.content.decode())


def track(objective, values=(("2030-01-01", "12"), ("2031-01-01", "20"), ("2032-01-01", "31.5"))):
    """A status change, two milestones (one postponed) and an indicator with three values."""
    StatusChange.objects.create(
        objective=objective, status=ObjectiveStatus.STUDY, date=D(2029, 3, 1)
    )
    StatusChange.objects.create(
        objective=objective,
        status=ObjectiveStatus.UNDER_WAY,
        date=D(2030, 2, 1),
        note_fr="Marché attribué",
        note_en="Contract awarded",
    )
    Milestone.objects.create(
        objective=objective,
        title_fr="Étude de faisabilité",
        title_en="Feasibility study",
        planned_date=D(2029, 6, 30),
        state=MilestoneState.REACHED,
        reached_on=D(2029, 7, 2),
    )
    postponed = Milestone.objects.create(
        objective=objective,
        title_fr="Premiers travaux",
        title_en="First works",
        planned_date=D(2031, 3, 1),
        precision="month",
    )
    postponed.planned_date = D(2031, 9, 1)
    postponed.state = MilestoneState.POSTPONED
    postponed.save()
    indicator = Indicator.objects.create(
        objective=objective,
        name_fr="Surface de parcs reliés",
        name_en="Area of linked parks",
        unit_fr="ha",
        target_value=Decimal(40),
        baseline_value=Decimal(10),
    )
    for day, value in values:
        IndicatorValue.objects.create(
            indicator=indicator, date=D.fromisoformat(day), value=Decimal(value)
        )
    return indicator


class TestCharts:
    def points(self, *values):
        return [charts.Point(D(2030 + n, 1, 1), value) for n, value in enumerate(values)]

    def test_one_value_is_a_point_in_the_middle(self):
        svg = charts.line_chart(self.points(5), title="T", chart_id="c")
        assert 'cx="180.' in svg or "<circle" in svg
        assert svg.count("<circle") == 1
        assert '<title id="c-title">T</title>' in svg

    def test_all_equal_values_get_a_range_around_them(self):
        svg = charts.line_chart(self.points(7, 7, 7), title="T", chart_id="c")
        assert svg.count("<circle") == 3
        assert "nan" not in svg.lower()

    def test_negative_values_and_the_target_are_within_the_axis(self):
        ticks, _ = charts.nice_ticks(-35, 10)
        assert ticks[0] <= -35 and ticks[-1] >= 10
        svg = charts.line_chart(self.points(-35, -2), title="T", target=10, chart_id="c")
        assert "chart-target" in svg and "-40" in svg

    def test_values_without_a_date_are_left_out_and_nothing_gives_no_chart(self):
        points = [charts.Point(None, 3), charts.Point(D(2030, 1, 1), None)]
        assert charts.line_chart(points, title="T", chart_id="c") == ""
        points.append(charts.Point(D(2031, 1, 1), 4))
        assert charts.line_chart(points, title="T", chart_id="c").count("<circle") == 1

    def test_huge_numbers_get_room_for_their_labels(self):
        svg = charts.line_chart(self.points(10**15, 3 * 10**15), title="T", chart_id="c")
        with translation.override("en"):
            assert charts.format_number(3 * 10**15) == "3,000,000,000,000,000"
        assert "e+" not in svg

    def test_numbers_follow_the_language(self):
        with translation.override("fr"):
            assert charts.format_number(Decimal("1234.50")) == "1\xa0234,5"
            assert "1\xa0000" in charts.line_chart(self.points(0, 2000), title="T", chart_id="c")
        with translation.override("en"):
            assert charts.format_number(Decimal("1234.50")) == "1,234.5"
            svg = charts.line_chart(self.points(0, 2000), title="T", unit="ha", chart_id="c")
            assert "1,000" in svg and "Value (ha)" in svg and ">Date<" in svg

    def test_grouped_bars_write_each_member_and_value(self):
        svg = charts.grouped_bar_chart(
            [(D(2030, 1, 1), [("Lens-Liévin", 3), ("Béthune-Bruay", -2)])],
            title="T",
            chart_id="g",
        )
        assert "Lens-Liévin" in svg and ">-2<" in svg
        assert charts.grouped_bar_chart([], title="T", chart_id="g") == ""


class TestObjectivePage:
    def test_shows_status_milestones_and_indicators_in_french_and_english(self, client):
        objective = make_objective()
        track(objective)
        html = page(client, objective.get_absolute_url())
        assert "<strong>En cours</strong>, depuis le <time" in html
        assert "Marché attribué" in html
        assert '<ol class="timeline">' in html
        timeline = html.split('<ol class="timeline">')[1].split("</ol>")[0]
        assert timeline.index("Étude de faisabilité") < timeline.index("Premiers travaux")
        assert "Reporté" in timeline
        assert '<del><time datetime="2031-03">mars 2031</time></del>' in html
        assert '<svg class="indicator-chart"' in html and "Cible : 40" in html
        assert '<td class="num" data-label="Valeur">31,5 ha</td>' in html
        english = page(client, f"/en{objective.get_absolute_url()}")
        assert "<strong>Under way</strong>" in english
        assert "Contract awarded" in english and "First works" in english
        assert "Target: 40" in english
        assert '<td class="num" data-label="Value">31.5 ha</td>' in english

    def test_values_by_member_get_their_own_chart(self, client):
        objective = make_objective()
        indicator = track(objective)
        html = page(client, objective.get_absolute_url())
        assert "valeurs par membre" not in html
        IndicatorValue.objects.create(
            indicator=indicator,
            date=D(2032, 1, 1),
            value=Decimal(8),
            member=Member.objects.get(slug="lens-lievin"),
        )
        html = page(client, objective.get_absolute_url())
        assert "Surface de parcs reliés, valeurs par membre</title>" in html
        assert '<td data-label="Où">Lens-Liévin</td>' in html

    def test_reads_well_with_nothing_recorded(self, client):
        html = page(client, make_objective().get_absolute_url())
        assert "Aucun jalon n'est encore prévu." in html
        assert "Aucun indicateur n'est encore suivi pour cet objectif." in html
        assert "<svg" not in html

    def test_an_update_names_its_milestone(self, client):
        from tests.factories import make_update

        objective = make_objective()
        track(objective)
        milestone = Milestone.objects.get(title_fr="Premiers travaux")
        make_update(objective, milestone=milestone)
        assert f'Jalon : <a href="#{milestone.anchor}">' in page(
            client, objective.get_absolute_url()
        )

    def test_names_its_lead(self, client):
        objective = make_objective()
        lens = Member.objects.get(slug="lens-lievin")
        objective.members.add(lens)
        objective.lead_member = lens
        objective.save()
        assert f'<dd><a href="{lens.get_absolute_url()}">' in page(
            client, objective.get_absolute_url()
        )


class TestChantierAndTrackingPages:
    def test_the_chantier_page_sums_up_its_objectives(self, client):
        objective = make_objective()
        track(objective)
        html = page(client, objective.chantier.get_absolute_url())
        assert "Où en sont les objectifs" in html
        assert "Premiers travaux" in html
        assert "0 sur 1" in html

    def test_the_tracking_page_filters_and_sorts_without_javascript(self, client):
        tracked = make_objective(title_fr="Suivi complet")
        track(tracked)
        tracked.members.add(Member.objects.get(slug="lens-lievin"))
        other = make_objective(make_chantier(slug="autre"), title_fr="Sans suivi")
        draft = make_objective(title_fr="Brouillon", status=PublicationStatus.DRAFT)
        html = page(client, "/chantiers/suivi/")
        assert "Suivi complet" in html and "Sans suivi" in html and draft.title not in html
        assert "31,5 ha" in html
        html = page(client, "/chantiers/suivi/?status=under-way")
        assert "Suivi complet" in html and "Sans suivi" not in html
        html = page(client, "/chantiers/suivi/?member=lens-lievin&sort=milestone")
        assert "Suivi complet" in html and "Sans suivi" not in html
        assert "Suivi complet" not in page(
            client, f"/chantiers/suivi/?chantier={other.chantier.slug}"
        )
        html = page(client, "/chantiers/suivi/?sort=nowhere&status=x")
        assert "Suivi complet" in html and "Sans suivi" in html
        assert 'class="field-error"' in html and 'role="alert"' in html

    def test_is_linked_from_the_chantiers_and_home_pages(self, client):
        make_objective()
        assert 'href="/chantiers/suivi/"' in page(client, "/chantiers/")
        assert 'href="/chantiers/suivi/"' in page(client, "/")
        assert 'href="/en/chantiers/suivi/"' in page(client, "/en/")
        assert 'href="/chantiers/suivi/"' in page(client, "/plan-du-site/")
        assert "/chantiers/suivi/</loc>" in page(client, "/sitemap.xml")

    def test_costs_the_same_whatever_the_content(
        self, client, site_wide_values_cached, django_assert_max_num_queries
    ):
        for size in (1, 8):
            for _ in range(size):
                objective = make_objective()
                track(objective)
            with django_assert_max_num_queries(4):
                page(client, "/chantiers/suivi/?sort=status")
            with django_assert_max_num_queries(4):
                page(client, objective.chantier.get_absolute_url())
            # As before tracking: its siblings, updates, documents, partners, members and news.
            with django_assert_max_num_queries(6):
                page(client, objective.get_absolute_url())


class TestFeeds:
    def test_the_objective_feed_tells_status_milestones_and_values(self, client):
        objective = make_objective()
        track(objective)
        xml = page(client, objective.get_feed_url())
        assert "status « en cours »" in xml or "statut « en cours »" in xml
        assert "Étude de faisabilité" in xml and "Premiers travaux" in xml
        assert "31,5 ha" in xml
        chantier_feed = page(client, objective.chantier.get_feed_url())
        assert "31,5 ha" in chantier_feed
        assert "31,5 ha" in page(client, "/chantiers/suivi/flux/")

    def test_an_update_keeps_its_id_in_every_feed(self, client):
        from tests.factories import make_update

        update = make_update(make_objective())
        ids = [
            page(client, url).split("<entry>")[1].split("<id>")[1].split("</id>")[0]
            for url in ("/chantiers/flux/", update.objective.chantier.get_feed_url())
        ]
        assert ids[0] == ids[1]

    def test_a_draft_objective_is_in_no_feed(self, client):
        objective = make_objective(status=PublicationStatus.DRAFT)
        track(objective)
        assert client.get(objective.get_feed_url()).status_code == 404
        assert "Premiers travaux" not in page(client, "/chantiers/suivi/flux/")


class TestImport:
    CSV = "date;valeur;membre\n2030-01-01;12;\n30/06/2031;1 234,5;lens-lievin\n"

    def test_a_dry_run_tells_what_would_change_and_changes_nothing(self):
        indicator = track(make_objective(), values=())
        report = imports.import_values(indicator, self.CSV, dry_run=True)
        assert (report.created, report.replaced, report.errors) == (2, 0, [])
        assert not indicator.values.exists()

    def test_importing_twice_changes_nothing_and_a_new_value_replaces(self):
        indicator = track(make_objective(), values=())
        imports.import_values(indicator, self.CSV)
        again = imports.import_values(indicator, self.CSV.replace("12;", "13;"))
        assert (again.created, again.replaced, again.unchanged) == (0, 1, 1)
        assert sorted(indicator.values.values_list("value", flat=True)) == [
            Decimal("13"),
            Decimal("1234.5"),
        ]

    def test_a_file_with_errors_names_them_and_imports_nothing(self):
        indicator = track(make_objective(), values=())
        text = (
            "date,value,member\n2030-13-01,1,\n2030-01-01,abc,\n"
            "2030-01-01,2,nowhere\n2031-01-01,4,\n"
        )
        report = imports.import_values(indicator, text)
        assert len(report.errors) == 3
        assert report.errors[0].startswith("Ligne 2")
        assert "nowhere" in report.errors[2]
        assert not indicator.values.exists()
        assert imports.read(indicator, "a,b\n1,2\n").errors

    def test_the_command(self, tmp_path):
        indicator = track(make_objective(), values=())
        path = tmp_path / "values.csv"
        path.write_text(self.CSV, encoding="utf-8")
        out = io.StringIO()
        call_command("import_indicator_values", indicator.pk, path, "--dry-run", stdout=out)
        assert "Would create 2" in out.getvalue() and not indicator.values.exists()
        call_command("import_indicator_values", indicator.pk, path, stdout=out)
        assert indicator.values.count() == 2
        path.write_text("date,value\nnot-a-date,1\n", encoding="utf-8")
        with pytest.raises(CommandError, match="Line 2"), translation.override("en"):
            call_command("import_indicator_values", indicator.pk, path)

    def test_the_indicator_page_has_its_values_and_leads_to_the_import(self, admin_client):
        indicator = track(make_objective())
        html = admin_client.get(f"/gestion/chantiers/indicator/{indicator.pk}/change/")
        html = unescape(html.content.decode())
        assert 'name="values-TOTAL_FORMS" value="4"' in html
        assert f'href="/gestion/chantiers/indicator/{indicator.pk}/import/"' in html
        objective_page = admin_client.get(
            f"/gestion/chantiers/objective/{indicator.objective.pk}/change/"
        ).content.decode()
        assert 'name="milestones-TOTAL_FORMS" value="2"' in objective_page
        assert 'name="status_changes-TOTAL_FORMS" value="2"' in objective_page

    def test_the_admin_page_previews_then_imports(self, admin_client):
        indicator = track(make_objective(), values=())
        url = f"/gestion/chantiers/indicator/{indicator.pk}/import/"
        upload = SimpleUploadedFile("v.csv", self.CSV.encode(), content_type="text/csv")
        html = unescape(admin_client.post(url, {"file": upload}).content.decode())
        assert "Nouvelles : 2 ; remplacées : 0 ; inchangées : 0." in html
        assert "<td>1\xa0234,5</td>" in html
        assert not indicator.values.exists()
        response = admin_client.post(url, {"text": self.CSV, "confirm": "1"})
        assert response.status_code == 302
        assert indicator.values.count() == 2
        bad = SimpleUploadedFile("v.csv", b"date,value\nx,1\n", content_type="text/csv")
        html = unescape(admin_client.post(url, {"file": bad}).content.decode())
        assert "Rien n'a été importé" in html


class TestOpenData:
    def test_milestones_and_values_as_csv_and_json(self, client):
        objective = make_objective()
        track(objective)
        hidden = make_objective(status=PublicationStatus.DRAFT)
        track(hidden)
        response = client.get("/donnees/jalons.csv")
        text = b"".join(response.streaming_content).decode()
        assert text.count("Premiers travaux") == 1
        assert "postponed" in text and "2031-03-01" in text
        response = client.get("/donnees/valeurs-indicateurs.json")
        records = json.loads(b"".join(response.streaming_content))
        assert [record["valeur"] for record in records] == ["12", "20", "31.5"]
        assert "valeurs-indicateurs.csv" in page(client, "/donnees/")


class TestAdminRights:
    def user(self, *codenames):
        from django.contrib.auth.models import Permission, User

        user = User.objects.create_user("redactrice", is_staff=True)
        user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
        return user

    def test_values_of_an_online_objective_need_the_right_to_publish_it(self, client):
        client.force_login(self.user("view_indicator", "change_indicator", "view_objective"))
        online = track(make_objective(), values=())
        draft = track(make_objective(status=PublicationStatus.DRAFT), values=())
        assert client.get(f"/gestion/chantiers/indicator/{online.pk}/import/").status_code == 403
        assert client.get(f"/gestion/chantiers/indicator/{draft.pk}/import/").status_code == 200

    def test_the_lead_is_chosen_among_those_involved(self, rf, admin_user):
        from django.contrib import admin

        from chantiers.models import Objective

        objective = make_objective()
        lens = Member.objects.get(slug="lens-lievin")
        request = rf.get("/")
        request.user = admin_user
        form_class = admin.site._registry[Objective].get_form(request, objective)
        data = {
            "chantier": objective.chantier.pk,
            "title_fr": objective.title_fr,
            "slug": objective.slug,
            "summary_fr": objective.summary_fr,
            "order": 0,
            "status": "draft",
            "published_at_0": "2026-01-01",
            "published_at_1": "00:00:00",
            "lead_member": lens.pk,
        }
        form = form_class(data, instance=objective)
        assert "lead_member" in form.errors
        form = form_class({**data, "members": [lens.pk]}, instance=objective)
        assert form.is_valid(), form.errors


def test_sorting_by_status_follows_an_objectives_life(client):
    later = make_objective(title_fr="Réalisé déjà")
    StatusChange.objects.create(objective=later, status=ObjectiveStatus.ACHIEVED)
    sooner = make_objective(title_fr="Encore à l'étude")
    StatusChange.objects.create(objective=sooner, status=ObjectiveStatus.STUDY)
    make_objective(title_fr="Sans statut")
    html = page(client, "/chantiers/suivi/?sort=status")
    assert html.index("Encore à l'étude") < html.index("Réalisé déjà") < html.index("Sans statut")
