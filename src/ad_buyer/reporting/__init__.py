"""What people read of a run: the rationale log as a tree and as HTML, the portfolio table,
live progress."""
