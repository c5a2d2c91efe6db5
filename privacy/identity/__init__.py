"""Who is who in a federation: the CA and TLS certificates, node keys, the
aggregator's signing key, and signatures over canonical JSON records."""
