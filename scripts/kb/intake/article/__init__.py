"""`kb import`: a news article becomes a draft record for a person to review.

One module per stage: ``read`` (file, standard input or URL → clean text),
``maintext`` (page chrome and photo captions apart from the article body),
the field extractors (``dates``, ``byline``, ``place``, ``directives``,
``themes``, ``models``, ``lessons``, ``figures``, ``limitations``),
``draft`` (the record as YAML in the schema's key order, or merged into the
unit's existing record) and ``summary`` (what was found, with a confidence
per field). ``extract.extract`` runs them in order.

Every rule is a general pattern of Vietnamese news prose; each is unit-tested
on short sentences in tests/intake/article/.
"""

from kb.intake.article.directives import canonical_code
from kb.intake.article.read import ImportProblem

__all__ = ["ImportProblem", "canonical_code"]
