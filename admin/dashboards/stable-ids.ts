import { v5 as uuidV5 } from 'uuid';

/** The namespace of every id this project gives to what it creates on a dashboard tool (a fixed, random UUID). */
const NAMESPACE = '6f1d3c52-8d2b-4f7e-9a40-3c1b5e7d9f12';

/**
 * A stable UUID (version 5) for a thing the definitions declare: the same dashboard, card or dataset
 * gets the same id on every apply and every machine, so applying again updates instead of adding.
 */
export const stableId = (...parts: readonly string[]): string => uuidV5(`ecommerce-kafka-pipeline/${parts.join('/')}`, NAMESPACE);
