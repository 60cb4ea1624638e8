/** What the plugin's forms share: API errors beside their inputs, and the focus on the first. */
import type { ApiRequestError } from '../api/errors';

export interface FieldErrors<Field extends string> {
  /** Messages to show beside their inputs. */
  fields: Partial<Record<Field, string>>;
  /** What belongs to no input the form has (a 409, a 5xx): shown as an alert. */
  other?: ApiRequestError;
}

/**
 * Puts an API error beside the input it is about: a wrong password (403 `invalid_password`) on
 * `passwordField`, and a 400 on the field its message starts with ("address: is not a Solana
 * address"; several are joined by "; ").
 */
export function fieldErrors<Field extends string>(
  error: ApiRequestError | undefined,
  fields: readonly Field[],
  passwordField?: Field,
): FieldErrors<Field> {
  if (!error) return { fields: {} };
  if (error.kind === 'invalid_password' && passwordField) {
    const wrong: Partial<Record<Field, string>> = {};
    wrong[passwordField] = 'The password is not correct.';
    return { fields: wrong };
  }
  if (error.status !== 400) return { fields: {}, other: error };
  const found: Partial<Record<Field, string>> = {};
  for (const part of error.message.split(/;\s+(?=\w+: )/)) {
    const match = /^(\w+):\s+(.*)$/s.exec(part);
    const field = fields.find((name) => name === match?.[1]);
    if (!match?.[2] || !field) return { fields: {}, other: error };
    found[field] = toSentence(match[2]);
  }
  return { fields: found };
}

/**
 * An API message about one field, for a place that already says which: "token: this link is
 * not valid any more" → "This link is not valid any more."
 */
export function withoutFieldName(message: string): string {
  return toSentence(message.replace(/^\w+:\s+/, ''));
}

const VERB_FIRST = /^(is|must|decodes|has|contains|should)\b/;

/** "is not a Solana address" → "This is not a Solana address." */
export function toSentence(fragment: string): string {
  const text = fragment.trim().replace(/\.$/, '');
  const sentence = VERB_FIRST.test(text)
    ? `This ${text}`
    : text.charAt(0).toUpperCase() + text.slice(1);
  return `${sentence}.`;
}

/**
 * Moves the focus to the form's first invalid input once its messages are rendered, so that
 * keyboard and screen-reader users land on what needs fixing.
 */
export function focusFirstInvalid(form: HTMLFormElement): void {
  setTimeout(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus(), 0);
}
