"""SM2 signing keys made for a test run, as `generate_signing_key --algorithm sm2` prints them."""

from certificates import signing


def new_sm2_key() -> str:
    return signing.generate_private_key_base64(signing.SM2)


def use_sm2(settings) -> str:
    """Switch new certificates to SM2 with a fresh key; the base64 private key."""
    key = new_sm2_key()
    settings.CERTIFICATE_SIGNATURE_ALGORITHM = "sm2"
    settings.CERTIFICATE_SIGNING_KEY = key
    return key
