"""A property-based pass over the API's own OpenAPI document (schemathesis): requests that
hypothesis generates for every read endpoint never get a server error, the content type is
the one documented, and whatever is not a success is a JSON error body."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance
from server_support import TOKEN, Served

from reportedly.server import ServerConfig, create_app


def test_generated_reads_never_break_the_server(served: Served) -> None:
    app = create_app(ServerConfig(db=served.db, token=TOKEN))
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app).include(method="GET")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 11
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case: schemathesis.Case) -> None:
            response = case.call()
            case.validate_response(response, checks=[not_a_server_error, content_type_conformance])
            if response.status_code >= 400:
                assert set(response.json()) == {"error"}, response.text

        check()
