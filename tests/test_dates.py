import pytest

from topicsite.dates import PartialDate, parse_partial_date


@pytest.mark.parametrize("text, label, precision", [
    ("2018", "2018", "year"),
    ("2018-12", "December 2018", "month"),
    ("2018-12-12", "12 December 2018", "day"),
])
def test_precision_is_kept_and_shown_as_written(text, label, precision):
    date = parse_partial_date(text)
    assert date.label() == label
    assert date.precision == precision
    assert date.iso() == text


@pytest.mark.parametrize("text, reason", [
    ("2018-02-30", "'2018-02-30' is not a real day: February 2018 has 28 days"),
    ("2018-13", "'2018-13' has no month 13"),
    ("12/29", "'12/29' is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD"),
])
def test_impossible_dates_are_refused_with_a_reason(text, reason):
    with pytest.raises(ValueError) as err:
        parse_partial_date(text)
    assert str(err.value) == reason


def test_month_precision_sorts_after_the_days_of_that_month():
    assert PartialDate(2018, 12, 31).sort_key() < PartialDate(2018, 12).sort_key() < PartialDate(2019).sort_key()
