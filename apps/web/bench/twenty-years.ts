/** One patient with 20 years of NMOSD history, as record-router calls: the web benchmark's subject. */
export interface Call {
  path: string;
  input: Record<string, unknown>;
}

const DAY = 86_400_000;
const iso = (time: number) => new Date(time).toISOString().slice(0, 10);

/** The records of 20 years up to `today`, by router (relapses and therapies get their parts after). */
export function twentyYearsOfRecords(today: string) {
  const end = Date.parse(`${today}T00:00:00Z`) - DAY;
  const start = end - 20 * 365 * DAY;
  const every = (days: number, from = start) => {
    const dates: string[] = [];
    for (let t = from; t <= end; t += days * DAY) dates.push(iso(t));
    return dates;
  };
  const edss = every(91).map((date, i) => ({ date, score: Math.min(8, 1 + Math.floor(i / 12) * 0.5) }));
  const relapses = every(600, start + 30 * DAY).map((onsetDate, i) => ({
    onsetDate,
    phenotype: i % 2 ? 'optic_neuritis' : 'transverse_myelitis',
    severity: (['mild', 'moderate', 'severe'] as const)[i % 3],
    treatments: [
      { type: 'ivmp', startDate: iso(Date.parse(onsetDate) + (i % 4) * 5 * DAY), days: 5, dailyDoseMg: 1000 },
      ...(i % 3 === 2 ? [{ type: 'plex', startDate: iso(Date.parse(onsetDate) + 8 * DAY), sessions: 5 }] : []),
    ],
  }));
  const therapies = [
    {
      agent: 'azathioprine',
      startDate: iso(start + 60 * DAY),
      stopDate: iso(start + 5 * 365 * DAY),
      stopReason: 'inefficacy',
    },
    {
      agent: 'mycophenolate',
      startDate: iso(start + 5 * 365 * DAY),
      stopDate: iso(start + 8 * 365 * DAY),
      stopReason: 'switch',
    },
    { agent: 'rituximab', startDate: iso(start + 8 * 365 * DAY) },
  ];
  const rituximabDoses = every(182, start + 8 * 365 * DAY).map((date) => ({ date, doseMg: 1000 }));
  const antibodies = every(365).map((date, i) => ({
    date,
    antibody: 'AQP4',
    assay: 'cba_live',
    result: 'positive',
    titer: [100, 1000, 10_000, 1000][i % 4],
  }));
  const mri = every(182).map((date, i) => ({
    date,
    region: (['brain', 'spinal_cord', 'optic_nerve'] as const)[i % 3],
    newT2Lesions: i % 5 === 0 ? 2 : 0,
    gadolinium: i % 7 === 0,
  }));
  const visualExams = every(182).flatMap((date, i) =>
    (['OD', 'OS'] as const).map((eye) => ({
      date,
      eye,
      logmar: eye === 'OD' ? 0.1 : Math.min(1.5, 0.2 + i * 0.02),
      rnflMicrons: eye === 'OD' ? 95 - i * 0.2 : 80 - i * 0.5,
    })),
  );
  const labs = every(91).flatMap((date, i) => [
    { date, test: 'cd19_percent', value: (i % 6) * 0.05, unit: '%' },
    { date, test: 'cd27_memory_b_percent', value: (i % 6) * 0.02, unit: '%' },
    { date, test: 'igg', value: 900 - i * 3, unit: 'mg/dL' },
  ]);
  const vaccinations = [{ date: iso(start + 100 * DAY), vaccine: 'influenza' }];
  return { edss, relapses, therapies, rituximabDoses, antibodies, mri, visualExams, labs, vaccinations };
}
