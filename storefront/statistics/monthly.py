"""The facts of a period per month: the daily roll-ups up to the day they cover, the orders
themselves after it (a fixed number of statements, whatever the number of orders)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from storefront.statistics.facts import Facts, live_facts
from storefront.statistics.periods import DateRange
from storefront.statistics.rollups import rolled_rows, rollup_state


def month_facts(session: Session, period: DateRange) -> Facts:
    state = rollup_state(session)
    through = state.through_day if state is not None else None
    facts = Facts()
    if through is not None and through >= period.start:
        rolled = DateRange(period.start, min(through, period.end))
        for month, dimension, key, value, count, released, hours in rolled_rows(session, rolled):
            facts.add(
                month, dimension, key, value=value, count=count, released=released, hours=hours
            )
    if through is None or through < period.end:
        start = period.start if through is None else max(period.start, through + timedelta(days=1))
        facts.merge(live_facts(session, DateRange(start, period.end)))
    return facts
