"""``ad-buyer eval``: briefs with checkable expectations, scored for the configured model."""
