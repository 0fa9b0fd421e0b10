/** Which names hold a secret, as the masking reads them (src/redact/secrets.ts). */
import { isSecretName } from '../audit/secrets.js';

/**
 * A secret-like name: the audit's `isSecretName` (`DB_PASSWORD`, `apiToken`, not `PASSWORD_FILE`),
 * and also a secret word glued to a prefix, as libpq's `PGPASSWORD` or `MYSQLPASSWORD` are, and
 * redis-server's password options (`--requirepass`, `--masterauth`).
 */
export function secretLike(name: string): boolean {
  let answer = SECRET_LIKE.get(name);
  if (answer === undefined) {
    answer =
      isSecretName(name) ||
      REDIS_AUTH.test(name) ||
      isSecretName(name.replace(/(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|APIKEY)(?=$|[^A-Za-z])/gi, '_$1'));
    if (name.length <= SECRET_LIKE_NAME && SECRET_LIKE.size < SECRET_LIKE_MAX) SECRET_LIKE.set(name, answer);
  }
  return answer;
}

/**
 * The answers for names met before: the same keys (`target`, `published`, `image`...) come back for
 * every service and port, and each answer costs two regular expressions. The map lives as long as
 * the process (a worker serves many requests), so it keeps only short names, the kind that recur, and
 * at most this many: a bundle's long or numerous keys cost one computation each and are not retained.
 */
const SECRET_LIKE = new Map<string, boolean>();
/** redis-server's (and Valkey's) password options: `--requirepass x`, `--masterauth x` */
const REDIS_AUTH = /^(requirepass|masterauth)$/i;
const SECRET_LIKE_MAX = 20_000;
const SECRET_LIKE_NAME = 64;
