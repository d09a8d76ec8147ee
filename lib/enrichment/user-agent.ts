import Bowser from 'bowser';
import { isbot } from 'isbot';

/**
 * What a user agent says about the visitor's device, for the clickstream's enrichment fields
 * (schemas/user_event.schema.json). Pure. Parsed with bowser (MIT) and checked against isbot's list of
 * bots and crawlers (Unlicense); ua-parser-js 2.x would fit too but is AGPL.
 */
export interface UserAgentFacts {
  /** desktop, mobile, tablet, tv, bot or other. */
  readonly device_family: string;
  /** e.g. Windows, iOS, Android, macOS, Linux; null when the agent does not say. */
  readonly os_family: string | null;
  /** e.g. Chrome, Safari, Firefox, Microsoft Edge; null when the agent does not say. */
  readonly browser_family: string | null;
  readonly is_bot: boolean;
}

const DEVICE_FAMILIES = new Set(['desktop', 'mobile', 'tablet', 'tv', 'bot']);
/** The schema's limit on each family (maxLength 50). */
const cap = (text: string | undefined): string | null => (text ? text.slice(0, 50) : null);

export function userAgentFacts(userAgent: string): UserAgentFacts {
  const bot = isbot(userAgent);
  const parsed = Bowser.parse(userAgent);
  const platform = parsed.platform.type ?? '';
  return {
    device_family: bot ? 'bot' : DEVICE_FAMILIES.has(platform) ? platform : 'other',
    os_family: cap(parsed.os.name),
    browser_family: cap(parsed.browser.name),
    is_bot: bot,
  };
}
