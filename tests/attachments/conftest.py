from tests.attachments.servers import bucket, s3_server  # noqa: F401
