import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseTimelineFile, parseTimelineJson } from '../src/format.ts';

const example = JSON.parse(await readFile(new URL('./fixtures/design-example.json', import.meta.url), 'utf8'));

/** A copy of the DESIGN.md example with one change applied to patients[0]. */
function withPatient(change: (patient: Record<string, unknown> & { events: Record<string, unknown>[] }) => void) {
  const file = structuredClone(example);
  change(file.patients[0]);
  return file;
}

const errorsOf = (input: unknown) => {
  const parsed = parseTimelineFile(input);
  return parsed.ok ? [] : parsed.errors.map((e) => `${e.path}: ${e.message}`);
};

describe('invalid interchange files', () => {
  it('the example itself is valid', () => {
    expect(errorsOf(example)).toEqual([]);
  });

  it.each<[string, unknown, string[]]>([
    ['not an object', 'hello', [': must be an object']],
    ['wrong format name', { ...example, format: 'other' }, ['format: must be "nmo-timeline"']],
    ['unsupported version', { ...example, version: 2 }, ['version: must be 1 (the only version this release reads)']],
    ['unknown top-level field', { ...example, extra: true }, ['extra: is not a known field']],
    ['patients missing', { format: 'nmo-timeline', version: 1 }, ['patients: is required']],
    [
      'EDSS off the half-point scale',
      withPatient((p) => {
        p.events[0] = { type: 'edss', date: '2016-01-10', score: 3.7 };
      }),
      ['patients[0].events[0].score: must be an EDSS step: 0, 1.0, 1.5 ... 9.5, 10 (0.5 is not a Kurtzke step)'],
    ],
    [
      'EDSS 0.5 (not a Kurtzke step)',
      withPatient((p) => {
        p.events[0] = { type: 'edss', date: '2016-01-10', score: 0.5 };
      }),
      ['patients[0].events[0].score: must be an EDSS step: 0, 1.0, 1.5 ... 9.5, 10 (0.5 is not a Kurtzke step)'],
    ],
    [
      'EDSS above 10',
      withPatient((p) => {
        p.events[0] = { type: 'edss', date: '2016-01-10', score: 10.5 };
      }),
      ['patients[0].events[0].score: must be an EDSS step: 0, 1.0, 1.5 ... 9.5, 10 (0.5 is not a Kurtzke step)'],
    ],
    [
      'impossible calendar date',
      withPatient((p) => {
        p.events[0] = { type: 'edss', date: '2016-02-30', score: 3 };
      }),
      ['patients[0].events[0].date: must be a real calendar date written YYYY-MM-DD'],
    ],
    [
      'unknown field in an event',
      withPatient((p) => {
        p.events[2] = { ...p.events[2], lesionLoad: 3 };
      }),
      ['patients[0].events[2].lesionLoad: is not a known field'],
    ],
    [
      'unknown event type',
      withPatient((p) => {
        p.events.push({ type: 'surgery', date: '2016-01-10' });
      }),
      ['patients[0].events[8].type: is not a known event type'],
    ],
    [
      'enumeration in the wrong case',
      withPatient((p) => {
        p.events[3] = { ...p.events[3], eye: 'od' };
      }),
      ['patients[0].events[3].eye: must be one of OD, OS'],
    ],
    [
      'negative titer',
      withPatient((p) => {
        p.events[1] = { ...p.events[1], titer: -10 };
      }),
      ['patients[0].events[1].titer: must be a whole number between 1 and 10000000'],
    ],
    [
      'logMAR out of range',
      withPatient((p) => {
        p.events[3] = { ...p.events[3], logmar: 4 };
      }),
      ['patients[0].events[3].logmar: must be between -0.3 and 3'],
    ],
    [
      'therapy stopped before it started',
      withPatient((p) => {
        p.events[5] = { ...p.events[5], stopDate: '2015-03-01' };
      }),
      [
        'patients[0].events[5].stopDate: must not be before the start date (2015-04-01)',
        "patients[0].events[5].administrations[0].date: must not be after the therapy's stop date (2015-03-01)",
        "patients[0].events[5].administrations[1].date: must not be after the therapy's stop date (2015-03-01)",
      ],
    ],
    [
      'acute treatment before the attack',
      withPatient((p) => {
        const relapse = p.events[4] as { acuteTreatments: Record<string, unknown>[] };
        relapse.acuteTreatments[0] = { type: 'ivmp', startDate: '2017-04-30', days: 5 };
      }),
      ["patients[0].events[4].acuteTreatments[0].startDate: must not be before the attack's onset (2017-05-01)"],
    ],
    [
      'event before birth and event in the future',
      withPatient((p) => {
        p.events[0] = { type: 'edss', date: '1970-01-01', score: 0 };
        p.events[7] = { type: 'vaccination', date: '2999-01-01', vaccine: 'menb' };
      }),
      [
        'patients[0].events[0].date: must not be before the birth date (1980-04-02)',
        expect.stringMatching(
          /^patients\[0\]\.events\[7\]\.date: must not be in the future \(today is \d{4}-\d\d-\d\d\)$/,
        ),
      ] as string[],
    ],
    [
      'the same event twice',
      withPatient((p) => {
        p.events.push({ type: 'edss', date: '2016-01-10', score: 4 });
      }),
      ['patients[0].events[8]: repeats events[0] (same edss 2016-01-10)'],
    ],
    [
      'required fields missing',
      withPatient((p) => {
        delete p.birthDate;
        delete (p.events[6] as Record<string, unknown>).test;
      }),
      ['patients[0].birthDate: is required', 'patients[0].events[6].test: is required'],
    ],
    [
      'the same MRN twice',
      { ...example, patients: [example.patients[0], example.patients[0]] },
      ['patients[1].mrn: repeats patients[0].mrn (A001)'],
    ],
  ])('%s', (_name, input, expected) => {
    expect(errorsOf(input)).toEqual(expected);
  });

  it('lists every error of a file in one pass, each with its path', () => {
    const file = withPatient((p) => {
      p.sex = 'f';
      p.events[0] = { type: 'edss', date: '2016-01-10', score: 11 };
      p.events[3] = { ...p.events[3], eye: 'left' };
      p.events[5] = { ...p.events[5], stopDate: '2014-01-01' };
    });
    const file2 = structuredClone(file);
    file2.patients.push({ ...structuredClone(example.patients[0]), mrn: 'A 002' });
    expect(errorsOf(file2)).toEqual([
      'patients[0].sex: must be one of female, male, other, unknown',
      'patients[0].events[0].score: must be an EDSS step: 0, 1.0, 1.5 ... 9.5, 10 (0.5 is not a Kurtzke step)',
      'patients[0].events[3].eye: must be one of OD, OS',
      'patients[0].events[5].stopDate: must not be before the start date (2015-04-01)',
      "patients[0].events[5].administrations[0].date: must not be after the therapy's stop date (2014-01-01)",
      "patients[0].events[5].administrations[1].date: must not be after the therapy's stop date (2014-01-01)",
      'patients[1].mrn: must be 1 to 64 letters, digits or . _ / - (no spaces)',
    ]);
  });

  it('reports malformed JSON instead of throwing', () => {
    const parsed = parseTimelineJson('{"format": "nmo-timeline",');
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? [] : parsed.errors[0]?.message).toMatch(/^line 1, column 27: not valid JSON: /);
  });
});
