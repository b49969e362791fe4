import unicodedata

# Ligatures are letters of their own for Unicode (no decomposition): PostgreSQL's unaccent and a
# visitor typing "noeux" both spell them out, so folding must too ("Nœux-les-Mines").
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


def unaccent(text):
    """Lower-case `text`, spell out ligatures and strip accents; one or more characters per input
    character, in order, white space kept."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fold(text):
    """`text` as compared by searches: "LIÉVIN", "Liévin" and "lievin" compare equal."""
    return unaccent(text).strip()
