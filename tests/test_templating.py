import pytest
from hypothesis import given
from hypothesis import strategies as st

from interview_advisor._templating import environment
from interview_advisor._wording import days, when


class TestFilters:
    @pytest.mark.parametrize(
        ("count", "expected"), [(0, "0 days"), (1, "1 day"), (2, "2 days")]
    )
    def test_days(self, count, expected):
        """Day counts take the singular only for one."""
        assert expected == days(count)

    @pytest.mark.parametrize(
        ("due", "expected"),
        [(None, "ongoing"), (0, "today"), (1, "tomorrow"), (9, "in 9 days")],
    )
    def test_when(self, due, expected):
        """Due days read as today, tomorrow, or in so many days."""
        assert expected == when(due)


class TestEnvironment:
    def test_undefined_is_an_error(self):
        """A missing variable raises instead of rendering as empty."""
        with pytest.raises(Exception, match="is undefined"):
            environment().from_string("{{ missing }}").render()

    @given(st.text(max_size=40))
    def test_values_are_never_evaluated(self, value):
        """Any value, template syntax included, is rendered exactly as given."""
        assert value == environment().from_string("{{ v }}").render(v=value)
