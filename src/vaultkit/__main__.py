"""``python -m vaultkit``."""

from vaultkit.cli import main

main()
