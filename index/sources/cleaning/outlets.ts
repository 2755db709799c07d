/**
 * Well-known news outlets, for naming an article's publisher. A small fixed gazetteer keeps the
 * sentence patterns (`told CNN`, `spoke with Breitbart News`) from turning any capitalised phrase into
 * a publisher.
 */

interface Outlet {
  /** How the source is reported. */
  name: string;
  /** Other ways texts write it, without a leading "The". */
  aliases: readonly string[];
  /** E-mail domains of its staff, for wire sign-offs such as "Write to … at …@wsj.com". */
  domains: readonly string[];
}

const OUTLETS: readonly Outlet[] = [
  { name: 'CNN', aliases: ['CNN'], domains: ['cnn.com', 'turner.com'] },
  {
    name: 'Reuters',
    aliases: ['Reuters', 'Thomson Reuters'],
    domains: ['reuters.com', 'thomsonreuters.com'],
  },
  { name: 'Associated Press', aliases: ['Associated Press', 'AP'], domains: ['ap.org', 'apnews.com'] },
  {
    name: 'Bloomberg',
    aliases: ['Bloomberg News', 'Bloomberg'],
    domains: ['bloomberg.net', 'bloomberg.com'],
  },
  { name: 'BBC', aliases: ['BBC News', 'BBC'], domains: ['bbc.co.uk', 'bbc.com'] },
  {
    name: 'The Wall Street Journal',
    aliases: ['Wall Street Journal', 'WSJ'],
    domains: ['wsj.com'],
  },
  { name: 'The New York Times', aliases: ['New York Times'], domains: ['nytimes.com'] },
  {
    name: 'The Washington Post',
    aliases: ['Washington Post'],
    domains: ['washpost.com', 'washingtonpost.com'],
  },
  { name: 'Breitbart News', aliases: ['Breitbart News', 'Breitbart'], domains: ['breitbart.com'] },
  { name: 'Fox News', aliases: ['Fox News'], domains: ['foxnews.com', 'fox.com'] },
  { name: 'NPR', aliases: ['NPR'], domains: ['npr.org'] },
  { name: 'CNBC', aliases: ['CNBC'], domains: ['cnbc.com'] },
  { name: 'Financial Times', aliases: ['Financial Times'], domains: ['ft.com'] },
  { name: 'The Guardian', aliases: ['Guardian'], domains: ['theguardian.com', 'guardian.co.uk'] },
  { name: 'Politico', aliases: ['Politico', 'POLITICO'], domains: ['politico.com', 'politico.eu'] },
  { name: 'Axios', aliases: ['Axios'], domains: ['axios.com'] },
  { name: 'Dow Jones Newswires', aliases: ['Dow Jones Newswires', 'Dow Jones'], domains: ['dowjones.com'] },
  { name: 'AFP', aliases: ['Agence France-Presse', 'Agence France Presse', 'AFP'], domains: ['afp.com'] },
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const ALIAS_TO_NAME = new Map<string, string>(
  OUTLETS.flatMap((outlet) => outlet.aliases.map((alias) => [alias, outlet.name] as const)),
);

/** Any alias, longest first so that `Bloomberg News` wins over `Bloomberg`; "The" is optional. */
const OUTLET_NAME = `(?:[Tt]he\\s)?(${[...ALIAS_TO_NAME.keys()]
  .sort((a, b) => b.length - a.length)
  .map(escapeRegExp)
  .join('|')})`;

const WHOLE_OUTLET = new RegExp(`^${OUTLET_NAME}$`);
const LEADING_OUTLET = new RegExp(`^${OUTLET_NAME}\\b`);
const TRAILING_OUTLET = new RegExp(`(?:^|\\s)${OUTLET_NAME}$`);
const OUTLET_ANYWHERE = new RegExp(`(?:^|[^\\w-])${OUTLET_NAME}(?![\\w-])`);

/** The gazetteer name of a text that is exactly a known outlet (`the Washington Post` → `The Washington Post`). */
export function knownOutlet(text: string): string | null {
  const alias = WHOLE_OUTLET.exec(text.trim())?.[1];
  return alias === undefined ? null : (ALIAS_TO_NAME.get(alias) ?? null);
}

/** Whether a text begins with a known outlet's name (`CNN Business`, `Reuters staff`). */
export function startsWithOutlet(text: string): boolean {
  return LEADING_OUTLET.test(text.trim());
}

/** Splits a known outlet's name off the end of a text: `Jane Doe Reuters` → [`Jane Doe`, `Reuters`]. */
export function splitTrailingOutlet(text: string): [rest: string, outlet: string] | null {
  const match = TRAILING_OUTLET.exec(text);
  const alias = match?.[1];
  if (match === null || alias === undefined) return null;
  return [text.slice(0, match.index).trim(), ALIAS_TO_NAME.get(alias) ?? alias];
}

/** The outlet whose staff use an e-mail domain (`vivian.salama@wsj.com` → The Wall Street Journal). */
export function outletForEmail(email: string): string | null {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  const outlet = OUTLETS.find((candidate) =>
    candidate.domains.some((known) => domain === known || domain.endsWith(`.${known}`)),
  );
  return outlet?.name ?? null;
}

/**
 * Phrases in which the article names the outlet that did the reporting: a source talks *to* it, or it
 * learned, obtained or reviewed something. "Reuters reported that…" is deliberately absent: citing
 * another outlet's report says nothing about who publishes this one.
 */
const REPORTING_OUTLET_PATTERNS: readonly RegExp[] = [
  new RegExp(
    `\\b(?:told|spoke\\s(?:with|to)|speaking\\s(?:with|to)|said\\sto|in\\san\\sinterview\\swith|in\\sa\\sstatement\\sto|confirmed\\sto|exclusively\\sto|(?:obtained|reviewed|seen)\\sby)\\s${OUTLET_NAME}(?![\\w-])`,
  ),
  new RegExp(`${OUTLET_NAME}\\s(?:has|have)\\s(?:learned|confirmed|obtained|reviewed)\\b`),
];

/**
 * What each of {@link REPORTING_OUTLET_PATTERNS} needs besides the outlet, cheaper to look for than the
 * pattern itself; a pattern only runs on a paragraph that has it. The first pattern is its own test.
 */
const REPORTING_OUTLET_PREFILTERS: readonly (RegExp | null)[] = [
  null,
  /ha(?:s|ve)\s(?:learned|confirmed|obtained|reviewed)\b/,
];

/** The first outlet the paragraphs name as the reporting outlet (`A US official told CNN…` → CNN). */
export function findReportingOutlet(paragraphs: readonly string[]): string | null {
  for (const paragraph of paragraphs) {
    for (const [k, pattern] of REPORTING_OUTLET_PATTERNS.entries()) {
      if (REPORTING_OUTLET_PREFILTERS[k]?.test(paragraph) === false) continue;
      const alias = pattern.exec(paragraph)?.[1];
      if (alias !== undefined) return ALIAS_TO_NAME.get(alias) ?? alias;
    }
  }
  return null;
}

/** The known outlet named anywhere in a line (a copyright holder, a wire end marker), or null. */
export function findOutletIn(line: string): string | null {
  const alias = OUTLET_ANYWHERE.exec(line)?.[1];
  return alias === undefined ? null : (ALIAS_TO_NAME.get(alias) ?? null);
}
