"""The API's fixtures (tokens by role) for the plan tests that use both surfaces."""

from tests.api.conftest import api, api_world  # noqa: F401
