/**
 * Archives of records (`.jsonl`, `.ndjson`, `.csv`): each record an article, mapped by column names,
 * bad records skipped with a warning naming the file and line, the rest indexed.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'node:test';
import { buildIndex } from '../../index/build/build.ts';
import { SearchEngine } from '../../index/search/engine.ts';
import { hitIds, temporaryFolder } from '../helpers.ts';

const JSON_LINES = [
  JSON.stringify({
    id: 'a1',
    title: 'Harbour strike ends',
    body: 'The harbour strike ended on Monday after long talks with the port.',
    author: 'Ana Swanson and Alan Rappeport',
    date: '2019-07-23T10:00:00Z',
    source: 'Reuters',
    url: 'https://example.com/a1',
  }),
  '',
  JSON.stringify({ title: 'No body here' }),
  'not json at all',
  JSON.stringify({
    id: 'a2',
    headline: 'Ferry fares rise',
    content: '<p>Ferry <b>fares</b> rose by ten percent this spring.</p><p>Commuters complained.</p>',
    authors: [{ name: 'Bo Chen' }, 'Cy Park'],
    published: 'July 24, 2019',
  }),
  JSON.stringify({ id: 'a1', title: 'Duplicate id', body: 'Another story with the same id.' }),
  JSON.stringify({ id: 'a3', title: 'Bad link', body: 'A story about canals.', url: 'javascript:alert(1)' }),
].join('\n');

const CSV = [
  'ID,Title,Story,Author,Date',
  '7,"Kites, and more","A kite festival drew crowds.\nIt lasted two days.",Dee Roy,2020-05-01',
  '8,Lighthouses,Lighthouse keepers met in Brest.,,not a date',
  '9,Empty,,,',
].join('\n');

async function archiveFolder(): Promise<string> {
  const folder = await temporaryFolder();
  await writeFile(path.join(folder, 'news.jsonl'), `${JSON_LINES}\n`);
  await writeFile(path.join(folder, 'feed.csv'), `${CSV}\n`);
  return folder;
}

async function build(seedsDir: string, options: Partial<Parameters<typeof buildIndex>[0]> = {}) {
  return buildIndex({ seedsDir, outPath: path.join(await temporaryFolder(), 'i.bin'), ...options });
}

describe('archives of records', () => {
  it('index each JSON line as an article, its fields mapped by their usual names', async () => {
    const report = await build(await archiveFolder(), { recordFields: { body: 'story' } });
    const engine = new SearchEngine(report.snapshot);
    const strike = engine.article('news-a1');
    assert.equal(strike?.title, 'Harbour strike ends');
    assert.deepEqual(strike?.authors, ['Ana Swanson', 'Alan Rappeport']);
    assert.equal(strike?.date, '2019-07-23');
    assert.equal(strike?.source, 'Reuters');
    assert.equal(strike?.url, 'https://example.com/a1');
    const ferry = engine.article('news-a2');
    assert.equal(ferry?.title, 'Ferry fares rise');
    assert.deepEqual(ferry?.authors, ['Bo Chen', 'Cy Park']);
    assert.equal(ferry?.date, '2019-07-24');
    assert.ok(!ferry?.body.includes('<'), 'an HTML body is cleaned like a page');
    assert.deepEqual(hitIds(engine, '"ferry fares"'), ['news-a2']);
  });

  it('skip a bad record with a warning naming the file and line, and index the rest', async () => {
    const report = await build(await archiveFolder(), { recordFields: { body: 'story' } });
    assert.equal(report.documentCount, 5);
    for (const expected of [
      /^news\.jsonl, line 3: skipped, no body \(looked for story, body, content, text, article\)\.$/,
      /^news\.jsonl, line 4: skipped, not valid JSON\.$/,
      /^news\.jsonl, line 6: skipped, another article already has the id "news-a1"\.$/,
      /^news\.jsonl, line 7: the record has fields that were ignored \(url: must be an http/,
      /^feed\.csv, line 5: skipped, no body/,
    ]) {
      assert.ok(
        report.warnings.some((warning) => expected.test(warning)),
        `${expected} in ${report.warnings.join('\n')}`,
      );
    }
  });

  it('read a CSV header and quoted fields spanning lines, with a column chosen by --map', async () => {
    const folder = await archiveFolder();
    const report = await build(folder, { recordFields: { body: 'story' } });
    const engine = new SearchEngine(report.snapshot);
    const kites = engine.article('feed-7');
    assert.equal(kites?.title, 'Kites, and more');
    assert.match(kites?.body ?? '', /crowds\.[\s\S]*two days/);
    assert.deepEqual(kites?.authors, ['Dee Roy']);
    assert.equal(kites?.date, '2020-05-01');
    assert.deepEqual(hitIds(engine, 'lighthouse'), ['feed-8']);
    const unmapped = await build(folder);
    assert.equal(new SearchEngine(unmapped.snapshot).article('feed-7'), undefined, 'no body without --map');
  });

  it('keep the records before a CSV quote that never closes, and say from which line the rest was lost', async () => {
    const folder = await temporaryFolder();
    await writeFile(
      path.join(folder, 'broken.csv'),
      'id,title,body\n1,Canals,Canal boats returned.\n2,"Broken,Quote never closes.\n3,Ferries,Ferries ran late.\n',
    );
    const report = await build(folder);
    assert.deepEqual(report.snapshot.documents.columns.ids, ['broken-1']);
    assert.ok(
      report.warnings.some((warning) =>
        /^broken\.csv: skipped from line 3 on, where the archive stops being readable/.test(warning),
      ),
      report.warnings.join('\n'),
    );
  });

  it('are reused by an incremental build, which analyzes only the records added or changed', async () => {
    const folder = await archiveFolder();
    const out = path.join(await temporaryFolder(), 'i.bin');
    const options = { seedsDir: folder, outPath: out, recordFields: { body: 'story' } };
    const first = await buildIndex(options);
    const again = await buildIndex(options);
    assert.deepEqual([again.analyzed, again.reused], [0, first.documentCount]);

    // A record appended, as a daily export grows; and one changed in place.
    await writeFile(
      path.join(folder, 'feed.csv'),
      `${CSV.replace('keepers met in Brest', 'keepers met in Vigo')}\n10,Canals,Canal boats returned.,,\n`,
    );
    const grown = await buildIndex(options);
    assert.deepEqual([grown.analyzed, grown.reused], [2, first.documentCount - 1]);
    const full = await buildIndex({
      ...options,
      outPath: path.join(await temporaryFolder(), 'f.bin'),
      full: true,
    });
    assert.deepEqual(grown.snapshot.documents.all(), full.snapshot.documents.all());
    assert.deepEqual(grown.snapshot.streams, full.snapshot.streams);
    assert.deepEqual(grown.snapshot.postings, full.snapshot.postings);

    // Read with another mapping, every record may read differently: all are analyzed again.
    const remapped = await buildIndex({ ...options, recordFields: { body: 'title' } });
    assert.deepEqual([remapped.analyzed, remapped.reused], [remapped.documentCount, 0]);
  });

  it('read a wire story as text when its tickers are in angle brackets, not as a page of links', async () => {
    const folder = await temporaryFolder();
    const story = {
      id: 'w1',
      title: 'Olivetti adds computer to product line',
      body: [
        'Ing C. Olivetti EC Spa <OLIV.MI> said a new computer has been added to its Unix line, developed by American Telephone and Telegraph Co <A> and sold by Olivetti.',
        'The new software will simplify printing, the company said.',
      ].join('\n\n'),
    };
    const shell = {
      id: 'w2',
      title: 'Shell to declare Draugen field commercial',
      body: '<A/S Norske Shell>, the Norwegian subsidiary, said the <P> field could come on stream in 1992.\n\nWork could begin in January.',
    };
    const page = { id: 'h1', title: 'A page', body: '<p>Canal boats <a href="/x">returned</a>.</p>' };
    await writeFile(
      path.join(folder, 'wire.jsonl'),
      [story, shell, page].map((r) => JSON.stringify(r)).join('\n'),
    );
    const report = await build(folder);
    assert.deepEqual(report.nonArticles, [], 'no story is dropped as a page of links');
    const engine = new SearchEngine(report.snapshot);
    const olivetti = engine.article('wire-w1');
    assert.match(olivetti?.body ?? '', /Telegraph Co <A> and sold by Olivetti\.\n\nThe new software/);
    assert.match(engine.article('wire-w2')?.body ?? '', /^<A\/S Norske Shell>, the Norwegian subsidiary/);
    assert.deepEqual(hitIds(engine, '"simplify printing"'), ['wire-w1']);
    assert.deepEqual(hitIds(engine, '"work could begin"'), ['wire-w2']);
    assert.equal(engine.article('wire-h1')?.body, 'Canal boats returned.', 'real markup is still cleaned');
  });

  it('build the same index on workers as on one thread', async () => {
    const folder = await temporaryFolder();
    const lines = Array.from({ length: 1200 }, (_, i) =>
      JSON.stringify({ id: `r${i}`, title: `Story ${i}`, body: `Report number ${i} about topic ${i % 37}.` }),
    );
    await writeFile(path.join(folder, 'big.ndjson'), lines.join('\n'));
    const onThread = await build(folder, { workers: 0 });
    const onWorkers = await build(folder, { workers: 2 });
    assert.equal(onWorkers.workers, 2);
    assert.equal(onWorkers.documentCount, 1200);
    assert.deepEqual(onWorkers.snapshot.documents.columns.ids, onThread.snapshot.documents.columns.ids);
    assert.deepEqual(hitIds(new SearchEngine(onWorkers.snapshot), '"topic 5"').length, 33);
  });
});
