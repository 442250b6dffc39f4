"""
Rule texts compiled by their shape, so texts that differ only in words share code.

A rule's texts render in one go: they are joined by :data:`SEPARATOR`.
Jinja compiles a template to Python, which costs far more than rendering
it, and a pack that grows by many similar rules (a rule per role or
office) has many texts that differ only in their plain words. So the plain
words of a rule's texts are taken out of the template, each replaced by a
variable that holds them: what is left, the shape, is compiled once per
process and shared by every rule with the same shape, and each rule keeps
only its words. Checking a pack and rendering advice use the same shapes.
"""

from __future__ import annotations

import collections
import re
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs
from jinja2 import nodes

from ._locks import ForkSafeLock
from ._templating import SEPARATOR, render, text_environment
from .exceptions import RulePackError

if TYPE_CHECKING:
    from collections.abc import Sequence

    import jinja2

#: Compiled shapes kept per process; the least recently used goes first.
MAX_SHAPES: Final = 2048
#: What a text did that left its texts impossible to tell apart.
WROTE_SEPARATOR: Final = "wrote the character that separates texts (\\x1f)"
#: The variables that hold a rule's words: ``_w0``, ``_w1``...; a rule text
#: cannot name them, as its names may not start with ``_``.
_WORD: Final = "_w"
_NEWLINES: Final = re.compile(r"\r\n|\r")
#: A ``{{ }}`` expression without whitespace control or braces inside.
_EXPRESSION: Final = re.compile(r"\{\{(?![-+])[^{}]*?(?<![-+])\}\}")

_shapes: collections.OrderedDict[tuple[bool, str], jinja2.Template] = (
    collections.OrderedDict()
)
#: Expressions parsed, by the tags of a text of words and expressions.
_parsed: collections.OrderedDict[
    tuple[bool, tuple[str, ...]], tuple[nodes.Expr, ...]
] = collections.OrderedDict()
_cache_lock = ForkSafeLock()


@attrs.frozen
class Texts:
    """
    The texts of one rule, ready to render in one go.

    Attributes:
        shape: The compiled template of their shape.
        words: The plain words, by the variable that holds them.
        count: How many texts there are.
        plain: The rendered texts when they have no template code at all.
    """

    shape: jinja2.Template | None
    words: dict[str, str]
    count: int
    plain: tuple[str, ...] | None = None

    def render(
        self, variables: dict[str, Any], *, rule: tuple[str, str, int | None]
    ) -> list[str]:
        """
        Return each text rendered with *variables* (which hold the globals).

        Raises:
            RulePackError: A text failed, naming the rule.
        """
        if self.plain is not None:
            return list(self.plain)
        assert self.shape is not None  # noqa: S101  # set whenever plain is not
        parts = self.split(render(self.shape, {**variables, **self.words}, rule=rule))
        if parts is None:
            file, rule_id, line = rule
            raise RulePackError(
                f"a rule text {WROTE_SEPARATOR}", file=file, rule_id=rule_id, line=line
            )
        return parts

    def split(self, written: str) -> list[str] | None:
        """
        Return *written*, the texts rendered together, as each text.

        None if a text wrote the separator itself: only a text's own constant
        can, as input holds no control character and words are checked.
        """
        parts = written.split(SEPARATOR)
        return parts if len(parts) == self.count else None


def parse(source: str, *, sandboxed: bool) -> nodes.Template:
    """
    Return the syntax tree of one text.

    Plain words need no parsing, and a text of words and ``{{ }}``
    expressions alone is put together from its words and its expressions,
    parsed once per process: a pack of many similar rules parses each
    expression once.

    Raises:
        jinja2.TemplateSyntaxError: The text does not parse.
    """
    if "{" not in source:
        words = _words(source)
        return nodes.Template(
            [nodes.Output([nodes.TemplateData(words)])] if words else []
        )
    tree = _expressions_only(source, sandboxed=sandboxed)
    if tree is None:
        tree = text_environment(sandboxed=sandboxed).parse(source)
    return tree


def _words(source: str) -> str:
    """
    Return *source* as Jinja's lexer reads words.

    That is with every newline a line feed, and without one at the end.
    """
    return _NEWLINES.sub("\n", source).removesuffix("\n")


def tags_of(source: str) -> tuple[str, ...] | None:
    """
    Return the ``{{ }}`` tags of a text of words and expressions, else None.

    Such a text reads what its tags read, whatever its words.
    """
    split = _split(source)
    return None if split is None else split[1]


def _split(source: str) -> tuple[list[str], tuple[str, ...]] | None:
    """
    Return the words and the ``{{ }}`` tags of *source*, if it is only those.
    """
    words = _EXPRESSION.split(source)
    # A "{" may open a block or a comment, and a "}}" left among the words
    # means a tag was cut short at a "}}" inside a string.
    if "\r" in source or any("{" in word or "}}" in word for word in words):
        return None
    return words, tuple(_EXPRESSION.findall(source))


def _expressions_only(source: str, *, sandboxed: bool) -> nodes.Template | None:
    """
    Return the tree of a text of words and ``{{ }}`` expressions, else None.

    Without blocks, comments or whitespace control, Jinja takes the words
    between expressions as they are; only the expressions need its parser.
    The parsed expressions are shared by every text that has them: the text
    environments compile without Jinja's optimizer, which would change
    them in place.
    """
    split = _split(source)
    if split is None:
        return None
    words, tags = split
    key = (sandboxed, tags)
    parsed = _recall(_parsed, key)
    if parsed is None:
        tree = text_environment(sandboxed=sandboxed).parse("".join(tags))
        # One expression a tag, or the text is not what it seemed.
        output = tree.body[0] if len(tree.body) == 1 else None
        if not isinstance(output, nodes.Output) or len(output.nodes) != len(tags):
            return None
        parsed = _remember(_parsed, key, tuple(output.nodes))
    words[-1] = words[-1].removesuffix("\n")
    items: list[nodes.Expr] = []
    for word, expression in zip(words, (*parsed, None), strict=True):
        if word:
            items.append(nodes.TemplateData(word))
        if expression is not None:
            items.append(expression)
    return nodes.Template([nodes.Output(items)])


def compile_texts(trees: Sequence[nodes.Template], *, sandboxed: bool) -> Texts:
    """
    Return the texts whose syntax trees are *trees*, compiled by shape.

    The trees are changed: their plain words are taken out.

    Raises:
        jinja2.TemplateError: A text uses a filter or test that does not
            exist, or is otherwise beyond Jinja.
    """
    plain = [words_only(tree) for tree in trees]
    if all(text is not None for text in plain):
        return Texts(None, {}, len(plain), plain=tuple(text or "" for text in plain))
    body: list[nodes.Node] = []
    words: dict[str, str] = {}
    for index, tree in enumerate(trees):
        if index:
            body.append(nodes.Output([nodes.TemplateData(SEPARATOR)]))
        for output in tree.find_all(nodes.Output):
            for place, node in enumerate(output.nodes):
                if isinstance(node, nodes.TemplateData):
                    name = f"{_WORD}{len(words)}"
                    words[name] = node.data
                    output.nodes[place] = nodes.Name(name, "load")
        body += tree.body
    return Texts(
        _compiled(nodes.Template(body), sandboxed=sandboxed), words, len(trees)
    )


def words_only(tree: nodes.Template) -> str | None:
    """
    Return what *tree* renders if it is plain words alone, else None.
    """
    words = []
    for node in tree.body:
        if not isinstance(node, nodes.Output):
            return None
        for item in node.nodes:
            if not isinstance(item, nodes.TemplateData):
                return None
            words.append(item.data)
    return "".join(words)


def _compiled(shape: nodes.Template, *, sandboxed: bool) -> jinja2.Template:
    """
    Return *shape* compiled, from the process's shapes if it is there.
    """
    key = (sandboxed, repr(shape))
    template = _recall(_shapes, key)
    if template is None:
        # Compiled outside the lock: two threads may both compile a new shape.
        template = text_environment(sandboxed=sandboxed).from_string(shape)
        _remember(_shapes, key, template)
    return template


_K = TypeVar("_K")
_V = TypeVar("_V")


def _recall(cache: collections.OrderedDict[_K, _V], key: _K) -> _V | None:
    """
    Return what *cache* keeps under *key*, now its most recently used, or None.
    """
    with _cache_lock:
        value = cache.get(key)
        if value is not None:
            cache.move_to_end(key)
    return value


def _remember(cache: collections.OrderedDict[_K, _V], key: _K, value: _V) -> _V:
    """
    Keep *value* under *key*, dropping the least recently used past MAX_SHAPES.
    """
    with _cache_lock:
        cache[key] = value
        while len(cache) > MAX_SHAPES:
            cache.popitem(last=False)
    return value


def undeclared(ast: nodes.Template) -> set[str]:
    """
    Return the names *ast* reads from its variables.

    A text of expressions, filters and ``if`` reads every name it loads;
    only a text that can bind names needs Jinja's own analysis, which costs
    about a compile.
    """
    names = list(ast.find_all(nodes.Name))
    if any(name.ctx != "load" for name in names) or any(ast.find_all(_BINDING)):
        import jinja2.meta  # noqa: PLC0415  # rare: see above

        return jinja2.meta.find_undeclared_variables(ast)
    return {name.name for name in names}


#: Nodes that can bind a name, or read another template.
_BINDING: Final = (
    nodes.For,
    nodes.Macro,
    nodes.CallBlock,
    nodes.FilterBlock,
    nodes.With,
    nodes.Assign,
    nodes.AssignBlock,
    nodes.Import,
    nodes.FromImport,
    nodes.Include,
    nodes.Extends,
    nodes.Block,
    nodes.Scope,
    nodes.OverlayScope,
)
