"""Negotiation strategies: SimpleThreshold (v1), Adaptive, Competitive."""

from ad_buyer.negotiation.strategies.adaptive import AdaptiveStrategy
from ad_buyer.negotiation.strategies.competitive import CompetitiveStrategy
from ad_buyer.negotiation.strategies.simple_threshold import SimpleThresholdStrategy

__all__ = ["AdaptiveStrategy", "CompetitiveStrategy", "SimpleThresholdStrategy"]
