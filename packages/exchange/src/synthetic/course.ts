import type { TherapyAgent, TherapyStopReason } from '@nmo/domain';
import { agentProfile, availableDay, isMsDrug, MS_DRUGS, offered, rateRatio } from './agents.ts';
import { drawAttack } from './attacks.ts';
import {
  type Attack,
  type Course,
  DAYS_PER_YEAR,
  type Day,
  type ForcedAttack,
  type Profile,
  type TherapyEpisode,
} from './model.ts';
import { firstAgentChoices } from './profile.ts';
import type { Random } from './random.ts';

/**
 * Untreated attacks per patient-year of an average patient. CIRCLES reports a median ARR of 0.5
 * (CIRCLES registry 2019; Stellmann et al., JNNP 2017); the 30-day gap below and the lower MOGAD rate remove a little, so the
 * process runs slightly faster and the cohort's untreated ARR comes out near 0.5.
 */
const UNTREATED_ANNUAL_RATE = 0.66;
/** A new attack needs ≥30 days since the previous one (configurable in the rules; §2.1). */
const MIN_DAYS_BETWEEN_ATTACKS = 30;

type Action =
  | { kind: 'start'; day: Day; agent: TherapyAgent | 'next' | 'first' }
  | {
      kind: 'stop';
      day: Day;
      episode: TherapyEpisode;
      reason: TherapyStopReason;
      afterwards: 'switch' | 'none' | 'resume';
      /** Counts towards AHSCT as a rescue (an MS drug failing says nothing about NMOSD agents). */
      failure?: boolean;
    }
  | { kind: 'diagnosis'; day: Day }
  | { kind: 'forced'; day: Day; attack: ForcedAttack };

/**
 * Plays the disease forward from the first attack to the as-of date: attacks come as a Poisson
 * process whose rate is the patient's untreated rate times the current agent's rate ratio; attacks
 * and intolerance drive the therapy switches, which change the rate in turn.
 */
export function simulateCourse(random: Random, profile: Profile): Course {
  return new CourseSimulation(random, profile).run();
}

class CourseSimulation {
  private readonly attacks: Attack[] = [];
  private readonly episodes: TherapyEpisode[] = [];
  private readonly pending: Action[] = [];
  private current: TherapyEpisode | null = null;
  /** Agents stopped for inefficacy. */
  private failures = 0;
  /** How many NMOSD (not MS) maintenance agents have started. */
  private nmosdStarts = 0;
  /** Off therapy for good (the showcase of a stop without successor). */
  private stoppedForGood = false;
  private lastAttack: Day;

  constructor(
    private readonly random: Random,
    private readonly profile: Profile,
  ) {
    this.lastAttack = profile.onset;
  }

  run(): Course {
    const { random, profile } = this;
    const { care, onset, asOf, diagnosis } = profile;
    this.attacks.push(drawAttack(random, profile, onset));
    for (const forced of care.forcedAttacks) {
      if (forced.anchor === 'onset') this.schedule({ kind: 'forced', day: onset + forced.afterDays, attack: forced });
    }
    const msDrug = care.msDrug === null ? null : this.msDrugAt(onset + random.int(60, 240), care.msDrug);
    if (msDrug !== null) {
      this.schedule({ kind: 'start', day: msDrug.day, agent: msDrug.agent });
      this.schedule({ kind: 'diagnosis', day: diagnosis });
    } else if (!care.neverTreated) {
      this.schedule({ kind: 'start', day: diagnosis + care.startDelayDays, agent: 'first' });
    }

    let day = onset;
    for (;;) {
      this.pending.sort((a, b) => a.day - b.day);
      const next = this.pending[0];
      const horizon = Math.min(next?.day ?? Number.POSITIVE_INFINITY, this.effectBoundary(day), asOf + 1);
      const from = Math.max(day, this.lastAttack + MIN_DAYS_BETWEEN_ATTACKS);
      if (from < horizon) {
        const perDay = (UNTREATED_ANNUAL_RATE * profile.frailty * this.rateRatioAt(from)) / DAYS_PER_YEAR;
        const attackDay = from + Math.floor(random.exponential(perDay));
        if (attackDay < horizon) {
          day = attackDay;
          // A showcase attack is due soon: leave its slot free rather than crowd it out.
          if (!this.pending.some((a) => a.kind === 'forced' && Math.abs(a.day - attackDay) < MIN_DAYS_BETWEEN_ATTACKS))
            this.attack(attackDay);
          else day += 1;
          continue;
        }
      }
      if (horizon > asOf) break;
      day = horizon;
      if (next !== undefined && next.day === horizon) {
        this.pending.shift();
        this.apply(next);
      }
    }
    return { attacks: this.attacks, episodes: this.episodes };
  }

  private schedule(action: Action): void {
    this.pending.push(action);
  }

  /** The day the current agent starts to protect, while that is still ahead. */
  private effectBoundary(day: Day): Day {
    if (this.current === null) return Number.POSITIVE_INFINITY;
    const boundary = this.current.start + agentProfile(this.current.agent).onsetOfEffectDays;
    return boundary > day ? boundary : Number.POSITIVE_INFINITY;
  }

  private rateRatioAt(day: Day): number {
    return this.current === null ? 1 : rateRatio(this.current.agent, day - this.current.start);
  }

  private attack(day: Day, forced?: ForcedAttack): void {
    const attack = drawAttack(this.random, this.profile, day, forced);
    this.attacks.push(attack);
    this.lastAttack = day;
    this.react(attack);
  }

  /** What the clinic does about an attack: start, restart or switch maintenance therapy. */
  private react(attack: Attack): void {
    const { random, profile } = this;
    const { care } = profile;
    const current = this.current;
    if (current === null || current.agent === 'ahsct') {
      if (care.neverTreated || this.stoppedForGood) return;
      const start = this.pending.find((a) => a.kind === 'start');
      if (start !== undefined) {
        // An attack while waiting for the first dose brings the start forward.
        if (attack.onset >= profile.diagnosis) start.day = Math.min(start.day, attack.onset + random.int(7, 30));
      } else if (current === null && attack.onset >= profile.diagnosis && random.chance(0.75)) {
        this.schedule({ kind: 'start', day: attack.onset + random.int(14, 60), agent: 'next' });
      } else if (current !== null && random.chance(0.5)) {
        this.schedule({ kind: 'start', day: attack.onset + random.int(30, 90), agent: 'rituximab' });
      }
      return;
    }
    if (this.pending.some((a) => a.kind === 'stop' && a.episode === current && a.reason === 'inefficacy')) return;
    const agent = agentProfile(current.agent);
    if (isMsDrug(current.agent)) {
      // Still taken for MS: escalate within MS drugs (a classic path to natalizumab).
      if (
        attack.onset < profile.diagnosis &&
        care.switchProbability !== 0 &&
        random.chance(agent.switchAfterBreakthrough)
      )
        this.stopForInefficacy(current, attack.onset, 'ms');
      return;
    }
    // Within the onset-of-effect window an attack is not a treatment failure (§2.2).
    if (attack.onset - current.start < agent.onsetOfEffectDays) return;
    if (random.chance(care.switchProbability ?? agent.switchAfterBreakthrough))
      this.stopForInefficacy(current, attack.onset, 'nmosd');
  }

  private stopForInefficacy(episode: TherapyEpisode, onset: Day, family: 'ms' | 'nmosd'): void {
    const day = onset + this.random.int(14, 60);
    this.schedule({
      kind: 'stop',
      day,
      episode,
      reason: 'inefficacy',
      afterwards: 'switch',
      failure: family === 'nmosd',
    });
  }

  private apply(action: Action): void {
    switch (action.kind) {
      case 'forced': {
        const day = Math.max(action.day, this.lastAttack + MIN_DAYS_BETWEEN_ATTACKS);
        if (day <= this.profile.asOf) this.attack(day, action.attack);
        return;
      }
      case 'diagnosis':
        this.diagnose(action.day);
        return;
      case 'stop':
        this.stop(action);
        return;
      case 'start':
        this.start(action.day, action.agent);
        return;
    }
  }

  /** The NMOSD diagnosis of a patient first treated as MS: the MS drug is replaced, or wrongly kept. */
  private diagnose(day: Day): void {
    const { care } = this.profile;
    const current = this.current;
    if (care.msDrugKept || care.neverTreated) return;
    if (current !== null && isMsDrug(current.agent)) {
      this.schedule({
        kind: 'stop',
        day: day + this.random.int(0, 21),
        episode: current,
        reason: 'switch',
        afterwards: 'switch',
      });
    } else if (current === null && !this.pending.some((a) => a.kind === 'start')) {
      this.schedule({ kind: 'start', day: day + care.startDelayDays, agent: 'first' });
    }
  }

  private stop(action: Extract<Action, { kind: 'stop' }>): void {
    const { episode, day } = action;
    if (this.current !== episode) return; // already ended another way
    episode.stop = day;
    episode.stopReason = action.reason;
    this.current = null;
    if (action.failure === true) this.failures += 1;
    const random = this.random;
    if (action.afterwards === 'switch') {
      const fromMs = isMsDrug(episode.agent) && day < this.profile.diagnosis;
      this.schedule({
        kind: 'start',
        day: day + random.int(0, 14),
        agent: fromMs ? this.nextMsDrug(episode.agent) : 'next',
      });
    } else if (action.afterwards === 'resume') {
      // Paused for pregnancy: resumed after delivery and breastfeeding.
      this.schedule({ kind: 'start', day: day + random.int(270, 450), agent: episode.agent });
    } else if (!this.stoppedForGood && random.chance(0.4)) {
      this.schedule({ kind: 'start', day: day + random.int(180, 720), agent: 'next' });
    }
  }

  private start(day: Day, requested: TherapyAgent | 'next' | 'first'): void {
    const { profile, random } = this;
    if (this.current !== null && this.current.agent !== 'ahsct') return;
    const previous = this.episodes.at(-1)?.agent ?? null;
    const agent =
      requested === 'first'
        ? (profile.care.firstAgent ?? this.firstAgentAt(day))
        : requested === 'next'
          ? this.nextAgent(day, previous)
          : requested;
    const episode: TherapyEpisode = { agent, start: day, stop: null };
    this.episodes.push(episode);
    this.current = episode;
    if (agent === 'ahsct') {
      // A one-off procedure: recorded as completed on the day of the graft.
      episode.stop = day;
      episode.stopReason = 'completed';
      return;
    }
    if (!isMsDrug(agent)) {
      const ordinal = this.nmosdStarts;
      this.nmosdStarts += 1;
      for (const forced of profile.care.forcedAttacks) {
        if (forced.anchor === 'therapy' && forced.therapyOrdinal === ordinal)
          this.schedule({ kind: 'forced', day: day + forced.afterDays, attack: forced });
      }
      if (ordinal === 0 && profile.care.forcedStopAfterDays !== null) {
        this.stoppedForGood = true;
        const stopDay = day + profile.care.forcedStopAfterDays;
        this.schedule({
          kind: 'stop',
          day: stopDay,
          episode,
          reason: random.pick(['patient_choice', 'adverse_event'] as const),
          afterwards: 'none',
        });
        return;
      }
    }
    if (profile.care.randomStops) this.scheduleDiscontinuation(episode);
  }

  /** Stops for reasons other than inefficacy; most are followed by another agent within days. */
  private scheduleDiscontinuation(episode: TherapyEpisode): void {
    const { random, profile } = this;
    const perYear = agentProfile(episode.agent).discontinuationPerYear;
    if (perYear <= 0) return;
    const day = episode.start + 1 + Math.floor(random.exponential(perYear / DAYS_PER_YEAR));
    if (day > profile.asOf) return;
    const ageYears = (day - profile.birth) / DAYS_PER_YEAR;
    const pregnancyPossible = profile.sex === 'female' && ageYears < 42;
    const reason = random.weighted([
      ['adverse_event', 50],
      ['patient_choice', 20],
      ['pregnancy', pregnancyPossible ? 15 : 0],
      ['other', 15],
    ] as const);
    const afterwards = reason === 'pregnancy' ? 'resume' : random.chance(0.85) ? 'switch' : 'none';
    this.schedule({ kind: 'stop', day, episode, reason, afterwards });
  }

  private firstAgentAt(day: Day): TherapyAgent {
    const { aqp4, mog } = this.profile;
    const choices = offered(firstAgentChoices(aqp4, mog), day, aqp4 === 'positive');
    return choices.length > 0 ? this.random.weighted(choices) : 'azathioprine';
  }

  /** The MS drug the patient would have been given at `day` (the planned one, if on the market). */
  private msDrugAt(day: Day, planned: TherapyAgent): { day: Day; agent: TherapyAgent } | null {
    if (day >= this.profile.diagnosis) return null;
    if (availableDay(planned) <= day) return { day, agent: planned };
    const available = MS_DRUGS.filter((agent) => availableDay(agent) <= day);
    return available.length > 0 ? { day, agent: this.random.pick(available) } : null;
  }

  private nextMsDrug(previous: TherapyAgent): TherapyAgent {
    const day = this.profile.diagnosis;
    const others = MS_DRUGS.filter((agent) => agent !== previous && availableDay(agent) <= day);
    return others.length > 0 ? this.random.pick(others) : previous;
  }

  /**
   * The next NMOSD agent after a stop (escalation after failure; guideline treatment algorithm:
   * rituximab or MMF first, then the approved biologics), among agents on the market and suited
   * to the serostatus. Rarely AHSCT after repeated failures ("only as rescue therapy").
   */
  private nextAgent(day: Day, previous: TherapyAgent | null): TherapyAgent {
    const { random, profile } = this;
    const ahsctAfter = profile.care.ahsctAfterFailures;
    const rescue =
      ahsctAfter !== null
        ? this.failures >= ahsctAfter
        : this.failures >= 3 && availableDay('ahsct') <= day && random.chance(0.1);
    if (rescue) return 'ahsct';
    const used = new Set(this.episodes.map((e) => e.agent));
    const previousClass = previous === null ? null : agentProfile(previous).class;
    const ladder: [TherapyAgent, number][] =
      previousClass === 'b_cell'
        ? [
            ['eculizumab', 25],
            ['satralizumab', 25],
            ['inebilizumab', previous === 'rituximab' ? 15 : 0],
            ['ravulizumab', 12],
            ['tocilizumab', 6],
            ['mycophenolate', 10],
            ['azathioprine', 3],
          ]
        : previousClass === 'complement' || previousClass === 'il6'
          ? [
              ['rituximab', 25],
              ['eculizumab', 15],
              ['ravulizumab', 15],
              ['satralizumab', 15],
              ['inebilizumab', 15],
              ['tocilizumab', 10],
            ]
          : [
              ['rituximab', 60],
              ['mycophenolate', previous === 'azathioprine' ? 12 : 4],
              ['azathioprine', previous === 'mycophenolate' ? 6 : 2],
              ['satralizumab', 8],
              ['eculizumab', 6],
              ['inebilizumab', 6],
              ['ravulizumab', 3],
              ['tocilizumab', 2],
              ['ivig_maintenance', profile.mog === 'positive' ? 10 : 0],
            ];
    const choices = offered(
      ladder.filter(([agent]) => agent !== previous),
      day,
      profile.aqp4 === 'positive',
    ).map(([agent, weight]): [TherapyAgent, number] => [agent, used.has(agent) ? weight * 0.2 : weight]);
    if (choices.some(([, weight]) => weight > 0)) return random.weighted(choices);
    return previous === 'mycophenolate' ? 'azathioprine' : 'mycophenolate';
  }
}
