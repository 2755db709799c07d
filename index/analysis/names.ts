/**
 * Known names for autocomplete: the names a news collection keeps mentioning (`Robert Lighthizer`,
 * `Liu He`, `White House`, `Bank of England`), found once at build time, and a suggester that completes
 * a typed prefix to them in microseconds.
 *
 * Without a tagger, capitalization is the signal plain text gives for names: a run of capitalized words
 * inside a sentence names something. Each rule below removes one way that signal misleads:
 * - a sentence's first word is capitalized whatever it is (`But China`, `Speaking Trump`): it is dropped
 *   when it is a function word or a word the collection otherwise writes in lowercase, unless the pair
 *   it starts also occurs inside sentences (`White House`);
 * - titles run into names (`Treasury Secretary Steven Mnuchin`): the run is split into the office
 *   (`Treasury Secretary`) and the name (`Steven Mnuchin`), and honorifics (`Mr`, `Sir`) are dropped;
 * - a headline in Title Case capitalizes every word: such lines are skipped;
 * - all-caps words are shouting or credits (`AFP PHOTO`): only short acronyms (`US`, `NATO`) join a
 *   name, and a name needs at least one ordinary capitalized word;
 * - punctuation, line breaks and possessives end a name (`China’s Vice Premier Liu He`);
 * - a name joined by `and`, `&` or a possessive is cut in two (`Securities and Exchange Commission`,
 *   `Moody’s Investors Service Inc`): a name found mostly in that position is dropped as a tail when
 *   it looks like one (see `isTail`).
 *
 * Words are found and folded by the analyzer, so a name's key is exactly the words the index holds
 * and a typed prefix folds the way a query does (case, accents, smart apostrophes, hyphens).
 */

import { analyze, analyzeWords, type WordColumns } from './analyzer.ts';

/** A known name: its most common spelling and how many documents contain it. */
export interface NameEntry {
  readonly text: string;
  readonly docFreq: number;
  /**
   * The analyzer's folded words of `text`, joined by spaces (`Jean-Claude Juncker` → `jean claude
   * juncker`): what typed text is matched against. {@link extractNames} fills it and the encoded list
   * keeps it, so loading an index analyzes nothing; {@link NameSuggester} derives it when absent.
   */
  readonly key?: string;
}

/** How many names {@link extractNames} keeps. */
export interface NameExtractionOptions {
  /** Documents a name must occur in to be kept. Default 2: a name two articles use is a known name. */
  minDocFreq?: number;
  /**
   * Occurrences that keep a name found in fewer than `minDocFreq` documents. Default 3: a small
   * collection's one long article about `Greta Thunberg` still yields her name; a passing mention does not.
   */
  minOccurrences?: number;
  /**
   * Most names kept, most frequent first. Default 20,000: BBC + Reuters (21k articles) yield about
   * 10,000, and a list this size still becomes a suggester in about 100 ms when an index loads.
   */
  maxNames?: number;
}

/** The defaults of {@link NameExtractionOptions}. */
export const DEFAULT_NAME_OPTIONS: Readonly<Required<NameExtractionOptions>> = {
  minDocFreq: 2,
  minOccurrences: 3,
  maxNames: 20_000,
};

/** Longest name in words (a hyphenated word counts once): longer runs are lists or headlines. */
const MAX_NAME_WORDS = 4;
/** Longest all-caps word taken for an acronym (`NATO`, `OPEC`); longer ones are shouting. */
const MAX_ACRONYM_LETTERS = 5;
/** Share of capitalized words from which a line of four words or more may be a Title Case headline. */
const TITLE_CASE_SHARE = 0.7;

/**
 * Words that break a run of capitalized words and never start or end a name: Lucene's 33 English stop
 * words. Not the analyzer's longer list of function words, which holds `he`, `who` and `can`: parts
 * of names (`Liu He`, `Can Dündar`).
 */
export const NAME_BREAKERS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be but by for if in into is it no not of on or such that the their then there ' +
    'these they this to was will with'
  ).split(' '),
);

/**
 * Words that open sentences but never names, beyond {@link NAME_BREAKERS}: pronouns, conjunctions,
 * adverbs, quantifiers. Needed because a small collection cannot show that `Although` is usually
 * lowercase. `us` is missing on purpose: capitalized, it is the country.
 */
const SENTENCE_OPENERS: ReadonlySet<string> = new Set(
  (
    'i me my he him his she her hers we our you your its them those what which who whom whose when where ' +
    'why how while although though because since after before during until unless whether so yet also ' +
    'however meanwhile still even just only now here today yesterday tonight last next some many most ' +
    'more much all any each every both either neither other another few several one two three four five ' +
    'six seven eight nine ten first second third according despite about over under from without within ' +
    'among between through against like unlike than do does did has have had can could would should may ' +
    'might must shall let please yes oh well instead indeed perhaps maybe already again once ever never ' +
    'always often sometimes almost nearly asked speaking earlier later thus hence nor'
  ).split(' '),
);

/**
 * Offices and ranks that stand before a name (`Treasury Secretary`, `Vice Premier`, `Prince`), and
 * `Exchequer`, which begins a run once `the` has cut `Chancellor of the Exchequer Gordon Brown`.
 */
const TITLES: ReadonlySet<string> = new Set(
  (
    'president vice premier prime minister secretary chancellor senator sen governor gov mayor ' +
    'representative rep congressman congresswoman ambassador chairman chairwoman chair chief executive ' +
    'officer director attorney surgeon judge justice commissioner spokesman spokeswoman leader king queen ' +
    'prince princess pope lord lady bishop archbishop cardinal captain coach manager speaker deputy ' +
    'emperor sheikh professor prof inspector sergeant colonel major exchequer'
  ).split(' '),
);

/** Words that are titles only after a title (`Attorney General`), not alone (`General Motors Corp`). */
const TITLES_AFTER_TITLE: ReadonlySet<string> = new Set(['general']);

/** Forms of address: dropped from names (`Mr Blair` is `Blair`, `Sir Alex Ferguson` is `Alex Ferguson`). */
const HONORIFICS: ReadonlySet<string> = new Set('mr mrs ms miss mx dr messrs sir dame'.split(' '));

/** Legal forms that end company names, whose first half an `and` or a possessive may have cut off. */
const LEGAL_FORMS: ReadonlySet<string> = new Set(
  'inc co corp ltd plc llc cos ag sa nv spa gmbh limited'.split(' '),
);

/** Lowercase words allowed inside a name, between capitalized words (`Bank of England`). */
const CONNECTORS: ReadonlySet<string> = new Set(['of']);
/** Longest connector: longer words are not looked up (a lookup hashes the word, a length test is free). */
const LONGEST_CONNECTOR = Math.max(...[...CONNECTORS].map((word) => word.length));

const UPPER_FIRST = /^\p{Lu}/u;
const LOWER_FIRST = /^\p{Ll}/u;
const HAS_LOWER = /\p{Ll}/u;
const HAS_DIGIT = /\p{N}/u;
const NOT_LETTER = /[^\p{L}]/gu;
const SINGLE_CAPITAL = /^\p{Lu}$/u;
const APOSTROPHES = "'’ʼ‘";
/** Between two words of one name: spaces only (a line break never reaches here: lines are split first). */
const SPACE_GAP = /^\s+$/u;
/** Between two parts of one hyphenated word (`Mar-a-Lago`, `Jean-Claude`). */
const HYPHEN_GAP = /^[-‐‑]$/u;
/** Anything but spaces and commas before a word: a new sentence, quote or parenthesis may open there. */
const OPENING_GAP = /[^\s,]/u;
/** `&` between two capitalized words: `Johnson & Johnson`, `Dow Jones & Company`. */
const AMPERSAND_GAP = /^\s*&\s*$/u;

/** What a word can be in a name. */
type WordKind = 'name' | 'acronym' | 'connector' | 'other';

/**
 * What one line says about case, gathered while it is scanned and counted once it is known not to be
 * a headline. One buffer serves every line of a scan, so a line's words need no objects of their own.
 */
interface LineLeads {
  /** Words (single analyzer words, not hyphenated ones) whose lowercase lead the line moves… */
  keys: string[];
  /** …and by how much: +1 written in lowercase, -1 capitalized inside a sentence. */
  steps: number[];
  /** How many of `keys` and `steps` are this line's (the rest are left from earlier lines). */
  count: number;
  /** The keys of the line's capitalized words after the first, for the headline test… */
  capitalizedKeys: string[];
  /** …of which this many are this line's. */
  capitalizedCount: number;
}

/** A word of a candidate name. */
interface NameWord {
  surface: string;
  key: string;
  kind: WordKind;
}

/** A maximal run of capitalized words (and connectors between them) inside one line. */
interface Run {
  words: NameWord[];
  /** Whether the first word may be capitalized only because it opens a sentence. */
  opening: boolean;
  /**
   * What joins the run to a capitalized word before it, making it perhaps the tail of a longer name:
   * `and` or `&` (`Securities and Exchange Commission`, `Merrill Lynch and Co Inc`) or a possessive
   * (`Moody’s Investors Service Inc`).
   */
  attachedBy: Attachment;
}

/** How a run hangs on the capitalized word before it, if it does. */
type Attachment = 'and' | 'possessive' | null;

/** The runs of one line, and what is needed later to tell a Title Case headline from a list of names. */
interface LineScan {
  runs: Run[];
  /** Set when most words are capitalized: a headline or a list of names, decided once case is known. */
  capitalizedKeys: string[] | null;
}

/** {@link CaseEvidence} as plain data, to hand from one thread to another and add up. */
export interface CaseCounts {
  words: string[];
  /** For each of `words`, its lowercase lead. */
  leads: Int32Array;
  pairs: string[];
}

/** How the collection writes each word: the evidence for telling names from capitalized common words. */
export class CaseEvidence {
  /** Per word: times written in lowercase minus times capitalized inside a sentence. */
  private readonly lowercaseLead = new Map<string, { lead: number }>();
  private readonly pairsInside = new Set<string>();

  /** The evidence of several parts of a collection together: leads add up, pairs unite. */
  static fromCounts(parts: readonly CaseCounts[]): CaseEvidence {
    const evidence = new CaseEvidence();
    for (const { words, leads, pairs } of parts) {
      for (let i = 0; i < words.length; i += 1) evidence.addLead(words[i] ?? '', leads[i] ?? 0);
      for (const pair of pairs) evidence.pairsInside.add(pair);
    }
    return evidence;
  }

  /** This evidence as plain data. */
  toCounts(): CaseCounts {
    const words = [...this.lowercaseLead.keys()];
    const leads = Int32Array.from(this.lowercaseLead.values(), (cell) => cell.lead);
    return { words, leads, pairs: [...this.pairsInside] };
  }

  private addLead(key: string, step: number): void {
    // A mutable cell: one map lookup per word instead of a get and a set.
    const cell = this.lowercaseLead.get(key);
    if (cell === undefined) this.lowercaseLead.set(key, { lead: step });
    else cell.lead += step;
  }

  /** Counts one line's leads and the pairs in its runs; skipped for lines that may be headlines, whose capitals prove nothing. */
  addLine(leads: LineLeads, runs: readonly Run[]): void {
    for (let i = 0; i < leads.count; i += 1) this.addLead(leads.keys[i] ?? '', leads.steps[i] ?? 0);
    for (const run of runs) {
      for (let i = run.opening ? 1 : 0; i + 1 < run.words.length; i += 1) {
        this.pairsInside.add(pairKey(run.words[i], run.words[i + 1]));
      }
    }
  }

  /** A word written in lowercase more often than capitalized inside sentences (`trade`, `he`, `but`). */
  isCommonWord(key: string): boolean {
    return (this.lowercaseLead.get(key)?.lead ?? 0) > 0;
  }

  /** Whether the two words also occur together in a name inside a sentence. */
  seenInside(first: NameWord | undefined, second: NameWord | undefined): boolean {
    return this.pairsInside.has(pairKey(first, second));
  }
}

function pairKey(first: NameWord | undefined, second: NameWord | undefined): string {
  return `${first?.key ?? ''}\t${second?.key ?? ''}`;
}

/** Whether a word starts with a capital; ASCII letters, most words, are decided without a Unicode regex. */
function startsUppercase(surface: string): boolean {
  const code = surface.charCodeAt(0);
  if (code >= 97 && code <= 122) return false;
  return (code >= 65 && code <= 90) || UPPER_FIRST.test(surface);
}

/** Whether only spaces separate two words (nearly always one plain space, tested first). */
function isSpaceGap(gap: string): boolean {
  return gap === ' ' || SPACE_GAP.test(gap);
}

/** Whether the word written at `start…end` of `text` ends in a possessive `'s` (`Trump’s`), which ends a name. */
function isPossessiveAt(text: string, start: number, end: number): boolean {
  const last = text.charCodeAt(end - 1);
  return end - start > 2 && (last === 115 || last === 83) && APOSTROPHES.includes(text.charAt(end - 2));
}

/** Whether a word starts with a lowercase letter (digits and CJK do not), the common case decided fast. */
function startsLowercase(surface: string): boolean {
  const code = surface.charCodeAt(0);
  if (code >= 97 && code <= 122) return true;
  return code > 127 && LOWER_FIRST.test(surface);
}

/** The kind of one analyzer token as written. */
function tokenKind(surface: string): WordKind {
  if (!startsUppercase(surface))
    return surface.length <= LONGEST_CONNECTOR && CONNECTORS.has(surface) ? 'connector' : 'other';
  if (HAS_DIGIT.test(surface)) return 'other';
  if (HAS_LOWER.test(surface)) return 'name';
  return surface.replace(NOT_LETTER, '').length <= MAX_ACRONYM_LETTERS ? 'acronym' : 'other';
}

function isCapital(kind: WordKind): boolean {
  return kind === 'name' || kind === 'acronym';
}

/** Whether a token extends the previous word: a hyphen and nothing else between them (`Mar-a-Lago`). */
function isHyphenGap(gap: string): boolean {
  return gap.length === 1 && HYPHEN_GAP.test(gap);
}

/**
 * Scans one line in a single pass: its words (hyphenated words are one word: a name when they start
 * and end capitalized, `Mar-a-Lago`, `U.S.-China`, otherwise not, `made-in-America`), its runs of
 * capitalized words, and the case evidence it gives, which is counted unless the line may be a
 * headline. Returns the runs, and what the headline test needs once case evidence is complete; null
 * when the line has no runs.
 *
 * A run continues over single spaces only, and over the `. ` after an initial (`George W. Bush`); a
 * possessive ends it; a capitalized stop word starts a new one (it is dropped later). Runs of one word
 * are left out: they cannot become names. Most words of a line are lowercase: they are judged from
 * their first character, without cutting them out of the text.
 */
function scanLine(
  text: string,
  tokens: WordColumns,
  from: number,
  to: number,
  lineStart: number,
  evidence: CaseEvidence,
  leads: LineLeads,
): LineScan | null {
  const { starts, lengths } = tokens;
  leads.count = 0;
  leads.capitalizedCount = 0;
  const runs: Run[] = [];
  let current: NameWord[] = [];
  let runOpening = false;
  let attachedBy: Attachment = null;
  let wordCount = 0;
  let capitalizedCount = 0;
  // What the run and attachment rules read of the two words before this one.
  const before: WordBefore = { exists: false, capitalized: false, possessive: false, spacedAnd: false };
  let twoBeforeCapitalized = false;
  let previousEnd = lineStart;
  for (let i = from; i < to; i += 1) {
    const start = starts[i] ?? 0;
    let end = start + (lengths[i] ?? 0);
    let key = tokens.words[i] ?? '';
    const gap = text.slice(previousEnd, start);
    const first = text.charCodeAt(start);
    let joined = false;
    let kind: WordKind;
    let capitalized: boolean;
    let possessive: boolean;
    let surface: string;
    let leadStep = 0;
    if (first >= 97 && first <= 122 && !hyphenFollows(text, tokens, i, to, end)) {
      // A lowercase ASCII word: only a connector's surface is ever read.
      capitalized = false;
      possessive = isPossessiveAt(text, start, end);
      surface = end - start <= LONGEST_CONNECTOR ? text.slice(start, end) : '';
      kind = surface !== '' && CONNECTORS.has(surface) ? 'connector' : 'other';
      leadStep = 1;
    } else {
      const firstSurface = text.slice(start, end);
      const firstKind = tokenKind(firstSurface);
      let lastKind = firstKind;
      let hasName = firstKind === 'name';
      while (hyphenFollows(text, tokens, i, to, end)) {
        joined = true;
        i += 1;
        const nextStart = starts[i] ?? 0;
        const nextEnd = nextStart + (lengths[i] ?? 0);
        lastKind = tokenKind(text.slice(nextStart, nextEnd));
        hasName ||= lastKind === 'name';
        key = `${key} ${tokens.words[i] ?? ''}`;
        end = nextEnd;
      }
      kind = firstKind;
      if (joined)
        kind = !isCapital(firstKind) || !isCapital(lastKind) ? 'other' : hasName ? 'name' : 'acronym';
      const written = joined ? text.slice(start, end) : firstSurface;
      possessive = isPossessiveAt(written, 0, written.length);
      surface = possessive ? written.slice(0, -2) : written;
      capitalized = isCapital(firstKind) || startsUppercase(written);
      if (!joined && !capitalized) leadStep = startsLowercase(surface) ? 1 : 0;
    }
    const opening = wordCount === 0 || (gap !== ' ' && OPENING_GAP.test(gap));
    // A hyphenated word counts for no word's case.
    if (capitalized && kind === 'name' && !opening && !joined) leadStep = -1;
    if (leadStep !== 0) {
      leads.keys[leads.count] = key;
      leads.steps[leads.count] = leadStep;
      leads.count += 1;
    }
    wordCount += 1;
    if (capitalized) {
      capitalizedCount += 1;
      if (wordCount > 1) leads.capitalizedKeys[leads.capitalizedCount++] = key;
    }

    const last = current.at(-1);
    const initial = last !== undefined && gap === '. ' && SINGLE_CAPITAL.test(last.surface);
    const joins = last !== undefined && before.exists && !before.possessive && (isSpaceGap(gap) || initial);
    if (kind === 'name' || kind === 'acronym') {
      if (!joins || NAME_BREAKERS.has(key)) {
        closeRun(runs, current, runOpening, attachedBy);
        current = [];
        runOpening = opening;
        attachedBy = attachment(gap, before, twoBeforeCapitalized);
      } else if (initial) {
        last.surface = `${last.surface}.`;
      }
      current.push({ surface, key, kind });
    } else if (kind === 'connector' && joins && last.kind !== 'connector') {
      current.push({ surface, key, kind });
    } else if (current.length > 0) {
      closeRun(runs, current, runOpening, attachedBy);
      current = [];
    }
    twoBeforeCapitalized = before.exists && before.capitalized;
    before.exists = true;
    before.capitalized = capitalized;
    before.possessive = possessive;
    before.spacedAnd = key === 'and' && isSpaceGap(gap);
    previousEnd = end;
  }
  closeRun(runs, current, runOpening, attachedBy);

  const mostlyCapitalized = wordCount >= 4 && capitalizedCount >= TITLE_CASE_SHARE * wordCount;
  if (!mostlyCapitalized) evidence.addLine(leads, runs);
  if (runs.length === 0) return null;
  return {
    runs,
    capitalizedKeys: mostlyCapitalized ? leads.capitalizedKeys.slice(0, leads.capitalizedCount) : null,
  };
}

/** What {@link scanLine} keeps of the word before the current one (one object, updated word by word). */
interface WordBefore {
  /** False at the line's first word. */
  exists: boolean;
  capitalized: boolean;
  possessive: boolean;
  /** Whether it is `and` after spaces. */
  spacedAnd: boolean;
}

/** Whether a hyphen, and nothing else, joins the token at `at` (ending at `end`) to the next one (`Mar-a-Lago`). */
function hyphenFollows(text: string, tokens: WordColumns, at: number, to: number, end: number): boolean {
  // A hyphen gap is one character: the gap is only cut out of the text when it could be one.
  return at + 1 < to && (tokens.starts[at + 1] ?? 0) - end === 1 && isHyphenGap(text.charAt(end));
}

/** Ends a run: trailing connectors go (`Bank of`), and a run of one word is no name. */
function closeRun(runs: Run[], words: NameWord[], opening: boolean, attachedBy: Attachment): void {
  while (words.at(-1)?.kind === 'connector') words.pop();
  if (words.length >= 2) runs.push({ words, opening, attachedBy });
}

/** Whether a word after `gap` follows `Capitalized and`, `Capitalized &` or `Capitalized’s`. */
function attachment(gap: string, before: WordBefore, twoBeforeCapitalized: boolean): Attachment {
  if (!before.exists) return null;
  if (AMPERSAND_GAP.test(gap)) return before.capitalized ? 'and' : null;
  if (!isSpaceGap(gap)) return null;
  if (before.possessive) return before.capitalized ? 'possessive' : null;
  return before.spacedAnd && !before.capitalized && twoBeforeCapitalized ? 'and' : null;
}

/**
 * A mostly capitalized line is a Title Case headline when it capitalizes words that are otherwise
 * lowercase (`Trump Administration Not Confident Trade Talks Will Produce An Agreement`); a list of
 * names (`Robert Lighthizer, Steven Mnuchin and Liu He`) does so at most once.
 */
function isTitleCased(scan: LineScan, evidence: CaseEvidence): boolean {
  if (scan.capitalizedKeys === null) return false;
  const common = scan.capitalizedKeys.filter((key) => NAME_BREAKERS.has(key) || evidence.isCommonWord(key));
  return common.length >= 2;
}

/** Whether a word is a title or honorific where it stands (`General` only after another title). */
function isTitleWord(word: NameWord | undefined, previous: NameWord | undefined): boolean {
  if (word === undefined || word.kind === 'connector') return false;
  if (TITLES.has(word.key) || HONORIFICS.has(word.key)) return true;
  return TITLES_AFTER_TITLE.has(word.key) && previous !== undefined && TITLES.has(previous.key);
}

function withoutHonorifics(words: readonly NameWord[]): NameWord[] {
  return words.filter((word) => !HONORIFICS.has(word.key));
}

/**
 * Splits a run at its last title: `Chinese Vice Premier Liu He` → `Chinese Vice Premier`, `Liu He`.
 * A lone name keeps its title (`President Trump`, `Prince Charles`, `Premier League`). No split when
 * what follows the title starts with a common word, as in a name that merely opens with a title word
 * (`Major League Baseball`).
 */
function splitAtTitle(words: readonly NameWord[], evidence: CaseEvidence): NameWord[][] {
  let title = -1;
  for (let i = words.length - 2; i >= 0 && title < 0; i -= 1)
    if (isTitleWord(words[i], words[i - 1])) title = i;
  if (title < 0) return [[...words]];
  let nameStart = title + 1;
  // `Secretary of State Mike Pompeo`: the office takes its `of` and the word after it.
  if (words[nameStart]?.kind === 'connector') nameStart += 2;
  const name = words.slice(nameStart);
  const first = name[0];
  if (first === undefined || (name.length > 1 && evidence.isCommonWord(first.key))) return [[...words]];
  let titleStart = title;
  while (isTitleWord(words[titleStart - 1], words[titleStart - 2])) titleStart -= 1;
  const office = withoutHonorifics(words.slice(0, nameStart));
  if (name.length > 1) return [office, name];
  // A lone name stays with its title; the office alone only when something precedes the title (`UK
  // Prime Minister`), else it is just the title's words again (`Director of Public` of `… Prosecutions`).
  const titled = [...withoutHonorifics(words.slice(titleStart, nameStart)), ...name];
  return titleStart > 0 ? [office, titled] : [titled];
}

/** A candidate that reads as a name: 2–4 words, at least one mixed-case word, one connector at most, inside. */
function isName(words: readonly NameWord[]): boolean {
  if (words.length < 2 || words.length > MAX_NAME_WORDS) return false;
  if (words[0]?.kind === 'connector' || words.at(-1)?.kind === 'connector') return false;
  const connectors = words.filter((word) => word.kind === 'connector').length;
  return connectors <= 1 && words.some((word) => word.kind === 'name');
}

/** A name found in a run, and what attaches it to a word before it when it starts the run. */
interface Candidate {
  words: NameWord[];
  attachedBy: Attachment;
}

/** The names a run yields once its opening word is judged and titles are split off. */
function namesOfRun(run: Run, evidence: CaseEvidence): Candidate[] {
  const { words } = run;
  let start = 0;
  while (
    start < words.length &&
    (words[start]?.kind === 'connector' || NAME_BREAKERS.has(words[start]?.key ?? ''))
  ) {
    start += 1;
  }
  const first = words[start];
  if (start === 0 && run.opening && first !== undefined) {
    const opener =
      SENTENCE_OPENERS.has(first.key) ||
      (first.kind === 'name' && evidence.isCommonWord(first.key) && !evidence.seenInside(first, words[1]));
    if (opener) start = 1;
  }
  while (words[start]?.kind === 'connector') start += 1;
  return splitAtTitle(words.slice(start), evidence)
    .filter(isName)
    .map((name) => ({ words: name, attachedBy: name[0] === words[0] ? run.attachedBy : null }));
}

/** What extraction knows about one name key. */
interface Tally {
  docFreq: number;
  occurrences: number;
  /** Occurrences right after `Capitalized and` or `&`. */
  afterAnd: number;
  /** Occurrences right after a capitalized possessive. */
  afterPossessive: number;
  lastDoc: number;
  /** Spellings as written, with their counts. */
  forms: Map<string, number>;
}

/**
 * Whether a name is mostly the second half of a longer name: found mostly right after `Capitalized
 * and` and opening with a common word (`Exchange Commission`) or ending in a company's legal form
 * (`Co Inc`), or found mostly after a capitalized possessive and ending in one (`Investors Service Inc`).
 * A person named after `and` or a possessive (`Liu He and Robert Lighthizer`, `Coldplay’s Chris
 * Martin`) is a name of its own, and so is a committee after its owner (`the Bank’s Monetary Policy
 * Committee`).
 */
function isTail(key: string, tally: Tally, evidence: CaseEvidence): boolean {
  const words = key.split(' ');
  const legalForm = LEGAL_FORMS.has(words.at(-1) ?? '');
  if (tally.afterAnd * 2 > tally.occurrences) return legalForm || evidence.isCommonWord(words[0] ?? '');
  return tally.afterPossessive * 2 > tally.occurrences && legalForm;
}

/** The spelling to show: the most frequent, then the one shouting least (`Coffrini` over `COFFRINI`). */
function preferredForm(forms: ReadonlyMap<string, number>): string {
  let best = '';
  let bestCount = -1;
  let bestCapitals = 0;
  for (const [form, count] of forms) {
    const capitals = form.replace(/\P{Lu}/gu, '').length;
    if (
      count > bestCount ||
      (count === bestCount && (capitals < bestCapitals || (capitals === bestCapitals && form < best)))
    ) {
      best = form;
      bestCount = count;
      bestCapitals = capitals;
    }
  }
  return best;
}

/**
 * The multi-word names of a collection: runs of 2–4 capitalized words in titles and bodies, with the
 * fixes described at the top of this module, counted per document. A name is kept when
 * `minDocFreq` documents contain it or it occurs `minOccurrences` times; the `maxNames` most frequent
 * are returned, most documents first, each with its most common spelling. Names that fold alike
 * (`U.S. Trade Representative`, `US Trade Representative`) are one name.
 *
 * Two passes: the first ({@link scanNames}) scans lines and learns how the collection writes each
 * word, which the second ({@link tallyNames}) needs to judge sentence-initial words and headlines.
 * A build runs both on parts of the collection in parallel and combines them with
 * {@link CaseEvidence.fromCounts} and {@link rankNames}; the result is the same.
 *
 * @example extractNames([{ title: '', body: 'Liu He met.' }, { title: '', body: 'Then Liu He left.' }])
 * // [{ text: 'Liu He', docFreq: 2, key: 'liu he' }]
 */
export function extractNames(
  documents: readonly { title: string; body: string }[],
  options: NameExtractionOptions = {},
): NameEntry[] {
  return namesOfSources(
    documents.map(({ title, body }) => ({
      title,
      body,
      titleWords: analyzeWords(title),
      bodyWords: analyzeWords(body),
    })),
    options,
  );
}

/** {@link extractNames} of documents already analyzed (as the build has them): no analysis again. */
export function namesOfSources(
  sources: readonly NameSource[],
  options: NameExtractionOptions = {},
): NameEntry[] {
  return namesOfScan(scanNames(sources), options);
}

/** The known names of the documents scanned: the second pass over a whole collection's scan. */
export function namesOfScan(scan: NameScan, options: NameExtractionOptions = {}): NameEntry[] {
  return rankNames([tallyNames(scan, scan.evidence)], scan.evidence, options);
}

/** A document as name extraction reads it: title and body with the analyzer's words of each. */
export interface NameSource {
  title: string;
  body: string;
  titleWords: WordColumns;
  bodyWords: WordColumns;
}

/**
 * The first pass over some documents: the runs of their lines, and how they write each word. Each
 * document's lines are numbers ({@link NameScanner.encode}) over the scan's distinct words and keys:
 * a build keeps every document's scan until the whole collection's case evidence is in, and as
 * objects a run's words took 230 bytes each (at 100,000 articles, 180 MB on each build worker).
 */
export interface NameScan {
  documents: Uint32Array[];
  /** The distinct run words of the documents, by id (never changed once a run is closed). */
  words: NameWord[];
  /** The distinct keys of the documents' capitalized words, by id. */
  keys: string[];
  evidence: CaseEvidence;
}

const ATTACHMENTS: readonly Attachment[] = [null, 'and', 'possessive'];

/** A document's lines back from their numbers, one at a time (see {@link NameScanner.encode}). */
function* scannedLines(scan: NameScan, encoded: Uint32Array): Generator<LineScan> {
  let at = 0;
  const next = () => encoded[at++] ?? 0;
  for (let lines = next(); lines > 0; lines -= 1) {
    const runCount = next();
    const capitalizedCount = next();
    let capitalizedKeys: string[] | null = null;
    if (capitalizedCount > 0) {
      capitalizedKeys = [];
      for (let k = 1; k < capitalizedCount; k += 1) capitalizedKeys.push(scan.keys[next()] ?? '');
    }
    const runs: Run[] = [];
    for (let r = 0; r < runCount; r += 1) {
      const length = next();
      const flags = next();
      const words: NameWord[] = [];
      for (let w = 0; w < length; w += 1) {
        const word = scan.words[next()];
        if (word !== undefined) words.push(word);
      }
      runs.push({ words, opening: (flags & 1) === 1, attachedBy: ATTACHMENTS[flags >> 1] ?? null });
    }
    yield { runs, capitalizedKeys };
  }
}

/**
 * Scans documents' lines (the title, then each line of the body) for runs of capitalized words. A
 * line's words are the analyzer's words of the whole field that stand in it: a word never spans a
 * line break, so they are the words of the line analyzed alone.
 */
export function scanNames(documents: readonly NameSource[]): NameScan {
  const scanner = new NameScanner();
  for (const document of documents) scanner.add(document);
  return scanner.scan;
}

/** {@link scanNames} a document at a time, for documents that arrive one by one. */
export class NameScanner {
  /** The documents scanned so far. */
  readonly scan: NameScan = { documents: [], words: [], keys: [], evidence: new CaseEvidence() };
  private readonly wordIds = new Map<string, number>();
  private readonly keyIds = new Map<string, number>();
  private readonly leads: LineLeads = {
    keys: [],
    steps: [],
    count: 0,
    capitalizedKeys: [],
    capitalizedCount: 0,
  };

  add({ title, body, titleWords, bodyWords }: NameSource): void {
    const { evidence } = this.scan;
    const lines: LineScan[] = [];
    const titleScan = scanLine(title, titleWords, 0, titleWords.words.length, 0, evidence, this.leads);
    if (titleScan !== null) lines.push(titleScan);
    let from = 0;
    for (let lineStart = 0; lineStart <= body.length; ) {
      let lineEnd = body.indexOf('\n', lineStart);
      if (lineEnd < 0) lineEnd = body.length;
      let to = from;
      while (to < bodyWords.starts.length && (bodyWords.starts[to] ?? 0) < lineEnd) to += 1;
      const lineScan = scanLine(body, bodyWords, from, to, lineStart, evidence, this.leads);
      if (lineScan !== null) lines.push(lineScan);
      from = to;
      lineStart = lineEnd + 1;
    }
    this.scan.documents.push(this.encode(lines));
  }

  /**
   * A document's lines as numbers: the line count, then for each line its run count, its capitalized
   * keys' count plus one (0 for none kept) and their key ids, then for each run its length, its flags
   * (opening, attachment) and its word ids.
   */
  private encode(lines: readonly LineScan[]): Uint32Array {
    if (lines.length === 0) return NO_LINES;
    const numbers: number[] = [lines.length];
    for (const { runs, capitalizedKeys } of lines) {
      numbers.push(runs.length, capitalizedKeys === null ? 0 : capitalizedKeys.length + 1);
      for (const key of capitalizedKeys ?? []) numbers.push(this.keyId(key));
      for (const run of runs) {
        numbers.push(run.words.length, (run.opening ? 1 : 0) | (ATTACHMENTS.indexOf(run.attachedBy) << 1));
        for (const word of run.words) numbers.push(this.wordId(word));
      }
    }
    return Uint32Array.from(numbers);
  }

  private wordId(word: NameWord): number {
    const identity = `${word.kind}\u0000${word.key}\u0000${word.surface}`;
    let id = this.wordIds.get(identity);
    if (id === undefined) {
      id = this.scan.words.length;
      this.scan.words.push(word);
      this.wordIds.set(identity, id);
    }
    return id;
  }

  private keyId(key: string): number {
    let id = this.keyIds.get(key);
    if (id === undefined) {
      id = this.scan.keys.length;
      this.scan.keys.push(key);
      this.keyIds.set(key, id);
    }
    return id;
  }
}

/** The lines of a document with no runs. */
const NO_LINES = Uint32Array.of(0);

/** The second pass's counts over some documents, as plain data; see {@link rankNames}. */
export interface NameTallies {
  keys: string[];
  /** Per key: documents, occurrences, occurrences after `and`, occurrences after a possessive. */
  stats: Uint32Array;
  /** Spellings of each key, key after key; `formEnds[k]` is where key `k`'s spellings end. */
  forms: string[];
  formCounts: Uint32Array;
  formEnds: Uint32Array;
}

function emptyTally(): Tally {
  return { docFreq: 0, occurrences: 0, afterAnd: 0, afterPossessive: 0, lastDoc: -1, forms: new Map() };
}

/** Counts the names of scanned documents, judged with the evidence of the whole collection. */
export function tallyNames(scan: NameScan, evidence: CaseEvidence): NameTallies {
  const tallies = new Map<string, Tally>();
  scan.documents.forEach((encoded, docIndex) => {
    for (const line of scannedLines(scan, encoded)) {
      if (isTitleCased(line, evidence)) continue;
      for (const run of line.runs) {
        for (const { words, attachedBy } of namesOfRun(run, evidence)) {
          const key = words.map((word) => word.key).join(' ');
          const form = words.map((word) => word.surface).join(' ');
          let tally = tallies.get(key);
          if (tally === undefined) {
            tally = emptyTally();
            tallies.set(key, tally);
          }
          tally.occurrences += 1;
          if (attachedBy === 'and') tally.afterAnd += 1;
          else if (attachedBy === 'possessive') tally.afterPossessive += 1;
          if (tally.lastDoc !== docIndex) {
            tally.lastDoc = docIndex;
            tally.docFreq += 1;
          }
          tally.forms.set(form, (tally.forms.get(form) ?? 0) + 1);
        }
      }
    }
  });
  const keys = [...tallies.keys()];
  const stats = new Uint32Array(keys.length * 4);
  const forms: string[] = [];
  const formCounts: number[] = [];
  const formEnds = new Uint32Array(keys.length);
  keys.forEach((key, k) => {
    const tally = tallies.get(key);
    if (tally === undefined) return;
    stats.set([tally.docFreq, tally.occurrences, tally.afterAnd, tally.afterPossessive], k * 4);
    for (const [form, count] of tally.forms) {
      forms.push(form);
      formCounts.push(count);
    }
    formEnds[k] = forms.length;
  });
  return { keys, stats, forms, formCounts: Uint32Array.from(formCounts), formEnds };
}

/**
 * The known names from the tallies of disjoint sets of documents (together, the collection) and the
 * collection's case evidence: counts add up, and which names are kept and how they rank does not
 * depend on how the documents were divided.
 */
export function rankNames(
  parts: readonly NameTallies[],
  evidence: CaseEvidence,
  options: NameExtractionOptions = {},
): NameEntry[] {
  const { minDocFreq, minOccurrences, maxNames } = { ...DEFAULT_NAME_OPTIONS, ...options };
  const tallies = new Map<string, Tally>();
  for (const part of parts) {
    part.keys.forEach((key, k) => {
      let tally = tallies.get(key);
      if (tally === undefined) {
        tally = emptyTally();
        tallies.set(key, tally);
      }
      tally.docFreq += part.stats[k * 4] ?? 0;
      tally.occurrences += part.stats[k * 4 + 1] ?? 0;
      tally.afterAnd += part.stats[k * 4 + 2] ?? 0;
      tally.afterPossessive += part.stats[k * 4 + 3] ?? 0;
      for (let f = k === 0 ? 0 : (part.formEnds[k - 1] ?? 0); f < (part.formEnds[k] ?? 0); f += 1) {
        const form = part.forms[f] ?? '';
        tally.forms.set(form, (tally.forms.get(form) ?? 0) + (part.formCounts[f] ?? 0));
      }
    });
  }

  return [...tallies]
    .filter(
      ([key, tally]) =>
        (tally.docFreq >= minDocFreq || tally.occurrences >= minOccurrences) && !isTail(key, tally, evidence),
    )
    .sort(
      ([keyA, a], [keyB, b]) =>
        b.docFreq - a.docFreq || b.occurrences - a.occurrences || (keyA < keyB ? -1 : keyA > keyB ? 1 : 0),
    )
    .slice(0, Math.max(0, maxNames))
    .map(([key, tally]) => ({ text: preferredForm(tally.forms), docFreq: tally.docFreq, key }));
}

/** The analyzer's folded words of a text, joined by spaces: the form keys and typed prefixes share. */
export function foldedKey(text: string): string {
  return analyze(text)
    .map((token) => token.word)
    .join(' ');
}
