"""Schemathesis generates requests from the OpenAPI description (valid and invalid ones) and
checks every answer: no 500, a documented status and content type, a body that matches the
description, invalid data refused. It runs as an administrator, who may call every operation.

(Its pytest plugin does not work under pytest 9 yet, so the operations are driven through its
Python API, each as a Hypothesis strategy.)"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.budget import examples

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
EXAMPLES = examples(25, ci=10)  # per operation and mode: 2 x 10 x every operation in CI


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_answers_as_described(app, api_world, mode):
    description = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    headers = {"Authorization": f"Bearer {api_world['tokens']['admin']}"}
    operations = [result.ok() for result in description.get_all_operations()]
    assert len(operations) >= 40

    for operation in operations:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def answers_as_described(case):
            case.headers = {**(case.headers or {}), **headers}
            with app.app_context():  # each request its own, as in production (see FreshContextClient)
                case.call_and_validate(checks=CHECKS)

        answers_as_described()
