"""Synthetic LIT submissions and case narratives with ground truth and planted patterns.

For demos, tests and scale only: the extractor and the pattern engine never read the phrase
banks or the truth file. Entry points: `generate` and the writers.
"""

from intel.demo_data.generate import generate
from intel.demo_data.writers import write_corpus, write_truth

__all__ = ["generate", "write_corpus", "write_truth"]
