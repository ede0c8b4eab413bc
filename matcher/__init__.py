"""The matcher: the graph projected into sparse matrices, features, rankers, explanations, evaluation."""

from matcher.evaluation import Metrics, evaluate, format_table
from matcher.projection import Exclusions, Projection, ProjectionBuilder
from matcher.recommenders import RECOMMENDERS, Evidence, Filters, Step
from matcher.service import Matcher, MatcherState, Recommendation, RecommendationPage, TechnologyFinder

__all__ = [
    "RECOMMENDERS",
    "Evidence",
    "Exclusions",
    "Filters",
    "Matcher",
    "MatcherState",
    "Metrics",
    "Projection",
    "ProjectionBuilder",
    "Recommendation",
    "RecommendationPage",
    "Step",
    "TechnologyFinder",
    "evaluate",
    "format_table",
]
