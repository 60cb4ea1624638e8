/** The alert rules as the form edits them, checked against each param's bounds before a save. */
import type { InferRequestType, InferResponseType } from 'hono/client';
import type { ApiClient } from '../../api/client';

type RulesRoute = ApiClient['v1']['notification-rules'];

export type Rules = InferResponseType<RulesRoute['$get'], 200>;
export type Rule = Rules['rules'][number];
export type QuietHours = Rules['quietHours'];
export type RulesChange = InferRequestType<RulesRoute['$put']>['json'];
export type ParamSpec = Rule['paramSpecs'][string];

/** A rule with its params as typed, so that a field can be empty or wrong while edited. */
export interface RuleDraft extends Omit<Rule, 'params'> {
  params: Record<string, string>;
}

/** What keeps a rule from being saved: a message per param, and one about its channels. */
export interface RuleProblems {
  params: Record<string, string>;
  channels?: string;
}

const UNIT_WORDS: Record<ParamSpec['unit'], string> = {
  min: 'minutes',
  h: 'hours',
  '°C': '°C',
};

/** "For at least (minutes)": the unit in the label, where screen readers read it too. */
export function paramLabel(spec: ParamSpec): string {
  return `${spec.label} (${UNIT_WORDS[spec.unit]})`;
}

export function toDraft(rule: Rule): RuleDraft {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(rule.params)) params[name] = String(value);
  return { ...rule, params };
}

/** Why a typed value cannot be saved, or undefined when it can. */
export function paramProblem(input: string, spec: ParamSpec): string | undefined {
  const text = input.trim();
  const value = Number(text);
  if (text !== '' && Number.isInteger(value) && value >= spec.min && value <= spec.max) {
    return undefined;
  }
  return `Enter a whole number from ${spec.min} to ${spec.max} (${UNIT_WORDS[spec.unit]}).`;
}

/**
 * The channels a rule names that still exist; null (every channel) stays null. Without the
 * account's channels (not loaded), the rule's own list as it is.
 */
export function chosenChannels(
  rule: Pick<RuleDraft, 'channelIds'>,
  channelIds: ReadonlySet<string> | undefined,
): string[] | null {
  if (rule.channelIds === null || !channelIds) return rule.channelIds;
  return rule.channelIds.filter((id) => channelIds.has(id));
}

export function ruleProblems(
  rule: RuleDraft,
  channelIds: ReadonlySet<string> | undefined,
): RuleProblems {
  const params: Record<string, string> = {};
  if (rule.security) return { params };
  for (const [name, spec] of Object.entries(rule.paramSpecs)) {
    const problem = paramProblem(rule.params[name] ?? '', spec);
    if (problem) params[name] = problem;
  }
  const chosen = chosenChannels(rule, channelIds);
  const channels =
    rule.enabled && chosen?.length === 0
      ? 'Choose at least one channel, or send to every channel.'
      : undefined;
  return { params, channels };
}

export function hasProblems(problems: RuleProblems): boolean {
  return Object.keys(problems.params).length > 0 || problems.channels !== undefined;
}

/**
 * The PUT body. Security events go as the API keeps them: on, to every channel. Params go as
 * numbers, only for events that have some; call this once `ruleProblems` found none.
 */
export function toRulesBody(
  rules: RuleDraft[],
  quietHours: QuietHours,
  channelIds: ReadonlySet<string> | undefined,
): RulesChange {
  return {
    rules: rules.map((rule) => {
      if (rule.security) return { event: rule.event, enabled: true, channelIds: null };
      const names = Object.keys(rule.paramSpecs);
      const params: Record<string, number> = {};
      for (const name of names) params[name] = Number(rule.params[name]);
      return {
        event: rule.event,
        enabled: rule.enabled,
        channelIds: chosenChannels(rule, channelIds),
        ...(names.length > 0 ? { params } : {}),
      };
    }),
    quietHours,
  };
}
