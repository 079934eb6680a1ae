"""Schemathesis against the API's OpenAPI schema, on a live server: no 500s, and no
response outside its documented status codes, content types and schemas. Bounded (a
few examples per operation) to stay under a minute."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from ad_buyer.api.app import create_app
from ad_buyer.api.security import ApiKeys
from ad_buyer.sandbox.testing import in_process_sandbox

from .conftest import service_over
from .test_live_server import LiveServer

pytestmark = [pytest.mark.server, pytest.mark.filterwarnings(
    "ignore::hypothesis.errors.HypothesisDeprecationWarning")]


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


def test_the_api_keeps_to_its_schema(tmp_path: Path) -> None:
    service = service_over(in_process_sandbox(), f"sqlite:///{tmp_path / 'fuzz.db'}")
    with LiveServer(create_app(service, keys=ApiKeys([]))) as url:
        schema = schemathesis.openapi.from_url(f"{url}/openapi.json")
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 14
        for operation in operations:
            @given(case=operation.as_strategy())
            @settings(max_examples=6, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            def keeps_to_schema(case: Any) -> None:
                case.call_and_validate(checks=CHECKS, timeout=60)

            keeps_to_schema()
