"""The post's own code, kept verbatim as the record of what went wrong."""
