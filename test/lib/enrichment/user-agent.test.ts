import { describe, expect, it } from 'vitest';
import { userAgentFacts } from '../../../lib/enrichment/user-agent.js';

describe('the user agent parsed for the enrichment fields', () => {
  it('names device family, OS and browser of common agents', () => {
    expect(
      userAgentFacts('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36'),
    ).toEqual({ device_family: 'desktop', os_family: 'Windows', browser_family: 'Chrome', is_bot: false });
    expect(
      userAgentFacts(
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      ),
    ).toEqual({ device_family: 'mobile', os_family: 'iOS', browser_family: 'Safari', is_bot: false });
    expect(
      userAgentFacts('Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36'),
    ).toEqual({
      device_family: 'tablet',
      os_family: 'Android',
      browser_family: 'Chrome',
      is_bot: false,
    });
  });

  it('flags bots and crawlers, headless browsers included', () => {
    expect(userAgentFacts('Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)')).toMatchObject({
      device_family: 'bot',
      is_bot: true,
    });
    expect(userAgentFacts('curl/8.5.0').is_bot).toBe(true);
    expect(
      userAgentFacts('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36')
        .is_bot,
    ).toBe(true);
  });
});
