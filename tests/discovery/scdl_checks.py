"""The `custom_checks` of an SCDL schema, which frictionless does not run, re-implemented for the
tests: each check named in the schema file is applied with the parameters the file gives it.

Validata's rules: a check skips an empty cell (a multi-column check skips a row where one of its
cells is empty), except `cohesive-columns-value`, whose point is empty cells.
"""

import datetime
import operator
import re
import unicodedata

from stdnum.fr import siret

from pole_artois.institution.actes import matters

# The 9 level-1 matters of the ACTES classification, as validata-core's
# `nomenclature-actes-value` check lists them for the SCDL.
ACTES_LEVEL_1 = (
    "Commande publique",
    "Urbanisme",
    "Domaine et patrimoine",
    "Fonction publique",
    "Institutions et vie politique",
    "Libertés publiques et pouvoirs de police",
    "Finances locales",
    "Domaines de compétences par thèmes",
    "Autres domaines de compétences",
)

OPERATORS = {
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
    ">=": operator.ge,
    ">": operator.gt,
}


def _folded(text):
    """Lower case without accents: the check accepts "institutions et vie politique"."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def _value(cell):
    """A cell as the comparison sees it: a number, a date, or the text."""
    if re.fullmatch(r"-?[0-9]+", cell):
        return int(cell)
    try:
        return datetime.date.fromisoformat(cell)
    except ValueError:
        return cell


def french_siret_value(row, column):
    if row[column] and not siret.is_valid(row[column]):
        yield f"{column} {row[column]!r} is not a valid SIRET"


def year_interval_value(row, column, **options):
    cell = row[column]
    if not cell:
        return
    if re.fullmatch(r"[0-9]{4}", cell):
        if options.get("allow-year-only") != "yes":
            yield f"{column} {cell!r}: a single year is not allowed"
        return
    match = re.fullmatch(r"([0-9]{4})/([0-9]{4})", cell)
    if not match:
        yield f"{column} {cell!r} is neither a year nor an interval of years"
    elif int(match[2]) <= int(match[1]):
        yield f"{column} {cell!r}: the second year must come after the first"


def cohesive_columns_value(row, column, othercolumns):
    columns = [column, *othercolumns]
    filled = [bool(row[name]) for name in columns]
    if any(filled) and not all(filled):
        yield f"{', '.join(columns)}: all filled in or all empty"


def compare_columns_value(row, column, op, column2):
    compared = OPERATORS[op]
    if row[column] and row[column2] and not compared(_value(row[column]), _value(row[column2])):
        yield f"{column} {row[column]!r} is not {op} {column2} {row[column2]!r}"


def sum_columns_value(row, column, columns):
    cells = [row[column], *(row[name] for name in columns)]
    if all(cells) and int(row[column]) != sum(int(row[name]) for name in columns):
        yield f"{column} {row[column]!r} is not the sum of {', '.join(columns)}"


def nomenclature_actes_value(row, column):
    cell = row[column]
    if not cell:
        return
    if "/" not in cell:
        yield f"{column} {cell!r}: no slash after the matter"
        return
    prefix = cell[: cell.index("/")]
    if "/ " in cell or prefix != prefix.rstrip():
        yield f"{column} {cell!r}: a space around the slash"
    elif _folded(prefix) not in {_folded(name) for name in ACTES_LEVEL_1}:
        yield f"{column} {cell!r}: {prefix!r} is not an ACTES matter"


CHECKS = {
    "french-siret-value": french_siret_value,
    "year-interval-value": year_interval_value,
    "cohesive-columns-value": cohesive_columns_value,
    "compare-columns-value": compare_columns_value,
    "sum-columns-value": sum_columns_value,
    "nomenclature-actes-value": nomenclature_actes_value,
}


def matter_names_match_codes(row):
    """Beyond the schema's checks: the matter's name is the one of its code (the level-1 name
    of its first digit, then the level-2 name)."""
    code, name = row["DELIB_MATIERE_CODE"], row["DELIB_MATIERE_NOM"]
    level_1 = ACTES_LEVEL_1[int(code.split(".")[0]) - 1] if code[:1].isdigit() else None
    matter = matters().get(code)
    if matter is None or level_1 is None:
        yield f"DELIB_MATIERE_CODE {code!r} is not in the ACTES classification"
    elif not name.startswith(f"{level_1.lower()}/") or name != matter.scdl_name:
        yield f"DELIB_MATIERE_NOM {name!r} is not the name of {code}"


def custom_check_errors(schema, rows):
    """Every failure of the schema's custom checks (and of the names' match with the codes) in
    `rows` (dicts of the CSV's cells), as "line N: what is wrong"."""
    errors = []
    for line, row in enumerate(rows, start=2):
        for check in schema["custom_checks"]:
            params = check["params"]
            for error in CHECKS[check["name"]](row, **params):
                errors.append(f"line {line}: {error}")
        errors.extend(f"line {line}: {error}" for error in matter_names_match_codes(row))
    return errors
