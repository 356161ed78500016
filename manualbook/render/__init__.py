"""Report data -> printed output (PDF bytes). Never imports Qt; no file I/O."""

from . import samples
from .layout import Layout, LayoutError, load_layout, parse_layout
from .model import ReportData, Row, SummaryLine
from .register_pdf import render_register

__all__ = ["Layout", "LayoutError", "ReportData", "Row", "SummaryLine",
           "load_layout", "parse_layout", "render_register", "samples"]
