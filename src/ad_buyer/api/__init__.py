"""The buyer as an HTTP service (``ad-buyer serve``): plans, runs, logs, pacing."""
