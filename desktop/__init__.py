"""Buy-In: build the business case for a school district's 1:1 / BYOD infrastructure."""

__version__ = "0.1.0"
APP_NAME = "Buy-In"
