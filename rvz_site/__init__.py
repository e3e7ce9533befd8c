"""rvz-site: the static site generator of Radicale vernieuwing zorg."""

__version__ = "0.1.0"
