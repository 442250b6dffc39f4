"""
Explaining advice from the rule pack: why, why not, what if, ahead, questions.
"""

import datetime
import json
import pickle
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import attrs
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview_advisor import (
    Advice,
    Advisor,
    EmployerResponse,
    Outlook,
    Phase,
    Stage,
    Status,
    advise,
    answer_schema,
)
from interview_advisor._cli import main
from interview_advisor._explain_ahead import QUESTIONS
from interview_advisor._rules_explain import check
from interview_advisor.exceptions import (
    InvalidSettingError,
    InvalidSituationError,
    NoOriginError,
)

from .strategies import situations
from .test_customising import write
from .test_plan_grid import ADVISOR, PACK, grid

#: Every 97th situation of the plan's grid: each rule's edges, in a second.
SAMPLE = list(grid())[::97]
#: The strategies filter for consistent fields, which a short run can make
#: look heavy: the health check would then fail on a seed, not on the code.
SOME = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.filter_too_much],
)
#: Every answer but a scheduled round, whose day a look ahead stops at.
UNSCHEDULED = st.sampled_from(
    [r for r in EmployerResponse if r is not EmployerResponse.NEXT_ROUND_SCHEDULED]
)
RULES = {rule.id: rule for rule in PACK.rules}


@pytest.fixture(scope="module")
def sampled():
    """
    Return the sampled grid situations with their advice, built once.
    """
    return [(situation, ADVISOR.advise(situation)) for situation in SAMPLE]


def outcome(advice):
    """
    Return what an advice says now: its status and the steps due now.
    """
    return advice.status, {a.kind for a in advice.actions if a.phase is Phase.NOW}


def replay(signals, business):
    """
    Return the ids of the rules the pack's conditions say fire, in order.

    Rules fire by priority; a rule needs its facts derived by earlier
    rules, and only the first rule concluding a status (or an outlook) does.
    """
    derived, taken, fired = set(), set(), []
    for rule in sorted(PACK.rules, key=lambda rule: rule.priority):
        holds = all(
            check(c, signals, PACK.figures, business=business).holds for c in rule.when
        )
        slots = {
            slot for slot in ("status", "outlook") if getattr(rule, slot) is not None
        }
        if holds and set(rule.needs) <= derived and not slots & taken:
            fired.append(rule.id)
            derived |= set(rule.derive)
            taken |= slots
    return fired


class TestExplain:
    def test_every_fired_rule_is_explained_by_conditions_that_hold(self, sampled):
        """Each fired rule is explained, and every condition shown holds."""
        wrong = []
        for situation, advice in sampled:
            explained = advice.explain()
            ids = [rule.rule_id for rule in explained.rules]
            held = all(c.holds for rule in explained.rules for c in rule.conditions)
            if ids != [reason.rule_id for reason in advice.reasons] or not held:
                wrong.append(situation)

        assert [] == wrong

    def test_conditions_replay_the_engine(self, sampled):
        """The pack's conditions, read here, fire exactly the rules the engine fired."""
        wrong = []
        for _, advice in sampled:
            signals = advice._origin._signals()
            fired = {reason.rule_id for reason in advice.reasons}
            if set(replay(signals, business=False)) != fired:
                wrong.append(sorted(fired))

        assert [] == wrong

    def test_figures_come_with_their_sources(self):
        """A condition on a figure names the figure, its unit and its source."""
        advice = advise({"stage": "second_interview", "days_since_interview": 9})
        rule = advice.explain().rules[1]
        figures = {f.name: f for c in rule.conditions for f in c.figures}

        assert ("business_days", 2) == (
            figures["follow_up_buffer"].unit,
            figures["follow_up_buffer"].days,
        )
        assert "Indeed" in figures["follow_up_buffer"].source


class TestWhyNot:
    def test_every_near_miss_names_a_condition_that_fails(self, sampled):
        """Each near miss of a status not given names only conditions that fail."""
        wrong = []
        for _, advice in sampled[::3]:
            for status in Status:
                answer = advice.why_not(str(status))
                if answer.holds != (status is advice.status):
                    wrong.append((status, "holds"))
                for miss in answer.nearest:
                    failing = all(not c.holds for c in miss.missed)
                    fired = miss.rule_id in {r.rule_id for r in advice.reasons}
                    if fired or not failing or not (miss.missed or miss.blocked_by):
                        wrong.append((status, miss.rule_id))

        assert [] == wrong

    def test_the_value_that_would_meet_it(self):
        """A missed count names the value that meets it; that value gives the status."""
        advice = advise({"stage": "second_interview", "days_since_interview": 9})
        miss = advice.why_not("likely_ghosted").nearest[0]

        assert ("status.likely_ghosted", "28 or more") == (
            miss.rule_id,
            miss.missed[0].meet,
        )
        assert Status.LIKELY_GHOSTED == (
            advice.what_if(days_since_interview=28).advice.status
        )

    def test_an_unknown_target_is_refused_with_what_is_accepted(self):
        """A target that is no status, step or rule id names what would be."""
        advice = advise({"stage": "applied", "days_since_interview": 3})

        with pytest.raises(InvalidSettingError, match=r"'offer'.*offer_likely"):
            advice.why_not("offer")


class TestWhatIf:
    @SOME
    @given(situations(dated=st.just(value=False)), st.integers(0, 60))
    def test_applying_the_changes_gives_that_advice(self, situation, days):
        """The advice of a what-if is the advice of the changed situation."""
        changes = {"days_since_interview": days, "days_since_last_follow_up": None}
        changes["follow_ups_sent"] = 0
        result = advise(situation).what_if(**changes)

        assert advise(attrs.evolve(situation, **changes)) == result.advice

    def test_the_difference_is_told(self):
        """Steps added, removed and moved are listed, with the status before."""
        advice = advise({"stage": "second_interview", "days_since_interview": 9})
        result = advice.what_if(follow_ups_sent=1, days_since_last_follow_up=3)

        assert ("send_follow_up" in str(result.removed), Status.DECISION_OVERDUE) == (
            True,
            result.status_before,
        )
        assert [4, 11] == [move.after for move in result.moved]

    def test_a_bad_change_names_the_field(self):
        """A change to an unknown field is refused like any bad situation."""
        advice = advise({"stage": "applied", "days_since_interview": 3})

        with pytest.raises(InvalidSituationError, match="days_since_interveiw"):
            advice.what_if(days_since_interveiw=4)


#: Dated situations with an interview up to 30 days before today.
DATED = st.builds(
    lambda today, since, rest: {
        "interview_date": today - datetime.timedelta(days=since),
        "today": today,
        **rest,
    },
    st.dates(datetime.date(2026, 1, 1), datetime.date(2027, 12, 31)),
    st.integers(0, 30),
    st.fixed_dictionaries(
        {
            "stage": st.sampled_from(Stage),
            "stated_timeframe_days": st.sampled_from([None, 5, 10]),
            "employer_response": st.sampled_from(["none", "on_hold"]),
            "country": st.sampled_from([None, "US", "GB"]),
        }
    ),
)


def later(situation, day):
    """
    Return an undated *situation* as it stands *day* days later, nothing done.
    """
    return attrs.evolve(
        situation,
        days_since_interview=situation.days_since_interview + day,
        days_since_last_follow_up=None
        if situation.days_since_last_follow_up is None
        else situation.days_since_last_follow_up + day,
    )


class TestChangesAhead:
    @SOME
    @given(situations(responses=UNSCHEDULED, dated=st.just(value=False)))
    def test_agrees_with_advising_on_each_day(self, situation):
        """On every day ahead, advising gives the status the moments say."""
        advice = advise(situation)
        days = min(21, 730 - situation.days_since_interview)
        if days < 1:
            return
        moments = {m.in_days: m for m in advice.changes_ahead(days).moments}
        status, now = outcome(advice)
        for day in range(1, days + 1):
            later_status, later_now = outcome(advise(later(situation, day)))
            moment = moments.get(day)
            assert (moment.status or status if moment else status) == later_status
            assert set(moment.due if moment else ()) == later_now - now
            status, now = later_status, later_now

    @settings(SOME, max_examples=10)
    @given(DATED)
    def test_dated_moments_agree_with_advising_on_their_dates(self, situation):
        """Advising on a moment's date gives the status it names, and its steps due."""
        for moment in advise(situation).changes_ahead(21).moments:
            status, now = outcome(advise({**situation, "today": moment.date}))
            assert (moment.status or status, True) == (status, set(moment.due) <= now)

    def test_dated_moments_fall_on_dates(self):
        """A dated situation's moments are dated, and advising on that date agrees."""
        situation = {
            "stage": "second_interview",
            "interview_date": "2026-11-13",
            "today": "2026-11-25",
            "stated_timeframe": "by the end of next week",
            "thank_you_sent_on": "2026-11-13",
            "country": "US",
        }
        ahead = advise(situation).changes_ahead(until="2026-12-31")
        moment = ahead.moments[0]

        assert "On Monday 14 December 2026" in moment.text
        on_the_day = {**situation, "today": moment.date.isoformat()}
        assert moment.status == advise(on_the_day).status

    @pytest.mark.parametrize("days", [0, 366, "7"])
    def test_days_out_of_range_are_refused(self, days):
        """Days ahead outside 1 to 365 are refused, naming the range."""
        advice = advise({"stage": "applied", "days_since_interview": 3})

        with pytest.raises(InvalidSettingError, match="from 1 to 365"):
            advice.changes_ahead(days)


def answer_value(answer):
    """
    Return the value an answer of ``questions()`` stands for.
    """
    if answer in {"yes", "no"}:
        return answer == "yes"
    return int(answer) if answer.isdigit() else answer.replace(" ", "_")


class TestQuestions:
    @SOME
    @given(
        st.sampled_from(Stage),
        st.integers(0, 40),
        st.sampled_from([None, 3, 10]),
    )
    def test_questions_only_name_fields_that_change_something(
        self, stage, days, timeframe
    ):
        """Every answer offered changes the status or the steps due now."""
        given = {"stage": stage, "days_since_interview": days}
        if timeframe is not None:
            given["stated_timeframe_days"] = timeframe
        advice = advise(given)
        for question in advice.questions().questions:
            assert question.field not in given
            for answer in question.answers:
                change = {question.field: answer_value(answer)}
                if question.field == "follow_ups_sent" and change[question.field]:
                    change["days_since_last_follow_up"] = 0
                assert outcome(advice) != outcome(advice.what_if(**change).advice)

    def test_a_chatbot_first_message(self):
        """A bare first message asks first whether they have heard back."""
        advice = advise({"stage": "second_interview", "days_since_interview": 9})
        asked = [q.field for q in advice.questions().questions]

        assert "employer_response" == asked[0]
        assert set(asked) <= set(QUESTIONS)


@pytest.fixture(scope="module")
def custom_folder(tmp_path_factory):
    """
    Return a folder holding the README's custom rule.
    """
    readme = Path("README.md").read_text(encoding="utf-8")
    rule = readme.split("```toml\n")[1].split("```")[0]
    folder = tmp_path_factory.mktemp("pack")
    write(folder, "our-rules/network.toml", rule)
    return str(folder / "our-rules")


@pytest.fixture(scope="module")
def custom(custom_folder):
    """
    Return an advisor with the README's custom rule.
    """
    return Advisor(rules=[custom_folder])


class TestCustomPack:
    def test_each_of_the_five_reads_the_custom_rule(self, custom):
        """The README's custom rule is explained, missed, reached and seen ahead."""
        early = custom.advise(
            {
                "stage": "first_interview",
                "days_since_interview": 5,
                "stated_timeframe_days": 7,
            }
        )
        late = early.what_if(days_since_interview=9).advice
        ahead = early.changes_ahead(10)

        assert "custom.network" in [r.rule_id for r in late.explain().rules]
        assert "custom.network" == early.why_not("custom.network").nearest[0].rule_id
        fired = early.what_if(days_since_interview=5 + ahead.moments[-1].in_days)
        assert "custom.network" in [r.rule_id for r in fired.advice.reasons]
        assert early.questions().questions

    def test_pickled_advice_explains_with_its_own_advisor(self, custom):
        """Unpickled advice of a custom pack still explains itself from that pack."""
        advice = custom.advise(
            {
                "stage": "first_interview",
                "days_since_interview": 12,
                "stated_timeframe_days": 7,
            }
        )
        again = pickle.loads(pickle.dumps(advice))  # noqa: S301  # our own bytes

        assert advice.explain() == again.explain()


class TestJson:
    def test_every_answer_matches_its_schema(self):
        """Each answer's to_dict() is JSON and valid under its published schema."""
        advice = advise({"stage": "second_interview", "days_since_interview": 9})
        answers = {
            "explain": advice.explain(),
            "why_not": advice.why_not("likely_ghosted"),
            "what_if": advice.what_if(days_since_interview=30),
            "changes_ahead": advice.changes_ahead(30),
            "questions": advice.questions(),
        }
        for name, answer in answers.items():
            data = json.loads(json.dumps(answer.to_dict()))
            jsonschema.validate(data, answer_schema(name))

    def test_answers_from_many_threads_agree(self):
        """Advice explained from many threads at once gives the same answers."""
        advice = advise({"stage": "second_interview", "days_since_interview": 9})
        expected = (advice.explain(), advice.changes_ahead(30))
        with ThreadPoolExecutor(max_workers=8) as pool:
            found = list(
                pool.map(
                    lambda _: (advice.explain(), advice.changes_ahead(30)), range(16)
                )
            )

        assert [expected] * 16 == found

    def test_advice_made_by_hand_cannot_explain(self):
        """An advice not made by an advisor says so instead of failing oddly."""
        advice = Advice(Status.ON_HOLD, Outlook("low", "why"), (), (), "text")

        with pytest.raises(NoOriginError, match="not made by an Advisor"):
            advice.explain()


def run(capsys, *arguments):
    """
    Run the command with *arguments*; return its exit status and output.
    """
    status = main(list(arguments))
    out, err = capsys.readouterr()
    return status, out, err


class TestCommand:
    def test_all_five_as_json(self, capsys):
        """The explain subcommand prints each answer asked for as JSON."""
        status, out, _ = run(
            capsys,
            "explain",
            "--stage",
            "second_interview",
            "--days-since-interview",
            "9",
            "--why-not",
            "likely_ghosted",
            "--what-if",
            "days_since_interview=30",
            "--ahead",
            "30",
            "--questions",
            "--format",
            "json",
        )

        assert (0, ["explain", "why_not", "what_if", "ahead", "questions"]) == (
            status,
            list(json.loads(out)),
        )

    def test_the_custom_pack(self, capsys, custom_folder):
        """With --rules, the command explains from the custom pack."""
        status, out, _ = run(
            capsys,
            "explain",
            "--rules",
            custom_folder,
            "--stage",
            "first_interview",
            "--days-since-interview",
            "5",
            "--stated-timeframe-days",
            "7",
            "--why-not",
            "custom.network",
            "--format",
            "json",
        )

        assert (0, "custom.network") == (
            status,
            json.loads(out)["why_not"]["nearest"][0]["rule_id"],
        )

    @pytest.mark.parametrize(
        ("arguments", "said"),
        [
            (["--what-if", "days"], "expected FIELD=VALUE"),
            (["--why-not", "offer"], "expected a status"),
            (["--ahead", "0"], "from 1 to 365"),
        ],
    )
    def test_bad_options_are_usage_errors(self, capsys, arguments, said):
        """A bad option exits with 2 and says what is accepted."""
        status, _, err = run(
            capsys,
            "explain",
            "--stage",
            "applied",
            "--days-since-interview",
            "3",
            *arguments,
        )

        assert (2, True) == (status, said in err)


class TestCard:
    @pytest.mark.parametrize("method", ["_repr_html_", "_repr_markdown_"])
    def test_card_ends_with_why_and_ahead(self, method):
        """The notebook card ends with a collapsible why and days ahead."""
        advice = advise({"stage": "second_interview", "days_since_interview": 9})
        card = getattr(advice, method)()
        why = card.index("Why, condition by condition")

        assert why < card.index("Ahead, if nothing happens (30 days)")
        assert "the status becomes likely ghosted" in card[why:]

    def test_advice_made_by_hand_has_a_card_without_them(self):
        """An advice with no origin still shows its card, without those parts."""
        advice = Advice(Status.ON_HOLD, Outlook("low", "why"), (), (), "text")

        assert "Ahead, if nothing happens" not in advice._repr_html_()
