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


class NoteNotWritten(VaultkitError):
    """A name only unresolved links point at: there is no note to read yet."""

    def __init__(self, query: str) -> None:
        super().__init__(
            f"{query!r} has no note yet (only links point at it); `vaultkit links {query!r}`"
            " lists them"
        )
        self.query = query


class ConfigError(VaultkitError):
    """The vault's .vaultkit.toml is invalid."""


class IndexUnavailable(VaultkitError):
    """The index cannot be opened or written."""


class IndexRefused(IndexUnavailable):
    """The path given for the index holds a file vaultkit did not create, or lies inside the
    vault: it is left untouched."""


class TagUsageError(VaultkitError):
    """A tag command cannot act on what it was given (an invalid tag, no notes selected,
    changes asked for without a terminal or ``--yes``)."""


class QuerySyntaxError(VaultkitError):
    """A Dataview query that does not parse; the message points at the place with a caret."""

    def __init__(self, message: str, line: int = 0, col: int = 0) -> None:
        super().__init__(message)
        self.line = line
        self.col = col


class QueryEvaluationError(VaultkitError):
    """A Dataview query that parses but cannot be evaluated (every row failed, bad LIMIT)."""


class IndexDamaged(VaultkitError):
    """The index holds a record it cannot decode; ``vaultkit index --rebuild`` mends it."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"{detail}; run `vaultkit index --rebuild`")


class EmptyLink(VaultkitError):
    """A link naming no note: ``[[]]``, or ``[[#heading]]`` with no note it is written in."""


class NotANote(VaultkitError):
    """An attachment named where a note is needed (``read``, ``graph neighbors``)."""

    def __init__(self, path: str) -> None:
        super().__init__(
            f"{path!r} is an attachment, not a note: `vaultkit links {path!r}` lists the notes"
            " linking to it"
        )
        self.path = path
