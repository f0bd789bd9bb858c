"""integration-indicators: sourced economic-integration indicators for Belarus and Russia.

Load the bundled catalogue (or your own directory in the same layout) with ``load``;
every figure carries its source, verbatim quote, qualifier, status and bounds, in the
indicator's canonical unit.

>>> import integration_indicators as ii
>>> cat = ii.load()
>>> sorted(cat.observations().columns)[:3]
['as_of', 'attributed_to', 'cited_source']
"""

from __future__ import annotations

from .catalogue import Catalogue as Catalogue
from .errors import AlignmentError as AlignmentError
from .errors import AmbiguityError as AmbiguityError
from .errors import IndicatorError as IndicatorError
from .errors import MetricError as MetricError
from .errors import OutputError as OutputError
from .errors import Problem as Problem
from .errors import UnitError as UnitError
from .errors import ValidationError as ValidationError
from .export import export_observations as export_observations
from .export import read_observations as read_observations
from .loader import bundled_path as bundled_path
from .loader import load as load
from .series import IndicatorSeries as IndicatorSeries

__version__ = "0.1.0"

__all__ = [  # noqa: RUF022 (grouped by purpose)
    # loading
    "Catalogue",
    "bundled_path",
    "load",
    # series (metrics live in integration_indicators.metrics)
    "IndicatorSeries",
    # exchange
    "export_observations",
    "read_observations",
    # errors
    "AlignmentError",
    "AmbiguityError",
    "IndicatorError",
    "MetricError",
    "OutputError",
    "Problem",
    "UnitError",
    "ValidationError",
]
