import React, { useId } from 'react';
import { Field, Input } from '@grafana/ui';
import { paramLabel, type RuleDraft } from './rules';

interface Props {
  rule: RuleDraft;
  /** A message per param that cannot be saved as typed. */
  problems: Record<string, string>;
  onChange: (name: string, value: string) => void;
}

/** The event's thresholds, each within the bounds its spec gives. */
export function RuleParams({ rule, problems, onChange }: Props) {
  const idBase = useId();
  return (
    <>
      {Object.entries(rule.paramSpecs).map(([name, spec]) => (
        <Field
          key={name}
          label={paramLabel(spec)}
          invalid={problems[name] !== undefined}
          error={problems[name]}
          noMargin
        >
          <Input
            id={`${idBase}-${name}`}
            type="number"
            inputMode="numeric"
            min={spec.min}
            max={spec.max}
            step={1}
            width={12}
            value={rule.params[name] ?? ''}
            onChange={(event) => onChange(name, event.currentTarget.value)}
          />
        </Field>
      ))}
    </>
  );
}
