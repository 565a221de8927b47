"""Errors the core raises; the CLI turns each into a message and exit code 2."""


class VaultkitError(Exception):
    """Base of every error vaultkit reports to the user."""


class VaultNotFound(VaultkitError):
    """The vault folder does not exist or is not a folder."""


class NoteNotFound(VaultkitError):
    """No note matches a name, path or alias."""

    def __init__(self, query: str, suggestions: list[str]) -> None:
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no note, alias or link target matches {query!r}.{hint}")
        self.query = query
        self.suggestions = suggestions


class AmbiguousNote(VaultkitError):
    """Several notes match a name; the user must give a path."""

    def __init__(self, query: str, candidates: list[str]) -> None:
        listed = "\n  ".join(candidates)
        super().__init__(f"{query!r} matches {len(candidates)} notes; give a path:\n  {listed}")
        self.query = query
        self.candidates = candidates


class ConfigError(VaultkitError):
    """The vault's .vaultkit.toml is invalid."""


class IndexUnavailable(VaultkitError):
    """The index cannot be opened or written."""
