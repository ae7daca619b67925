"""The API's fixtures (tokens by role) and the S3 server, for the signed-copy tests that use
both surfaces and both stores."""

from tests.api.conftest import api, api_world  # noqa: F401
from tests.attachments.servers import bucket, s3_server  # noqa: F401
