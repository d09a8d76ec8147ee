import type { VariableSpec, VariableType } from './variables.js';

export type Parsed = { readonly ok: true; readonly value: string | number | boolean } | { readonly ok: false };

const PORT_TEXT = /^[0-9]{1,5}$/;
const isPort = (text: string) => PORT_TEXT.test(text) && Number(text) >= 1 && Number(text) <= 65_535;

/** `host:port` with a port from 1 to 65535; IPv6 hosts in brackets (`[::1]:9092`). */
function isHostPort(text: string): boolean {
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+):([^:]+)$/.exec(text);
  return match !== null && isPort(match[2] as string);
}

function parseUrl(text: string, schemes: readonly string[]): boolean {
  if (/\s/.test(text)) return false;
  try {
    const url = new URL(text);
    return schemes.includes(url.protocol.replace(/:$/, '')) && url.hostname !== '';
  } catch {
    return false;
  }
}

/** Checks one variable's text against its type and converts it; pure. */
export function parseValue(type: VariableType | undefined, text: string): Parsed {
  if (!type) return { ok: true, value: text };
  switch (type.kind) {
    case 'string':
      return new RegExp(type.pattern).test(text) ? { ok: true, value: text } : { ok: false };
    case 'enum':
      return type.values.includes(text) ? { ok: true, value: text } : { ok: false };
    case 'integer': {
      const value = Number(text);
      return /^-?[0-9]+$/.test(text) && value >= type.min && value <= type.max ? { ok: true, value } : { ok: false };
    }
    case 'boolean':
      return text === 'true' || text === 'false' ? { ok: true, value: text === 'true' } : { ok: false };
    case 'url':
      return parseUrl(text, type.schemes) ? { ok: true, value: text } : { ok: false };
    case 'host-ports':
      return text.split(',').every(isHostPort) ? { ok: true, value: text } : { ok: false };
  }
}

/** What a valid value looks like, for messages and the configuration table. */
export function expectation(spec: Pick<VariableSpec, 'type'>): string {
  const type = spec.type;
  if (!type) return 'any text';
  switch (type.kind) {
    case 'enum':
      return `one of ${type.values.join(', ')}`;
    case 'boolean':
      return 'true or false';
    case 'host-ports':
      return 'host:port[,host:port…] with ports from 1 to 65535';
    default:
      return type.hint;
  }
}

/** Whether an empty value is a value of this type (e.g. `TOPIC_SUFFIX=` for no suffix). */
export const acceptsEmpty = (type: VariableType | undefined): boolean => type?.kind === 'string' && new RegExp(type.pattern).test('');
