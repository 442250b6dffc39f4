import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview_advisor import RulePackError, _texts
from interview_advisor._templating import base_variables, text_environment

WHERE = ("custom.toml", "custom.rule", 3)

#: Plain words, with what Jinja must leave alone in them.
words = st.text(
    alphabet=st.sampled_from(list("abc XYZ.,;:'\"\\%}#-_\n\r0129é{")), max_size=12
)
expressions = st.sampled_from(
    [
        "{{ days_since_interview }}",
        "{{ days_since_interview|days }}",
        "{{ days_since_interview + 2 }}",
        "{{ 'quoted' ~ days_since_interview }}",
        "{% if thank_you_sent %}sent{% else %}not sent{% endif %}",
        "{{ (days_since_interview > 7) and 'late' or 'early' }}",
        "{{- days_since_interview -}}",
        "{{ 1 + 2 }}",
        '{{ "(see }} below)" }}',
        "{# a comment #}",
    ]
)
texts = st.lists(st.one_of(words, expressions), max_size=5).map("".join)
VARIABLES = {"days_since_interview": 9, "thank_you_sent": True, "business_days": False}


def by_jinja(text: str, *, sandboxed: bool) -> str:
    env = text_environment(sandboxed=sandboxed)
    return str(env.from_string(text).make_module(base_variables(env, **VARIABLES)))


def by_shape(sources: list[str], *, sandboxed: bool) -> list[str]:
    trees = [_texts.parse(source, sandboxed=sandboxed) for source in sources]
    compiled = _texts.compile_texts(trees, sandboxed=sandboxed)
    env = text_environment(sandboxed=sandboxed)
    return compiled.render(base_variables(env, **VARIABLES), rule=WHERE)


class TestParse:
    @settings(max_examples=300, deadline=None)
    @given(texts, st.booleans())
    def test_a_text_parses_as_jinja_parses_it(self, source, sandboxed):
        """Put together from words and expressions or not, the tree is Jinja's."""
        env = text_environment(sandboxed=sandboxed)
        try:
            expected = repr(env.parse(source))
        except jinja2.TemplateSyntaxError:
            with pytest.raises(jinja2.TemplateSyntaxError):
                _texts.parse(source, sandboxed=sandboxed)
            return

        assert expected == repr(_texts.parse(source, sandboxed=sandboxed))

    def test_expressions_are_parsed_once(self):
        """Texts with the same expressions share them, parsed once."""
        first, second = (
            _texts.parse(
                f"Rule {n}: {{{{ days_since_interview|days }}}}.", sandboxed=True
            )
            for n in (1, 2)
        )

        assert first.body[0].nodes[1] is second.body[0].nodes[1]


class TestShapes:
    @settings(max_examples=200, deadline=None)
    @given(st.lists(texts, min_size=1, max_size=4), st.booleans())
    def test_texts_render_as_jinja_renders_each(self, sources, sandboxed):
        """A rule's texts, compiled together by shape, render as Jinja renders each."""
        try:
            expected = [by_jinja(source, sandboxed=sandboxed) for source in sources]
        except jinja2.TemplateSyntaxError:
            with pytest.raises(jinja2.TemplateSyntaxError):
                by_shape(sources, sandboxed=sandboxed)
            return

        assert expected == by_shape(sources, sandboxed=sandboxed)

    def test_texts_that_differ_in_words_share_one_template(self):
        """Two rules whose texts differ only in their words compile once."""
        first, second = (
            _texts.compile_texts(
                [
                    _texts.parse(
                        f"Rule {n}: {{{{ days_since_interview|days }}}}.",
                        sandboxed=True,
                    )
                ],
                sandboxed=True,
            )
            for n in (1, 2)
        )

        assert first.shape is second.shape
        assert first.words != second.words

    def test_plain_texts_compile_nothing(self):
        """Texts of words alone are given back as they are, without Jinja."""
        trees = [_texts.parse(text, sandboxed=True) for text in ("One.", "", "Two {")]

        compiled = _texts.compile_texts(trees, sandboxed=True)

        assert compiled.shape is None
        assert ["One.", "", "Two {"] == compiled.render({}, rule=WHERE)

    def test_a_failing_text_names_its_rule(self):
        """A text that fails to render is the rule's error, not Jinja's."""
        tree = _texts.parse("{{ days_since_interview.nothing.deeper }}", sandboxed=True)
        compiled = _texts.compile_texts([tree], sandboxed=True)
        env = text_environment(sandboxed=True)

        with pytest.raises(RulePackError) as caught:
            compiled.render(base_variables(env, **VARIABLES), rule=WHERE)

        assert "rule 'custom.rule'" in str(caught.value)
        assert not isinstance(caught.value, jinja2.TemplateError)

    def test_the_shapes_kept_are_bounded(self, monkeypatch):
        """A process keeps at most MAX_SHAPES compiled shapes, the newest."""
        monkeypatch.setattr(_texts, "MAX_SHAPES", 3)
        shapes = [f"{{{{ days_since_interview + {n} }}}}" for n in range(5)]

        for source in shapes:
            by_shape([source], sandboxed=True)

        assert 3 == len(_texts._shapes)
        assert all(
            str(n) in repr(key)
            for n, key in zip((2, 3, 4), _texts._shapes, strict=True)
        )

    def test_texts_stay_apart(self):
        """Words holding what looks like code stay words, and texts stay apart."""
        with pytest.raises(jinja2.TemplateSyntaxError):
            by_shape(["{{ days_since_interview }} {{", "}}"], sandboxed=True)
        assert ["a", "b 9"] == by_shape(
            ["a", "b {{ days_since_interview }}"], sandboxed=True
        )

    def test_a_text_writing_the_separator_is_the_rule_error(self):
        """A text that writes the separator would shift every text after it."""
        trees = [_texts.parse(t, sandboxed=True) for t in ('{{ "\\x1f" }}', "b")]
        compiled = _texts.compile_texts(trees, sandboxed=True)

        with pytest.raises(RulePackError, match="separates texts"):
            compiled.render(VARIABLES, rule=WHERE)

    def test_compiling_leaves_shared_expressions_as_they_were(self):
        """Texts share parsed expressions, so compiling must not fold them in place."""
        source = "a {{ days_since_interview + (1 + 2) }}"
        tree = _texts.parse(source, sandboxed=False)
        before = repr(tree)

        _texts.compile_texts([tree], sandboxed=False)

        assert before == repr(_texts.parse(source, sandboxed=False))
