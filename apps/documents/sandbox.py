"""The only Jinja environment a form template is rendered in, built-in or
uploaded (security issue #11, finding 1).

docxtpl's default environment is plain Jinja: a template could reach
Python through `lipsum.__globals__` or `cycler.__init__` and run commands
or print the settings. Here every template is

- checked before it is compiled: it may name only the placeholders of the
  forms (`catalogue.CONTEXT_NAMES`) and the variables it sets itself, may
  not read a name starting with an underscore (`x.__class__`, `x['_y']`),
  use the `attr` filter or load another template; a refusal
  names the offending tag, so the person who uploaded it can fix it;
- compiled in Jinja's immutable sandbox, without Jinja's global helpers
  (`lipsum`, `cycler`, `joiner`, `namespace`, `range`, `dict`), so what
  the check cannot see (an attribute name computed at render time) is
  still refused when it runs;
- kept from building huge values with `*` and `**` (`'x' * 10**9`).

The check runs on every compile, so a template stored before it existed is
refused when someone prints it, not run."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _
from jinja2 import Undefined, nodes
from jinja2.exceptions import SecurityError
from jinja2.meta import find_undeclared_variables
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .catalogue import CONTEXT_NAMES

# `'…' * n` and `n ** m` beyond these are refused while rendering.
MAX_REPEATED_LENGTH = 10_000
MAX_EXPONENT = 64
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
XML_TAG = re.compile(r"<[^>]*>")


class UnsafeTemplate(Exception):
    """A template that uses more than the forms' placeholders; `messages`
    are Vietnamese sentences, each naming one offending tag."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


class FormEnvironment(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with autoescaping (the output is XML),
    no global helpers, bounded `*` and `**`, and `check` run on every
    template before it is compiled. docxtpl calls `from_string` for the
    body, headers, footers, footnotes and document properties."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=Undefined)
        self.globals.clear()

    def from_string(
        self, source: str | nodes.Template, globals: Any = None, template_class: Any = None
    ) -> Any:
        if isinstance(source, str):
            tree = self.parse(source)
            check(tree, source)
            source = tree
        return super().from_string(source, globals, template_class)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, int) and abs(right) > MAX_EXPONENT:
            raise SecurityError(
                _("A power of {exponent} is above the limit of {limit}.").format(
                    exponent=right, limit=MAX_EXPONENT
                )
            )
        if operator == "*":
            for sequence, times in ((left, right), (right, left)):
                if (
                    isinstance(sequence, str | list | tuple)
                    and isinstance(times, int)
                    and len(sequence) * times > MAX_REPEATED_LENGTH
                ):
                    raise SecurityError(
                        _(
                            "Repeating text {times} times is above the limit of {limit} characters."
                        ).format(times=times, limit=MAX_REPEATED_LENGTH)
                    )
        return super().call_binop(context, operator, left, right)

    def unsafe_undefined(self, obj: Any, attribute: str) -> Undefined:
        """Reading a forbidden attribute (one whose name the check could not
        see) stops the rendering; Jinja's own sandbox would print nothing
        and go on, and the person would never learn why."""
        raise SecurityError(
            _("Reading “{name}” is not allowed in a form template.").format(name=attribute)
        )


def environment() -> FormEnvironment:
    """A fresh environment for one document (docxtpl changes its
    `autoescape`, so it is never shared)."""
    return FormEnvironment()


def check(tree: nodes.Template, source: str) -> None:
    """Raise UnsafeTemplate if the parsed template `tree` (compiled from
    `source`, docxtpl's XML with one paragraph a line) names anything but
    the forms' placeholders, reads an underscore name, uses `attr`, or loads
    another template. Every problem is reported, in the order of the document."""
    problems: list[tuple[int, str]] = []
    unknown = find_undeclared_variables(tree) - CONTEXT_NAMES
    for name_node in tree.find_all(nodes.Name):
        if name_node.ctx == "load" and name_node.name in unknown:
            unknown.discard(name_node.name)  # once per name
            problems.append(
                (
                    name_node.lineno,
                    _(
                        "The tag {tag} uses “{name}”, which is not one of the forms' "
                        "placeholders. A template may use only the placeholders listed on the "
                        "templates page: correct or remove the tag, then upload the template again."
                    ).format(
                        tag=_tag(source, name_node.lineno, name_node.name), name=name_node.name
                    ),
                )
            )
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        name = _underscore_name(node)
        if name is not None:
            problems.append(
                (
                    node.lineno,
                    _(
                        "The tag {tag} reads “{name}”: a template may not read names that "
                        "start with an underscore. Remove it, then upload the template again."
                    ).format(tag=_tag(source, node.lineno, name), name=name),
                )
            )
    for attr in tree.find_all(nodes.Filter):
        if attr.name == "attr":  # reads any attribute by a name it is given
            problems.append(
                (
                    attr.lineno,
                    _(
                        "The tag {tag} uses the filter “attr”, which a form template may not "
                        "use: write the placeholder itself (e.g. vote.yes). Remove it, then "
                        "upload the template again."
                    ).format(tag=_tag(source, attr.lineno, "attr")),
                )
            )
    for load in tree.find_all((nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends)):
        keyword = type(load).__name__.lower().replace("fromimport", "from")
        problems.append(
            (
                load.lineno,
                _(
                    "The tag {tag} loads another template, which a form template may not do. "
                    "Remove it, then upload the template again."
                ).format(tag=_tag(source, load.lineno, keyword)),
            )
        )
    if problems:
        problems.sort(key=lambda p: p[0])
        raise UnsafeTemplate([message for _line, message in problems])


def _underscore_name(node: nodes.Node) -> str | None:
    """The underscore name `node` reads (`.x`, `['x']`), or None."""
    if isinstance(node, nodes.Getattr):
        return node.attr if node.attr.startswith("_") else None
    if isinstance(node, nodes.Getitem):
        arg = node.arg
        if isinstance(arg, nodes.Const) and isinstance(arg.value, str):
            return arg.value if arg.value.startswith("_") else None
        return None
    return None


def _tag(source: str, lineno: int, needle: str) -> str:
    """The text of the tag on line `lineno` of `source` that contains
    `needle`, as a person sees it in Word (XML removed, at most 120
    characters)."""
    lines = source.splitlines()
    candidates = [lines[lineno - 1]] if 0 < lineno <= len(lines) else []
    candidates.append(source)
    for text in candidates:
        for match in TAG.finditer(text):
            tag = XML_TAG.sub("", match.group(0))
            if needle in tag:
                return tag if len(tag) <= 120 else tag[:119] + "…"
    return "{{ " + needle + " }}"
