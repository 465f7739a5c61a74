"""Personal data at rest: the encryption keys (newest first) and the key of the phone index."""

from sanbao.config.env import env_int, env_list, env_str

# Fernet keys (32 url-safe base64 bytes each), comma-separated, the newest first: new
# values are encrypted with the first, old ones still decrypt with any. Rotate by putting
# a new key in front and running `sanbao pii-rotate`. Unset, a key derived from SECRET_KEY
# is used, which `sanbao check --deploy` reports as an error.
PII_KEYS = env_list("PII_KEYS", [])
# The key of the keyed hash (HMAC-SHA256) that finds a customer by phone without
# decrypting every row. Changing it needs `sanbao pii-rotate`, which rebuilds the hashes.
PII_HASH_KEY = env_str("PII_HASH_KEY", "") or ""

# A customer proving their phone for their own data: codes asked for and tried per client.
PHONE_CODE_LIMIT = env_int("PHONE_CODE_LIMIT", 10, minimum=1)
PHONE_CODE_WINDOW_SECONDS = env_int("PHONE_CODE_WINDOW_SECONDS", 15 * 60, minimum=1)
