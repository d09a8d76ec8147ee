import type { Feedback } from '../../schemas/generated/event-types.js';

type Feature = Feedback['feature'];
export type Tone = 'low' | 'mid' | 'high';

/** The tone a rating speaks in: 1–2 stars low, 3 mid, 4–5 high. */
export const toneOf = (rating: number): Tone => (rating <= 2 ? 'low' : rating === 3 ? 'mid' : 'high');

/** What customers write about each feature, in whole sentences, by tone. */
export const COMMENTS: Readonly<Record<Feature, Readonly<Record<Tone, readonly string[]>>>> = {
  search: {
    low: [
      'Search kept showing products I did not ask for.',
      'I could not find anything with the search bar.',
      'The search results were useless.',
    ],
    mid: [
      'Search worked, but the results could be more relevant.',
      'I found what I wanted after a few tries.',
      'The filters help, but search is slow.',
    ],
    high: ['Search found exactly what I was looking for.', 'The search results were spot on.', 'Finding products was quick and easy.'],
  },
  product_pages: {
    low: [
      'The product pages were missing basic details.',
      'The photos did not match the product I received.',
      'I could not tell the sizes apart from the product page.',
    ],
    mid: [
      'The product pages are fine, but more photos would help.',
      'The descriptions were a little thin.',
      'The product details were mostly clear.',
    ],
    high: [
      'The product pages were clear and detailed.',
      'Great photos and honest descriptions.',
      'The reviews on the product page helped me decide.',
    ],
  },
  checkout: {
    low: [
      'Checkout failed twice before my order went through.',
      'The checkout kept asking for the same details.',
      'Checkout was confusing and far too long.',
    ],
    mid: [
      'Checkout worked, but it took longer than it should.',
      'Checkout was fine once I created an account.',
      'The checkout steps could be simpler.',
    ],
    high: ['Checkout took less than a minute.', 'Checkout was smooth and simple.', 'Paying and confirming my order was effortless.'],
  },
  payment: {
    low: [
      'My card was declined for no reason.',
      'I was charged twice and had to ask for a refund.',
      'My preferred payment method was not accepted.',
    ],
    mid: ['Payment went through, but the confirmation was slow.', 'The payment options are limited.', 'Paying worked on the second try.'],
    high: ['Paying was quick and secure.', 'I liked being able to pay with my phone.', 'The payment went through instantly.'],
  },
  delivery: {
    low: ['My parcel arrived a week late.', 'The package was damaged when it arrived.', 'Tracking showed no updates for days.'],
    mid: [
      'Delivery took a little longer than promised.',
      'The parcel arrived on time, but the box was dented.',
      'Delivery was fine, if not fast.',
    ],
    high: [
      'My order arrived a day early.',
      'Delivery was fast and the tracking was accurate.',
      'Everything arrived well packed and on time.',
    ],
  },
  mobile_app: {
    low: ['The app crashes every time I open my basket.', 'The app logs me out constantly.', 'The app is slow and hard to use.'],
    mid: [
      'The app works, but it feels slow.',
      'The app is fine for browsing, less so for checkout.',
      'Some pages in the app do not load properly.',
    ],
    high: ['The app is fast and easy to use.', 'Ordering from the app is a breeze.', 'I love the app’s wish list and notifications.'],
  },
  customer_service: {
    low: ['Nobody answered my emails for a week.', 'Customer service could not solve my problem.', 'The agent was rude and unhelpful.'],
    mid: [
      'Customer service answered, but it took two days.',
      'The agent was polite but could not do much.',
      'My issue was solved after a few messages.',
    ],
    high: [
      'Customer service sorted out my problem in minutes.',
      'The agent was friendly and helpful.',
      'They replaced my item without any fuss.',
    ],
  },
};
