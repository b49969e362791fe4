"""schema.org descriptions (JSON-LD) of the Pôle, of breadcrumbs and of the open data.

They are data blocks, escaped like Django's `json_script`: no text from the database can close
the <script> element. They carry no CSP nonce on purpose: a browser never executes a script whose
type is not JavaScript, so script-src does not apply to them (HTML "prepare the script element"
stops at the type before any CSP check), and a nonce on every page would make each response's
header and body unique for nothing.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from pole_artois.core.site import absolute_url

SCHEMA_ORG = "https://schema.org"
FOUNDING_DATE = "2016-01-01"
SHARING_IMAGE = "img/sharing.png"
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script(data):
    """A <script type="application/ld+json"> holding `data`, safe to put in any page."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text),  # noqa: S308 -- the three characters that could end the element are escaped
    )


def _without_empty(data):
    return {key: value for key, value in data.items() if value not in ("", None, [], {})}


def pole(members, identity=None):
    """The Pôle as a GovernmentOrganization, with its member collectivities and its contact."""
    absolute = absolute_url
    home = absolute(reverse("portal:home"))
    contact = {}
    if identity is not None:
        contact = _without_empty(
            {
                "email": identity.email,
                "telephone": identity.phone,
                "address": " ".join(identity.address.split()),
            }
        )
    return _without_empty(
        {
            "@context": SCHEMA_ORG,
            "@type": "GovernmentOrganization",
            "@id": f"{home}#pole",
            "name": gettext("Pôle métropolitain de l'Artois"),
            "url": home,
            "image": absolute(static(SHARING_IMAGE)),
            "foundingDate": FOUNDING_DATE,
            "description": gettext(
                "A syndicat mixte formed by the agglomerations of Lens-Liévin, Hénin-Carvin and "
                "Béthune-Bruay with the Département du Pas-de-Calais."
            ),
            **contact,
            "contactPoint": {
                "@type": "ContactPoint",
                "url": absolute(reverse("institution:contact")),
                **contact,
            },
            "member": [
                _without_empty(
                    {
                        "@type": "GovernmentOrganization",
                        "name": member.name,
                        "url": absolute(member.get_absolute_url()),
                        "identifier": (
                            {"@type": "PropertyValue", "propertyID": "SIREN", "value": member.siren}
                            if member.siren
                            else None
                        ),
                    }
                )
                for member in members
            ],
        }
    )


def breadcrumb_list(breadcrumbs):
    """A BreadcrumbList of the trail (core.breadcrumbs.Crumb items, the home page first)."""
    if len(breadcrumbs) < 2:
        return None
    return {
        "@context": SCHEMA_ORG,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": str(crumb.label),
                "item": absolute_url(str(crumb.url)),
            }
            for position, crumb in enumerate(breadcrumbs, start=1)
        ],
    }


def data_catalog(datasets, licence_url):
    """The open-data page as a schema.org DataCatalog, each file a DataDownload."""
    absolute = absolute_url
    page = absolute(reverse("discovery:opendata"))
    home = absolute(reverse("portal:home"))
    return {
        "@context": SCHEMA_ORG,
        "@type": "DataCatalog",
        "name": gettext("Open data of the Pôle métropolitain de l'Artois"),
        "url": page,
        "license": licence_url,
        "publisher": {
            "@type": "GovernmentOrganization",
            "@id": f"{home}#pole",
            "name": gettext("Pôle métropolitain de l'Artois"),
        },
        "dataset": [
            {
                "@type": "Dataset",
                "name": dataset.title,
                "description": dataset.description,
                "url": f"{page}#{dataset.slug}",
                "license": licence_url,
                "isAccessibleForFree": True,
                "creditText": dataset.source,
                "variableMeasured": [column.name for column in dataset.columns],
                "distribution": [
                    {
                        "@type": "DataDownload",
                        "encodingFormat": media_type,
                        "contentUrl": absolute(
                            reverse("root:download", args=[dataset.slug, extension])
                        ),
                    }
                    for extension, media_type in (("csv", "text/csv"), ("json", "application/json"))
                ],
            }
            for dataset in datasets
        ],
    }


def _iso(value):
    return value.isoformat() if value is not None else None


def event(*, name, url, starts, ends, place, cancelled, description="", registration_url=""):
    """A séance or public event as a schema.org Event organised by the Pôle: `starts` and `ends`
    are dates (whole days) or local datetimes; nothing unknown is written."""
    home = absolute_url(reverse("portal:home"))
    return _without_empty(
        {
            "@context": SCHEMA_ORG,
            "@type": "Event",
            "name": name,
            "url": absolute_url(url),
            "description": description,
            "startDate": _iso(starts),
            "endDate": _iso(ends),
            "eventStatus": f"{SCHEMA_ORG}/{'EventCancelled' if cancelled else 'EventScheduled'}",
            "eventAttendanceMode": f"{SCHEMA_ORG}/OfflineEventAttendanceMode",
            "location": {"@type": "Place", "name": place, "address": place} if place else None,
            "organizer": {
                "@type": "GovernmentOrganization",
                "@id": f"{home}#pole",
                "name": gettext("Pôle métropolitain de l'Artois"),
                "url": home,
            },
            "offers": (
                {"@type": "Offer", "url": registration_url}
                if registration_url and not cancelled
                else None
            ),
        }
    )
