"""Bases expressions parsed into :mod:`vaultkit.bases.ast` (Bases syntax.md, "Operators").

Precedence, loosest first: ``||``, ``&&``, ``== !=``, ``< <= > >=``, ``+ -``, ``* / %``,
unary ``! -``, then member access, calls and subscripts. A syntax error shows the expression
with a caret under the place."""

from __future__ import annotations

import functools

from vaultkit.bases import ast
from vaultkit.bases.errors import BaseSyntaxError, caret_message
from vaultkit.bases.lexer import Token, tokenize

_LEVELS: tuple[tuple[str, ...], ...] = (
    ("||",),
    ("&&",),
    ("==", "!=", "===", "!=="),
    ("<", "<=", ">", ">="),
    ("+", "-"),
    ("*", "/", "%"),
)
_CONSTANTS = {"true": True, "false": False, "null": None}


@functools.lru_cache(maxsize=1024)
def parse_expression(text: str) -> ast.Expr:
    """The tree of one expression; raises BaseSyntaxError with a caret."""
    return _Parser(text).whole()


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.at = 0

    # -- tokens -----------------------------------------------------------------------------

    @property
    def token(self) -> Token:
        return self.tokens[self.at]

    def is_op(self, *ops: str) -> bool:
        return self.token.kind == "op" and self.token.value in ops

    def expect(self, op: str) -> Token:
        if not self.is_op(op):
            raise self.error(f"expected {op!r}")
        token = self.token
        self.at += 1
        return token

    def error(self, message: str, pos: int | None = None) -> BaseSyntaxError:
        token = self.token
        if pos is None:
            found = "the end" if token.kind == "end" else repr(self.text[token.pos :][:12])
            message = f"{message}, found {found}"
        return BaseSyntaxError(caret_message(self.text, token.pos if pos is None else pos, message))

    # -- grammar ----------------------------------------------------------------------------

    def whole(self) -> ast.Expr:
        if self.token.kind == "end":
            raise self.error("empty expression")
        expr = self.expression()
        if self.token.kind != "end":
            raise self.error("expected an operator or the end")
        return expr

    def expression(self) -> ast.Expr:
        return self.binary(0)

    def binary(self, level: int) -> ast.Expr:
        if level == len(_LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while self.is_op(*_LEVELS[level]):
            token = self.token
            self.at += 1
            op = {"===": "==", "!==": "!="}.get(str(token.value), str(token.value))
            right = self.binary(level + 1)
            left = ast.Binary(op, left, right, token.pos)
        return left

    def unary(self) -> ast.Expr:
        if self.is_op("!", "-", "+"):
            token = self.token
            self.at += 1
            operand = self.unary()
            if token.value == "+":
                return operand
            literal = operand.value if isinstance(operand, ast.Literal) else None
            if token.value == "-" and type(literal) in (int, float):
                return ast.Literal(-literal, token.pos)  # type: ignore[operator]
            return ast.Unary(str(token.value), operand, token.pos)
        return self.postfix()

    def postfix(self) -> ast.Expr:
        expr = self.primary()
        while True:
            if self.is_op("."):
                self.at += 1
                name = self.token
                if name.kind != "name":
                    raise self.error("expected a name after '.'")
                self.at += 1
                if self.is_op("("):
                    expr = ast.Call(str(name.value), self.arguments(), expr, name.pos)
                else:
                    expr = ast.Member(expr, str(name.value), name.pos)
            elif self.is_op("["):
                start = self.token.pos
                self.at += 1
                key = self.expression()
                self.expect("]")
                expr = ast.Subscript(expr, key, start)
            else:
                return expr

    def arguments(self) -> tuple[ast.Expr, ...]:
        self.expect("(")
        args: list[ast.Expr] = []
        while not self.is_op(")"):
            args.append(self.expression())
            if not self.is_op(","):
                break
            self.at += 1
        self.expect(")")
        return tuple(args)

    def primary(self) -> ast.Expr:
        token = self.token
        if token.kind in ("num", "str"):
            self.at += 1
            return ast.Literal(token.value, token.pos)
        if token.kind == "regex":
            self.at += 1
            assert isinstance(token.value, tuple)
            return ast.RegexLiteral(str(token.value[0]), str(token.value[1]), token.pos)
        if token.kind == "name":
            self.at += 1
            name = str(token.value)
            if self.is_op("("):
                return ast.Call(name, self.arguments(), None, token.pos)
            if name in _CONSTANTS:
                return ast.Literal(_CONSTANTS[name], token.pos)
            return ast.Name(name, token.pos)
        if self.is_op("("):
            self.at += 1
            inner = self.expression()
            self.expect(")")
            return inner
        if self.is_op("["):
            return self.list_literal()
        if self.is_op("{"):
            return self.object_literal()
        raise self.error("expected a value")

    def list_literal(self) -> ast.Expr:
        start = self.expect("[").pos
        items: list[ast.Expr] = []
        while not self.is_op("]"):
            items.append(self.expression())
            if not self.is_op(","):
                break
            self.at += 1
        self.expect("]")
        return ast.ListLiteral(tuple(items), start)

    def object_literal(self) -> ast.Expr:
        start = self.expect("{").pos
        items: list[tuple[str, ast.Expr]] = []
        while not self.is_op("}"):
            key = self.token
            if key.kind not in ("str", "name", "num"):
                raise self.error("expected a key")
            self.at += 1
            self.expect(":")
            items.append((str(key.value), self.expression()))
            if not self.is_op(","):
                break
            self.at += 1
        self.expect("}")
        return ast.ObjectLiteral(tuple(items), start)
