import {
  DEFAULT_RULE_SETTINGS,
  type LAB_UNITS,
  type LabEvent,
  type LabQualitativeResult,
  type LabTest,
  type TherapyAgent,
} from '@nmo/domain';
import { agentProfile } from './agents.ts';
import { BACK_ENTERED_SHARE, DAYS_PER_YEAR, type Day, detailedRecordsFrom, type Profile } from './model.ts';
import { clamp, roundTo } from './numbers.ts';
import type { Random } from './random.ts';
import type { BCellCycle, TherapyRecord } from './therapy.ts';
import { dateOf, type TimelineBuilder } from './timeline.ts';

/**
 * The unit each generated value is drawn in (UCUM codes of the test's list, lab-units.ts): IgG in
 * mg/dL (150-2000), counts in 10*9/L (e.g. 5.3 white cells), ALT in U/L. Named here, not taken as
 * the test's default, because the numbers below are drawn on these scales.
 */
const UNITS: { [T in LabTest]?: (typeof LAB_UNITS)[T][number] } = {
  cd19_percent: '%',
  cd27_memory_b_percent: '%',
  igg: 'mg/dL',
  wbc: '10*9/L',
  lymphocytes_absolute: '10*9/L',
  neutrophils_absolute: '10*9/L',
  alt: 'U/L',
};

/**
 * Safety and efficacy labs of each maintenance agent, with the gaps real clinics have: screening
 * skipped for some patients, draws missed, and monitoring that stops for a while.
 */
export function writeLabs(
  random: Random,
  profile: Profile,
  therapies: TherapyRecord[],
  timeline: TimelineBuilder,
): void {
  const labs = new LabWriter(random, profile, timeline);
  let hbvScreened = false;
  let tbScreened = false;
  let tpmtDone = false;
  for (const record of therapies) {
    const { agent } = record.episode;
    const agentClass = agentProfile(agent).class;
    // Screening before the agents whose labels ask for it (rule settings infectionScreening).
    if (!hbvScreened && DEFAULT_RULE_SETTINGS.infectionScreening.hbvBeforeAgents.includes(agent)) {
      labs.hbvScreening(record.episode.start);
      hbvScreened = true;
    }
    if (!tbScreened && DEFAULT_RULE_SETTINGS.infectionScreening.tbBeforeAgents.includes(agent)) {
      labs.tbScreening(record.episode.start);
      tbScreened = true;
    }
    if (agentClass === 'b_cell') {
      labs.bCellMonitoring(record, therapies);
    } else if (agent === 'azathioprine') {
      if (!tpmtDone) labs.tpmt(record.episode.start);
      tpmtDone = true;
      labs.bloodCounts(record, agent);
    } else if (agent === 'mycophenolate' || agentClass === 'il6') {
      labs.bloodCounts(record, agent);
    }
  }
}

class LabWriter {
  /** Routine monitoring stops here (screening before a new agent still happens). */
  private readonly cutoff: Day;
  private readonly detailedFrom: Day;

  constructor(
    private readonly random: Random,
    private readonly profile: Profile,
    private readonly timeline: TimelineBuilder,
  ) {
    this.cutoff = profile.asOf - profile.monitoring.labLapseDays;
    this.detailedFrom = detailedRecordsFrom(profile.asOf);
  }

  /** Whether a routine draw on `day` is on file: not after a lapse, sparse in the distant past. */
  private onFile(day: Day, share: number): boolean {
    if (day > this.cutoff) return false;
    return this.random.chance(day >= this.detailedFrom ? share : share * BACK_ENTERED_SHARE);
  }

  private numeric(day: Day, test: LabTest, value: number): void {
    const unit = UNITS[test];
    const event: LabEvent = { type: 'lab', date: dateOf(day), test, value, ...(unit === undefined ? {} : { unit }) };
    this.timeline.add(day, event);
  }

  private qualitative(day: Day, test: LabTest, result: LabQualitativeResult): void {
    this.timeline.add(day, { type: 'lab', date: dateOf(day), test, result });
  }

  /** Screening shortly before an agent's first dose, never before the first attack. */
  private before(start: Day, minDays: number, maxDays: number): Day {
    return Math.max(this.profile.onset + 1, start - this.random.int(minDays, maxDays));
  }

  /** HBsAg and anti-HBc before anti-CD20 (FDA boxed warning, §2.8); missing for some patients. */
  hbvScreening(start: Day): void {
    if (!this.profile.monitoring.hbvScreening) return;
    const day = this.before(start, 7, 45);
    this.qualitative(day, 'hbsag', 'negative');
    const positive = this.random.chance(0.04) || this.profile.monitoring.untreatedPositiveScreening;
    this.qualitative(day, 'anti_hbc', positive ? 'positive' : 'negative');
  }

  /**
   * An interferon-gamma release assay before satralizumab, inebilizumab or tocilizumab (their labels);
   * skipped with the hepatitis B screening.
   */
  tbScreening(start: Day): void {
    const plan = this.profile.monitoring;
    if (!plan.hbvScreening) return;
    if (plan.untreatedPositiveScreening) this.qualitative(start + this.random.int(10, 30), 'tb_igra', 'positive');
    else this.qualitative(this.before(start, 7, 45), 'tb_igra', 'negative');
  }

  /** TPMT before azathioprine ("avoid use in TPMT deficient", Hindawi 2012); missing for some. */
  tpmt(start: Day): void {
    const plan = this.profile.monitoring;
    if (!plan.tpmtTested) return;
    const day = this.before(start, 7, 60);
    const result = plan.tpmtDeficientAtKg !== null ? 'deficient' : plan.tpmtIntermediate ? 'intermediate' : 'normal';
    this.qualitative(day, 'tpmt', result);
  }

  /**
   * CD19 (and for some patients CD27+ memory B cells) at the checks of each cycle: below 0.1% while
   * depleted, rising once B cells return; IgG at baseline and at most re-doses, falling slowly with
   * years of depletion (hypogammaglobulinaemia in 38% on anti-CD20, PMC5937879).
   */
  bCellMonitoring(record: TherapyRecord, therapies: TherapyRecord[]): void {
    const { random, profile } = this;
    const plan = profile.monitoring;
    const start = record.episode.start;
    if (random.chance(0.85)) this.numeric(this.before(start, 0, 30), 'igg', this.igg(start, therapies));
    if (random.chance(0.5)) this.numeric(this.before(start, 0, 30), 'cd19_percent', roundTo(random.between(5, 20), 2));
    for (const cycle of record.cycles) {
      for (const check of cycle.checks) {
        if (!this.onFile(check, 0.9)) continue;
        this.numeric(check, 'cd19_percent', this.cd19(cycle, check));
        if (plan.memoryBCells) this.numeric(check, 'cd27_memory_b_percent', this.memoryB(cycle, check));
      }
    }
    // IgG every 5-6 months while on therapy (UPLIZNA and OCREVUS labels; rule setting 183 days).
    const end = Math.min(record.episode.stop ?? profile.asOf, this.cutoff);
    for (let day = start + random.int(150, 175); day <= end; day += random.int(150, 175))
      if (this.onFile(day, 0.96)) this.numeric(day, 'igg', this.igg(day, therapies));
  }

  private cd19(cycle: BCellCycle, day: Day): number {
    if (day < cycle.repopulation) return roundTo(this.random.between(0, 0.08), 2);
    return roundTo(Math.min(15, 0.1 + (day - cycle.repopulation) * this.random.between(0.005, 0.02)), 2);
  }

  /** Memory B cells: >0.05% (first 2 years) or >0.1% signals repopulation (§2.6). */
  private memoryB(cycle: BCellCycle, day: Day): number {
    if (day < cycle.repopulation) return roundTo(this.random.between(0, 0.04), 2);
    return roundTo(Math.min(3, 0.05 + (day - cycle.repopulation) * this.random.between(0.001, 0.005)), 2);
  }

  private igg(day: Day, therapies: TherapyRecord[]): number {
    const plan = this.profile.monitoring;
    const depletedDays = therapies
      .filter((t) => agentProfile(t.episode.agent).class === 'b_cell' && t.episode.start < day)
      .reduce((sum, t) => sum + Math.min(day, t.episode.stop ?? day) - t.episode.start, 0);
    const value =
      plan.iggBaseline - (plan.iggDeclinePerYear * depletedDays) / DAYS_PER_YEAR + this.random.normal(0, 40);
    return Math.round(clamp(value, 150, 2000));
  }

  /**
   * Blood counts and liver tests on the label schedules the rules check (rule settings labSchedules and
   * monitoring): azathioprine CBC weekly for 4 weeks, every 2 weeks to week 10, then every 1-2 months,
   * LFTs every 3 months; mycophenolate CBC weekly for a month, every 2 weeks to month 3, monthly to
   * month 6, then every 5-6 months (CELLCEPT label; Hindawi 2012); IL-6 blockade ALT and neutrophils
   * every 3 weeks for 3 months, then every 10-12 weeks (ENSPRYNG and ACTEMRA labels).
   */
  bloodCounts(record: TherapyRecord, agent: TherapyAgent): void {
    const { random } = this;
    const { start, stop } = record.episode;
    const end = Math.min(stop ?? this.profile.asOf, this.cutoff);
    const il6 = agentProfile(agent).class === 'il6';
    const early =
      agent === 'mycophenolate'
        ? [7, 14, 21, 28, 42, 56, 70, 84, 105, 130, 155, 180]
        : agent === 'azathioprine'
          ? [7, 14, 21, 28, 42, 56, 70, 84]
          : [21, 42, 63, 84, 96];
    const draws = [this.before(start, 0, 14), ...early.map((d) => start + d)];
    // Regular draws a little inside the intervals the rules check (azathioprine every 2 months,
    // mycophenolate every 6, IL-6 blockade every 3).
    const interval =
      agent === 'azathioprine'
        ? random.int(45, 56)
        : agent === 'mycophenolate'
          ? random.int(140, 168)
          : random.int(70, 85);
    for (let day = start + (early.at(-1) ?? 0) + interval; day <= end; day += interval + random.int(-4, 4))
      draws.push(day);
    draws.forEach((day, index) => {
      if (day > end || (index > 0 && !this.onFile(day, 0.96))) return;
      const onDrug = day >= start;
      if (il6) {
        this.numeric(day, 'neutrophils_absolute', roundTo(clamp(random.normal(onDrug ? 3.2 : 4.2, 1), 0.8, 9), 2));
      } else {
        this.numeric(day, 'wbc', this.whiteCells(onDrug));
        this.numeric(day, 'lymphocytes_absolute', roundTo(clamp(random.normal(onDrug ? 1.2 : 1.9, 0.35), 0.3, 3.5), 2));
      }
      if (il6 || index % 2 === 0) this.numeric(day, 'alt', this.alt());
    });
  }

  private whiteCells(onDrug: boolean): number {
    const { random } = this;
    if (onDrug && random.chance(0.05)) return roundTo(random.between(2.4, 3.4), 1); // leukopenia
    return roundTo(clamp(random.normal(onDrug ? 5.3 : 7, 1.2), 3.5, 12), 1);
  }

  private alt(): number {
    const { random } = this;
    if (random.chance(0.03)) return random.int(90, 250); // transaminases >2-5× ULN
    return Math.round(clamp(random.logNormal(22, 0.35), 6, 80));
  }
}
