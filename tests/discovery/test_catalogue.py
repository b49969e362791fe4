"""The open-data catalogue: DCAT (JSON-LD and Turtle) and the SCDL `catalogue` CSV."""

import csv
import dataclasses
import io
import json
from pathlib import Path

import frictionless
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.compare import isomorphic
from stdnum.fr import siret

from partenaires.models import Partner, PartnerCategory
from pole_artois.discovery import catalogue
from pole_artois.discovery.opendata import COMMUNES, DATASETS, LICENCE_URL, PARTNERS
from pole_artois.institution.models import PoleIdentity

pytestmark = pytest.mark.django_db

SCHEMA = Path(__file__).resolve().parents[2] / "fixtures/schemas/scdl-catalogue-0.1.2/schema.json"
PAGE = "http://testserver/donnees/"
IANA = "https://www.iana.org/assignments/media-types/"
SCDL_DELIBERATIONS = "https://schema.data.gouv.fr/scdl/deliberations/2.1.5/"
# The example SIRET of the schema itself (a valid one): the demo's Pôle has none.
SOME_SIRET = "21350238800019"


def parsed(client, path, format):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    return response, Graph().parse(data=response.content.decode(), format=format)


def test_json_ld_and_turtle_are_the_same_graph(client):
    response, from_json_ld = parsed(client, "/donnees/catalogue.jsonld", "json-ld")
    assert response["Content-Type"] == "application/ld+json"
    response, from_turtle = parsed(client, "/donnees/catalogue.ttl", "turtle")
    assert response["Content-Type"] == "text/turtle; charset=utf-8"
    assert len(from_json_ld) > 100
    assert isomorphic(from_json_ld, from_turtle)


def test_catalogue_describes_every_dataset_as_a_harvester_reads_it(client):
    graph = parsed(client, "/donnees/catalogue.ttl", "turtle")[1]
    (catalog,) = graph.subjects(ns.RDF.type, ns.DCAT.Catalog)
    publisher = graph.value(catalog, ns.DCTERMS.publisher)
    assert (publisher, ns.RDF.type, ns.FOAF.Organization) in graph
    assert graph.value(publisher, ns.FOAF.name) == Literal(
        "Pôle métropolitain de l'Artois", lang="fr"
    )
    datasets = set(graph.objects(catalog, ns.DCAT.dataset))
    assert datasets == {URIRef(f"{PAGE}#{dataset.slug}") for dataset in DATASETS}
    for node in datasets:
        assert (node, ns.RDF.type, ns.DCAT.Dataset) in graph
        # udata keys a harvested dataset on dct:identifier.
        assert graph.value(node, ns.DCTERMS.identifier) == Literal(str(node))
        assert {title.language for title in graph.objects(node, ns.DCTERMS.title)} == {"fr", "en"}
        assert {text.language for text in graph.objects(node, ns.DCTERMS.description)} == {
            "fr",
            "en",
        }
        assert graph.value(node, ns.DCTERMS.license) == URIRef(LICENCE_URL)
        assert graph.value(node, ns.DCTERMS.publisher) == publisher
        assert Literal("pôle métropolitain de l'artois", lang="fr") in set(
            graph.objects(node, ns.DCAT.keyword)
        )
        formats = {}
        for distribution in graph.objects(node, ns.DCAT.distribution):
            assert graph.value(distribution, ns.DCAT.downloadURL) == distribution
            assert graph.value(distribution, ns.DCAT.accessURL) == distribution
            formats[str(graph.value(distribution, ns.DCAT.mediaType))] = str(distribution)
        slug = str(node).rsplit("#", 1)[1]
        assert formats == {
            f"{IANA}text/csv": f"http://testserver/donnees/{slug}.csv",
            f"{IANA}application/json": f"http://testserver/donnees/{slug}.json",
        }

    communes = URIRef(f"{PAGE}#communes")
    assert graph.value(communes, ns.DCTERMS.title) in {
        Literal("Communes du Pôle", lang="fr"),
        Literal("Communes of the Pôle", lang="en"),
    }
    assert Literal("Communes of the Pôle", lang="en") in set(
        graph.objects(communes, ns.DCTERMS.title)
    )
    # The millésime of the official data, as a year.
    assert graph.value(communes, ns.DCTERMS.modified) == Literal("2026", datatype=ns.XSD.gYear)
    csv_file = URIRef("http://testserver/donnees/communes.csv")
    assert graph.value(csv_file, ns.DCTERMS.format) == URIRef(
        "http://publications.europa.eu/resource/authority/file-type/CSV"
    )
    # No partner is published: no date to give.
    assert graph.value(URIRef(f"{PAGE}#partenaires"), ns.DCTERMS.modified) is None


def test_modified_is_the_day_of_the_last_change(client):
    partner = Partner.objects.create(
        slug="partenaire",
        category=PartnerCategory.INSTITUTION,
        name_fr="Un partenaire",
        status="published",
    )
    graph = parsed(client, "/donnees/catalogue.jsonld", "json-ld")[1]
    modified = graph.value(URIRef(f"{PAGE}#partenaires"), ns.DCTERMS.modified)
    assert modified == Literal(partner.updated_at.date().isoformat(), datatype=ns.XSD.date)


def test_conforms_to_for_a_dataset_that_follows_a_national_schema():
    following = dataclasses.replace(COMMUNES, conforms_to=SCDL_DELIBERATIONS)
    graph = catalogue.graph((following, PARTNERS), PoleIdentity.load())
    schema = URIRef(SCDL_DELIBERATIONS)
    assert graph.value(URIRef(f"{PAGE}#communes"), ns.DCTERMS.conformsTo) == schema
    assert (schema, ns.RDF.type, ns.DCTERMS.Standard) in graph
    # The schema describes the CSV file; the JSON file does not claim it.
    assert graph.value(URIRef("http://testserver/donnees/communes.csv"), ns.DCTERMS.conformsTo)
    assert not graph.value(URIRef("http://testserver/donnees/communes.json"), ns.DCTERMS.conformsTo)
    assert graph.value(URIRef(f"{PAGE}#partenaires"), ns.DCTERMS.conformsTo) is None


def test_catalogue_does_not_depend_on_the_visitors_language(client):
    french = client.get("/donnees/catalogue.ttl").content
    english = client.get("/donnees/catalogue.ttl", headers={"accept-language": "en"}).content
    assert english == french
    assert b"/en/" not in french


def test_catalogue_costs_a_few_queries_then_comes_from_the_cache(
    client, django_assert_max_num_queries, assert_cached, assert_rebuilt
):
    with django_assert_max_num_queries(8):
        client.get("/donnees/catalogue.jsonld")
    assert_cached(client, "/donnees/catalogue.jsonld")
    Partner.objects.create(
        slug="nouveau",
        category=PartnerCategory.INSTITUTION,
        name_fr="Nouveau partenaire",
        status="published",
    )
    assert b"#partenaires" in assert_rebuilt(client, "/donnees/catalogue.jsonld").content


def scdl_report(text):
    resource = frictionless.Resource(
        data=text.encode(),
        format="csv",
        schema=frictionless.Schema.from_descriptor(json.loads(SCHEMA.read_text())),
    )
    return resource.validate()


def test_scdl_catalogue_validates_against_the_official_schema():
    identity = PoleIdentity.load()
    identity.siret = SOME_SIRET
    text = catalogue.scdl_csv(DATASETS, identity)
    report = scdl_report(text)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    rows = list(csv.DictReader(io.StringIO(text)))
    # The schema's custom check, which frictionless does not run.
    for row in rows:
        assert siret.is_valid(row["COLL_SIRET"]) and siret.is_valid(row["PRODUCTEUR_SIRET"])
    communes = next(row for row in rows if row["ID"] == "communes")
    assert communes["TITRE"] == "Communes du Pôle"
    assert communes["DATE_MAJ"] == "2026-01-01"
    assert communes["COUV_SPAT_MAILLE"] == "Communale"
    assert communes["FREQ_MAJ"] == "Annuelle"
    assert communes["FORMAT_RESSOURCES"] == "csv;json"
    assert communes["MOTS_CLES"].startswith("pole-metropolitain-de-lartois;communes;")
    assert communes["URL"] == f"{PAGE}#communes"


def test_scdl_catalogue_file(client):
    response = client.get("/donnees/catalogue.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode()
    assert next(csv.reader(io.StringIO(text))) == [
        field["name"] for field in json.loads(SCHEMA.read_text())["fields"]
    ]
    ids = [row["ID"] for row in csv.DictReader(io.StringIO(text))]
    # Datasets without rows have no dates, which the schema requires: they wait for their data.
    assert ids == ["communes", "membres"]
    # Until the Pôle's SIRET is entered, it is the only thing the schema finds missing.
    report = scdl_report(text)
    errors = {(error[0], error[1]) for error in report.flatten(["fieldName", "type"])}
    assert errors == {("COLL_SIRET", "constraint-error"), ("PRODUCTEUR_SIRET", "constraint-error")}


def test_catalogue_is_never_taken_for_a_dataset():
    assert "catalogue" not in {dataset.slug for dataset in DATASETS}


def test_opendata_page_links_to_the_catalogue(client):
    html = client.get("/donnees/").content.decode()
    assert '<link rel="alternate" type="application/ld+json" href="/donnees/catalogue.jsonld"' in (
        html
    )
    assert '<link rel="alternate" type="text/turtle" href="/donnees/catalogue.ttl"' in html
    for path in ("catalogue.jsonld", "catalogue.ttl", "catalogue.csv"):
        assert f'href="/donnees/{path}"' in html
