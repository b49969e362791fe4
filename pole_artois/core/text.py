import unicodedata


def fold(text):
    """Lower-case `text` and strip its accents: "LIÉVIN", "Liévin" and "lievin" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char)).strip()
