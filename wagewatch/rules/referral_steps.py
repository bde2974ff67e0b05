"""Police referral steps and their limits in calendar days and hours (S-310 arts. 5-9, 12;
S-100), the forms that record them and their words (the referral file's checklist is in
referral_file)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from wagewatch.rules.clock import CHINA_TZ
from wagewatch.rules.case_flow import status_label

#: Days are counted on the Beijing calendar; the day of the starting event is not counted.

APPROVAL_DAYS = 3                  # S-310 art. 5: the head decides within 3 days of the report
HAND_OVER_HOURS = 24               # S-310 art. 5: handed to the police within 24 hours of approval
POLICE_DECISION_DAYS = 3           # S-310 art. 8: police decide within 3 days of receipt
RECONSIDERATION_REQUEST_DAYS = 3   # S-310 art. 9: the office may ask within 3 days of the refusal
RECONSIDERATION_ANSWER_DAYS = 3    # S-310 art. 9: the police answer within 3 days of the request
SUPERVISION_REQUEST_DAYS = 3       # S-310 art. 9: procuratorate supervision within 3 days
MATERIALS_DAYS = 3                 # S-310 art. 12: materials handed over within 3 days of filing

FILED, DECLINED, UPHELD, NOT_FILED = "filed", "declined", "upheld", "not_filed"


@dataclass(frozen=True)
class StepInfo:
    """What a step is, who acts, its limit in words, its legal source, and the form of
    REFERRAL_ACTIONS that records it (none for the report, which opens the referral)."""

    title: str
    party: str
    limit: str
    source: str
    action: str | None = None


STEPS: dict[str, StepInfo] = {
    "report": StepInfo("专案组报告", "专案组", "核实情况后提出移送涉嫌犯罪案件的书面报告", "S-310 art. 5"),
    "approval": StepInfo("负责人审批", "机关负责人", "自接到报告之日起3日内作出批准或不批准移送的决定",
                         "S-310 art. 5", "approval"),
    "hand_over": StepInfo("移送公安机关", "本机关", "批准后24小时内向同级公安机关移送，附齐卷宗材料",
                          "S-310 arts. 5-6; S-100", "hand_over"),
    "police_receipt": StepInfo("公安机关接收", "公安机关", "书面受理，在移送书回执上签字", "S-310 art. 8",
                               "receipt"),
    "police_decision": StepInfo("公安机关立案审查", "公安机关",
                                "自接受移送之日起3日内决定立案或不予立案，并书面通知", "S-310 art. 8",
                                "decision"),
    "reconsideration_request": StepInfo("提请复议", "本机关",
                                        "接到不予立案通知书之日起3日内，可提请公安机关复议", "S-310 art. 9",
                                        "reconsideration_request"),
    "reconsideration_answer": StepInfo("复议决定", "公安机关", "自收到提请复议文件之日起3日内作出决定",
                                       "S-310 art. 9", "reconsideration_answer"),
    "supervision_request": StepInfo("建议检察院立案监督", "本机关",
                                    "对不予立案或复议决定仍有异议的，3日内建议人民检察院立案监督",
                                    "S-310 art. 9", "supervision_request"),
    "supervision_result": StepInfo("检察院立案监督结果", "人民检察院", "记录监督结果", "S-310 art. 9",
                                   "supervision_result"),
    "materials": StepInfo("移交涉案材料", "本机关", "自接到立案通知书之日起3日内移交涉案物品及有关材料",
                          "S-310 art. 12", "materials"),
}

@dataclass(frozen=True)
class ReferralAction:
    """A form on a referral's page: its title, what it does (for a refusal: 不能…), the message
    once recorded, the referral statuses that offer it, and whether the police record it on
    their own pages too (the office's clerks may record every step)."""

    title: str
    doing: str
    done: str
    statuses: frozenset[str]
    police: bool = False


def _action(title: str, doing: str, done: str, *statuses: str, police: bool = False
            ) -> ReferralAction:
    return ReferralAction(title, doing, done, frozenset(statuses), police)


#: After the hand-over, before the referral ends: where progress notes are kept.
_HANDED_OVER = ("handed_over", "received", "filed", "declined", "reconsideration", "upheld",
                "supervision", "completed")

#: Every form of a referral, in the order the page shows them; the statuses are ReferralStatus
#: values (S-310 arts. 5-9, 12; the office may end an unsent or refused referral, S-JI art. 6).
REFERRAL_ACTIONS: dict[str, ReferralAction] = {
    "approval": _action(f"负责人审批（{APPROVAL_DAYS}日内）", "审批", "已记录负责人的决定。",
                        "reported"),
    "checklist": _action("卷宗材料清单", "修改卷宗材料清单", "已保存卷宗材料清单。",
                         "reported", "approved"),
    "hand_over": _action(f"移送公安机关（批准后{HAND_OVER_HOURS}小时内）", "移送",
                         f"已移送公安机关，案件状态改为{status_label('referred')}。", "approved"),
    "receipt": _action("公安机关接收", "记录公安机关接收", "已记录公安机关接收。", "handed_over",
                       police=True),
    "decision": _action(f"公安机关立案审查决定（接收后{POLICE_DECISION_DAYS}日内）",
                        "记录公安机关的立案决定", "已记录立案审查决定。", "received", police=True),
    "reconsideration_request": _action(f"提请复议（{RECONSIDERATION_REQUEST_DAYS}日内）", "提请复议",
                                       "已记录提请复议。", "declined"),
    "reconsideration_answer": _action(f"复议决定（{RECONSIDERATION_ANSWER_DAYS}日内）",
                                      "记录复议决定", "已记录复议决定。", "reconsideration",
                                      police=True),
    "supervision_request": _action(f"建议检察院立案监督（{SUPERVISION_REQUEST_DAYS}日内）",
                                   "建议检察院立案监督", "已记录建议检察院立案监督。",
                                   "declined", "upheld"),
    "supervision_result": _action("立案监督结果", "记录立案监督结果", "已记录立案监督结果。",
                                  "supervision"),
    "materials": _action(f"移交涉案材料（立案后{MATERIALS_DAYS}日内）", "移交涉案材料",
                         "已记录材料移交，移送办结。", "filed"),
    "judgement": _action("刑事判决", "记录刑事判决", "已记录刑事判决。", "filed", "completed"),
    "close": _action("结束移送", "结束移送", "移送已结束。",
                     "approved", "declined", "upheld", "supervision"),
    "note": _action("办理进展", "记录办理进展", "已添加办理进展。", *_HANDED_OVER, police=True),
}

#: The forms the police record on their own pages.
POLICE_ACTIONS = frozenset(key for key, action in REFERRAL_ACTIONS.items() if action.police)


def actions_for(status: str) -> tuple[str, ...]:
    """The forms a referral in ``status`` offers, in the page's order."""
    return tuple(key for key, action in REFERRAL_ACTIONS.items() if status in action.statuses)


def doing_of(step: str) -> str:
    """What recording a progress step (a key of STEPS) is called: its form's words (记录公安机关接收),
    for the links and reminders that lead to it."""
    action = STEPS[step].action
    return REFERRAL_ACTIONS[action].doing if action else STEPS[step].title


STATE_LABELS = {"done": "已完成", "late": "逾期完成", "pending": "办理中", "overdue": "已逾期",
                "waiting": "待办", "skipped": "未办理"}


@dataclass(frozen=True)
class ReferralFacts:
    """The recorded moments of one referral (aware datetimes) and the decisions taken."""

    reported_at: datetime
    approved_at: datetime | None = None
    approved: bool | None = None
    handed_over_at: datetime | None = None
    police_received_at: datetime | None = None
    police_decision: str | None = None            # "filed" or "declined"
    police_decided_at: datetime | None = None
    reconsideration_requested_at: datetime | None = None
    reconsideration_answered_at: datetime | None = None
    reconsideration_result: str | None = None     # "filed" or "upheld"
    supervision_requested_at: datetime | None = None
    supervision_answered_at: datetime | None = None
    supervision_result: str | None = None         # "filed" or "not_filed"
    materials_handed_over_at: datetime | None = None
    closed_at: datetime | None = None

    @property
    def filed_at(self) -> datetime | None:
        """When the police notified filing: at first, after reconsideration or after supervision."""
        if self.police_decision == FILED:
            return self.police_decided_at
        if self.reconsideration_result == FILED:
            return self.reconsideration_answered_at
        if self.supervision_result == FILED:
            return self.supervision_answered_at
        return None


@dataclass(frozen=True)
class StepState:
    """One step on a given moment: when its clock started, when it is due, whether it is late.
    Its texts are written when shown (a list of fifty referrals shows one step of each)."""

    step: str
    state: str              # done, late, pending, overdue, waiting, skipped
    starts_at: datetime | None
    due_at: datetime | None  # the last moment that is still on time
    done_at: datetime | None
    by_hours: bool = False   # due at a moment (the 24-hour hand-over), not by the end of a day
    skipped_because: str | None = None

    @property
    def due_text(self) -> str:
        """When the step is due, as shown: a moment, a day (until 24:00), or why there is none."""
        if self.starts_at is None:
            return "待上一步完成后起算"
        return _due_text(self.due_at, self.by_hours)

    @property
    def text(self) -> str:
        """Where the step stands, in a sentence."""
        if self.state == "late":
            assert self.done_at is not None
            return f"于{_when(self.done_at)}完成，超过期限（{self.due_text}）"
        if self.state == "done":
            assert self.done_at is not None
            return f"于{_when(self.done_at)}完成"
        if self.state == "skipped":
            return self.skipped_because or ""
        if self.state == "waiting":
            return "待上一步完成"
        if self.state == "overdue":
            return f"已逾期：应于{self.due_text}完成"
        return f"应于{self.due_text}完成" if self.due_at else "等待办理"

    @property
    def info(self) -> StepInfo:
        return STEPS[self.step]

    @property
    def overdue(self) -> bool:
        return self.state in {"overdue", "late"}

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass(frozen=True)
class ReferralProgress:
    """Every step of a referral, the one to act on now, and those past their limits."""

    steps: tuple[StepState, ...]
    current: StepState | None
    overdue: tuple[str, ...]    # pending steps already past their limit
    late: tuple[str, ...]       # steps done after their limit
    finished: bool

    @property
    def next_due_at(self) -> datetime | None:
        return self.current.due_at if self.current else None


def local(moment: datetime) -> datetime:
    """An aware moment on the Beijing clock."""
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are ambiguous; pass an aware datetime")
    return moment.astimezone(CHINA_TZ)


def day_limit(start: datetime, days: int) -> datetime:
    """The last moment of a limit of ``days`` calendar days from ``start``: the end of the
    ``days``-th day after the starting day, which itself is not counted (S-310)."""
    last_day: date = local(start).date() + timedelta(days=days)
    return datetime.combine(last_day, time.max, tzinfo=CHINA_TZ)


def hour_limit(start: datetime, hours: int) -> datetime:
    """The last moment of a limit of ``hours`` hours from ``start`` (S-310 art. 5: 24 hours)."""
    return start + timedelta(hours=hours)


def _when(moment: datetime) -> str:
    return local(moment).strftime("%Y-%m-%d %H:%M")


def _due_text(due_at: datetime | None, by_hours: bool) -> str:
    if due_at is None:
        return "无法定时限"
    if by_hours:
        return f"{_when(due_at)}前"
    return f"{local(due_at).date().isoformat()}（当日24时前）"


def _state(step: str, now: datetime, starts_at: datetime | None, due_at: datetime | None,
           done_at: datetime | None, by_hours: bool = False, skipped: str | None = None) -> StepState:
    if done_at is not None:
        state = "late" if due_at is not None and done_at > due_at else "done"
        return StepState(step, state, starts_at, due_at, done_at, by_hours)
    if skipped is not None:
        return StepState(step, "skipped", starts_at, due_at, None, by_hours, skipped)
    if starts_at is None:
        return StepState(step, "waiting", None, None, None, by_hours)
    state = "overdue" if due_at is not None and now > due_at else "pending"
    return StepState(step, state, starts_at, due_at, None, by_hours)


def referral_progress(facts: ReferralFacts, now: datetime) -> ReferralProgress:
    """Where a referral stands at ``now``: each step's due moment (calendar days, or 24 hours for
    the hand-over), which step is current, and which are overdue (S-310 arts. 5, 8, 9, 12)."""
    f = facts
    closed = f.closed_at is not None
    steps = [_state("report", now, f.reported_at, None, f.reported_at),
             _state("approval", now, f.reported_at, day_limit(f.reported_at, APPROVAL_DAYS),
                    f.approved_at)]
    if f.approved is not False:
        steps += _police_line(f, now, closed)
    if f.police_decision == DECLINED:
        steps += _refusal_line(f, now, closed)
    filed_at = f.filed_at
    if filed_at is not None:
        steps.append(_state("materials", now, filed_at, day_limit(filed_at, MATERIALS_DAYS),
                            f.materials_handed_over_at))
    finished = closed or f.approved is False or f.materials_handed_over_at is not None
    current = None if finished else next(
        (s for s in steps if s.state in {"pending", "overdue"}), None)
    return ReferralProgress(tuple(steps), current,
                            tuple(s.step for s in steps if s.state == "overdue" and not finished),
                            tuple(s.step for s in steps if s.state == "late"), finished)


def _police_line(f: ReferralFacts, now: datetime, closed: bool) -> list[StepState]:
    """Hand-over, receipt and decision; a referral closed before the hand-over skips them."""
    hand_over_due = hour_limit(f.approved_at, HAND_OVER_HOURS) if f.approved_at else None
    decision_due = (day_limit(f.police_received_at, POLICE_DECISION_DAYS)
                    if f.police_received_at else None)
    skipped = "本机关已结束移送" if closed else None
    return [_state("hand_over", now, f.approved_at, hand_over_due, f.handed_over_at, by_hours=True,
                   skipped=skipped),
            _state("police_receipt", now, f.handed_over_at, None, f.police_received_at,
                   skipped=skipped),
            _state("police_decision", now, f.police_received_at, decision_due,
                   f.police_decided_at, skipped=skipped)]


def _refusal_line(f: ReferralFacts, now: datetime, closed: bool) -> list[StepState]:
    """After 不予立案: reconsideration, its answer, then procuratorate supervision (S-310 art. 9)."""
    decided = f.police_decided_at
    assert decided is not None
    direct = f.supervision_requested_at is not None and f.reconsideration_requested_at is None
    steps = [_state("reconsideration_request", now, decided,
                    day_limit(decided, RECONSIDERATION_REQUEST_DAYS), f.reconsideration_requested_at,
                    skipped="未提请复议，直接建议检察院立案监督" if direct else
                    "未提请复议，本机关已结束移送" if closed else None)]
    supervision_from = decided if direct else None
    if f.reconsideration_requested_at is not None:
        asked = f.reconsideration_requested_at
        steps.append(_state("reconsideration_answer", now, asked,
                            day_limit(asked, RECONSIDERATION_ANSWER_DAYS),
                            f.reconsideration_answered_at))
        if f.reconsideration_result == UPHELD:
            supervision_from = f.reconsideration_answered_at
    if supervision_from is not None:
        steps.append(_state("supervision_request", now, supervision_from,
                            day_limit(supervision_from, SUPERVISION_REQUEST_DAYS),
                            f.supervision_requested_at,
                            skipped="未建议立案监督，本机关已结束移送" if closed else None))
    if f.supervision_requested_at is not None:
        steps.append(_state("supervision_result", now, f.supervision_requested_at, None,
                            f.supervision_answered_at,
                            skipped="本机关已结束移送" if closed else None))
    return steps
