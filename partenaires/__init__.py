"""Partner collectivities and institutions of the Pôle."""
