"""vaultkit: read an Obsidian vault exactly as Obsidian does."""

__version__ = "0.1.0"
