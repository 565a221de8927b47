"""The ``vaultkit`` command line."""

from vaultkit.cli.app import app, main

__all__ = ["app", "main"]
