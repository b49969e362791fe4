"""The open datasets described for the portals that collect them: DCAT and the SCDL catalogue.

- A DCAT catalogue (W3C vocabulary, DCAT-AP usage), built once as an rdflib graph and written
  from it as JSON-LD and as Turtle: both files are the same triples by construction, and rdflib
  writes correct escaping and datatypes where hand-written JSON-LD could drift. It is read the way
  data.gouv.fr's harvester (udata's DCAT backend) reads one: each `dcat:Dataset` has a
  `dct:identifier` (its key there), a title and description in French and English, the licence,
  `dct:modified`, keywords and an EU theme, `dct:conformsTo` its national schema when it follows
  one, and a distribution per format whose `dcat:mediaType` is an IANA URI and `dct:format` an EU
  file-type URI; the publisher is the Pôle, a `foaf:Organization`.
- The SCDL `catalogue` CSV (schema `scdl/catalogue`, vendored in fixtures/schemas/), one row per
  dataset that has rows: its dates are required, and a dataset without data has none.

Both read the datasets of `opendata.DATASETS` and their freshness (a few aggregate queries); the
page cache keeps each response until one of the tables read is written.
"""

import csv
from datetime import date

from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF

from pole_artois.core.site import absolute_url
from pole_artois.discovery.opendata import LICENCE_URL, _csv_cell, _Echo, freshness_of
from pole_artois.discovery.structured_data import FOUNDING_DATE

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
LANGUAGES = ("fr", "en")
EU_LANGUAGES = {"fr": "FRA", "en": "ENG"}
EU = "http://publications.europa.eu/resource/authority/"
THEME = Namespace(f"{EU}data-theme/")
FREQUENCY = Namespace(f"{EU}frequency/")
FILE_TYPE = Namespace(f"{EU}file-type/")
LANGUAGE = Namespace(f"{EU}language/")
# udata recognises IANA media types by this https prefix.
MEDIA_TYPE = "https://www.iana.org/assignments/media-types/"

# The EU data themes the datasets use, with their official labels (SCDL's THEME column).
THEMES = {
    "GOVE": _("Government and public sector"),
    "REGI": _("Regions and cities"),
}
FREQUENCIES = {
    # (EU frequency, the SCDL's FREQ_MAJ value)
    "continuous": ("UPDATE_CONT", "Continuelle"),
    "annual": ("ANNUAL", "Annuelle"),
}
# (extension, IANA media type, EU file type)
FORMATS = (("csv", "text/csv", "CSV"), ("json", "application/json", "JSON"))

POLE_KEYWORD = "pôle métropolitain de l'artois"
SCDL_LICENCE = "Licence Ouverte-LO"
SCDL_COLUMNS = (
    "COLL_NOM",
    "COLL_SIRET",
    "ID",
    "TITRE",
    "DESCRIPTION",
    "THEME",
    "PRODUCTEUR_NOM",
    "PRODUCTEUR_SIRET",
    "COUV_SPAT_MAILLE",
    "COUV_SPAT_NOM",
    "COUV_TEMP_DEBUT",
    "COUV_TEMP_FIN",
    "DATE_PUBL",
    "FREQ_MAJ",
    "DATE_MAJ",
    "MOTS_CLES",
    "LICENCE",
    "NOMBRE_RESSOURCES",
    "FORMAT_RESSOURCES",
    "URL",
)

JSON_LD_CONTEXT = {
    "dcat": str(DCAT),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "vcard": str(VCARD),
    "xsd": str(XSD),
}


def _french(function, *args):
    """Addresses and texts of the files are the French ones, whatever the visitor's language."""
    with translation.override("fr"):
        return function(*args)


def _page_url():
    return _french(lambda: absolute_url(reverse("discovery:opendata")))


def _download_url(dataset, extension):
    return absolute_url(reverse("root:download", args=[dataset.slug, extension]))


def _texts(predicate, subject, graph, text):
    """`text()` in each language, as language-tagged literals (French first)."""
    for language in LANGUAGES:
        with translation.override(language):
            graph.add((subject, predicate, Literal(str(text()), lang=language)))


def _modified_literal(modified):
    if isinstance(modified, int):
        return Literal(str(modified), datatype=XSD.gYear)
    return Literal(modified.isoformat(), datatype=XSD.date)


def _publisher(graph, identity):
    home = _french(lambda: absolute_url(reverse("portal:home")))
    pole = URIRef(f"{home}#pole")
    graph.add((pole, RDF.type, FOAF.Organization))
    graph.add((pole, FOAF.name, Literal(identity.name, lang="fr")))
    graph.add((pole, FOAF.homepage, URIRef(home)))
    return pole


def _contact_point(graph, identity):
    contact = BNode("contact")
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(identity.name)))
    page = _french(lambda: absolute_url(reverse("institution:contact")))
    graph.add((contact, VCARD.hasURL, URIRef(page)))
    if identity.email:
        graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{identity.email}")))
    return contact


def _distribution(graph, dataset, extension, media_type, file_type):
    url = URIRef(_download_url(dataset, extension))
    graph.add((url, RDF.type, DCAT.Distribution))
    label = extension.upper()
    _texts(DCTERMS.title, url, graph, lambda: f"{dataset.title} ({label})")
    graph.add((url, DCAT.downloadURL, url))
    graph.add((url, DCAT.accessURL, url))
    graph.add((url, DCAT.mediaType, URIRef(f"{MEDIA_TYPE}{media_type}")))
    graph.add((url, DCTERMS.format, FILE_TYPE[file_type]))
    graph.add((url, DCTERMS.license, URIRef(LICENCE_URL)))
    # A national schema is a table schema: it describes the CSV file, not the JSON one.
    if dataset.conforms_to and extension == "csv":
        graph.add((url, DCTERMS.conformsTo, URIRef(dataset.conforms_to)))
    return url


def _dataset(graph, dataset, freshness, publisher, contact, page):
    node = URIRef(f"{page}#{dataset.slug}")
    graph.add((node, RDF.type, DCAT.Dataset))
    graph.add((node, DCTERMS.identifier, Literal(str(node))))
    _texts(DCTERMS.title, node, graph, lambda: dataset.title)
    _texts(DCTERMS.description, node, graph, lambda: dataset.description)
    graph.add((node, DCTERMS.publisher, publisher))
    graph.add((node, DCAT.contactPoint, contact))
    graph.add((node, DCAT.landingPage, node))
    graph.add((node, DCTERMS.license, URIRef(LICENCE_URL)))
    if freshness.modified:
        graph.add((node, DCTERMS.modified, _modified_literal(freshness.modified)))
    for keyword in keywords(dataset):
        graph.add((node, DCAT.keyword, Literal(keyword, lang="fr")))
    graph.add((node, DCAT.theme, THEME[dataset.theme]))
    graph.add((node, DCTERMS.accrualPeriodicity, FREQUENCY[FREQUENCIES[dataset.frequency][0]]))
    for language in LANGUAGES:
        graph.add((node, DCTERMS.language, LANGUAGE[EU_LANGUAGES[language]]))
    if dataset.conforms_to:
        standard = URIRef(dataset.conforms_to)
        graph.add((standard, RDF.type, DCTERMS.Standard))
        graph.add((node, DCTERMS.conformsTo, standard))
    for extension, media_type, file_type in FORMATS:
        distribution = _distribution(graph, dataset, extension, media_type, file_type)
        graph.add((node, DCAT.distribution, distribution))
    return node


def keywords(dataset):
    return (POLE_KEYWORD, *dataset.keywords)


def graph(datasets, identity):
    """The DCAT catalogue of `datasets` as an rdflib Graph."""
    catalogue = Graph()
    for prefix, namespace in JSON_LD_CONTEXT.items():
        catalogue.bind(prefix, namespace)
    page = _page_url()
    node = URIRef(f"{page}#catalogue")
    catalogue.add((node, RDF.type, DCAT.Catalog))
    _texts(
        DCTERMS.title,
        node,
        catalogue,
        lambda: gettext("Open data of the Pôle métropolitain de l'Artois"),
    )
    _texts(
        DCTERMS.description,
        node,
        catalogue,
        lambda: gettext(
            "The data the Pôle métropolitain de l'Artois publishes on its website, as CSV and "
            "JSON files under the Licence Ouverte 2.0."
        ),
    )
    publisher = _publisher(catalogue, identity)
    contact = _contact_point(catalogue, identity)
    catalogue.add((node, DCTERMS.publisher, publisher))
    catalogue.add((node, FOAF.homepage, URIRef(page)))
    catalogue.add((node, DCTERMS.license, URIRef(LICENCE_URL)))
    for language in LANGUAGES:
        catalogue.add((node, DCTERMS.language, LANGUAGE[EU_LANGUAGES[language]]))
    for dataset, freshness in freshness_of(datasets):
        catalogue.add(
            (node, DCAT.dataset, _dataset(catalogue, dataset, freshness, publisher, contact, page))
        )
    return catalogue


def json_ld(datasets, identity):
    return graph(datasets, identity).serialize(format="json-ld", context=JSON_LD_CONTEXT, indent=2)


def turtle(datasets, identity):
    return graph(datasets, identity).serialize(format="turtle")


def _scdl_date(modified):
    # A millésime is the state of the official data on 1 January of that year.
    return date(modified, 1, 1) if isinstance(modified, int) else modified


def scdl_rows(datasets, identity):
    """The SCDL catalogue's rows: dicts in SCDL_COLUMNS order, French texts."""
    siret = identity.siret
    page = _page_url()
    with translation.override("fr"):
        for dataset, freshness in freshness_of(datasets):
            if not freshness.modified:
                continue
            modified = _scdl_date(freshness.modified)
            # Every file holds the current data, rewritten on each change: its content as
            # published was first published on that change.
            yield dict(
                zip(
                    SCDL_COLUMNS,
                    (
                        identity.name,
                        siret,
                        dataset.slug,
                        str(dataset.title),
                        str(dataset.description),
                        str(THEMES[dataset.theme]),
                        identity.name,
                        siret,
                        dataset.granularity,
                        identity.name,
                        modified if isinstance(freshness.modified, int) else FOUNDING_DATE,
                        modified,
                        modified,
                        FREQUENCIES[dataset.frequency][1],
                        modified,
                        ";".join(slugify(keyword) for keyword in keywords(dataset)),
                        SCDL_LICENCE,
                        len(FORMATS),
                        ";".join(extension for extension, _type, _file in FORMATS),
                        f"{page}#{dataset.slug}",
                    ),
                    strict=True,
                )
            )


def scdl_csv(datasets, identity):
    """The SCDL catalogue as CSV text: UTF-8, comma-separated, as the SCDL's tools read it."""
    writer = csv.writer(_Echo())
    lines = [writer.writerow(SCDL_COLUMNS)]
    for row in scdl_rows(datasets, identity):
        lines.append(writer.writerow(_csv_cell(value) for value in row.values()))
    return "".join(lines)
