-- 012: the access log's keyed chain. Rows from the first 'log.keyed' row on
-- carry an HMAC (key outside the database) instead of a plain SHA-256; this
-- partial index finds that row without scanning the log.
CREATE INDEX access_log_keyed ON access_log(id) WHERE action = 'log.keyed';
