"""Reading a ``.base`` file (or a ```base block) into a :class:`Base` (Bases syntax.md):
``filters`` (a string or nested ``and``/``or``/``not``), ``formulas``, ``properties``
(display names), ``summaries`` (custom summary formulas) and ``views``. Every expression
keeps the line it was written on, so that errors name the file, the line and the place."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from vaultkit.bases.errors import BaseFileError, BaseSyntaxError


class Src(str):
    """A string from the YAML, with the (1-based) line it starts on."""

    line: int = 0


@dataclass(frozen=True)
class FilterGroup:
    """``and``, ``or`` or ``not`` over filter statements and groups."""

    op: str
    items: tuple[Filter, ...]


Filter = Src | FilterGroup


@dataclass
class View:
    """One entry of ``views``; layout-only keys stay in ``settings`` and are ignored."""

    name: str
    type: str = "table"
    filters: Filter | None = None
    order: list[str] = field(default_factory=list)
    sort: list[tuple[str, bool]] = field(default_factory=list)
    """(property id, descending)."""
    limit: int | None = None
    group_by: tuple[str, bool] | None = None
    summaries: dict[str, str] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)


@dataclass
class Base:
    """A parsed base."""

    source: str
    filters: Filter | None = None
    formulas: dict[str, Src] = field(default_factory=dict)
    display_names: dict[str, str] = field(default_factory=dict)
    summaries: dict[str, Src] = field(default_factory=dict)
    views: list[View] = field(default_factory=list)

    def view(self, name: str | None) -> View:
        """The view called ``name``, or the first view (a table of every file when the base
        has none); raises UnknownView."""
        from vaultkit.bases.errors import UnknownView

        if name is None:
            return self.views[0] if self.views else View(name="Table")
        for view in self.views:
            if view.name == name:
                return view
        names = ", ".join(repr(v.name) for v in self.views) or "none"
        raise UnknownView(f"{self.source} has no view named {name!r} (views: {names})")

    def display_name(self, prop: str) -> str:
        """A column's name: its ``displayName``, else the id without ``note.``/``file.``/
        ``formula.``."""
        bare = prop.partition(".")[2]
        for key in (prop, bare if prop.startswith("note.") else None):
            if key is not None and key in self.display_names:
                return self.display_names[key]
        return bare or prop


def property_id(name: str) -> str:
    """A property as an id with its prefix: a bare ``status`` is ``note.status``."""
    name = name.strip()
    if name.startswith(("note.", "file.", "formula.")):
        return name
    return "note." + name


def _loader() -> Any:
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc]
        pass

    def located(loader: Any, node: Any) -> Src:
        found = Src(loader.construct_scalar(node))
        found.line = node.start_mark.line + 1
        return found

    Loader.add_constructor("tag:yaml.org,2002:str", located)
    return Loader


def load_base(text: str, source: str, first_line: int = 1) -> Base:
    """The base written in ``text`` (``source`` names it in errors; ``first_line`` is the
    line of ``text``'s first line in that file). Raises BaseFileError or BaseSyntaxError."""
    import yaml

    try:
        data = yaml.load(text, Loader=_loader())
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + first_line}" if mark is not None else ""
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise BaseFileError(f"{source}{line}: not valid YAML: {reason}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise BaseFileError(f"{source}: a base is a YAML mapping (filters, formulas, views)")
    offset = first_line - 1
    _shift_lines(data, offset)
    base = Base(source=source)
    base.filters = _filter(data.get("filters"), source, "filters")
    base.formulas = {
        str(k): _expression(v, source, f"formula {k}")
        for k, v in _mapping(data, "formulas", source).items()
    }
    for key, settings in _mapping(data, "properties", source).items():
        if isinstance(settings, dict) and settings.get("displayName") is not None:
            base.display_names[str(key)] = str(settings["displayName"])
    base.summaries = {
        str(k): _expression(v, source, f"summary {k}")
        for k, v in _mapping(data, "summaries", source).items()
    }
    views = data.get("views") or []
    if not isinstance(views, list):
        raise BaseFileError(f"{source}: views must be a list")
    base.views = [_view(v, i, source) for i, v in enumerate(views)]
    check(base)
    return base


def _shift_lines(value: Any, offset: int) -> None:
    if isinstance(value, Src):
        value.line += offset
    elif isinstance(value, dict):
        for key, item in value.items():
            _shift_lines(key, offset)
            _shift_lines(item, offset)
    elif isinstance(value, list):
        for item in value:
            _shift_lines(item, offset)


def _mapping(data: dict[str, Any], key: str, source: str) -> dict[str, Any]:
    found = data.get(key) or {}
    if not isinstance(found, dict):
        raise BaseFileError(f"{source}: {key} must be a mapping of names to values")
    return found


def _expression(value: Any, source: str, what: str) -> Src:
    if isinstance(value, Src):
        return value
    if isinstance(value, bool | int | float):  # a formula written as a bare YAML number
        found = Src(str(value).lower() if isinstance(value, bool) else str(value))
        return found
    raise BaseFileError(f"{source}: {what} must be an expression written as a string")


def _filter(value: Any, source: str, where: str) -> Filter | None:
    if value is None:
        return None
    if isinstance(value, str | bool | int | float):
        return _expression(value, source, where)
    if isinstance(value, dict):
        if len(value) != 1 or next(iter(value)) not in ("and", "or", "not"):
            keys = ", ".join(map(str, value)) or "nothing"
            raise BaseFileError(
                f"{source}: a filter group holds one of and, or, not (found {keys}) in {where}"
            )
        op, items = next(iter(value.items()))
        if items is None:
            items = []
        if not isinstance(items, list):
            items = [items]
        found = [_filter(item, source, where) for item in items]
        return FilterGroup(str(op), tuple(f for f in found if f is not None))
    raise BaseFileError(f"{source}: a filter is a string or an and/or/not group, in {where}")


def _view(value: Any, position: int, source: str) -> View:
    if not isinstance(value, dict):
        raise BaseFileError(f"{source}: view {position + 1} is not a mapping")
    name = str(value.get("name") or f"View {position + 1}")
    view = View(name=name, type=str(value.get("type") or "table"))
    where = f"view {name!r}"
    view.filters = _filter(value.get("filters"), source, where)
    order = value.get("order") or []
    if not isinstance(order, list):
        raise BaseFileError(f"{source}: order of {where} must be a list of properties")
    view.order = [property_id(str(p)) for p in order]
    for item in _list(value.get("sort"), source, where, "sort"):
        if isinstance(item, str):
            view.sort.append((property_id(item), False))
        elif isinstance(item, dict) and item.get("property"):
            desc = str(item.get("direction") or "ASC").upper() == "DESC"
            view.sort.append((property_id(str(item["property"])), desc))
        else:
            raise BaseFileError(f"{source}: each sort of {where} needs a property")
    limit = value.get("limit")
    if limit is not None:
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
            raise BaseFileError(f"{source}: limit of {where} must be a whole number, not {limit!r}")
        view.limit = limit
    group = value.get("groupBy")
    if group is not None:
        if isinstance(group, str):
            view.group_by = (property_id(group), False)
        elif isinstance(group, dict) and group.get("property"):
            desc = str(group.get("direction") or "ASC").upper() == "DESC"
            view.group_by = (property_id(str(group["property"])), desc)
        else:
            raise BaseFileError(f"{source}: groupBy of {where} needs a property")
    summaries = value.get("summaries") or {}
    if not isinstance(summaries, dict):
        raise BaseFileError(f"{source}: summaries of {where} must map properties to summaries")
    view.summaries = {property_id(str(k)): str(v) for k, v in summaries.items()}
    known = {"name", "type", "filters", "order", "sort", "limit", "groupBy", "summaries"}
    view.settings = {str(k): v for k, v in value.items() if k not in known}
    return view


def _list(value: Any, source: str, where: str, key: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise BaseFileError(f"{source}: {key} of {where} must be a list")
    return value


def check(base: Base) -> None:
    """Parse every expression now (a syntax error names the file and line, with a caret)
    and refuse formulas that refer to themselves."""
    from vaultkit.bases.parser import parse_expression

    def parse(text: Src, what: str) -> None:
        try:
            parse_expression(text)
        except BaseSyntaxError as error:
            line = f":{text.line}" if text.line else ""
            raise BaseSyntaxError(f"{base.source}{line}: in {what}: {error}") from None

    def walk(item: Filter | None, what: str) -> None:
        if isinstance(item, FilterGroup):
            for inner in item.items:
                walk(inner, what)
        elif item is not None:
            parse(item, what)

    walk(base.filters, "filters")
    for name, text in base.formulas.items():
        parse(text, f"formula {name!r}")
    for name, text in base.summaries.items():
        parse(text, f"summary {name!r}")
    for view in base.views:
        walk(view.filters, f"the filters of view {view.name!r}")
    _check_cycles(base)


def formula_references(text: str) -> set[str]:
    """The formulas an expression names with ``formula.x`` or ``formula["x"]``."""
    from vaultkit.bases import ast
    from vaultkit.bases.parser import parse_expression

    found: set[str] = set()
    stack: list[Any] = [parse_expression(text)]
    while stack:
        node = stack.pop()
        target = getattr(node, "target", None)
        on_formula = isinstance(target, ast.Name) and target.name == "formula"
        if on_formula and isinstance(node, ast.Member):
            found.add(node.name)
        if on_formula and isinstance(node, ast.Subscript) and isinstance(node.key, ast.Literal):
            found.add(str(node.key.value))
        for name in getattr(node, "__slots__", ()):
            child = getattr(node, name)
            if isinstance(child, tuple):
                for item in child:
                    stack.append(item[1] if isinstance(item, tuple) else item)
            elif hasattr(child, "pos"):
                stack.append(child)
    return found


def _check_cycles(base: Base) -> None:
    graph = {
        name: formula_references(text) & set(base.formulas) for name, text in base.formulas.items()
    }
    state: dict[str, int] = {}

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for nxt in sorted(graph[name]):
            if state.get(nxt) == 1:
                cycle = " -> ".join([*path[path.index(nxt) :], nxt])
                line = base.formulas[name].line
                where = f"{base.source}:{line}" if line else base.source
                raise BaseFileError(f"{where}: formula {nxt!r} refers to itself: {cycle}")
            if state.get(nxt) is None:
                visit(nxt, [*path, nxt])
        state[name] = 2

    for name in graph:
        if state.get(name) is None:
            visit(name, [name])
