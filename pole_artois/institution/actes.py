"""The ACTES nomenclature: the national classification of the acts sent to the prefecture.

A délibération's matter is a level-2 code ("5.7"), under one of the 9 level-1 matters ("5",
"Institutions et vie politique"). The list is vendored in fixtures/nomenclature-actes/ with where
each part comes from (SOURCE.md): the codes and level-1 names are the SCDL's, the level-2 names
copies still to be checked against the prefecture's.
"""

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

NOMENCLATURE = Path(settings.BASE_DIR) / "fixtures" / "nomenclature-actes" / "matieres.json"


@dataclass(frozen=True)
class Matter:
    code: str
    name: str
    parent: "Matter | None" = None

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def scdl_name(self):
        """As the SCDL writes DELIB_MATIERE_NOM: "level-1 name/level-2 name", in lower case,
        without commas or parentheses."""
        return f"{_scdl_words(self.parent.name)}/{_scdl_words(self.name)}"


def _scdl_words(name):
    return " ".join(re.sub(r"[,()]", " ", name.lower()).split())


@cache
def matters():
    """{level-2 code: Matter}, in the nomenclature's order."""
    found = {}
    for entry in json.loads(NOMENCLATURE.read_text(encoding="utf-8")):
        parent = Matter(entry["code"], entry["name"])
        for subject in entry["subjects"]:
            found[subject["code"]] = Matter(subject["code"], subject["name"], parent)
    return found


def matter_choices():
    """The level-2 matters grouped under their level-1 matter, for a choice list."""
    groups = {}
    for matter in matters().values():
        groups.setdefault(str(matter.parent), []).append((matter.code, str(matter)))
    return list(groups.items())
