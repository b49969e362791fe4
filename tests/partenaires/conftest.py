from tests.helpers import french_addresses  # noqa: F401  (autouse here)
