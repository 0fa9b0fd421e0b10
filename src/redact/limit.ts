/** The secretChars budget's error (src/redact/secrets.ts counts the characters against it). */
import { BundleError } from '../bundle/bundle.js';
import { raiseHint } from '../limits.js';

/**
 * A bundle whose distinct secret values add up to more characters than its `secretChars` budget:
 * the masker costs memory per character of them (src/redact/mask.ts), so past the budget a value
 * could not be masked, and an answer that may show a secret in clear is not given at all: a 422
 * problem in the service, a usage error (exit 2) in the CLI.
 */
export class SecretLimitError extends BundleError {
  override name = 'SecretLimitError';
  readonly code = 'secret-limit';
  constructor(readonly budget: number) {
    super(
      `secret-limit: the bundle's secret values add up to more than ${budget} characters, the secretChars budget; every secret value is masked wherever it appears, which cannot be promised past it, so nothing is answered (${raiseHint('secretChars')})`,
      '',
      422,
    );
  }
}
