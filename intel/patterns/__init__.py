"""Pattern engine: clusters with stable ids, emerging clusters, spikes and linked series."""

from intel.patterns.report import Cluster, Pattern, PatternReport

__all__ = ["Cluster", "Pattern", "PatternReport"]
