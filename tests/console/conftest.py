"""The API's fixtures (the app over the in-process sandbox) serve the console's tests."""

from api.conftest import api  # noqa: F401  (a fixture, used by name)
