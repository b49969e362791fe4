import datetime

from django.utils import translation

from pole_artois.core.dates import long_date

FOUNDED = datetime.date(2016, 1, 1)


def test_a_day_is_written_in_the_language_of_each_page_that_asks():
    written = []
    for language in ("fr", "en", "fr", "en"):
        with translation.override(language):
            written.append(long_date(FOUNDED))
    assert written == ["1er janvier 2016", "1 January 2016"] * 2


def test_a_time_is_written_in_its_own_time_zone_not_as_an_equal_time_elsewhere():
    paris = datetime.timezone(datetime.timedelta(hours=1))
    new_year = datetime.datetime(2016, 1, 1, 0, 30, tzinfo=paris)
    the_same_instant = new_year.astimezone(datetime.UTC)
    with translation.override("fr"):
        assert long_date(new_year) == "1er janvier 2016"
        assert long_date(the_same_instant) == "31 décembre 2015"
