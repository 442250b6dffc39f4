"""
The rule model: rules, their conditions, actions and timing figures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import attrs

from ._daycount import BUSINESS_DAYS, CALENDAR_DAYS
from ._enums import ActionKind, EmployerResponse, Status
from .exceptions import RulePackError

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ._enums import Odds

#: The comparisons a condition may make, as the pack format spells them.
COMPARISONS: Final = ("eq", "ne", "lt", "lte", "gt", "gte")
#: Every operator of the pack format.
OPERATORS: Final = (*COMPARISONS, "in", "not_in", "present")
#: The units a figure may be given in.
UNITS: Final = ("hours", "calendar_days", "business_days", "weeks", "count")


_K = ActionKind
_PURSUING = (_K.RESPOND_TO_OFFER, _K.PREPARE_REFERENCES, _K.PREPARE_NEXT_ROUND)
#: The steps each status forbids: advice never shows such a pair, and a
#: pack in which one can occur fails to load (docs/rules.md has the table).
FORBIDDEN_STEPS: Final[Mapping[Status, frozenset[ActionKind]]] = {
    Status.AWAITING_DECISION: frozenset({*_PURSUING, _K.REQUEST_FEEDBACK}),
    Status.DECISION_OVERDUE: frozenset({*_PURSUING, _K.REQUEST_FEEDBACK, _K.WAIT}),
    Status.LIKELY_GHOSTED: frozenset(
        {*_PURSUING, _K.REQUEST_FEEDBACK, _K.WAIT, _K.SEND_THANK_YOU}
        | {_K.SEND_FOLLOW_UP}
    ),
    Status.ON_HOLD: frozenset(
        {_K.RESPOND_TO_OFFER, _K.PREPARE_NEXT_ROUND, _K.REQUEST_FEEDBACK}
    ),
    Status.ADVANCING: frozenset(
        {_K.MOVE_ON, _K.REQUEST_FEEDBACK, _K.RESPOND_TO_OFFER}
        | {_K.SEND_FINAL_FOLLOW_UP}
    ),
    Status.OFFER_LIKELY: frozenset(
        {_K.MOVE_ON, _K.REQUEST_FEEDBACK, _K.RESPOND_TO_OFFER}
        | {_K.PREPARE_NEXT_ROUND, _K.SEND_FINAL_FOLLOW_UP}
    ),
    Status.OFFER_EXTENDED: frozenset(
        {_K.MOVE_ON, _K.REQUEST_FEEDBACK, _K.PREPARE_NEXT_ROUND, _K.WAIT}
        | {_K.SEND_FOLLOW_UP, _K.SEND_FINAL_FOLLOW_UP}
    ),
    Status.NOT_SELECTED: frozenset(
        {*_PURSUING, _K.WAIT, _K.SEND_THANK_YOU, _K.SEND_FOLLOW_UP}
        | {_K.SEND_FINAL_FOLLOW_UP}
    ),
}


@attrs.frozen
class Band:
    """
    A range of priorities and the kinds of conclusion rules in it may make.

    Attributes:
        first: The lowest priority of the band.
        last: The highest.
        purpose: What rules in the band do.
        concludes: Of ``derive``, ``status``, ``outlook`` and ``steps``.
    """

    first: int
    last: int
    purpose: str
    concludes: frozenset[str]

    def __contains__(self, rule: object) -> bool:
        """
        Tell whether *rule*'s priority is in the band.
        """
        return isinstance(rule, Rule) and self.first <= rule.priority <= self.last

    def misfit(self, rule: Rule) -> RulePackError | None:
        """
        Return the error for *rule* if it concludes what the band does not.
        """
        wrong = sorted(rule.concludes() - self.concludes)
        if not wrong:
            return None
        return rule.error(
            f"concludes {', '.join(wrong)}, but its priority {rule.priority} "
            f"is in the band {self.first}-{self.last} ({self.purpose}), which "
            f"allows {', '.join(sorted(self.concludes))} only (see the table "
            "of priority bands)"
        )


_ANSWER = frozenset({"status", "outlook", "steps"})
#: The priority bands of a pack, in firing order (docs/rules.md has the
#: table): facts are derived before the rules that need them, an
#: employer's answer concludes before the silent statuses, and the general
#: fallbacks come last. A rule that does not fit its band fails to load.
BANDS: Final = (
    Band(0, 9, "derive facts for other rules", frozenset({"derive"})),
    Band(10, 39, "answer what the employer said", _ANSWER),
    Band(40, 49, "plan the thank-you, check-ins and follow-ups", frozenset({"steps"})),
    Band(50, 59, "conclude a silent status with its outlook", _ANSWER),
    Band(60, 79, "prepare for the next round, and other steps", frozenset({"steps"})),
    Band(80, 89, "conclude the outlook within the window", frozenset({"outlook"})),
    Band(90, 65_535, "conclude the fallback status", _ANSWER),
)


@attrs.frozen
class Figure:
    """
    One named timing figure.

    Attributes:
        name: How rules refer to it.
        value: The figure in its own unit.
        unit: One of hours, calendar_days, business_days, weeks, count.
        source: Who published it.
    """

    name: str
    value: int
    unit: str
    source: str

    @property
    def days(self) -> int:
        """
        The figure in calendar days (or as a plain count).

        Without dates, five business days are read as one calendar week, so
        ``n`` business days span ``n + 2 * (n // 5)`` calendar days; hours
        round up to whole days.
        """
        return CALENDAR_DAYS.convert(self.value, self.unit)

    @property
    def business_days(self) -> int:
        """
        The figure in business days (or as a plain count), for dated advice.

        A calendar week holds five business days, so ``n`` calendar days
        count as ``n - 2 * (n // 7)``; hours round up to whole days.
        """
        return BUSINESS_DAYS.convert(self.value, self.unit)

    def in_days(self, *, business: bool) -> int:
        """
        Return the figure in the advice's day count: business or calendar.
        """
        return self.business_days if business else self.days

    def shown(self, *, business: bool) -> int:
        """
        Return the figure as rule texts quote it.

        Texts name the unit of hours, counts and business days themselves;
        calendar days and weeks are given in the advice's day count, for the
        ``days`` filter to name.
        """
        if self.unit in {"calendar_days", "weeks"}:
            return self.in_days(business=business)
        return self.value


@attrs.frozen
class Expr:
    """
    A sum of integers, figures and count signals.

    For example ``stated_timeframe_days + follow_up_buffer``. Figures stay
    named until the day count (business or calendar) is known.

    Attributes:
        constant: The integers, added up.
        figures: ``(sign, name)`` for each figure term.
        signals: ``(sign, name)`` for each signal term.
    """

    constant: int
    figures: tuple[tuple[int, str], ...]
    signals: tuple[tuple[int, str], ...]

    def value(self, signals: Mapping[str, Any], figure_days: Mapping[str, int]) -> int:
        """
        Return the expression's value for *signals*, with figures in days.
        """
        return self.constant_days(figure_days) + sum(
            sign * int(signals[name]) for sign, name in self.signals
        )

    def constant_days(self, figure_days: Mapping[str, int]) -> int:
        """
        Return the integers and figures added up, with figures in days.
        """
        return self.constant + sum(
            sign * figure_days[name] for sign, name in self.figures
        )


@attrs.frozen
class Condition:
    """
    One test of one signal.

    Attributes:
        field: The signal tested.
        op: One of the operators of the pack format.
        value: What it is compared with.
    """

    field: str
    op: str
    value: object

    def items(self) -> tuple[object, ...]:
        """
        Return the values an ``in`` or ``not_in`` test lists.
        """
        return tuple(self.value) if isinstance(self.value, tuple | list) else ()


#: Who a draft can go to: the recruiter, each interviewer, or the first
#: interviewer named (the main contact, when no recruiter is named).
RECIPIENTS: Final = ("recruiter", "interviewers", "first_interviewer")
#: Who receives a draft whose rule does not say.
DEFAULT_TO: Final = ("recruiter", "first_interviewer")
#: The details a draft may lack, each shown as the pack's placeholder.
PLACEHOLDERS: Final = (
    "candidate_name",
    "company",
    "job_title",
    "recruiter_name",
    "discussed_topic",
    "interviewer_name",
)


@attrs.frozen
class ActionSpec:
    """
    An action a rule recommends; its texts are Jinja sources.

    Attributes:
        kind: What to do.
        due: In how many days, or None for no particular day.
        title: A short imperative heading.
        why: Why this step, naming the signals it rests on.
        checklist: Items to go through.
        per_concern: An item repeated for each concern, as ``concern``.
        draft: The name of the draft template, under ``drafts/``.
        counted_in: How dated advice counts *due*: ``business_days``, or
            ``calendar_days`` for a window its source gives in hours or
            calendar days, which a weekend or holiday never delays.
        to: Who receives the draft: the first of these that the situation
            names (see :data:`RECIPIENTS`), else a placeholder for the first.
        draft_values: Named day counts the draft quotes, as sums.
    """

    kind: ActionKind
    due: Expr | None
    title: str
    why: str
    checklist: tuple[str, ...] = ()
    per_concern: str | None = None
    draft: str | None = None
    counted_in: str = "business_days"
    to: tuple[str, ...] = DEFAULT_TO
    draft_values: tuple[tuple[str, Expr], ...] = ()


@attrs.frozen
class OutlookSpec:
    """
    The outlook a rule concludes.

    Attributes:
        odds: How the chances of an offer look.
        why: Why, as a Jinja source.
    """

    odds: Odds
    why: str


@attrs.frozen
class Rule:
    """
    One rule of a pack.

    Attributes:
        id: Unique within the pack.
        priority: Lower fires first.
        file: Where the rule is written.
        line: The line of its ``id``.
        when: Every condition must hold.
        needs: Derived facts that must have been concluded.
        derive: Facts this rule concludes for other rules.
        status: The status it concludes, if any.
        outlook: The outlook it concludes, if any.
        reason: The sentence that explains it, as a Jinja source.
        actions: What it recommends.
        custom: Whether it comes from a custom pack, whose texts run in
            Jinja's sandbox, rather than from the packaged one.
    """

    id: str
    priority: int
    file: str
    line: int | None
    when: tuple[Condition, ...]
    needs: tuple[str, ...]
    derive: tuple[str, ...]
    status: Status | None
    outlook: OutlookSpec | None
    reason: str
    actions: tuple[ActionSpec, ...]
    custom: bool = True

    def error(self, message: str) -> RulePackError:
        """
        Return an error saying *message* about this rule, naming where it is.
        """
        return RulePackError(message, file=self.file, rule_id=self.id, line=self.line)

    def concludes(self) -> set[str]:
        """
        Return the kinds of conclusion the rule makes (see :data:`BANDS`).
        """
        made: dict[str, object] = {"derive": self.derive, "status": self.status}
        made |= {"outlook": self.outlook, "steps": self.actions}
        return {kind for kind, value in made.items() if value}

    def responses(self) -> set[str]:
        """
        Return the employer responses for which the rule can fire.
        """
        answers = {str(member) for member in EmployerResponse}
        for condition in self.when:
            if condition.field != "employer_response":
                continue
            named = {str(condition.value)} if condition.op in {"eq", "ne"} else set()
            named |= {str(item) for item in condition.items()}
            answers = (
                answers - named if condition.op in {"ne", "not_in"} else answers & named
            )
        return answers


@attrs.frozen
class RulePack:
    """
    A checked set of rules with the figures they use.

    Attributes:
        rules: Every rule, in the order read.
        figures: Every figure, by name.
        placeholders: What a draft shows for each detail not given, by name
            (see :data:`PLACEHOLDERS`).
        packaged: Whether it is the packaged pack alone, as shipped. The
            test suite checks that pack as a load checks any other, so its
            pack-wide checks are not repeated at every load.
    """

    rules: tuple[Rule, ...]
    figures: Mapping[str, Figure]
    placeholders: Mapping[str, str] = attrs.field(factory=dict)
    packaged: bool = False

    def figure_days(self, *, business: bool) -> dict[str, int]:
        """
        Return every figure in business or calendar days (or as a count).
        """
        return {
            name: figure.in_days(business=business)
            for name, figure in self.figures.items()
        }

    def figures_shown(self, *, business: bool) -> dict[str, int]:
        """
        Return every figure as rule texts quote it (see :meth:`Figure.shown`).
        """
        return {
            name: figure.shown(business=business)
            for name, figure in self.figures.items()
        }


@attrs.frozen
class Where:
    """
    Where a rule is written, for the errors that name it.

    Attributes:
        file: The rule's file.
        rule_id: The rule's id.
        line: The line of its ``id``, if found.
    """

    file: str
    rule_id: str
    line: int | None

    def error(self, message: str) -> RulePackError:
        """
        Return an error saying *message* about this rule.
        """
        return RulePackError(
            message, file=self.file, rule_id=self.rule_id, line=self.line
        )
