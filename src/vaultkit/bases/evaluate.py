"""Evaluating Bases expressions against one file (Bases syntax.md, "Properties";
Formulas.md): bare names and ``note.x`` are note properties, ``file`` the file, ``formula.x``
another formula (computed once per file; a cycle is an error naming it), ``this`` the base
or the note embedding it, and ``value``/``index``/``acc``/``values`` inside list functions
and summaries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from vaultkit.bases import ast
from vaultkit.bases.errors import BaseSyntaxError, EvalError
from vaultkit.bases.files import FILE_FIELDS
from vaultkit.bases.operators import binary
from vaultkit.bases.parser import parse_expression
from vaultkit.bases.values import Duration, FileValue, Value, truthy, type_of

if TYPE_CHECKING:
    from vaultkit.bases.files import VaultFiles


@dataclass
class Row:
    """One file being evaluated, with its formulas computed so far."""

    path: str | None
    formulas: dict[str, Value] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    active: list[str] = field(default_factory=list)


class FormulaSpace:
    """The value of the bare name ``formula``: ``formula.x`` looks up a formula."""

    __slots__ = ("row",)

    def __init__(self, row: Row) -> None:
        self.row = row


class Evaluator:
    """Evaluates expressions of one base over the files of one vault."""

    def __init__(
        self,
        vault: VaultFiles | None,
        formulas: Mapping[str, str] | None = None,
        this: str | None = None,
        now: dt.datetime | None = None,
    ) -> None:
        self.vault = vault
        self.formulas = dict(formulas or {})
        self.this = Row(this)
        self.now = now or dt.datetime.now()

    # -- entry points -----------------------------------------------------------------------

    def evaluate(self, text: str, row: Row, local: Mapping[str, Value] | None = None) -> Value:
        """The value of the expression ``text`` for ``row``; raises EvalError (a value of a
        kind no function expected, a number out of range: never a Python error)."""
        expr = parse_expression(text)
        try:
            return self.value(expr, row, local or {})
        except EvalError:
            raise
        except RecursionError:
            raise EvalError("the expression nests too deeply") from None
        except (TypeError, ValueError, OverflowError, ZeroDivisionError, IndexError) as error:
            raise EvalError(f"cannot evaluate: {error}") from None

    def formula(self, name: str, row: Row) -> Value:
        """``formula.<name>`` for ``row``, computed once; raises EvalError."""
        if name in row.formulas:
            return row.formulas[name]
        if name in row.errors:
            raise EvalError(row.errors[name])
        if name not in self.formulas:
            raise EvalError(f"no formula named {name!r}")
        if name in row.active:
            cycle = " -> ".join([*row.active[row.active.index(name) :], name])
            raise EvalError(f"formula {name!r} refers to itself: {cycle}")
        row.active.append(name)
        try:
            value = self.evaluate(self.formulas[name], row)
        except EvalError as error:
            row.errors[name] = str(error)
            raise
        except BaseSyntaxError as error:
            row.errors[name] = f"formula {name!r}: {error}"
            raise EvalError(row.errors[name]) from None
        finally:
            row.active.pop()
        row.formulas[name] = value
        return value

    def need_vault(self) -> VaultFiles:
        """The vault, or an error when evaluating without one (``--eval`` outside a vault)."""
        if self.vault is None:
            raise EvalError("this needs a vault")
        return self.vault

    def property(self, row: Row, name: str) -> Value:
        """The note property ``name`` of ``row`` (null when missing or not a note)."""
        if row.path is None or self.vault is None:
            return None
        return self.vault.properties(row.path).get(name)

    # -- the tree ---------------------------------------------------------------------------

    def value(self, expr: ast.Expr, row: Row, local: Mapping[str, Value]) -> Value:
        """The value of ``expr``."""
        if isinstance(expr, ast.Literal):
            return expr.value
        if isinstance(expr, ast.Name):
            return self._name(expr.name, row, local)
        if isinstance(expr, ast.Member):
            return self._member(expr, row, local)
        if isinstance(expr, ast.Call):
            return self._call(expr, row, local)
        if isinstance(expr, ast.Binary):
            return self._binary(expr, row, local)
        if isinstance(expr, ast.Unary):
            operand = self.value(expr.operand, row, local)
            if expr.op == "!":
                return not truthy(operand)
            if isinstance(operand, Duration):
                return operand.negate()
            return binary("-", 0, operand)
        if isinstance(expr, ast.Subscript):
            target = self.value(expr.target, row, local)
            key = self.value(expr.key, row, local)
            return self.index(target, key, row)
        if isinstance(expr, ast.ListLiteral):
            return [self.value(item, row, local) for item in expr.items]
        if isinstance(expr, ast.ObjectLiteral):
            return {key: self.value(item, row, local) for key, item in expr.items}
        if isinstance(expr, ast.RegexLiteral):
            from vaultkit.bases.values import Regex

            try:
                return Regex(expr.pattern, expr.flags)
            except Exception as error:  # re.error: an invalid pattern
                raise EvalError(f"invalid regular expression /{expr.pattern}/: {error}") from None
        raise EvalError(f"cannot evaluate {type(expr).__name__}")

    def _name(self, name: str, row: Row, local: Mapping[str, Value]) -> Value:
        if name in local:
            return local[name]
        if name == "file":
            return FileValue(row.path) if row.path is not None else None
        if name == "this":
            return FileValue(self.this.path) if self.this.path is not None else None
        if name == "formula":
            return FormulaSpace(row)
        if name == "note":
            return self.vault.properties(row.path) if self.vault and row.path else {}
        return self.property(row, name)

    def _member(self, expr: ast.Member, row: Row, local: Mapping[str, Value]) -> Value:
        target = expr.target
        if isinstance(target, ast.Name) and target.name not in local:
            if target.name == "note":
                return self.property(row, expr.name)
            if target.name == "formula":
                return self.formula(expr.name, row)
            if target.name == "this" and expr.name == "formula":
                return FormulaSpace(self.this)
        return self.index(self.value(target, row, local), expr.name, row)

    def index(self, target: Value, key: Value, row: Row) -> Value:
        """``target.key`` or ``target[key]``."""
        from vaultkit.bases.functions import field_of

        if isinstance(target, FormulaSpace):
            return self.formula(str(key), target.row)
        if isinstance(target, FileValue):
            vault = self.need_vault()
            if isinstance(key, str):
                if key == "note":
                    return vault.properties(target.path)
                found = vault.field(target.path, key)
                if found is not None or key in _FILE_NAMES:
                    return found
                return vault.properties(target.path).get(key)
            return None
        if isinstance(target, list | tuple | str) and isinstance(key, int | float):
            if isinstance(key, bool) or not float(key).is_integer():
                return None
            position = int(key)
            if position < 0:
                position += len(target)
            return target[position] if 0 <= position < len(target) else None
        if isinstance(target, Mapping):
            return target.get(key if isinstance(key, str) else str(key))
        return field_of(target, str(key))

    def _binary(self, expr: ast.Binary, row: Row, local: Mapping[str, Value]) -> Value:
        left = self.value(expr.left, row, local)
        if expr.op == "&&":
            return truthy(left) and truthy(self.value(expr.right, row, local))
        if expr.op == "||":
            return truthy(left) or truthy(self.value(expr.right, row, local))
        return binary(expr.op, left, self.value(expr.right, row, local))

    def _call(self, expr: ast.Call, row: Row, local: Mapping[str, Value]) -> Value:
        from vaultkit.bases.functions import GLOBALS, LAZY_METHODS, method_for

        if expr.target is None:
            if expr.name == "if":
                if not 2 <= len(expr.args) <= 3:
                    raise EvalError("if() takes a condition, a value and an optional other value")
                chosen = truthy(self.value(expr.args[0], row, local))
                if chosen:
                    return self.value(expr.args[1], row, local)
                return self.value(expr.args[2], row, local) if len(expr.args) == 3 else None
            func = GLOBALS.get(expr.name)
            if func is None:
                raise EvalError(f"unknown function {expr.name}()")
            return func(self, [self.value(a, row, local) for a in expr.args])
        target = self.value(expr.target, row, local)
        lazy = LAZY_METHODS.get(expr.name)
        if lazy is not None and isinstance(target, list):
            return lazy(self, target, expr.args, row, local)
        method = method_for(target, expr.name)
        if method is None and target is None:
            return None  # a method of a missing property: empty, not an error
        if method is None:
            raise EvalError(f"unknown function {expr.name}() for a {type_of(target)}")
        return method(self, target, [self.value(a, row, local) for a in expr.args])


_FILE_NAMES = frozenset((*FILE_FIELDS, "file"))
