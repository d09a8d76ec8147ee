import type { Random } from './random.js';

/** How a visit reached the shop, as UTM tags and a referrer say it. */
export interface Attribution {
  readonly utmSource: string | null;
  readonly utmMedium: string | null;
  readonly utmCampaign: string | null;
  readonly referrer: string | null;
}

/** A marketing campaign: when it runs (UTC dates each year), where its visits come from, what it lifts. */
export interface Campaign {
  readonly name: string;
  /** Whether it runs on this UTC date. */
  readonly runs: (date: Date) => boolean;
  /** The sources its visits come from, weighted. */
  readonly sources: readonly (readonly [{ source: string; medium: string }, number])[];
  /** Visits (and so orders) while it runs, relative to a day without it. */
  readonly trafficLift: number;
  /** Orders per visit while it runs, relative to a day without it. */
  readonly conversionLift: number;
  /** Share of the visits of a day it runs that it brings. */
  readonly visitShare: number;
}

const between = (date: Date, from: [number, number], to: [number, number]) => {
  const day = (date.getUTCMonth() + 1) * 100 + date.getUTCDate();
  return day >= from[0] * 100 + from[1] && day <= to[0] * 100 + to[1];
};

/** Black Friday: the day after the fourth Thursday of November; the sale runs to Cyber Monday. */
function isBlackFridayWeekend(date: Date): boolean {
  const year = date.getUTCFullYear();
  const firstOfNovember = new Date(Date.UTC(year, 10, 1)).getUTCDay();
  const thanksgiving = 1 + ((4 - firstOfNovember + 7) % 7) + 21;
  const start = Date.UTC(year, 10, thanksgiving + 1);
  const time = Date.UTC(year, date.getUTCMonth(), date.getUTCDate());
  return time >= start && time <= start + 3 * 86_400_000;
}

const EMAIL = { source: 'newsletter', medium: 'email' };
const GOOGLE_ADS = { source: 'google', medium: 'cpc' };
const FACEBOOK = { source: 'facebook', medium: 'paid_social' };
const INSTAGRAM = { source: 'instagram', medium: 'paid_social' };
const TIKTOK = { source: 'tiktok', medium: 'paid_social' };

/**
 * The shop's marketing calendar: seasonal sales, a weekly newsletter, and always-on paid search and
 * social. Lifts are in the range retail reports give for such events (Black Friday weekend the largest).
 */
export const CAMPAIGNS: readonly Campaign[] = [
  {
    name: 'winter-sale',
    runs: (d) => between(d, [1, 2], [1, 31]),
    sources: [
      [EMAIL, 3],
      [GOOGLE_ADS, 4],
      [FACEBOOK, 2],
    ],
    trafficLift: 1.15,
    conversionLift: 1.15,
    visitShare: 0.15,
  },
  {
    name: 'valentines-day',
    runs: (d) => between(d, [2, 1], [2, 14]),
    sources: [
      [INSTAGRAM, 4],
      [FACEBOOK, 2],
      [EMAIL, 2],
    ],
    trafficLift: 1.1,
    conversionLift: 1.1,
    visitShare: 0.1,
  },
  {
    name: 'spring-sale',
    runs: (d) => between(d, [3, 20], [4, 10]),
    sources: [
      [EMAIL, 3],
      [GOOGLE_ADS, 3],
      [INSTAGRAM, 2],
    ],
    trafficLift: 1.15,
    conversionLift: 1.15,
    visitShare: 0.12,
  },
  {
    name: 'summer-sale',
    runs: (d) => between(d, [6, 20], [7, 15]),
    sources: [
      [EMAIL, 3],
      [GOOGLE_ADS, 3],
      [TIKTOK, 2],
      [INSTAGRAM, 2],
    ],
    trafficLift: 1.2,
    conversionLift: 1.15,
    visitShare: 0.15,
  },
  {
    name: 'back-to-school',
    runs: (d) => between(d, [8, 10], [9, 5]),
    sources: [
      [GOOGLE_ADS, 3],
      [TIKTOK, 3],
      [INSTAGRAM, 2],
    ],
    trafficLift: 1.1,
    conversionLift: 1.1,
    visitShare: 0.1,
  },
  {
    name: 'black-friday',
    runs: isBlackFridayWeekend,
    sources: [
      [EMAIL, 4],
      [GOOGLE_ADS, 4],
      [FACEBOOK, 2],
      [INSTAGRAM, 2],
      [TIKTOK, 1],
    ],
    trafficLift: 2.5,
    conversionLift: 1.6,
    visitShare: 0.35,
  },
  {
    name: 'holiday-gifts',
    runs: (d) => between(d, [12, 1], [12, 22]),
    sources: [
      [EMAIL, 3],
      [GOOGLE_ADS, 4],
      [INSTAGRAM, 2],
      [FACEBOOK, 2],
    ],
    trafficLift: 1.35,
    conversionLift: 1.2,
    visitShare: 0.2,
  },
  {
    name: 'weekly-newsletter',
    runs: (d) => d.getUTCDay() === 2,
    sources: [[EMAIL, 1]],
    trafficLift: 1.08,
    conversionLift: 1.05,
    visitShare: 0.06,
  },
];

/** Campaigns that run all year: brand and shopping search ads, and social ads. */
const ALWAYS_ON: readonly (readonly [{ source: string; medium: string; campaign: string }, number])[] = [
  [{ ...GOOGLE_ADS, campaign: 'brand-search' }, 6],
  [{ ...GOOGLE_ADS, campaign: 'shopping-ads' }, 5],
  [{ ...FACEBOOK, campaign: 'always-on-social' }, 3],
  [{ ...INSTAGRAM, campaign: 'always-on-social' }, 3],
  [{ ...TIKTOK, campaign: 'always-on-social' }, 1],
];

/** Visits without a campaign: direct, organic search, social posts and other sites' links. */
const UNPAID: readonly (readonly [{ referrer: string | null; source: string | null }, number])[] = [
  [{ referrer: null, source: null }, 30],
  [{ referrer: 'https://www.google.com/', source: null }, 30],
  [{ referrer: 'https://www.bing.com/', source: null }, 3],
  [{ referrer: 'https://www.facebook.com/', source: null }, 4],
  [{ referrer: 'https://www.instagram.com/', source: null }, 3],
  [{ referrer: 'https://www.reddit.com/', source: null }, 2],
];
/** Share of a day's visits that come from the always-on paid campaigns. */
const ALWAYS_ON_SHARE = 0.18;

const DAY_MS = 86_400_000;
const activeCache = new Map<number, readonly Campaign[]>();

/** The campaigns running on the UTC date of an instant. */
export function activeCampaigns(epochMs: number): readonly Campaign[] {
  const day = Math.floor(epochMs / DAY_MS);
  let active = activeCache.get(day);
  if (!active) {
    const date = new Date(day * DAY_MS);
    active = CAMPAIGNS.filter((campaign) => campaign.runs(date));
    if (activeCache.size > 5_000) activeCache.clear();
    activeCache.set(day, active);
  }
  return active;
}

/** How much busier the shop is at an instant because of its campaigns (1 without any). */
export const campaignTrafficLift = (epochMs: number): number =>
  activeCampaigns(epochMs).reduce((lift, campaign) => lift * campaign.trafficLift, 1);

/** How much likelier a visit is to buy at an instant because of its campaigns (1 without any). */
export const campaignConversionLift = (epochMs: number): number =>
  activeCampaigns(epochMs).reduce((lift, campaign) => lift * campaign.conversionLift, 1);

/** Where a visit at this instant came from: a running campaign, an always-on ad, or no campaign at all. */
export function attributeVisit(epochMs: number, random: Random): Attribution {
  for (const campaign of activeCampaigns(epochMs)) {
    if (random.chance(campaign.visitShare)) {
      const { source, medium } = random.weighted(campaign.sources);
      return { utmSource: source, utmMedium: medium, utmCampaign: campaign.name, referrer: referrerOf(source) };
    }
  }
  if (random.chance(ALWAYS_ON_SHARE)) {
    const { source, medium, campaign } = random.weighted(ALWAYS_ON);
    return { utmSource: source, utmMedium: medium, utmCampaign: campaign, referrer: referrerOf(source) };
  }
  const unpaid = random.weighted(UNPAID);
  return { utmSource: unpaid.source, utmMedium: null, utmCampaign: null, referrer: unpaid.referrer };
}

/** The site a tagged visit comes from; an email client sends none. */
const referrerOf = (source: string): string | null => (source === 'newsletter' ? null : `https://www.${source}.com/`);
