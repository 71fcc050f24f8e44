"""NLP over narrative text: spaCy pipeline from config, context flags, entities, themes, risk.

nlp/ is a library over text: it imports neither the store (intel/) nor products/.
"""

from nlp.extraction import Entity, Evidence, Extraction, IndicatorMention, Risk, ThemeHit

__all__ = ["Entity", "Evidence", "Extraction", "IndicatorMention", "Risk", "ThemeHit"]
