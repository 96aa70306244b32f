"""The EP PerMed domain: curated documents, their typed models, the index format, embedding and search.

`knowledge` imports neither `bot` nor `index_builder`; both import it.
"""

from pathlib import Path

KNOWLEDGE_DIR = Path(__file__).resolve().parent
CONTACT_EMAIL = "eppermed@dlr.de"

__all__ = ["CONTACT_EMAIL", "KNOWLEDGE_DIR"]
