import type { SalesEvent } from '../../schemas/generated/event-types.js';
import type { Random } from './random.js';

type DeviceFamily = SalesEvent['device'];

export interface Agent {
  readonly family: DeviceFamily;
  /** What the collector's parser reads from it (checked in the tests). */
  readonly os: string;
  readonly browser: string;
  readonly userAgent: string;
}

/**
 * Real user-agent strings of current browsers, weighted within each device family by their rough
 * share of shop traffic (StatCounter-style splits: Chrome leads on Windows and Android, Safari on
 * Apple devices). Chromebooks are left out: the collector's parser (bowser) does not call them desktops.
 */
export const AGENTS: Readonly<Record<DeviceFamily, readonly (readonly [Agent, number])[]>> = {
  desktop: [
    [
      {
        family: 'desktop',
        os: 'Windows',
        browser: 'Chrome',
        userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      },
      42,
    ],
    [
      {
        family: 'desktop',
        os: 'Windows',
        browser: 'Microsoft Edge',
        userAgent:
          'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      },
      13,
    ],
    [
      {
        family: 'desktop',
        os: 'Windows',
        browser: 'Firefox',
        userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
      },
      6,
    ],
    [
      {
        family: 'desktop',
        os: 'macOS',
        browser: 'Safari',
        userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
      },
      17,
    ],
    [
      {
        family: 'desktop',
        os: 'macOS',
        browser: 'Chrome',
        userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      },
      15,
    ],
    [
      {
        family: 'desktop',
        os: 'Linux',
        browser: 'Firefox',
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
      },
      3,
    ],
  ],
  mobile: [
    [
      {
        family: 'mobile',
        os: 'iOS',
        browser: 'Safari',
        userAgent:
          'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
      },
      40,
    ],
    [
      {
        family: 'mobile',
        os: 'iOS',
        browser: 'Chrome',
        userAgent:
          'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1',
      },
      7,
    ],
    [
      {
        family: 'mobile',
        os: 'Android',
        browser: 'Chrome',
        userAgent: 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
      },
      42,
    ],
    [
      {
        family: 'mobile',
        os: 'Android',
        browser: 'Samsung Internet for Android',
        userAgent:
          'Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36',
      },
      8,
    ],
    [
      {
        family: 'mobile',
        os: 'Android',
        browser: 'Firefox',
        userAgent: 'Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0',
      },
      3,
    ],
  ],
  tablet: [
    [
      {
        family: 'tablet',
        os: 'iOS',
        browser: 'Safari',
        userAgent:
          'Mozilla/5.0 (iPad; CPU OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
      },
      65,
    ],
    [
      {
        family: 'tablet',
        os: 'Android',
        browser: 'Chrome',
        userAgent: 'Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      },
      35,
    ],
  ],
};

/**
 * Device families by where a session happens. Browsing (all sessions) leans to phones; buyers are more
 * often on a computer (phones convert at about half the desktop rate); the `mobile` channel is the
 * shop's app and mobile site (phones and some tablets); marketplaces sit in between.
 */
export const FAMILY_MIX: Readonly<Record<SalesEvent['channel'] | 'browsing', readonly (readonly [DeviceFamily, number])[]>> = {
  browsing: [
    ['mobile', 60],
    ['desktop', 34],
    ['tablet', 6],
  ],
  web: [
    ['desktop', 58],
    ['mobile', 35],
    ['tablet', 7],
  ],
  mobile: [
    ['mobile', 88],
    ['tablet', 12],
  ],
  marketplace: [
    ['desktop', 45],
    ['mobile', 50],
    ['tablet', 5],
  ],
};

/** A device and its browser for a session in this channel (or a browsing session). */
export function pickAgent(where: SalesEvent['channel'] | 'browsing', random: Random): Agent {
  return random.weighted(AGENTS[random.weighted(FAMILY_MIX[where])]);
}
