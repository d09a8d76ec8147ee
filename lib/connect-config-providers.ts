/**
 * The Connect worker's config providers, restricted to what the connector files reference. Anyone who
 * reaches a worker's REST port can submit a connector config; unrestricted providers would let it read
 * any environment variable or file of the worker (`${env:AWS_SECRET}`, `${file:/etc/shadow:x}`).
 */

export interface ProviderReferences {
  /** Variables named as `${env:NAME}`. */
  readonly env: readonly string[];
  /** Files named as `${file:PATH:KEY}`. */
  readonly files: readonly string[];
  /** Directories named as `${dir:PATH:FILE}`. */
  readonly dirs: readonly string[];
}

/** One `${provider:…}` reference: the variable (env), or the file or directory and the key in it. */
export interface ProviderReference {
  readonly whole: string;
  readonly provider: 'env' | 'file' | 'dir';
  /** The variable name (env), or the path before the last colon (file, dir). */
  readonly target: string;
  /** After the last colon (file, dir): the key or file name; '' when there is none. */
  readonly key: string;
}

const REFERENCE = /\$\{(env|file|dir):([^}]*)\}/g;

/** Pure: the config-provider references in one text, as the worker would read them. */
export function providerReferencesIn(text: string): ProviderReference[] {
  return [...text.matchAll(REFERENCE)].map(([whole, provider, body = '']) => {
    const cut = provider === 'env' ? -1 : body.lastIndexOf(':');
    return {
      whole,
      provider: provider as ProviderReference['provider'],
      target: cut > 0 ? body.slice(0, cut) : body,
      key: cut > 0 ? body.slice(cut + 1) : '',
    };
  });
}

/** Pure: every config-provider reference in the given connector file texts, sorted and without repeats. */
export function providerReferencesOf(texts: readonly string[]): ProviderReferences {
  const found = { env: new Set<string>(), file: new Set<string>(), dir: new Set<string>() };
  for (const text of texts) for (const reference of providerReferencesIn(text)) found[reference.provider].add(reference.target);
  const sorted = (set: Set<string>) => [...set].sort();
  return { env: sorted(found.env), files: sorted(found.file), dirs: sorted(found.dir) };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The EnvVarConfigProvider's `allowlist.pattern`: exactly the named variables (none when none is named). */
export function envAllowlistPattern(names: readonly string[]): string {
  return names.length === 0 ? '^$' : `^(${names.map(escapeRegExp).join('|')})$`;
}

const PROVIDER_CLASS = {
  env: 'org.apache.kafka.common.config.provider.EnvVarConfigProvider',
  file: 'org.apache.kafka.common.config.provider.FileConfigProvider',
  dir: 'org.apache.kafka.common.config.provider.DirectoryConfigProvider',
} as const;

/**
 * Pure: worker properties declaring only the providers the references use, each limited to what they
 * name (`allowlist.pattern` for env, `allowed.paths` for file and dir). The env provider is always
 * declared (with an empty allowlist when unused) so a reference never fails as an unknown provider.
 */
export function configProviderProperties(references: ProviderReferences): Record<string, string> {
  const providers: Array<keyof typeof PROVIDER_CLASS> = ['env'];
  if (references.files.length > 0) providers.push('file');
  if (references.dirs.length > 0) providers.push('dir');
  const properties: Record<string, string> = { 'config.providers': providers.join(',') };
  for (const provider of providers) properties[`config.providers.${provider}.class`] = PROVIDER_CLASS[provider];
  properties['config.providers.env.param.allowlist.pattern'] = envAllowlistPattern(references.env);
  if (references.files.length > 0) properties['config.providers.file.param.allowed.paths'] = references.files.join(',');
  if (references.dirs.length > 0) properties['config.providers.dir.param.allowed.paths'] = references.dirs.join(',');
  return properties;
}
