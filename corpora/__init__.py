"""The bundled, illustrative sample corpus and its loader."""
