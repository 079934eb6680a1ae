"""An empty plan says why in words a planner reads (issue #19), codes kept for the log."""

from __future__ import annotations

from ad_buyer.orchestration.misfit_words import why_no_package_fits


def test_each_reason_is_counted_in_words_with_its_code() -> None:
    line = why_no_package_fits("ctv", {"channel_mismatch": 19, "over_max_cpm": 13,
                                       "kids.declared_kids_safe": 2})
    assert line.startswith("no media-kit package fits the brief for ctv: 19 package(s) sell "
                           "another channel; 13 package(s) cost more than the brief's max CPM; "
                           "2 package(s) are ruled out for a kids' audience (only packages "
                           "that declare they are made for children or families)")
    assert line.endswith("(why: channel_mismatch x 19, over_max_cpm x 13, "
                         "kids.declared_kids_safe x 2)")
